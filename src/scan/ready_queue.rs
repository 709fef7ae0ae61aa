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
    sleep_zero(call, src, is_asyncio).is_some()
}

/// The call as the code writes it (spaces and line breaks folded), when it is
/// `<module>.sleep(<zero>)` as [`is_sleep_zero`] reads it: the evidence says `sleep(0.0)` or
/// `sleep(delay=0)` where the code does.
pub fn sleep_zero(call: Node, src: &str, is_asyncio: impl Fn(Node) -> bool) -> Option<String> {
    let call = strip_parens(call);
    if call.kind() != "call" {
        return None;
    }
    let function = call.child_by_field_name("function")?;
    let is_sleep = function.kind() == "attribute"
        && function
            .child_by_field_name("attribute")
            .is_some_and(|a| text(a, src) == "sleep")
        && function
            .child_by_field_name("object")
            .is_some_and(|o| is_asyncio(strip_parens(o)));
    if !is_sleep {
        return None;
    }
    let arguments = call.child_by_field_name("arguments")?;
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
                    _ => return None,
                }
            }
            "list_splat" | "dictionary_splat" => return None,
            _ if at == 0 => delay = Some(argument),
            // `result`, positionally: evaluated before the call, it suspends nothing.
            _ if at == 1 => {}
            _ => return None,
        }
    }
    let delay = strip_parens(delay?);
    let zero = matches!(delay.kind(), "integer" | "float") && is_zero(text(delay, src).as_bytes());
    zero.then(|| {
        let folded = text(call, src).split_whitespace().collect::<Vec<_>>();
        folded.join(" ").replace("( ", "(").replace(" )", ")")
    })
}

/// A literal zero as the code spells it: `0`, `0.0`, `0.`, `.0`, `0_0` (no exponent, sign or
/// other digit). The one reading of the literal, for the tree and for the text tests.
pub fn is_zero(literal: &[u8]) -> bool {
    literal.contains(&b'0') && literal.iter().all(|&b| matches!(b, b'0' | b'.' | b'_'))
}

/// Whether the text after an `await` spells `asyncio.sleep(<zero>)` or
/// `asyncio.sleep(delay=<zero>)` (a `result` after it too): the cheap test before a parse,
/// which [`sleep_zero`] then decides.
pub fn spells_sleep_zero(after_await: &[u8]) -> bool {
    let Some(rest) = after_await
        .trim_ascii_start()
        .strip_prefix(b"asyncio.sleep(")
    else {
        return false;
    };
    let rest = rest.trim_ascii_start();
    let rest = match rest.strip_prefix(b"delay") {
        Some(keyword) => match keyword.trim_ascii_start().strip_prefix(b"=") {
            Some(value) => value.trim_ascii_start(),
            None => return false,
        },
        None => rest,
    };
    let end = rest
        .iter()
        .position(|b| !matches!(b, b'0'..=b'9' | b'.' | b'_'))
        .unwrap_or(rest.len());
    let after = rest[end..].trim_ascii_start();
    is_zero(&rest[..end]) && (after.starts_with(b")") || after.starts_with(b","))
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

#[cfg(test)]
mod tests {
    use super::{is_zero, spells_sleep_zero};

    #[test]
    fn the_text_test_reads_the_zero_as_the_tree_does() {
        for zero in ["0", "0.0", "0.", ".0", "0_0"] {
            assert!(is_zero(zero.as_bytes()), "{zero}");
        }
        for other in ["", "1", "0.5", "0e0", "0x0", "00.1"] {
            assert!(!is_zero(other.as_bytes()), "{other}");
        }
        for spelt in [
            " asyncio.sleep(0)",
            "asyncio.sleep(0.0)\n",
            "asyncio.sleep( delay = 0 )",
            "asyncio.sleep(0, result)",
        ] {
            assert!(spells_sleep_zero(spelt.as_bytes()), "{spelt}");
        }
        for other in [
            "asyncio.sleep(0.01)",
            "asyncio.sleep(delay)",
            "asyncio.sleep(result=0)",
            "asyncio.sleep(0 + x)",
            "trio.sleep(0)",
        ] {
            assert!(!spells_sleep_zero(other.as_bytes()), "{other}");
        }
    }
}
