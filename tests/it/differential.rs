//! undangle against ruff's RUF006 on every fixture input, every fixed fixture and every runtime
//! program. Each disagreement must be one of a few explained, checked differences:
//!
//! - ruff reports, undangle does not: the line is suppressed with a code ruff does not know
//!   (`# noqa: ASYNC300`, `# undangle: ignore`), the task is a class attribute, which keeps it
//!   alive as long as the class, or a module's global (bound at module level), `ensure_future(task)` of a task already kept in a set, or
//!   `ensure_future(fut)` of a name bound to a Future, or of a call that makes one
//!   (`loop.run_in_executor(...)`, `asyncio.wrap_future(...)`).
//! - undangle reports, ruff does not: an event-loop receiver ruff cannot resolve
//!   (`self._loop.create_task`), the `asyncio.tasks` module, a chained `add_done_callback`, a
//!   comprehension, a finding in a conditional expression (reported, not fixed), or `asyncio`
//!   that is re-exported by the project (`from .compat import asyncio`) or never imported, or
//!   `asyncio.Task(coro)`, which RUF006 does not look at, a display (`[create_task(x)]`) as a
//!   statement, or a local alias (`spawn = asyncio.create_task`) called as one.
//! - `# ruff: ignore[asyncio-dangling-task]`, the rule's name, which ruff honours in preview only;
//!   a generated file, which `fix` leaves as it is (ruff still reports its fixed copy).
//!
//! Skipped (`common::skip`) when ruff is not installed (`scripts/ruff.sh` installs it).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{self, find_ruff, testdata};
use undangle::core::pipeline::{Mode, Options, Outcome, process};
use undangle::core::site::Site;
use undangle::detect::Kind;
use undangle::scan::source::SourceFile;
use undangle::scan::span::Span;
use undangle::scan::syntax::{new_parser, parse};

/// (file, row) of every RUF006 finding.
fn ruff_rows(ruff: &str, files: &[PathBuf]) -> Vec<(PathBuf, usize)> {
    let output = Command::new(ruff)
        .args(["check", "--isolated", "--select", "RUF006", "--no-cache"])
        .args(["--output-format", "json", "--exit-zero"])
        .args(files)
        .output()
        .expect("ruff runs");
    let diagnostics: serde_json::Value = serde_json::from_slice(&output.stdout).expect("ruff JSON");
    diagnostics
        .as_array()
        .expect("an array")
        .iter()
        .filter(|d| d["code"] == "RUF006")
        .map(|d| {
            let file = PathBuf::from(d["filename"].as_str().unwrap());
            (file, d["location"]["row"].as_u64().unwrap() as usize)
        })
        .collect()
}

/// Every kind, those in preview too: each difference from ruff is explained.
fn undangle_findings(file: &Path) -> Vec<Site> {
    let bytes = fs::read(file).unwrap();
    let settings = undangle::settings::Settings {
        preview: true,
        ..Default::default()
    };
    let options = Options {
        settings: std::sync::Arc::new(settings),
        ..Options::default()
    };
    match process(&bytes, &mut new_parser(), Mode::Check, &options) {
        Outcome::Analyzed(analysis) => analysis.sites,
        _ => Vec::new(),
    }
}

/// Where `check` reports the site: its statement.
fn statement(site: &Site) -> Span {
    site.finding()
        .expect("check gives only the sites it reports")
        .at
}

/// Why undangle rightly stays silent on a line ruff reports, checked against the code.
/// Whether the module-level `async def name` of `text` awaits only `asyncio.sleep(0)` and calls
/// of such coroutines (to `depth` calls), with no `async for` or `async with`.
fn only_ready_queue_awaits(text: &str, name: &str, depth: usize) -> bool {
    let Some((_, rest)) = text.split_once(&format!("\nasync def {name}(")) else {
        return false;
    };
    let body = rest
        .lines()
        .skip(1)
        .take_while(|l| l.is_empty() || l.starts_with(' '));
    let mut awaits = 0;
    for line in body {
        let line = line.trim();
        if line.contains("async for") || line.contains("async with") || line.contains("yield") {
            return false;
        }
        let Some((_, awaited)) = line.split_once("await ") else {
            continue;
        };
        awaits += 1;
        if awaited == "asyncio.sleep(0)" {
            continue;
        }
        let callee = awaited.split_once('(').map_or("", |(c, _)| c);
        let plain = !callee.is_empty() && callee.chars().all(|c| c.is_alphanumeric() || c == '_');
        if depth == 0 || !plain {
            return false;
        }
        let quiet = |n: &str| {
            text.split_once(&format!("\nasync def {n}("))
                .and_then(|(_, r)| r.lines().nth(1))
                .is_some_and(|first| !first.contains("await") && !first.contains("async"))
        };
        if !quiet(callee) && !only_ready_queue_awaits(text, callee, depth - 1) {
            return false;
        }
    }
    awaits > 0
}

fn why_only_ruff(file: &Path, row: usize) -> Option<&'static str> {
    let text = fs::read_to_string(file).unwrap();
    let line = text.lines().nth(row - 1)?;
    if line.contains("# noqa: ASYNC300") || line.contains("# undangle: ignore") {
        return Some("suppressed with a code ruff does not know");
    }
    // A file that says it is generated is reported, never edited: its fixed copy is itself.
    if undangle::scan::source::is_generated(&text) {
        return Some("a generated file is reported, not edited");
    }
    // `# ruff: ignore[asyncio-dangling-task]`: ruff takes the rule's name only in preview.
    let above = row
        .checked_sub(2)
        .and_then(|r| text.lines().nth(r))
        .unwrap_or("");
    let by_name = |l: &str| l.contains("# ruff: ignore[") && l.contains("asyncio-dangling-task]");
    if by_name(line) || (above.trim_start().starts_with('#') && by_name(above)) {
        return Some("suppressed by the rule's name (ruff: preview only)");
    }
    // A coroutine whose body never suspends finishes in its first step, which the loop holds.
    // The coroutine's call on the line, or on the next where the creator's call is wrapped.
    let called = match line.trim_end().ends_with('(') {
        true => (text.lines().nth(row))
            .and_then(|next| next.trim().split_once('('))
            .map(|(name, _)| name.trim()),
        false => (line.split_once('('))
            .and_then(|(_, rest)| rest.split_once("())"))
            .map(|(name, _)| name.trim()),
    };
    if let Some(name) = called
        // A method on the object itself (`self.m()`, `cls.m()`) reads its `async def m` too.
        .map(|name| {
            name.strip_prefix("self.")
                .or_else(|| name.strip_prefix("cls."))
                .unwrap_or(name)
        })
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_alphanumeric() || c == '_'))
        && let Some((_, body)) = text.split_once(&format!("async def {name}("))
        && let Some(first) = body.lines().nth(1)
        && !first.contains("await")
        && !first.contains("async for")
        && !first.contains("async with")
    {
        return Some("a coroutine that never suspends");
    }
    // A coroutine whose every await is `asyncio.sleep(0)` or the call of such a coroutine of
    // the file never leaves the ready queue.
    let coroutine = (line.split_once('('))
        .and_then(|(_, rest)| rest.split_once('('))
        .map(|(name, _)| name.trim());
    if let Some(name) =
        coroutine.filter(|n| !n.is_empty() && n.chars().all(|c| c.is_alphanumeric() || c == '_'))
        && only_ready_queue_awaits(&text, name, 4)
    {
        return Some("a coroutine that never leaves the ready queue");
    }
    // A coroutine whose only awaits are `put`s on a queue it made unbounded (asyncio's
    // `Queue.put` waits only while the queue is full) never suspends either.
    if let Some(name) = (line.split_once("create_task("))
        .and_then(|(_, rest)| rest.split_once('('))
        .map(|(name, _)| name.trim())
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_alphanumeric() || c == '_'))
        && let Some((_, rest)) = text.split_once(&format!("async def {name}("))
    {
        let body: Vec<&str> = (rest.lines().skip(1))
            .take_while(|l| l.is_empty() || l.starts_with(' '))
            .collect();
        let unbounded = ["Queue()", "LifoQueue(maxsize=0)", "PriorityQueue(-1)"];
        let made = body.iter().any(|l| unbounded.iter().any(|q| l.contains(q)));
        let awaits = body.iter().filter(|l| l.contains("await"));
        if made && awaits.clone().count() > 0 && awaits.into_iter().all(|l| l.contains(".put(")) {
            return Some("a coroutine whose only awaits are puts on an unbounded queue");
        }
    }
    // `asyncio.sleep(0)` only yields to the ready queue, which holds the task to its end.
    if line.contains("asyncio.sleep(0)") || line.contains("asyncio.sleep(0.0") {
        return Some("a coroutine that only yields to the ready queue");
    }
    // `asyncio.ensure_future(task)` returns the task it is given, which the function kept.
    if let Some(argument) = line
        .split_once("ensure_future(")
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(argument, _)| argument.trim())
        && !argument.is_empty()
        && text.contains(&format!(".add({argument})"))
    {
        return Some("ensure_future of a task already kept in a set");
    }
    // `ensure_future(fut)` of a Future returns it: no task is created.
    if let Some(argument) = line
        .split_once("ensure_future(")
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(argument, _)| argument.trim())
        && !argument.is_empty()
        && text.lines().map(str::trim).any(|l| {
            (l.starts_with(&format!("{argument} =")) || l.starts_with(&format!("{argument}:")))
                && (l.ends_with(".create_future()") || l.ends_with("asyncio.Future()"))
        })
    {
        return Some("ensure_future of a Future");
    }
    // `ensure_future(<a call that makes a future>)` returns that future: no task is created
    // (`loop.run_in_executor(...)`, `asyncio.wrap_future(...)`, `loop.create_future()`, or a
    // class of the file deriving from `asyncio.Future`).
    let statement: String = (text.lines().skip(row - 1).take(3))
        .flat_map(|l| l.split_whitespace())
        .collect();
    if let Some((_, argument)) = statement.split_once("ensure_future(") {
        let callee = argument.split_once('(').map_or("", |(callee, _)| callee);
        // A loop's method, on a loop got by a call too (`asyncio.get_event_loop().run_...`).
        let head = argument.split(',').next().unwrap_or_default();
        let future_class = |name: &str| text.contains(&format!("class {name}(asyncio.Future)"));
        if head.contains(".run_in_executor(")
            || head.contains(".create_future()")
            || matches!(callee, "asyncio.wrap_future" | "asyncio.Future")
            || (!callee.is_empty() && future_class(callee))
        {
            return Some("ensure_future of a call that makes a future");
        }
    }
    // `loop.set_task_factory(f)` earlier in the function, `f` keeping every task it makes.
    let before = text.lines().take(row - 1).collect::<Vec<_>>().join("\n");
    if before.contains(".set_task_factory(") && line.contains("create_task(") {
        return Some("a loop-wide task factory keeps the loop's tasks");
    }
    // A Temporal workflow class (`@workflow.defn`): its engine's loop keeps every task it makes.
    if text.contains("from temporalio import workflow") && before.contains("@workflow.defn") {
        return Some("a workflow engine's loop keeps its tasks");
    }
    // `create_task(f(...))` of a plain `def f`: no task is made (`create_task` raises
    // TypeError), so none is dropped.
    if let Some(name) = ["create_task(", "ensure_future("]
        .iter()
        .find_map(|creator| line.split_once(creator))
        .and_then(|(_, rest)| rest.split_once('('))
        .map(|(name, _)| name.trim())
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_alphanumeric() || c == '_'))
        // The module's `def`, or a nested one; a nested `async def` of the name shadows the
        // module's only in its own function, where undangle reports the site.
        && text.lines().any(|l| l.trim_start().starts_with(&format!("def {name}(")))
        && !line_in_shadowing_function(&text, row, name)
    {
        return Some("a plain function's result makes no task");
    }
    // A script's task on `get_event_loop()`'s loop with nothing after it that calls anything
    // but a run of a new loop: the loop never runs it.
    if text.contains("if __name__ == \"__main__\":") && line.contains(".create_task(") {
        let after: Vec<&str> = (text.lines().skip(row))
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let new_loop = |l: &str| {
            ["web.run_app(", "asyncio.run(", "uvicorn.run("]
                .iter()
                .any(|r| l.starts_with(r))
                && !l.contains("loop=")
        };
        let quiet = match after.split_last() {
            None => true,
            Some((last, before)) => {
                before.iter().all(|l| !l.contains('(')) && (!last.contains('(') || new_loop(last))
            }
        };
        if quiet && !after.iter().any(|l| l.starts_with("else")) {
            return Some("a script's task on a loop that never runs after it");
        }
    }
    let source = SourceFile::new(&text);
    let tree = parse(&mut new_parser(), source.text, None)?;
    let column = line.len() - line.trim_start().len();
    let point = tree_sitter::Point::new(row - 1, column);
    let node = tree
        .root_node()
        .named_descendant_for_point_range(point, point)?;
    let scope = enclosing_scope(node);
    if scope.kind() == "class_definition" {
        return Some("a class attribute keeps the task alive");
    }
    // `name = <task call>` at module level (in an `if`, `for` or `try` block too): the name
    // is a global of the module, which keeps the task as long as the module lives.
    let assigned = line
        .trim_start()
        .split_once('=')
        .map(|(left, _)| left.trim());
    if scope.kind() == "module"
        && assigned.is_some_and(|left| {
            let name = left.split_once(':').map_or(left, |(name, _)| name.trim());
            !name.is_empty() && name.chars().all(|c| c == '_' || c.is_alphanumeric())
        })
    {
        return Some("a module's global keeps the task alive");
    }
    // `task = create_task(...)` and then `while True:` with no way out: the frame, and the
    // local in it, live for good (undangle's `frame::outlives`).
    let rest = &source.text[node.end_byte()..scope.end_byte()];
    (rest.contains("while True:")
        && !["break", "return", "raise"]
            .iter()
            .any(|w| rest.contains(w)))
    .then_some("a frame that never ends holds its locals")
}

/// Whether the function around `row` (the nearest `def` above it at a smaller indent) binds
/// `name` to an `async def` of its own.
fn line_in_shadowing_function(text: &str, row: usize, name: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let Some(site) = lines.get(row - 1) else {
        return false;
    };
    let Some(start) = (0..row - 1).rev().find(|&i| {
        let l = lines[i];
        indent(l) < indent(site) && l.trim_start().contains("def ")
    }) else {
        return false;
    };
    let own = format!("async def {name}(");
    lines[start + 1..row - 1]
        .iter()
        .any(|l| l.trim_start().starts_with(&own))
}

/// The nearest function or class around `node`, or the module.
fn enclosing_scope(node: tree_sitter::Node) -> tree_sitter::Node {
    let mut current = node;
    while let Some(parent) = current.parent() {
        if matches!(parent.kind(), "function_definition" | "class_definition") {
            return parent;
        }
        current = parent;
    }
    current
}

/// Which of undangle's extensions over RUF006 a finding is, checked against the file's text.
fn extension(site: &Site, text: &str) -> Option<&'static str> {
    let callee = site.callee.as_str();
    let finding = site.finding()?;
    let receiver = callee.rsplit_once('.').map_or("", |(r, _)| r);
    let tasks_module = receiver == "asyncio.tasks"
        || text.contains(&format!("import asyncio.tasks as {receiver}\n"))
        || (receiver == "tasks" && text.contains("from asyncio import tasks\n"));
    let imports_asyncio = text
        .lines()
        .any(|l| l.starts_with("import asyncio") || l.starts_with("from asyncio import"));
    if callee.starts_with("asyncio.") && !imports_asyncio {
        return Some("asyncio re-exported (`from .compat import asyncio`) or never imported");
    }
    // `asyncio.Task(coro)`, which RUF006 does not look at (not even in preview).
    let task_class = (callee == "Task" && text.contains("from asyncio import Task\n"))
        || (callee.ends_with(".Task") && (callee.starts_with("asyncio.") || tasks_module))
        || text.contains(&format!("from asyncio import Task as {callee}\n"))
        || (callee.ends_with(".Task") && text.contains(&format!("import asyncio as {receiver}\n")));
    if task_class {
        return Some("the Task class called");
    }
    // `create_task = self._loop.create_task` in the function, then `create_task(...)`: a local
    // bound once to a loop's method, which ruff does not follow (it follows
    // `spawn = asyncio.ensure_future`).
    if !callee.contains('.')
        && text.contains(&format!("{callee} = "))
        && text.lines().any(|l| {
            l.trim_start().starts_with(&format!("{callee} = ")) && l.contains(".create_task")
        })
    {
        return Some("a local alias of a loop's create_task");
    }
    if finding.kind == Kind::ThreadsafeHandoff {
        return Some("thread-safe hand-off to the loop");
    }
    if finding.kind == Kind::CallbackReturn {
        return Some("task returned from a lambda to a caller that ignores it");
    }
    if finding.kind == Kind::WeakContainer {
        return Some("task kept only in a weakref.WeakSet");
    }
    if finding.kind == Kind::WaitPending {
        return Some("task pending when asyncio.wait times out, its result dropped");
    }
    if matches!(finding.kind, Kind::Rebound | Kind::DyingContainer) {
        return Some("task lost in a local (rebound, or a dying container)");
    }
    if !finding.fixable() {
        return Some("conditional expression, display or generator (reported, not fixed)");
    }
    // `spawn = asyncio.create_task`, then `spawn(...)` as a statement.
    let alias = |creator: &str| text.contains(&format!("{callee} = {creator}"));
    if [
        "asyncio.create_task",
        "asyncio.ensure_future",
        "loop.create_task",
    ]
    .iter()
    .any(|c| alias(c))
    {
        return Some("a local alias of a task creator");
    }
    match finding.kind {
        Kind::ChainedCallback => Some("chained add_done_callback"),
        Kind::Comprehension => Some("comprehension"),
        Kind::CallbackOnly => Some("local read only by add_done_callback"),
        _ if tasks_module => Some("asyncio.tasks module"),
        _ if callee.ends_with(".create_task") && !callee.starts_with("asyncio.") => {
            Some("event-loop receiver")
        }
        _ if callee.starts_with("asyncio.get_") || callee.contains(".get_running_loop()") => {
            Some("event-loop receiver")
        }
        _ => None,
    }
}

#[test]
fn agrees_with_ruff_except_for_explained_differences() {
    let Some(ruff) = find_ruff() else {
        common::skip(
            "differential::agrees_with_ruff_except_for_explained_differences",
            "ruff not found",
            "scripts/ruff.sh",
        );
        return;
    };
    let mut inputs = Vec::new();
    let mut fixed = Vec::new();
    for case in fs::read_dir(testdata("fixtures")).unwrap() {
        let case = case.unwrap().path().canonicalize().unwrap();
        inputs.push(case.join("input.py"));
        fixed.push(case.join("expected.py"));
    }
    for program in fs::read_dir(testdata("runtime")).unwrap() {
        let program = program.unwrap().path().canonicalize().unwrap();
        if program.extension().is_some_and(|e| e == "py") {
            inputs.push(program);
        }
    }

    let mut agreed = 0;
    let mut explained: BTreeMap<&str, usize> = BTreeMap::new();
    let mut unexplained = Vec::new();

    let ruff_on_inputs = ruff_rows(&ruff, &inputs);
    for file in &inputs {
        let ours = undangle_findings(file);
        let theirs: Vec<usize> = ruff_on_inputs
            .iter()
            .filter(|(f, _)| f == file)
            .map(|(_, row)| *row)
            .collect();
        for &row in &theirs {
            match (ours.iter().map(statement)).any(|f| f.line <= row && row <= f.end_line) {
                true => agreed += 1,
                false => match why_only_ruff(file, row) {
                    Some(why) => *explained.entry(why).or_default() += 1,
                    None => unexplained.push(format!("{}:{row}: only ruff", file.display())),
                },
            }
        }
        for site in &ours {
            let at = statement(site);
            if theirs
                .iter()
                .any(|&row| at.line <= row && row <= at.end_line)
            {
                continue;
            }
            match extension(site, &fs::read_to_string(file).unwrap()) {
                Some(kind) => *explained.entry(kind).or_default() += 1,
                None => unexplained.push(format!(
                    "{}:{}: only undangle ({})",
                    file.display(),
                    at.line,
                    site.callee
                )),
            }
        }
    }
    // What undangle writes must satisfy ruff too.
    for (file, row) in ruff_rows(&ruff, &fixed) {
        if why_only_ruff(&file, row).is_none() {
            unexplained.push(format!(
                "{}:{row}: ruff still reports the fixed file",
                file.display()
            ));
        }
    }

    eprintln!("agreed with ruff on {agreed} findings; explained differences: {explained:#?}");
    assert!(
        unexplained.is_empty(),
        "unexplained differences:\n{}",
        unexplained.join("\n")
    );
    assert!(agreed >= 40, "too few agreements: {agreed}");
    for kind in [
        "event-loop receiver",
        "chained add_done_callback",
        "comprehension",
        "suppressed with a code ruff does not know",
        "a class attribute keeps the task alive",
        "thread-safe hand-off to the loop",
        "the Task class called",
        "task returned from a lambda to a caller that ignores it",
    ] {
        assert!(explained.contains_key(kind), "no case exercises: {kind}");
    }
}
