//! Per-file pipeline costs, each stage in isolation, so that a regression shows where it is:
//!
//!     cargo bench --bench pipeline
//!
//! Inputs: a demo file, a typical asyncio module whose tasks are all kept (the common case the
//! prefilter must make cheap), and one large generated module full of dropped tasks.

use undangle::core::pipeline::{Mode, Options, process};
use undangle::scan::prefilter::examine;
use undangle::scan::syntax::new_parser;

fn main() {
    divan::main();
}

const INPUTS: [&str; 3] = ["demo", "kept", "dropped"];

fn input(name: &str) -> String {
    let repeat = |template: &str, count: usize| -> String {
        (0..count)
            .map(|i| template.replace("{i}", &i.to_string()))
            .collect()
    };
    match name {
        // Awaited, stored, or in a TaskGroup.
        "kept" => format!(
            "import asyncio\n\n\n{}",
            repeat(
                "async def handler{i}(self, request):\n    task = asyncio.create_task(self.work(request))\n    self._tasks.add(task)\n    result = await asyncio.create_task(self.fetch(request))\n    async with asyncio.TaskGroup() as tg:\n        tg.create_task(self.log(result))\n    return await task\n\n\n",
                200
            )
        ),
        "dropped" => format!(
            "import asyncio\n\n\n{}",
            repeat(
                "async def handler{i}(request):\n    data = [x for x in request]\n    asyncio.create_task(work(data))\n\n\n",
                2000
            )
        ),
        _ => include_str!("../testdata/demo/notifier.py").to_owned(),
    }
}

#[divan::bench(args = INPUTS)]
fn prefilter(bencher: divan::Bencher, name: &str) {
    let text = input(name);
    bencher.bench(|| examine(divan::black_box(text.as_bytes())));
}

#[divan::bench(args = INPUTS)]
fn parse_whole(bencher: divan::Bencher, name: &str) {
    let text = input(name);
    let mut parser = new_parser();
    bencher.bench_local(|| parser.parse(divan::black_box(&text), None));
}

#[divan::bench(args = INPUTS, consts = [false, true])]
fn pipeline<const FIX: bool>(bencher: divan::Bencher, name: &str) {
    let text = input(name);
    let mut parser = new_parser();
    let mode = if FIX { Mode::Fix } else { Mode::Check };
    bencher.bench_local(|| {
        process(
            divan::black_box(text.as_bytes()),
            &mut parser,
            mode,
            &Options::default(),
        )
    });
}
