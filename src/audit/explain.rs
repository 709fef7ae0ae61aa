//! The records asyncio logs about lost tasks, read from a log stream in large blocks: "Task was
//! destroyed but it is pending!" and "Task exception was never retrieved", with the task's
//! coroutine and its file, whatever prefix the logging setup put before each line.
//!
//! Only the repr line (`task: <Task pending ...>`, `future: <Task finished ...>`) says which
//! coroutine it was; the message line before it is not needed, so a journald or Sentry export
//! that splits or prefixes the two lines reads the same as logging's default format. Lines are
//! found around each `: <` (one SIMD substring search over the block), and a repr met before is
//! counted from its identifying bytes without being parsed again.
//!
//! In debug mode a record also says where the task was created: a `source_traceback:` block
//! (before a `task:` line, after a `future:` line) and ` created at path:line` at the end of
//! the repr. The frames outside the standard library, innermost first, are part of the record.

use std::collections::HashMap;
use std::io::{self, Read};
use std::sync::LazyLock;

use regex::bytes::Regex;

pub use crate::audit::creation::Frame;
use crate::audit::creation::{created_at, stack_after, stack_before};

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
    /// Where the task was created (debug mode): the frames of its creation stack outside
    /// asyncio and the standard library, innermost (the creating line) first; empty when the
    /// record does not say.
    pub created: Vec<Frame>,
}

impl Record {
    /// asyncio's message for the record: a Future that runs no coroutine has its own.
    pub fn message(&self) -> &'static str {
        match (self.complaint, &self.coroutine) {
            (Complaint::ExceptionNotRetrieved, None) => "Future exception was never retrieved",
            (complaint, _) => complaint.message(),
        }
    }
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
        created: created_at(rest),
    })
}

/// The distinct records of one or more logs, each with how often it came, in order of first
/// appearance.
#[derive(Debug, Default)]
pub struct Tally {
    seen: HashMap<Record, usize>,
    /// The identifying bytes of each repr met (see [`identity`]), with its record's index: a
    /// record seen before is counted without being parsed again.
    known: rustc_hash::FxHashMap<Vec<u8>, Option<usize>>,
    /// Reused for each repr's identity.
    scratch: Vec<u8>,
    records: Vec<(Record, usize)>,
    /// Lines read, over every log.
    pub lines: u64,
}

/// Where a repr's key ends: `task: <` or `future: <` are found by finding this.
static MARK: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b": <"));

static CORO: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b" coro=<"));
static EXCEPTION_MARK: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b" exception="));

impl Tally {
    pub fn add(&mut self, record: Record) -> usize {
        match self.seen.get(&record) {
            Some(&i) => {
                if let Some(entry) = self.records.get_mut(i) {
                    entry.1 += 1;
                }
                i
            }
            None => {
                let i = self.records.len();
                self.seen.insert(record.clone(), i);
                self.records.push((record, 1));
                i
            }
        }
    }

    /// Reads a whole log in large blocks (a log may be far larger than memory) and looks at
    /// the lines that hold `task: <` or `future: <`; the others are only counted.
    pub fn read(&mut self, mut log: impl Read) -> io::Result<()> {
        let mut buffer = vec![0; 1 << 20];
        let mut filled = 0;
        loop {
            if filled == buffer.len() {
                // One line longer than the buffer.
                buffer.resize(2 * buffer.len(), 0);
            }
            let read = match log.read(&mut buffer[filled..]) {
                Ok(read) => read,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(err),
            };
            if read == 0 {
                // The last line, without its newline.
                if filled > 0 {
                    self.lines += 1;
                    self.scan(&buffer[..filled]);
                }
                return Ok(());
            }
            filled += read;
            if let Some(end) = memchr::memrchr(b'\n', &buffer[..filled]) {
                let whole = &buffer[..=end];
                self.lines += memchr::memchr_iter(b'\n', whole).count() as u64;
                self.scan(whole);
                buffer.copy_within(end + 1..filled, 0);
                filled -= end + 1;
            }
        }
    }

    /// The records of a block of whole lines.
    fn scan(&mut self, block: &[u8]) {
        let mut from = 0;
        while let Some(at) = block.get(from..).and_then(|rest| MARK.find(rest)) {
            let at = from + at;
            let line_start = memchr::memrchr(b'\n', &block[..at]).map_or(0, |i| i + 1);
            let line_end = memchr::memchr(b'\n', &block[at..]).map_or(block.len(), |i| at + i);
            let key_start = [&b"task"[..], b"future"]
                .iter()
                .find(|key| block[line_start..at].ends_with(key))
                .map(|key| at - key.len())
                // `subtask: <` is not the key; `\\ntask: <` is, in a JSON log's message.
                .filter(|&start| {
                    let before = &block[line_start..start];
                    !before.last().is_some_and(|&b| is_word_byte(b)) || before.ends_with(b"\\n")
                });
            if let Some(start) = key_start {
                let stack = if block[start..].starts_with(b"task") {
                    stack_before(block, line_start)
                } else {
                    stack_after(block, line_end)
                };
                self.count(&block[start..line_end], stack);
            }
            from = line_end.max(at + 1);
        }
    }

    /// Counts the repr that starts `line` (`task: <Task ...`), created where `stack` says (the
    /// repr's own `created at` when it is empty).
    fn count(&mut self, line: &[u8], stack: Vec<Frame>) {
        self.scratch.clear();
        identity(line, &mut self.scratch);
        for frame in &stack {
            self.scratch.extend_from_slice(frame.path.as_bytes());
            self.scratch.extend_from_slice(&frame.line.to_le_bytes());
        }
        match self.known.get(&self.scratch[..]) {
            Some(&Some(i)) => {
                if let Some(entry) = self.records.get_mut(i) {
                    entry.1 += 1;
                }
            }
            // Looked like a repr, and is not one.
            Some(None) => {}
            None => {
                let i = record_of(line).map(|mut record| {
                    if !stack.is_empty() {
                        record.created = stack;
                    }
                    self.add(record)
                });
                self.known.insert(self.scratch.clone(), i);
            }
        }
    }

    pub fn into_records(self) -> Vec<(Record, usize)> {
        self.records
    }
}

fn is_word_byte(byte: u8) -> bool {
    byte == b'_' || byte.is_ascii_alphanumeric()
}

/// The bytes of a repr line that its record depends on: the key (`task` or `future`), the
/// coroutine's part (`coro=<worker() running at /a.py:12>`) and the exception's class. The
/// task's name, its state's details and objects' addresses are left out.
fn identity(line: &[u8], into: &mut Vec<u8>) {
    into.extend_from_slice(&line[..line.len().min(6)]);
    if let Some(coro) = CORO.find(line) {
        let rest = &line[coro..];
        // The part ends with `:<line>>`; a qualified name's `<locals>` ends with a letter.
        let end = memchr::memchr_iter(b'>', rest)
            .find(|&i| i > 0 && rest[i - 1].is_ascii_digit())
            .map_or(rest.len(), |i| i + 1);
        into.extend_from_slice(&rest[..end]);
    }
    // Debug mode's ` created at path:line>` (the task's own: the last).
    if let Some(created) = memchr::memmem::rfind(line, b" created at ") {
        into.extend_from_slice(&line[created..]);
    }
    // Only a failed task's record (`future: <`) names an exception.
    if line.starts_with(b"future")
        && let Some(exception) = EXCEPTION_MARK.find(line)
    {
        let rest = &line[exception..];
        let end = memchr::memchr2(b'(', b'>', rest).unwrap_or(rest.len());
        into.extend_from_slice(&rest[..end]);
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
            created: Vec::new(),
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
    fn debug_mode_records_say_where_the_task_was_created() {
        let log = include_str!("../../testdata/explain/records/python3.13-debug.log");
        let found: Vec<Record> = records(log).into_iter().map(|(r, _)| r).collect();
        let path = "/tmp/exp/pending.py";
        let created = |coro, line, at| {
            let mut record = rec(Complaint::DestroyedPending, coro, path, line);
            record.created = [at, 29]
                .map(|line| Frame {
                    path: path.to_owned(),
                    line,
                })
                .to_vec();
            record
        };
        assert_eq!(
            found,
            [
                created("worker", 4, 18),
                created("Client._reader", 8, 19),
                created("outer.<locals>.retry", 12, 22),
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
                    created: Vec::new(),
                },
                1
            )]
        );
    }

    #[test]
    fn a_line_longer_than_the_buffer_and_a_key_inside_a_word() {
        let mut log = vec![b'x'; 3 << 20];
        log.extend_from_slice(b" task: <Task pending coro=<w() running at /a/b.py:3>>\n");
        log.extend_from_slice(b"subtask: <Task pending coro=<v() running at /a/b.py:4>>\n");
        log.extend_from_slice(b"task: <Task pending coro=<w() running at /a/b.py:3>>\n");
        let mut tally = Tally::default();
        tally.read(&log[..]).unwrap();
        assert_eq!(tally.lines, 3);
        assert_eq!(
            tally.into_records(),
            [(rec(Complaint::DestroyedPending, "w", "/a/b.py", 3), 2)]
        );
    }

    /// Structured logging writes the message and the repr as one JSON string.
    #[test]
    fn json_lines_with_an_escaped_newline() {
        let log = r#"{"time": "2026-10-02T11:41:07Z", "level": "ERROR", "logger": "asyncio", "message": "Task was destroyed but it is pending!\ntask: <Task pending name='Task-3' coro=<worker() running at /srv/app/jobs.py:8> wait_for=<Future pending cb=[Task.task_wakeup()]>>"}
{"log":"future: <Task finished name='Task-9' coro=<push() done, defined at /srv/app/push.py:31> exception=OSError(5)>\n","stream":"stderr"}
"#;
        let mut failed = rec(
            Complaint::ExceptionNotRetrieved,
            "push",
            "/srv/app/push.py",
            31,
        );
        failed.exception = Some("OSError".to_owned());
        assert_eq!(
            records(log),
            [
                (
                    rec(Complaint::DestroyedPending, "worker", "/srv/app/jobs.py", 8),
                    1
                ),
                (failed, 1)
            ]
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
