//! undangle against ruff's RUF006 on every fixture input, every fixed fixture and every runtime
//! program, each file checked alone by the binary under test (`--isolated --preview`: every
//! kind). Each disagreement must be one of a few explained, checked differences:
//!
//! - ruff reports, undangle does not: the binary's `audit` says why, and its verdict and
//!   evidence must be one of the documented contracts of [`CONTRACTS`] (each named on
//!   docs/evidence.md or docs/audit.md): the task is kept (by a module's name, an attribute, a
//!   frame that outlives it, a coroutine that never suspends or never leaves the ready queue, a
//!   loop that never runs, a loop-wide task factory, a workflow engine's loop), no task is made
//!   (`ensure_future` of a future, a plain `def`'s result), the proof stops short of a drop
//!   (`unknown`), or a comment silences the drop. No site at all is explained only for
//!   `ensure_future(x)`, which returns a task or future `x` as it is. The test never re-reads
//!   the code to guess why: the binary's own words are checked.
//! - undangle reports, ruff does not: an event-loop receiver ruff cannot resolve
//!   (`self._loop.create_task`), the `asyncio.tasks` module, a chained `add_done_callback`, a
//!   comprehension, a finding in a conditional expression (reported, not fixed), or `asyncio`
//!   that is re-exported by the project (`from .compat import asyncio`) or never imported, or
//!   `asyncio.Task(coro)`, which RUF006 does not look at, a display (`[create_task(x)]`) as a
//!   statement, a local alias (`spawn = asyncio.create_task`) called as one, or the task a
//!   function of the project returns, dropped by its caller (`factory-result`, which the binary's
//!   walk finds and RUF006 does not).
//! - ruff reports a fixed file: a generated file, which `fix` leaves as it is (`check` says
//!   "generated: fix its source"), or a line `audit` explains as above.
//!
//! Skipped (`common::skip`) when ruff is not installed (`scripts/ruff.sh` installs it).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::{self, find_ruff, testdata};

/// (file, row) of every RUF006 finding.
fn ruff_rows(ruff: &str, files: &[PathBuf]) -> Vec<(PathBuf, usize)> {
    let output = Command::new(ruff)
        .args(["check", "--isolated", "--select", "RUF006", "--no-cache"])
        .args(["--output-format", "json", "--exit-zero"])
        .args(files)
        .output()
        .expect("ruff runs");
    let diagnostics: Value = serde_json::from_slice(&output.stdout).expect("ruff JSON");
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

/// The binary's JSON of `command` (`check` or `audit`) on one file alone, every kind on.
fn binary_json(command: &str, file: &Path) -> Vec<Value> {
    let output = Command::new(common::bin())
        .args([
            command,
            "--isolated",
            "--preview",
            "--output-format",
            "json",
        ])
        .arg(file)
        .output()
        .expect("undangle runs");
    let json: Value = serde_json::from_slice(&output.stdout).expect("undangle's JSON");
    json.as_array().cloned().unwrap_or_default()
}

fn lines(entry: &Value) -> (usize, usize) {
    let line = |key: &str| entry[key].as_u64().unwrap_or(0) as usize;
    (line("line"), line("end_line"))
}

/// A finding `check` reports: the statement's lines, its kind, its callee, whether it is fixed.
struct Finding {
    line: usize,
    end_line: usize,
    kind: String,
    callee: String,
    fixable: bool,
    message: String,
}

impl Finding {
    fn covers(&self, row: usize) -> bool {
        self.line <= row && row <= self.end_line
    }
}

fn findings(file: &Path) -> Vec<Finding> {
    let text = |f: &Value, key: &str| f[key].as_str().unwrap_or_default().to_owned();
    (binary_json("check", file).iter())
        .map(|f| Finding {
            line: lines(f).0,
            end_line: lines(f).1,
            kind: text(f, "kind"),
            callee: text(f, "callee"),
            fixable: f["fixable"].as_bool().unwrap_or(false),
            message: text(f, "message"),
        })
        .collect()
}

/// A documented reason for the binary to say nothing where ruff reports: the `audit` verdict
/// and the evidence's words (its start, and a phrase in it), and the phrase of the docs that
/// states the contract.
struct Contract {
    name: &'static str,
    verdict: &'static str,
    starts: &'static str,
    says: &'static str,
    documented: &'static str,
}

const CONTRACTS: &[Contract] = &[
    Contract {
        name: "a module's name keeps the task",
        verdict: "kept",
        starts: "the language: the module's name ",
        says: "holds it",
        documented: "`module` (a module global)",
    },
    Contract {
        name: "an attribute keeps the task",
        verdict: "kept",
        starts: "the language: the attribute ",
        says: "holds it",
        documented: "`attribute` (`self._task = …`)",
    },
    Contract {
        name: "a frame that outlives the task's use keeps it",
        verdict: "kept",
        starts: "the language: the local ",
        says: "frame lives on after it",
        documented: "A frame that outlives the task's use",
    },
    Contract {
        name: "the coroutine asyncio.run runs outlives the task's use",
        verdict: "kept",
        starts: "the language: the local ",
        says: "is the coroutine `asyncio.run` runs",
        documented: "the function is the coroutine `asyncio.run(main(...))` runs",
    },
    Contract {
        name: "a plain def gathers every task of the loop right after",
        verdict: "kept",
        starts: "asyncio: the loop's ready queue holds it until the next statement gathers",
        says: "every task of the loop",
        documented: "the loop's ready queue holds it until the next statement gathers every task of the loop",
    },
    Contract {
        name: "a coroutine that never suspends",
        verdict: "kept",
        starts: "asyncio: its coroutine ",
        says: "never suspends",
        documented: "a task whose coroutine never suspends",
    },
    Contract {
        name: "a coroutine that never leaves the ready queue",
        verdict: "kept",
        starts: "asyncio: its coroutine ",
        says: "never leaves the loop's ready queue",
        documented: "never leaves the loop's ready queue",
    },
    Contract {
        name: "a method that never suspends, unless a class of another file brings its own",
        verdict: "unknown",
        starts: "asyncio: its coroutine ",
        says: "nor does any override of",
        documented: "but a subclass in another file may override `m` with one that suspends",
    },
    Contract {
        name: "a method whose awaits leave it in the ready queue, through a list's elements",
        verdict: "unknown",
        starts: "asyncio: each await of its coroutine ",
        says: "code outside this file may add other elements",
        documented: "code outside this file may add other elements",
    },
    Contract {
        name: "a task made on a loop that never runs",
        verdict: "kept",
        starts: "asyncio: made on ",
        says: "which never runs after this line",
        documented: "which never runs after this line",
    },
    Contract {
        name: "ensure_future of a future makes no task",
        verdict: "kept",
        starts: "no task: ",
        says: "no task is created",
        documented: "a future it returns as it is",
    },
    Contract {
        name: "a plain def's result makes no task",
        verdict: "kept",
        starts: "not a coroutine: ",
        says: "raises TypeError",
        documented: "not a coroutine: `create_task` raises TypeError",
    },
    Contract {
        name: "a loop-wide task factory keeps the loop's tasks",
        verdict: "kept",
        starts: "the loop's task factory ",
        says: "keeps every task",
        documented: "a loop's task factory that keeps every task",
    },
    Contract {
        name: "a workflow engine's loop keeps its tasks",
        verdict: "kept",
        starts: "Temporal's workflow event loop",
        says: "keeps every task",
        documented: "workflow engines whose own event loop keeps every task",
    },
    Contract {
        name: "a comment silences the drop",
        verdict: "dropped",
        starts: "the language: the statement drops the task ",
        says: "(a `noqa` comment silences it)",
        documented: "a drop a `noqa` comment silences",
    },
];

/// `ensure_future(x)` with no task site: `x` is a task or a future, returned as it is.
const NO_SITE: &str = "ensure_future of a task or future returns it (no task site)";
/// A generated file's drop is reported, never edited: its fixed copy is itself.
const GENERATED: &str = "a generated file is reported, not edited";

/// The contract the binary's `audit` names for the site on `row`, where `check` says nothing.
fn why_silent(audit: &[Value], text: &str, row: usize) -> Result<&'static str, String> {
    let entry = audit.iter().find(|e| {
        let (line, end) = lines(e);
        line <= row && row <= end
    });
    let Some(entry) = entry else {
        let line = text.lines().nth(row - 1).unwrap_or_default();
        return match line.contains("ensure_future(") {
            true => Ok(NO_SITE),
            false => Err("no audit entry".to_owned()),
        };
    };
    let verdict = entry["verdict"].as_str().unwrap_or_default();
    let evidence = entry["evidence"].as_str().unwrap_or_default();
    CONTRACTS
        .iter()
        .find(|c| {
            c.verdict == verdict && evidence.starts_with(c.starts) && evidence.contains(c.says)
        })
        .map(|c| c.name)
        .ok_or_else(|| format!("audit says {verdict}: {evidence}"))
}

/// Which of undangle's extensions over RUF006 a finding of `check` is, by its kind, its callee
/// and the file's imports.
fn extension(finding: &Finding, text: &str) -> Option<&'static str> {
    let callee = finding.callee.as_str();
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
    match finding.kind.as_str() {
        "threadsafe-handoff" => return Some("thread-safe hand-off to the loop"),
        "callback-return" => {
            return Some("task returned from a lambda to a caller that ignores it");
        }
        "weak-container" => return Some("task kept only in a weakref.WeakSet"),
        "wait-pending" => {
            return Some("task pending when asyncio.wait times out, its result dropped");
        }
        "factory-result" => return Some("a project factory's task dropped by its caller"),
        "rebound" | "dying-container" => {
            return Some("task lost in a local (rebound, or a dying container)");
        }
        _ => {}
    }
    if !finding.fixable {
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
    // `task = create_task(...)` then only `task.set_name(...)`, which returns None: ruff's
    // preview RUF006 reports a name never read, and counts this read.
    let named_only = (finding.message.split('`').nth(3))
        .is_some_and(|name| text.contains(&format!("{name}.set_name(")));
    match finding.kind.as_str() {
        "unused-assignment" if named_only => Some("local read only by set_name"),
        "chained-callback" => Some("chained add_done_callback"),
        "comprehension" => Some("comprehension"),
        "callback-only" => Some("local read only by add_done_callback"),
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
        let text = fs::read_to_string(file).unwrap();
        let ours = findings(file);
        let theirs: Vec<usize> = ruff_on_inputs
            .iter()
            .filter(|(f, _)| f == file)
            .map(|(_, row)| *row)
            .collect();
        let silent: Vec<usize> = (theirs.iter().copied())
            .filter(|&row| !ours.iter().any(|f| f.covers(row)))
            .collect();
        agreed += theirs.len() - silent.len();
        let audit = match silent.is_empty() {
            true => Vec::new(),
            false => binary_json("audit", file),
        };
        for row in silent {
            match why_silent(&audit, &text, row) {
                Ok(why) => *explained.entry(why).or_default() += 1,
                Err(what) => {
                    unexplained.push(format!("{}:{row}: only ruff; {what}", file.display()));
                }
            }
        }
        for finding in &ours {
            if theirs.iter().any(|&row| finding.covers(row)) {
                continue;
            }
            match extension(finding, &text) {
                Some(kind) => *explained.entry(kind).or_default() += 1,
                None => unexplained.push(format!(
                    "{}:{}: only undangle ({})",
                    file.display(),
                    finding.line,
                    finding.callee
                )),
            }
        }
    }
    // What undangle writes must satisfy ruff too.
    let ruff_on_fixed = ruff_rows(&ruff, &fixed);
    for file in &fixed {
        let rows: Vec<usize> = (ruff_on_fixed.iter())
            .filter(|(f, _)| f == file)
            .map(|(_, row)| *row)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let (ours, audit) = (findings(file), binary_json("audit", file));
        let text = fs::read_to_string(file).unwrap();
        for row in rows {
            let generated = (ours.iter())
                .any(|f| f.covers(row) && f.message.contains("generated: fix its source"));
            let why = match generated {
                true => Ok(GENERATED),
                false if ours.iter().any(|f| f.covers(row)) => Err("reported".to_owned()),
                false => why_silent(&audit, &text, row),
            };
            match why {
                Ok(why) => *explained.entry(why).or_default() += 1,
                Err(what) => unexplained.push(format!(
                    "{}:{row}: ruff still reports the fixed file; {what}",
                    file.display()
                )),
            }
        }
    }

    eprintln!("agreed with ruff on {agreed} findings; explained differences: {explained:#?}");
    assert!(
        unexplained.is_empty(),
        "unexplained differences:\n{}",
        unexplained.join("\n")
    );
    assert!(agreed >= 40, "too few agreements: {agreed}");
    // Every contract is stated in the docs, and a case exercises it.
    let docs = ["evidence.md", "audit.md"]
        .map(|page| {
            fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("docs")
                    .join(page),
            )
            .unwrap()
        })
        .join(" ");
    let docs = docs.split_whitespace().collect::<Vec<_>>().join(" ");
    for contract in CONTRACTS {
        assert!(
            docs.contains(contract.documented),
            "{}: docs/evidence.md and docs/audit.md do not say \"{}\"",
            contract.name,
            contract.documented
        );
    }
    let exercised = CONTRACTS.iter().map(|c| c.name).chain([NO_SITE, GENERATED]);
    for kind in exercised.chain([
        "event-loop receiver",
        "chained add_done_callback",
        "comprehension",
        "thread-safe hand-off to the loop",
        "the Task class called",
        "task returned from a lambda to a caller that ignores it",
    ]) {
        assert!(explained.contains_key(kind), "no case exercises: {kind}");
    }
}
