//! `await q.put(x)` that never suspends: `q` is proved an asyncio queue made unbounded
//! (`scan::ready_queue::is_unbounded_queue`; the contract is `UNBOUNDED_PUT` there), by the one
//! binding the name reaches. The queue's class is read through the module's imports
//! ([`super::asyncio_queues`]: `asyncio.Queue()`, or `Queue()` after `from asyncio import
//! Queue`). Two bindings are read, no others:
//!
//! - a local of the coroutine, bound once in it (no parameter, `global`, `nonlocal`, nested
//!   function or second assignment binds the name) to `asyncio.Queue()`;
//! - `self._q`, where `self` is the method's first parameter, bound once in the `__init__` of
//!   the method's class to `asyncio.Queue()`, and assigned nowhere else in the file (by the text:
//!   any `._q =`, `._q:`, augmented or tuple assignment, or a `setattr` that quotes the name).
//!
//! Anything else (a parameter, a module global, an attribute of another object, a queue of
//! another library) may be bounded and full: the `await` suspends.

use tree_sitter::Node;

use super::asyncio_queues::QueueNames;
use super::bound_once::{instance_value, local_value};
use crate::scan::ready_queue::is_unbounded_queue;
use crate::scan::syntax::{strip_parens, text};

/// Whether `awaited` (an `await` in `definition`'s body) awaits `put` on a queue proved
/// unbounded; `queues` are the names of the module that make asyncio's queues.
pub fn is_unbounded_put(awaited: Node, definition: Node, src: &str, queues: &QueueNames) -> bool {
    let Some(call) = awaited.named_child(0).map(strip_parens) else {
        return false;
    };
    let Some(function) = call
        .child_by_field_name("function")
        .filter(|_| call.kind() == "call")
        .map(strip_parens)
    else {
        return false;
    };
    let is_put = function.kind() == "attribute"
        && function
            .child_by_field_name("attribute")
            .is_some_and(|a| text(a, src) == "put");
    let Some(queue) = function
        .child_by_field_name("object")
        .filter(|_| is_put)
        .map(strip_parens)
    else {
        return false;
    };
    let value = match queue.kind() {
        "identifier" => local_value(definition, text(queue, src), src),
        "attribute" => instance_value(queue, definition, src),
        _ => None,
    };
    value.is_some_and(|v| is_unbounded_queue(v, src, |f| queues.makes_queue(f, src)))
}
