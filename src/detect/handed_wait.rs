//! A task whose coroutine is asyncio's own wait on an object of the creating frame, which the
//! frame hands on: `asyncio.create_task(q.put(None))` after `q = asyncio.Queue(maxsize=256)`
//! and `start_streaming_playback(call_id, q)` (AVA, exam35o). asyncio's `Queue.put` (`get`,
//! `Lock.acquire`, `Event.wait`, ...) suspends only on a future the object keeps in its own
//! deque (`WAITER_FUTURES`), and that future's done callbacks hold the task
//! (`FUTURE_WAKEUP`): whatever keeps the object keeps the task while it waits. Once the frame has
//! handed the object to a call or stored it in an attribute or a container, what keeps it is
//! decided outside this frame (the consumer that reads the queue, the object it is stored on),
//! and this file proves no drop: `unknown`, naming the hand-off.
//!
//! Read, no others: the coroutine is `x.m(...)` with `m` one of asyncio's waits that fits the
//! object ([`super::held_waits::waited_on`]), `x` a local bound once in the creating function
//! to the call that makes it (`asyncio.Queue(...)`, `asyncio.Lock()`, through the module's names
//! for asyncio), and some statement of that function's own body passes `x` to a call (not a
//! builtin that only reads it) or assigns it to an attribute or a subscript. An object the frame
//! keeps to itself dies with the frame, and the drop stands.

use tree_sitter::Node;

use super::asyncio_queues::QueueNames;
use super::bound_once::local_value;
use super::imports::AsyncioNames;
use super::task_site::TaskSite;
use super::verdict::Verdict;
use crate::scan::contracts::{FUTURE_WAKEUP, WAITER_FUTURES};
use crate::scan::source::SourceFile;
use crate::scan::syntax::{strip_parens, text, walk};

/// asyncio's waits whose coroutine suspends only on a future the object keeps.
const WAITS: [&str; 4] = ["put", "get", "acquire", "wait"];

/// Builtins that read an object and keep nothing of it: a hand-off to one proves nothing.
const READ_ONLY: [&str; 9] = [
    "print",
    "repr",
    "str",
    "id",
    "type",
    "isinstance",
    "len",
    "bool",
    "hash",
];

/// Marks the dropped sites whose task waits only on an asyncio object the creating frame hands
/// on as `unknown`.
pub fn mark(source: &SourceFile, sites: &mut [TaskSite]) {
    let src = source.text;
    // The module's names for asyncio, read once, for the first site of the shape.
    let mut queues: Option<QueueNames> = None;
    for site in sites.iter_mut() {
        if !site.verdict.dropped_by_asyncio() {
            continue;
        }
        if let Some((why, what, local)) = reason(site, src, &mut queues) {
            site.verdict = Verdict::Unknown(why);
            site.waits_on = Some((what, format!("`{local}`")));
        }
    }
}

/// Why the site's drop is not proved, when its coroutine is asyncio's wait on a local the frame
/// hands on.
fn reason<'s>(
    site: &TaskSite,
    src: &'s str,
    queues: &mut Option<QueueNames>,
) -> Option<(String, &'static str, &'s str)> {
    let called = super::first_step::coroutine_call(site, src)?;
    if called.kind() != "attribute" {
        return None;
    }
    let method = text(called.child_by_field_name("attribute")?, src);
    if !WAITS.contains(&method) {
        return None;
    }
    let object = strip_parens(called.child_by_field_name("object")?);
    if object.kind() != "identifier" {
        return None;
    }
    let local = text(object, src);
    let function = *site
        .enclosing
        .last()
        .filter(|f| f.kind() == "function_definition")?;
    let value = strip_parens(local_value(function, local, src)?);
    let queues = queues.get_or_insert_with(|| QueueNames::of(&AsyncioNames::of_import_lines(src)));
    let what = super::held_waits::waited_on(value, false, Some(method), src, queues)?;
    let (to, at) = handed_on(function, local, src)?;
    let why = format!(
        "asyncio: its coroutine is asyncio's `{local}.{method}(...)` on the {what} `{local}` this \
         frame binds once (`{}`, line {}), which suspends only on a future the {what} keeps: \
         {WAITER_FUTURES}, and {FUTURE_WAKEUP}; the frame hands `{local}` on ({to}, line {at}), \
         and what keeps it beyond this frame is not read here",
        text(value, src),
        value.start_position().row + 1,
    );
    Some((why, what, local))
}

/// The first place in `function`'s own body (nested functions aside) that hands the object of
/// `local` on: what it is handed to, as written, and its line.
fn handed_on(function: Node, local: &str, src: &str) -> Option<(String, usize)> {
    let body = function.child_by_field_name("body")?;
    let mut found: Option<(String, usize)> = None;
    walk(body, |node| {
        if found.is_some() {
            return false;
        }
        match node.kind() {
            "function_definition" | "lambda" | "class_definition" => return false,
            "identifier" if text(node, src) == local => found = hand_off(node, src),
            _ => {}
        }
        true
    });
    found
}

/// What the read `name` of the local hands it to: a call's argument (`f(q)`, `f(queue=q)`), or
/// the value assigned to an attribute or a subscript (`self.q = q`, `queues[k] = q`).
fn hand_off(name: Node, src: &str) -> Option<(String, usize)> {
    let line = name.start_position().row + 1;
    let mut parent = name.parent()?;
    if parent.kind() == "keyword_argument" {
        (parent.child_by_field_name("value") == Some(name)).then_some(())?;
        parent = parent.parent()?;
    }
    match parent.kind() {
        "argument_list" => {
            let call = parent.parent().filter(|c| c.kind() == "call")?;
            let function = strip_parens(call.child_by_field_name("function")?);
            let callee = text(function, src);
            if function.kind() == "identifier" && READ_ONLY.contains(&callee) {
                return None;
            }
            let callee: String = callee.split_whitespace().collect();
            Some((format!("to `{callee}`"), line))
        }
        "assignment" if parent.child_by_field_name("right") == Some(name) => {
            let left = parent.child_by_field_name("left")?;
            matches!(left.kind(), "attribute" | "subscript")
                .then(|| (format!("into `{}`", text(left, src)), line))
        }
        _ => None,
    }
}
