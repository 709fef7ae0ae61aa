//! What a method's suspensions wait on, when every one waits on an asyncio object its own
//! instance holds: the one reading of "a wait whose holder keeps the task" ([`super::future_wait`]
//! proves the holder live).
//!
//! Each of asyncio's waits below suspends on a future that the awaited object keeps until the
//! wait ends (`scan::contracts::WAITER_FUTURES`), whose done callbacks hold the waiting task
//! (`FUTURE_WAKEUP`): `await self.f` on a future or task, `await self.q.get()` or `.put(x)` on
//! an asyncio queue, `async with self.l` or `await self.l.acquire()` on a lock, semaphore or
//! condition, `await self.e.wait()` on an event or condition. `self.x` must be bound once, in
//! the class's `__init__`, to the call that makes it (`asyncio.Queue(...)` and the like, through
//! the module's own names for asyncio) and assigned nowhere else in the file.
//!
//! Any other suspension (another await, `async for`, an async comprehension, a `yield`, an
//! `async with` on anything else, an await in a nested function's defaults) stops the proof:
//! a timer, a socket or a callee's own waits are held by nothing the program keeps.

use tree_sitter::Node;

use super::asyncio_queues::QueueNames;
use super::bound_once::instance_value;
use crate::scan::syntax::{strip_parens, text, walk_with_ancestors};

/// One suspension of the method and what keeps it.
pub struct HeldWait<'t> {
    /// The suspension: an `await` or an `async with` statement.
    pub at: Node<'t>,
    /// The attribute of `self` waited on.
    pub attribute: &'t str,
    /// What asyncio object it is: `future`, `asyncio queue`, `asyncio lock`...
    pub what: &'static str,
    /// The value `__init__` binds to it.
    pub value: Node<'t>,
}

/// asyncio's lock-like classes (`async with`, `acquire()`), and those with `wait()`.
const LOCKS: [&str; 4] = ["Lock", "Semaphore", "BoundedSemaphore", "Condition"];
const EVENTS: [&str; 2] = ["Event", "Condition"];

/// Every suspension of `definition`'s own body, each a wait on an asyncio object its instance
/// holds; `None` when any suspension is something else (or there is none).
pub fn held_waits<'t>(definition: Node<'t>, src: &'t str) -> Option<Vec<HeldWait<'t>>> {
    let body = definition.child_by_field_name("body")?;
    let mut found = Vec::new();
    let mut other = false;
    walk_with_ancestors(body, |node, _, _| {
        match node.kind() {
            "await" if node.is_named() => found.push(node),
            "with_statement" if has_async(node) => found.push(node),
            "async" => {
                other |= node.parent().is_none_or(|p| p.kind() != "with_statement");
            }
            "yield" => other = true,
            "function_definition" | "lambda" => {
                let mut cursor = node.walk();
                for child in node.children(&mut cursor) {
                    if node.child_by_field_name("body") != Some(child)
                        && child.is_named()
                        && super::suspends::awaits_or_yields(child)
                    {
                        other = true;
                    }
                }
                return false;
            }
            _ => {}
        }
        !other
    });
    if other || found.is_empty() {
        return None;
    }
    // Not `QueueNames::of_text`, which knows no asyncio module in a text that spells no `Queue`.
    let queues = QueueNames::of(&super::imports::AsyncioNames::of_import_lines(src));
    found
        .into_iter()
        .map(|at| held_wait(at, definition, src, &queues))
        .collect()
}

fn has_async(node: Node) -> bool {
    node.child(0).is_some_and(|c| c.kind() == "async")
}

/// The wait at `at`, when it is on an asyncio object `self` holds.
fn held_wait<'t>(
    at: Node<'t>,
    definition: Node<'t>,
    src: &'t str,
    queues: &QueueNames,
) -> Option<HeldWait<'t>> {
    let with = at.kind() == "with_statement";
    let (attribute, method) = if with {
        (one_with_item(at)?, None)
    } else {
        let awaited = strip_parens(at.named_child(0)?);
        match awaited.kind() {
            "attribute" => (awaited, None),
            "call" => {
                let called = strip_parens(awaited.child_by_field_name("function")?);
                let method = text(called.child_by_field_name("attribute")?, src);
                (
                    strip_parens(called.child_by_field_name("object")?),
                    Some(method),
                )
            }
            _ => return None,
        }
    };
    if attribute.kind() != "attribute" {
        return None;
    }
    let value = instance_value(attribute, definition, src)?;
    Some(HeldWait {
        at,
        attribute: text(attribute.child_by_field_name("attribute")?, src),
        what: waited_on(value, with, method, src, queues)?,
        value,
    })
}

/// What asyncio object `value` makes (`future`, `asyncio queue`...), when waiting on it as
/// written suspends only on a future it keeps: `async with` it (`with`), await it (`method`
/// `None`), or await its `method`'s coroutine (`get`, `put`, `acquire`, `wait`).
pub(super) fn waited_on(
    value: Node,
    with: bool,
    method: Option<&str>,
    src: &str,
    queues: &QueueNames,
) -> Option<&'static str> {
    let (what, class) = kind_of(value, src, queues)?;
    let fits = match (with, method) {
        (true, _) | (false, Some("acquire")) => LOCKS.contains(&class),
        (false, None) => class == "Future",
        (false, Some("get" | "put")) => class == "Queue",
        (false, Some("wait")) => EVENTS.contains(&class),
        _ => false,
    };
    fits.then_some(what)
}

/// The one item of an `async with`, without `as`.
fn one_with_item(with: Node) -> Option<Node> {
    let clause = (0..with.named_child_count())
        .filter_map(|i| with.named_child(i as u32))
        .find(|c| c.kind() == "with_clause")?;
    if clause.named_child_count() != 1 {
        return None;
    }
    let item = clause.named_child(0).filter(|i| i.kind() == "with_item")?;
    let value = strip_parens(item.child_by_field_name("value")?);
    (value.kind() != "as_pattern").then_some(value)
}

/// What `value` makes: a future (or task), an asyncio queue, or one of asyncio's lock and event
/// classes (its name), through the module's names for asyncio.
fn kind_of(value: Node, src: &str, queues: &QueueNames) -> Option<(&'static str, &'static str)> {
    let value = strip_parens(value);
    if super::already_task_attribute::makes_future(value, src, &|_| false) {
        return Some(("future", "Future"));
    }
    if value.kind() != "call" {
        return None;
    }
    let function = strip_parens(value.child_by_field_name("function")?);
    if queues.makes_queue(function, src) {
        return Some(("asyncio queue", "Queue"));
    }
    let object = strip_parens(function.child_by_field_name("object")?);
    if function.kind() != "attribute" || !queues.is_asyncio(object, src) {
        return None;
    }
    let class = text(function.child_by_field_name("attribute")?, src);
    let class = LOCKS.iter().chain(EVENTS.iter()).find(|c| **c == class)?;
    let what = match *class {
        "Event" => "asyncio event",
        "Condition" => "asyncio condition",
        "Lock" => "asyncio lock",
        _ => "asyncio semaphore",
    };
    Some((what, class))
}
