//! Per-file pipeline costs, each stage in isolation, so that a regression shows where it is:
//!
//!     cargo bench --bench pipeline
//!
//! Inputs: the demo files, a typical asyncio module with no dropped task (the common case the
//! prefilter must make cheap), and one large generated module full of sites.

use undangle::pipeline::{Mode, Options, process};
use undangle::prefilter::examine;
use undangle::syntax::new_parser;

fn main() {
    divan::main();
}

const DEMO: &str = include_str!("../testdata/demo/notifier.py");

/// Typical asyncio code whose tasks are all kept: awaited, stored, or in a TaskGroup.
fn kept_tasks() -> String {
    let function = "async def handler{i}(self, request):\n    task = asyncio.create_task(self.work(request))\n    self._tasks.add(task)\n    result = await asyncio.create_task(self.fetch(request))\n    async with asyncio.TaskGroup() as tg:\n        tg.create_task(self.log(result))\n    return await task\n\n\n";
    let body: String = (0..200)
        .map(|i| function.replace("{i}", &i.to_string()))
        .collect();
    format!("import asyncio\n\n\n{body}")
}

/// A module where every function drops a task.
fn dropped_tasks() -> String {
    let function = "async def handler{i}(request):\n    data = [x for x in request]\n    asyncio.create_task(work(data))\n\n\n";
    let body: String = (0..2000)
        .map(|i| function.replace("{i}", &i.to_string()))
        .collect();
    format!("import asyncio\n\n\n{body}")
}

fn inputs() -> [(&'static str, String); 3] {
    [
        ("demo", DEMO.to_owned()),
        ("kept", kept_tasks()),
        ("dropped", dropped_tasks()),
    ]
}

#[divan::bench(args = ["demo", "kept", "dropped"])]
fn prefilter(bencher: divan::Bencher, input: &str) {
    let text = inputs()
        .into_iter()
        .find(|(name, _)| *name == input)
        .unwrap()
        .1;
    bencher.bench(|| examine(divan::black_box(text.as_bytes())));
}

#[divan::bench(args = ["demo", "kept", "dropped"])]
fn parse_whole(bencher: divan::Bencher, input: &str) {
    let text = inputs()
        .into_iter()
        .find(|(name, _)| *name == input)
        .unwrap()
        .1;
    let mut parser = new_parser();
    bencher.bench_local(|| parser.parse(divan::black_box(&text), None));
}

#[divan::bench(args = ["demo", "kept", "dropped"])]
fn check(bencher: divan::Bencher, input: &str) {
    let text = inputs()
        .into_iter()
        .find(|(name, _)| *name == input)
        .unwrap()
        .1;
    let mut parser = new_parser();
    bencher.bench_local(|| {
        process(
            divan::black_box(text.as_bytes()),
            &mut parser,
            Mode::Check,
            &Options::default(),
        )
    });
}

#[divan::bench(args = ["demo", "kept", "dropped"])]
fn fix(bencher: divan::Bencher, input: &str) {
    let text = inputs()
        .into_iter()
        .find(|(name, _)| *name == input)
        .unwrap()
        .1;
    let mut parser = new_parser();
    bencher.bench_local(|| {
        process(
            divan::black_box(text.as_bytes()),
            &mut parser,
            Mode::Fix,
            &Options::default(),
        )
    });
}
