//! Where a lost task was created, as a debug-mode asyncio record says: the `source_traceback:`
//! block (before a `task:` line, after a `future:` line) and the repr's ` created at path:line`.
//! Only the frames outside asyncio and the standard library are kept, innermost first.

use std::sync::LazyLock;

use regex::bytes::Regex;

/// One frame of a creation stack: a file as the logging process saw it, and a line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Frame {
    pub path: String,
    pub line: usize,
}

/// A frame of a traceback: `  File "/srv/app/jobs.py", line 12, in start`.
static FRAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\bFile "(?P<path>[^"]+)", line (?P<line>\d+)"#).expect("valid"));

/// The task's own `created at` ends its repr (a waited-on future's comes before it).
static CREATED_AT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r".* created at (?P<path>.+?):(?P<line>\d+)>\s*$").expect("valid"));

/// The repr's own ` created at path:line>`, when it is not a file of asyncio's.
pub fn created_at(repr: &[u8]) -> Vec<Frame> {
    let Some(found) = CREATED_AT.captures(repr) else {
        return Vec::new();
    };
    frame_of(&found)
        .filter(|f| !in_stdlib(&f.path))
        .into_iter()
        .collect()
}

fn frame_of(found: &regex::bytes::Captures) -> Option<Frame> {
    let path = String::from_utf8_lossy(found.name("path")?.as_bytes()).into_owned();
    let line = std::str::from_utf8(found.name("line")?.as_bytes())
        .ok()?
        .parse()
        .ok()?;
    Some(Frame { path, line })
}

/// A file of the standard library (asyncio's among them), as a log names it on any system:
/// under `lib/pythonX.Y/` (or Windows' `Lib\`) and not in an installed package, or a frozen
/// module.
pub fn in_stdlib(path: &str) -> bool {
    if path.starts_with('<') {
        return true;
    }
    let parts: Vec<&str> = path.split(['/', '\\']).collect();
    if parts
        .iter()
        .any(|p| *p == "site-packages" || *p == "dist-packages")
    {
        return false;
    }
    let versioned = |p: &str| {
        p.strip_prefix("python")
            .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()))
    };
    (path.contains('\\') && parts.contains(&"Lib"))
        || parts
            .windows(2)
            .any(|w| (w[0] == "lib" || w[0] == "lib64") && versioned(w[1]))
}

/// The lines of a block, from the one that ends at `end` (exclusive, a `\n` or the block's
/// start) backwards.
fn lines_before(block: &[u8], mut end: usize) -> impl Iterator<Item = &[u8]> {
    std::iter::from_fn(move || {
        let stop = end.checked_sub(1)?;
        let start = memchr::memrchr(b'\n', &block[..stop]).map_or(0, |i| i + 1);
        end = start;
        Some(&block[start..stop])
    })
}

/// The lines of a block from `start` on.
fn lines_after(block: &[u8], start: usize) -> impl Iterator<Item = &[u8]> {
    block
        .get(start..)
        .unwrap_or_default()
        .split(|&b| b == b'\n')
}

/// The most lines a creation stack takes (two a frame).
const STACK_LINES: usize = 1000;

/// What ends the search for a creation stack: another record's start.
fn ends_search(line: &[u8]) -> bool {
    memchr::memmem::find(line, b": <").is_some()
        || memchr::memmem::find(line, b"Task was destroyed but it is pending!").is_some()
        || memchr::memmem::find(line, b"exception was never retrieved").is_some()
        || memchr::memmem::find(line, b"Traceback (most recent call last)").is_some()
}

const HEADER: &[u8] = b"source_traceback: Object created at";

/// The creation stack of a `task:` record whose line starts at `line_start`: the block of
/// frames just before it, under its header. Innermost first, outside the standard library.
pub fn stack_before(block: &[u8], line_start: usize) -> Vec<Frame> {
    let mut frames = Vec::new();
    for line in lines_before(block, line_start).take(STACK_LINES) {
        if memchr::memmem::find(line, HEADER).is_some() {
            frames.retain(|f: &Frame| !in_stdlib(&f.path));
            return frames;
        }
        if ends_search(line) {
            break;
        }
        if let Some(frame) = FRAME.captures(line).as_ref().and_then(frame_of) {
            frames.push(frame);
        }
    }
    Vec::new()
}

/// The creation stack of a `future:` record whose line ends at `line_end`: the header on the
/// next line, then frames (each with its line of code) until the exception's traceback.
pub fn stack_after(block: &[u8], line_end: usize) -> Vec<Frame> {
    let mut lines = lines_after(block, line_end + 1).take(STACK_LINES);
    if lines
        .next()
        .is_none_or(|l| memchr::memmem::find(l, HEADER).is_none())
    {
        return Vec::new();
    }
    let mut frames = Vec::new();
    let mut after_frame = false;
    for line in lines {
        match FRAME.captures(line).as_ref().and_then(frame_of) {
            Some(frame) => {
                frames.push(frame);
                after_frame = true;
            }
            // A frame's line of code.
            None if after_frame && !ends_search(line) => after_frame = false,
            None => break,
        }
    }
    frames.reverse();
    frames.retain(|f| !in_stdlib(&f.path));
    frames
}

#[cfg(test)]
mod tests {
    use crate::audit::explain::{Complaint, Tally};

    /// (complaint, coroutine, the creating frames as `path:line`), as captured.
    fn created(log: &str) -> Vec<(Complaint, String, Vec<String>)> {
        let mut tally = Tally::default();
        tally.read(log.as_bytes()).unwrap();
        tally
            .into_records()
            .into_iter()
            .map(|(r, _)| {
                let frames = r
                    .created
                    .iter()
                    .map(|f| format!("{}:{}", f.path, f.line))
                    .collect();
                (r.complaint, r.coroutine.unwrap_or_default(), frames)
            })
            .collect()
    }

    /// `testdata/explain/debug/`: the driver run by CPython 3.8 (which names the script as
    /// given) and 3.12 (whose repr says `created at` asyncio's own `tasks.py`).
    #[test]
    fn creation_stacks_of_38_and_312() {
        for (log, driver) in [
            (
                include_str!("../../testdata/explain/debug/python3.8.log"),
                "driver.py",
            ),
            (
                include_str!("../../testdata/explain/debug/python3.12.log"),
                "/tmp/exp/debug/driver.py",
            ),
            (
                include_str!("../../testdata/explain/debug/python3.13.log"),
                "/tmp/exp/debug/driver.py",
            ),
        ] {
            let app = "/tmp/exp/debug/app";
            let frames = |lines: &[&str]| {
                lines
                    .iter()
                    .map(|l| l.replace("DRIVER", driver).replace("APP", app))
                    .collect::<Vec<_>>()
            };
            let found: Vec<(Complaint, String, Vec<String>)> = created(log).into_iter().collect();
            assert_eq!(
                found,
                [
                    (
                        Complaint::ExceptionNotRetrieved,
                        "push_metrics".to_owned(),
                        frames(&["APP/service.py:34", "DRIVER:17", "DRIVER:23"])
                    ),
                    (
                        Complaint::DestroyedPending,
                        "worker".to_owned(),
                        frames(&["APP/service.py:25", "DRIVER:14", "DRIVER:23"])
                    ),
                    (
                        Complaint::DestroyedPending,
                        "Cache.refresh".to_owned(),
                        frames(&[
                            "APP/tasks.py:7",
                            "APP/cache.py:13",
                            "DRIVER:15",
                            "DRIVER:23"
                        ])
                    ),
                    (
                        Complaint::DestroyedPending,
                        "worker".to_owned(),
                        frames(&["DRIVER:16", "DRIVER:23"])
                    ),
                ],
                "{log}"
            );
        }
    }

    #[test]
    fn without_a_stack_the_reprs_created_at_unless_it_is_asyncios() {
        let log = "\
task: <Task pending name='Task-2' coro=<w() running at /a/b.py:3> wait_for=<Future pending created at /usr/lib/python3.12/asyncio/base_events.py:447> created at /a/c.py:9>
task: <Task pending name='Task-3' coro=<w() running at /a/b.py:3> wait_for=<Future pending> created at /usr/lib/python3.12/asyncio/tasks.py:420>
";
        assert_eq!(
            created(log),
            [
                (
                    Complaint::DestroyedPending,
                    "w".to_owned(),
                    vec!["/a/c.py:9".to_owned()]
                ),
                (Complaint::DestroyedPending, "w".to_owned(), vec![]),
            ]
        );
    }

    #[test]
    fn standard_library_paths() {
        use super::in_stdlib;
        assert!(in_stdlib("/usr/lib/python3.12/asyncio/tasks.py"));
        assert!(in_stdlib(
            "/root/.pyenv/versions/3.8.18/lib/python3.8/asyncio/events.py"
        ));
        assert!(in_stdlib(r"C:\Python312\Lib\asyncio\tasks.py"));
        assert!(in_stdlib("<frozen runpy>"));
        assert!(!in_stdlib(
            "/venv/lib/python3.12/site-packages/anyio/_core.py"
        ));
        assert!(!in_stdlib("/srv/app/lib/jobs.py"));
        assert!(!in_stdlib("driver.py"));
        assert!(!in_stdlib("/home/u/lib/python_tools/x.py"));
    }
}
