//! A shutdown through a sentinel on the task's queue: the owner puts `None` on a queue its
//! task's coroutine can read (`self._calls.put_nowait(None)`) or waits for that queue to be
//! emptied (`self._calls.join()`), where the coroutine is outside the checked code (a method
//! the class inherits from a library, `self._runner(fut)`, or a function of another module
//! handed the queue). Whether the coroutine ends on the sentinel is its body's to say, and the
//! body is not read: the shutdown is `unknown`, with what was seen named, never `awaited` (a
//! queue's contract says nothing of who reads it) and never "none" (the owner does try).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use tree_sitter::Node;

use crate::detect::task_site::TaskSite;
use crate::scan::syntax::{strip_parens, text};

/// `self.q.put_nowait(None)`, `self.q.put(None)`, `self.q.join()` (the last, only of a queue
/// the sentinel is put on).
static SENTINEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"self\s*\.\s*(\w+)\s*\.\s*(?:(put_nowait|put)\s*\(\s*None\s*\)|(join)\s*\(\s*\))")
        .expect("valid pattern")
});

/// What was seen of a sentinel shutdown.
pub(super) struct Sentinel {
    /// The offset of the first put (or join) in the file.
    pub at: usize,
    /// The evidence's words, and the action's.
    pub evidence: String,
    pub action: String,
}

/// The sentinel put on (or the join of) a queue the site's coroutine can read, in `scopes`
/// (the owner's class and the classes joined with it), when the coroutine's body is not in the
/// file.
pub(super) fn seen(site: &TaskSite, scopes: &[Range<usize>], src: &str) -> Option<Sentinel> {
    let coroutine = coroutine_call(site.call)?;
    let function = strip_parens(coroutine.child_by_field_name("function")?);
    let (name, bound) = match function.kind() {
        "identifier" => (text(function, src), false),
        "attribute" => {
            let object = function.child_by_field_name("object")?;
            (text(object, src) == "self").then_some(())?;
            (text(function.child_by_field_name("attribute")?, src), true)
        }
        _ => return None,
    };
    // Its body is in the file: what it does with the queue is read there, not guessed here.
    if defines(src, name) {
        return None;
    }
    // A bound method of the object reaches every queue of it; a function, those it is handed.
    let handed: Vec<&str> = match bound {
        true => Vec::new(),
        false => handed_queues(coroutine, src),
    };
    if !bound && handed.is_empty() {
        return None;
    }
    let mut puts = Vec::new();
    let mut joins = Vec::new();
    for scope in scopes {
        let Some(text) = src.get(scope.clone()) else {
            continue;
        };
        for c in SENTINEL.captures_iter(text) {
            let (Some(whole), Some(queue)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if !bound && !handed.contains(&queue.as_str()) {
                continue;
            }
            let found = (scope.start + whole.start(), queue.as_str().to_owned());
            match c.get(3) {
                Some(_) => joins.push(found),
                None => puts.push(found),
            }
        }
    }
    // The sentinel decides: a `join()` alone may be a thread's, and waits for nothing here.
    let (at, queue) = puts.first().cloned()?;
    let line = |at: usize| src[..at].matches('\n').count() + 1;
    let mut seen = vec![format!(
        "puts the sentinel `None` on `self.{queue}` (line {})",
        line(at)
    )];
    if let Some((at, _)) = joins.iter().find(|(_, q)| *q == queue) {
        seen.push(format!(
            "waits for `self.{queue}.join()` (line {})",
            line(*at)
        ));
    }
    let callee = text(function, src).split_whitespace().collect::<String>();
    Some(Sentinel {
        at,
        evidence: format!(
            "how it is shut down is unknown: its owner {}, and whether the task's coroutine \
             `{callee}` ends on it is for its body to say, which is not in the checked code",
            seen.join(" and ")
        ),
        action: format!(
            "confirm that `{callee}` returns once it reads the `None` put on `self.{queue}` \
             (line {}), and retrieve the task's exception (await it after, or log it in a done \
             callback)",
            line(at)
        ),
    })
}

impl Sentinel {
    /// The action, and the evidence: the keep's (`kept`), then what was seen.
    pub(super) fn words(self, kept: String) -> (String, String) {
        (self.action, format!("{kept}; {}", self.evidence))
    }
}

/// The coroutine call a task-creating call runs: its first argument.
fn coroutine_call(call: Node) -> Option<Node> {
    let arguments = call.child_by_field_name("arguments")?;
    let first = strip_parens(arguments.named_child(0)?);
    (first.kind() == "call").then_some(first)
}

/// The attributes of `self` the coroutine call is handed (`worker(self._q)`).
fn handed_queues<'s>(coroutine: Node, src: &'s str) -> Vec<&'s str> {
    let Some(arguments) = coroutine.child_by_field_name("arguments") else {
        return Vec::new();
    };
    let mut cursor = arguments.walk();
    let found = arguments.named_children(&mut cursor).filter_map(|a| {
        let a = strip_parens(a);
        let object = a.child_by_field_name("object")?;
        (a.kind() == "attribute" && text(object, src) == "self")
            .then(|| a.child_by_field_name("attribute").map(|n| text(n, src)))
            .flatten()
    });
    found.collect()
}

/// `def name(` is spelled in the file.
fn defines(src: &str, name: &str) -> bool {
    let bytes = src.as_bytes();
    memchr::memmem::find_iter(bytes, name.as_bytes()).any(|at| {
        let before = bytes[..at].trim_ascii_end();
        before.len() < at
            && before.strip_suffix(b"def").is_some_and(|b| {
                b.last()
                    .is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
            })
            && bytes
                .get(at + name.len())
                .is_some_and(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
    })
}
