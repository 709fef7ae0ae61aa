//! The records asyncio logs about lost tasks, read from a log stream line by line: "Task was
//! destroyed but it is pending!" and "Task exception was never retrieved", with the task's
//! coroutine and its file, whatever prefix the logging setup put before each line.
//!
//! Only the repr line (`task: <Task pending ...>`, `future: <Task finished ...>`) says which
//! coroutine it was; the message line before it is not needed, so a journald or Sentry export
//! that splits or prefixes the two lines reads the same as logging's default format.

use std::collections::HashMap;
use std::io::{self, BufRead};
use std::sync::LazyLock;

use regex::bytes::Regex;

/// What asyncio said about the task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Complaint {
    /// "Task was destroyed but it is pending!": the task was garbage-collected mid-run.
    DestroyedPending,
    /// "Task exception was never retrieved": it failed and nothing looked at its exception.
    ExceptionNotRetrieved,
}

impl Complaint {
    pub fn as_str(self) -> &'static str {
        match self {
            Complaint::DestroyedPending => "destroyed-pending",
            Complaint::ExceptionNotRetrieved => "exception-not-retrieved",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Complaint::DestroyedPending => "Task was destroyed but it is pending!",
            Complaint::ExceptionNotRetrieved => "Task exception was never retrieved",
        }
    }
}

/// One record, with only what identifies it: two records that differ in the task's name or in
/// an object's address are the same record.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Record {
    pub complaint: Complaint,
    /// The coroutine's qualified name (`worker`, `Client._reader`, `outer.<locals>.retry`), or
    /// `None` for a plain Future, which runs no coroutine.
    pub coroutine: Option<String>,
    /// The file of the coroutine's code, as the server saw it.
    pub path: Option<String>,
    /// Where it was suspended (`running at`) or defined (`done, defined at`).
    pub line: Option<usize>,
    /// The exception's class, for a task that failed.
    pub exception: Option<String>,
}

/// Where a repr starts: `task: <` after "Task was destroyed", `future: <` after "exception
/// was never retrieved". The regex crate finds these literals with a SIMD search, so a line
/// without one costs about as much as reading it.
static START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(task|future): <(?:Task|Future|_GatheringFuture|\w+)[ >]").expect("valid")
});

/// The repr itself, as `asyncio.base_futures` and `asyncio.coroutines._format_coroutine` print
/// it on CPython 3.6 to 3.13 (no `name=` before 3.8).
static REPR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?P<state>pending|finished|cancelled|cancelling)\b",
        r"(?:.*? coro=<(?P<coro>[^\s(]+)\(\)",
        r"(?: (?:running at|done, defined at|running, defined at) (?P<path>.+?):(?P<line>\d+)(?:>| created at))?)?",
    ))
    .expect("valid")
});

static EXCEPTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r" exception=(?P<exc>[A-Za-z_][\w.]*)").expect("valid"));

/// The record one line holds, if it holds the repr of a lost task.
pub fn record_of(line: &[u8]) -> Option<Record> {
    let start = START.captures(line)?;
    let key = start.get(1)?;
    let whole = start.get(0)?;
    // The repr after `<Class `.
    let rest = line.get(whole.end()..)?;
    let complaint = match key.as_bytes() {
        b"task" => Complaint::DestroyedPending,
        _ => Complaint::ExceptionNotRetrieved,
    };
    let repr = REPR.captures(rest)?;
    let text = |name: &str| {
        repr.name(name)
            .map(|m| String::from_utf8_lossy(m.as_bytes()).into_owned())
    };
    let exception = match complaint {
        Complaint::ExceptionNotRetrieved => EXCEPTION
            .captures(rest)
            .and_then(|c| c.name("exc"))
            .map(|m| String::from_utf8_lossy(m.as_bytes()).into_owned()),
        Complaint::DestroyedPending => None,
    };
    Some(Record {
        complaint,
        coroutine: text("coro"),
        path: text("path"),
        line: text("line").and_then(|l| l.parse().ok()),
        exception,
    })
}

/// The distinct records of one or more logs, each with how often it came, in order of first
/// appearance.
#[derive(Debug, Default)]
pub struct Tally {
    seen: HashMap<Record, usize>,
    records: Vec<(Record, usize)>,
    /// Lines read, over every log.
    pub lines: u64,
}

impl Tally {
    pub fn add(&mut self, record: Record) {
        match self.seen.get(&record) {
            Some(&i) => {
                if let Some(entry) = self.records.get_mut(i) {
                    entry.1 += 1;
                }
            }
            None => {
                self.seen.insert(record.clone(), self.records.len());
                self.records.push((record, 1));
            }
        }
    }

    /// Reads a whole log, one line at a time (a log may be far larger than memory).
    pub fn read(&mut self, mut log: impl BufRead) -> io::Result<()> {
        let mut line = Vec::with_capacity(256);
        loop {
            line.clear();
            if log.read_until(b'\n', &mut line)? == 0 {
                return Ok(());
            }
            self.lines += 1;
            if let Some(record) = record_of(&line) {
                self.add(record);
            }
        }
    }

    pub fn into_records(self) -> Vec<(Record, usize)> {
        self.records
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(log: &str) -> Vec<(Record, usize)> {
        let mut tally = Tally::default();
        tally.read(log.as_bytes()).unwrap();
        tally.into_records()
    }

    fn rec(complaint: Complaint, coro: &str, path: &str, line: usize) -> Record {
        Record {
            complaint,
            coroutine: Some(coro.to_owned()),
            path: Some(path.to_owned()),
            line: Some(line),
            exception: None,
        }
    }

    /// Every CPython from 3.6 to 3.13, as captured (`testdata/explain/records/`).
    #[test]
    fn captured_records_of_every_python() {
        let logs = [
            include_str!("../../testdata/explain/records/python3.6.log"),
            include_str!("../../testdata/explain/records/python3.7.log"),
            include_str!("../../testdata/explain/records/python3.8.log"),
            include_str!("../../testdata/explain/records/python3.9.log"),
            include_str!("../../testdata/explain/records/python3.10.log"),
            include_str!("../../testdata/explain/records/python3.11.log"),
            include_str!("../../testdata/explain/records/python3.12.log"),
            include_str!("../../testdata/explain/records/python3.13.log"),
        ];
        for log in logs {
            // 3.6 and 3.7 print the script's path as given, later ones the absolute path.
            let path = if log.contains("/tmp/exp/") {
                "/tmp/exp/"
            } else {
                ""
            };
            let pending = |coro, line| {
                rec(
                    Complaint::DestroyedPending,
                    coro,
                    &format!("{path}pending.py"),
                    line,
                )
            };
            let mut failed = rec(
                Complaint::ExceptionNotRetrieved,
                "Client.boom",
                &format!("{path}exception.py"),
                10,
            );
            failed.exception = Some("ConnectionResetError".to_owned());
            let found: Vec<Record> = records(log).into_iter().map(|(r, _)| r).collect();
            assert_eq!(
                found,
                [
                    pending("worker", 4),
                    pending("Client._reader", 8),
                    pending("outer.<locals>.retry", 12),
                    failed,
                ],
                "{log}"
            );
        }
    }

    #[test]
    fn debug_mode_records_say_created_at_after_the_path() {
        let log = include_str!("../../testdata/explain/records/python3.13-debug.log");
        let found: Vec<Record> = records(log).into_iter().map(|(r, _)| r).collect();
        let path = "/tmp/exp/pending.py";
        assert_eq!(
            found,
            [
                rec(Complaint::DestroyedPending, "worker", path, 4),
                rec(Complaint::DestroyedPending, "Client._reader", path, 8),
                rec(
                    Complaint::DestroyedPending,
                    "outer.<locals>.retry",
                    path,
                    12
                ),
            ]
        );
    }

    /// The formats of `/work/shared/examples/asyncio-log-records.txt`: logging's default,
    /// a timestamped handler with a traceback and an unrelated record after it, journald, and
    /// an error tracker's export.
    #[test]
    fn prefixes_and_tracebacks() {
        let log = include_str!("../../testdata/explain/prefixes.log");
        let found: Vec<Record> = records(log).into_iter().map(|(r, _)| r).collect();
        let mut failed = rec(
            Complaint::ExceptionNotRetrieved,
            "push_metrics",
            "/app/metrics/push.py",
            31,
        );
        failed.exception = Some("ConnectionResetError".to_owned());
        assert_eq!(
            found,
            [
                rec(
                    Complaint::DestroyedPending,
                    "Indexer.flush",
                    "/opt/svc/lib/python3.12/site-packages/search/indexer.py",
                    88
                ),
                failed,
                rec(
                    Complaint::DestroyedPending,
                    "Session._heartbeat",
                    "/srv/app/releases/2026-10-01/chat/session.py",
                    142
                ),
                rec(
                    Complaint::DestroyedPending,
                    "_refresh_token.<locals>.retry",
                    "/code/auth/tokens.py",
                    57
                ),
            ]
        );
    }

    #[test]
    fn identical_records_are_counted_once_whatever_the_task_name() {
        let log = "\
ERROR:asyncio:Task was destroyed but it is pending!
task: <Task pending name='Task-2' coro=<worker() running at /srv/jobs.py:12> wait_for=<Future pending cb=[<TaskWakeupMethWrapper object at 0x7f0b0f4e4610>()]>>
ERROR:asyncio:Task was destroyed but it is pending!
task: <Task pending name='Task-9' coro=<worker() running at /srv/jobs.py:12> wait_for=<Future pending cb=[<TaskWakeupMethWrapper object at 0x7f0b0f4e4650>()]>>
ERROR:asyncio:Task was destroyed but it is pending!
task: <Task pending name='Task-3' coro=<worker() running at /srv/jobs.py:14> wait_for=<Future pending>>
";
        let found = records(log);
        assert_eq!(
            found,
            [
                (
                    rec(Complaint::DestroyedPending, "worker", "/srv/jobs.py", 12),
                    2
                ),
                (
                    rec(Complaint::DestroyedPending, "worker", "/srv/jobs.py", 14),
                    1
                ),
            ]
        );
    }

    #[test]
    fn a_future_has_no_coroutine_and_other_lines_are_no_records() {
        let log = "\
ERROR:asyncio:Future exception was never retrieved
future: <Future finished exception=OSError(5, 'I/O')>
INFO:app: the future: <unrelated> text
task: a word, not a repr
";
        let found = records(log);
        assert_eq!(
            found,
            [(
                Record {
                    complaint: Complaint::ExceptionNotRetrieved,
                    coroutine: None,
                    path: None,
                    line: None,
                    exception: Some("OSError".to_owned()),
                },
                1
            )]
        );
    }

    #[test]
    fn a_line_that_is_not_utf8_or_has_no_end_is_read() {
        let mut log = b"\xff\xfe garbage\n".to_vec();
        log.extend_from_slice(b"task: <Task pending coro=<w() running at /a/b.py:3>>");
        let mut tally = Tally::default();
        tally.read(&log[..]).unwrap();
        assert_eq!(tally.lines, 2);
        assert_eq!(
            tally.into_records(),
            [(rec(Complaint::DestroyedPending, "w", "/a/b.py", 3), 1)]
        );
    }
}
