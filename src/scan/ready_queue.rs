//! asyncio's coroutines that never wait on a future, only yield to the ready queue: a task that
//! runs one is held by the loop from its creation to its end, so nothing can collect it while it
//! is pending (the principle of `detect/first_step.rs`, one step further).
//!
//! CPython 3.11 `Lib/asyncio/tasks.py` (the C `_asyncio` module's `task_step_impl` alike):
//! `sleep(delay)` does `if delay <= 0: await __sleep0(); return result` (lines 627-631), and
//! `__sleep0` is a generator whose one suspension is a bare `yield` (lines 616-624);
//! `Task.__init__` schedules the first step with `loop.call_soon(self.__step)` (line 120), and
//! `Task.__step`, on a bare `yield` (`result is None`), "relinquishes control for one event loop
//! iteration" by `self._loop.call_soon(self.__step)` again (lines 318-320). Between its steps the
//! task is therefore always the argument of a `Handle` in the loop's ready queue, never a waiter
//! on a future that something else would have to hold.

use tree_sitter::Node;

use super::syntax::{strip_parens, text};

/// The contract, as the evidence prints it.
pub const SLEEP_ZERO: &str = "asyncio: `sleep(0)` only yields to the ready queue (a bare \
    `yield`, after which the task's next step is scheduled with `call_soon`): the loop holds the \
    task from its creation to its end";

/// How the evidence says that a coroutine never suspends but to yield to the ready queue
/// (`detect::first_step_method` writes it, `audit::overrides` reads it again).
pub const YIELDS: &str = "but to yield to the ready queue";

/// Whether `call` is `<module>.sleep(<zero>)` (`delay=0` too, with or without `result`), where
/// `is_asyncio` says `<module>` is asyncio. A delay that is not a literal zero may wait on a
/// timer's future: no proof.
pub fn is_sleep_zero(call: Node, src: &str, is_asyncio: impl Fn(Node) -> bool) -> bool {
    let call = strip_parens(call);
    if call.kind() != "call" {
        return false;
    }
    let Some(function) = call.child_by_field_name("function") else {
        return false;
    };
    let is_sleep = function.kind() == "attribute"
        && function
            .child_by_field_name("attribute")
            .is_some_and(|a| text(a, src) == "sleep")
        && function
            .child_by_field_name("object")
            .is_some_and(|o| is_asyncio(strip_parens(o)));
    if !is_sleep {
        return false;
    }
    let Some(arguments) = call.child_by_field_name("arguments") else {
        return false;
    };
    let mut cursor = arguments.walk();
    let mut delay = None;
    for (at, argument) in arguments
        .named_children(&mut cursor)
        .filter(|a| a.kind() != "comment")
        .enumerate()
    {
        match argument.kind() {
            "keyword_argument" => {
                let name = argument.child_by_field_name("name").map(|n| text(n, src));
                match name {
                    Some("delay") => delay = argument.child_by_field_name("value"),
                    Some("result") => {}
                    _ => return false,
                }
            }
            "list_splat" | "dictionary_splat" => return false,
            _ if at == 0 => delay = Some(argument),
            // `result`, positionally: evaluated before the call, it suspends nothing.
            _ if at == 1 => {}
            _ => return false,
        }
    }
    delay.is_some_and(|d| is_zero(strip_parens(d), src))
}

/// A literal zero: `0`, `0.0`, `0.`.
fn is_zero(node: Node, src: &str) -> bool {
    match node.kind() {
        "integer" | "float" => text(node, src)
            .bytes()
            .all(|b| matches!(b, b'0' | b'.' | b'_')),
        _ => false,
    }
}

/// The contract of `put` on an unbounded queue, as the evidence prints it. CPython
/// `Lib/asyncio/queues.py`: `Queue.put` awaits a putter future only `while self.full()`, and
/// `full()` is `False` when `maxsize <= 0`; `LifoQueue` and `PriorityQueue` inherit both.
pub const UNBOUNDED_PUT: &str = "asyncio's `Queue.put` waits only while the queue is full, \
    and a queue made with no `maxsize` (or `maxsize <= 0`) never is";

/// Whether `call` makes an unbounded asyncio queue: a call of `Queue` (`LifoQueue`,
/// `PriorityQueue`) with no argument, or with `maxsize` (first or by keyword) a literal
/// integer `<= 0`, where `makes_queue` says the called name is asyncio's class (the caller
/// reads the module's imports). Any other argument may bound it: no proof.
pub fn is_unbounded_queue(call: Node, src: &str, makes_queue: impl Fn(Node) -> bool) -> bool {
    let call = strip_parens(call);
    if call.kind() != "call" {
        return false;
    }
    let Some(function) = call.child_by_field_name("function") else {
        return false;
    };
    let is_queue = makes_queue(function);
    let Some(arguments) = call.child_by_field_name("arguments").filter(|_| is_queue) else {
        return false;
    };
    let mut cursor = arguments.walk();
    let arguments: Vec<Node> = arguments
        .named_children(&mut cursor)
        .filter(|a| a.kind() != "comment")
        .collect();
    match arguments.as_slice() {
        [] => true,
        [one] if one.kind() == "keyword_argument" => {
            one.child_by_field_name("name")
                .is_some_and(|n| text(n, src) == "maxsize")
                && one
                    .child_by_field_name("value")
                    .is_some_and(|v| not_positive(strip_parens(v), src))
        }
        [one] => not_positive(strip_parens(*one), src),
        _ => false,
    }
}

/// A literal integer `<= 0`: `0`, `-1`.
fn not_positive(node: Node, src: &str) -> bool {
    match node.kind() {
        "integer" => text(node, src).bytes().all(|b| matches!(b, b'0' | b'_')),
        "unary_operator" => {
            node.child_by_field_name("operator")
                .is_some_and(|o| text(o, src) == "-")
                && node
                    .child_by_field_name("argument")
                    .is_some_and(|a| a.kind() == "integer")
        }
        _ => false,
    }
}
