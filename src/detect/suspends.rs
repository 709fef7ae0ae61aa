//! Whether a coroutine function's own body may suspend, read off its definition: what the
//! never-suspends rule ([`super::first_step`], [`super::first_step_method`]) proves a task by.

use tree_sitter::Node;

use super::asyncio_queues::QueueNames;
use super::returns_function::returns_its_function;
use crate::scan::ready_queue::{SLEEP_ZERO, UNBOUNDED_PUT, sleep_zero};
use crate::scan::syntax::{strip_parens, text, walk_with_ancestors};

/// An `async def` that is a coroutine function as written: no decorator that may wrap it
/// (`staticmethod` and `classmethod` return the function itself, and so does
/// `functools.wraps(f)`, which only copies `f`'s name and docstring onto it: CPython
/// `Lib/functools.py`, `update_wrapper` "returns the wrapper"), nor a decorator of the module
/// proven to hand back its function ([`super::returns_function`]).
pub fn is_plain_coroutine(definition: Node, src: &str) -> bool {
    let mut cursor = definition.walk();
    let is_async = (definition.children(&mut cursor)).any(|c| c.kind() == "async");
    if !is_async || definition.kind() != "function_definition" {
        return false;
    }
    let Some(decorated) = (definition.parent()).filter(|p| p.kind() == "decorated_definition")
    else {
        return true;
    };
    (0..decorated.named_child_count())
        .filter_map(|i| decorated.named_child(i as u32))
        .filter(|d| d.kind() == "decorator")
        .all(|d| {
            d.named_child(0).is_some_and(|e| {
                (e.kind() == "identifier" && matches!(text(e, src), "staticmethod" | "classmethod"))
                    || is_wraps(e, src)
                    || returns_its_function(e, decorated, src)
            })
        })
}

/// `functools.wraps(...)`, or `wraps(...)` where the file imports it from `functools` (by its
/// text: a `from functools import` line that spells `wraps`).
fn is_wraps(decorator: Node, src: &str) -> bool {
    let Some(function) = (decorator.kind() == "call")
        .then(|| decorator.child_by_field_name("function"))
        .flatten()
    else {
        return false;
    };
    match text(function, src) {
        "functools.wraps" => true,
        "wraps" => src.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with("from functools import") && l.contains("wraps")
        }),
        _ => false,
    }
}

/// Whether the coroutine's own body may suspend: an `await`, `async for`, `async with` (or an
/// async comprehension), nested functions' and lambdas' bodies aside; a `yield` makes it an
/// async generator, no proof either.
pub fn suspends(definition: Node) -> bool {
    let Some(body) = definition.child_by_field_name("body") else {
        return true;
    };
    let mut found = false;
    walk_with_ancestors(body, |node, _, _| {
        match node.kind() {
            "await" | "yield" | "async" => found = true,
            // Their bodies run in another frame; their defaults and decorators run here.
            "function_definition" | "lambda" => {
                let mut cursor = node.walk();
                for child in node.children(&mut cursor) {
                    if node.child_by_field_name("body") != Some(child) && awaits_or_yields(child) {
                        found = true;
                    }
                }
                return false;
            }
            _ => {}
        }
        !found
    });
    found
}

/// Whether an expression (a nested function's default or parameter list) awaits or yields,
/// lambdas' bodies aside: the one reader of what runs in the frame around a nested function.
pub fn awaits_or_yields(node: Node) -> bool {
    let mut found = false;
    walk_with_ancestors(node, |n, _, _| {
        if matches!(n.kind(), "await" | "yield") {
            found = true;
        }
        !found && n.kind() != "lambda"
    });
    found
}

/// How a coroutine's own body is proved never to suspend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Quiet {
    /// No `await`, `async for`, `async with` or `yield` at all.
    Bare,
    /// Every `await` is a `put` on an unbounded asyncio queue (see
    /// [`super::unbounded_put`]); the first one's line, 1-based.
    UnboundedPut(usize),
    /// Every `await` is such a `put` or `asyncio.sleep(0)`, at least one the latter, which
    /// yields to the ready queue only (`scan::ready_queue::SLEEP_ZERO`); the first one's line,
    /// and its call as the code writes it (`asyncio.sleep(0.0)`).
    Yields(usize, String),
}

/// Whether the coroutine's own body never suspends, and why: [`suspends`]'s test, except that
/// an `await` of `put` on a queue its binding proves unbounded does not suspend (asyncio's
/// `Queue.put` contract, `scan::ready_queue::UNBOUNDED_PUT`); `queues` are the names of the
/// module that make asyncio's queues.
pub fn quiet(definition: Node, src: &str, queues: &QueueNames) -> Option<Quiet> {
    quiet_with(definition, src, queues, &[], &mut |_| None)
}

/// [`quiet`], where `other` says how any other `await` (the node) never suspends, if it can
/// tell (a method whose own body is read: `detect::first_step_through`), and the body of an
/// `if p:` for a parameter `p` of `off`, which the call leaves `False`, does not run
/// ([`skipped_consequence`]).
pub fn quiet_with<'t>(
    definition: Node<'t>,
    src: &str,
    queues: &QueueNames,
    off: &[String],
    other: &mut dyn FnMut(Node<'t>) -> Option<Quiet>,
) -> Option<Quiet> {
    let body = definition.child_by_field_name("body")?;
    // A `yield` under a skipped `if` still makes it an async generator.
    if !off.is_empty() && yields_in(body) {
        return None;
    }
    let mut found = false;
    let mut first_put = None;
    let mut first_yield = None;
    let mut skipped = Vec::new();
    let is_asyncio = |object: Node| queues.is_asyncio(object, src);
    walk_with_ancestors(body, |node, _, _| {
        if skipped.contains(&node.id()) {
            return false;
        }
        match node.kind() {
            "if_statement" if !off.is_empty() => {
                if let Some(c) = skipped_consequence(node, off, src) {
                    skipped.push(c.id());
                }
            }
            // The keyword inside an `await` expression: the expression decides.
            "await" if !node.is_named() => {}
            "await" => {
                let line = node.start_position().row + 1;
                let zero = node
                    .named_child(0)
                    .and_then(|c| sleep_zero(c, src, is_asyncio));
                if let Some(written) = zero {
                    first_yield.get_or_insert((line, written));
                } else if super::unbounded_put::is_unbounded_put(node, definition, src, queues) {
                    first_put.get_or_insert(line);
                } else {
                    match other(node) {
                        None => found = true,
                        Some(Quiet::Bare) => {}
                        Some(Quiet::UnboundedPut(_)) => {
                            first_put.get_or_insert(line);
                        }
                        Some(Quiet::Yields(_, written)) => {
                            first_yield.get_or_insert((line, written));
                        }
                    }
                }
            }
            "yield" | "async" => found = true,
            "function_definition" | "lambda" => {
                let mut cursor = node.walk();
                for child in node.children(&mut cursor) {
                    if node.child_by_field_name("body") != Some(child) && awaits_or_yields(child) {
                        found = true;
                    }
                }
                return false;
            }
            _ => {}
        }
        !found
    });
    match (found, first_yield, first_put) {
        (true, _, _) => None,
        (false, Some((line, written)), _) => Some(Quiet::Yields(line, written)),
        (false, None, None) => Some(Quiet::Bare),
        (false, None, Some(line)) => Some(Quiet::UnboundedPut(line)),
    }
}

/// The body of an `if p:` (the condition no more than a name) that does not run, `p` being one
/// of the parameters `off`, which are `False`; its `elif`/`else` branches may run.
pub fn skipped_consequence<'t>(node: Node<'t>, off: &[String], src: &str) -> Option<Node<'t>> {
    let condition = strip_parens(node.child_by_field_name("condition")?);
    (node.kind() == "if_statement"
        && condition.kind() == "identifier"
        && off.iter().any(|p| p == text(condition, src)))
    .then(|| node.child_by_field_name("consequence"))?
}

/// Whether a body yields, nested functions' and lambdas' bodies aside.
pub(super) fn yields_in(body: Node) -> bool {
    let mut found = false;
    walk_with_ancestors(body, |n, _, _| {
        found |= n.kind() == "yield";
        !found && !matches!(n.kind(), "function_definition" | "lambda")
    });
    found
}

/// What keeps the task of a coroutine that never suspends, for the evidence: `place` is where
/// its definition is (`line 12`, or `pkg/mod.py:12` in another file).
pub fn kept_by(name: &str, place: &str, how: Quiet) -> String {
    match how {
        Quiet::Bare => format!(
            "asyncio: its coroutine `{name}` ({place}) never suspends: it finishes in its first \
             step, which the loop holds"
        ),
        Quiet::UnboundedPut(line) => format!(
            "asyncio: its coroutine `{name}` ({place}) never suspends: its only awaits are `put` \
             on an unbounded asyncio queue (line {line}): {UNBOUNDED_PUT}; so it finishes in its \
             first step, which the loop holds"
        ),
        Quiet::Yields(line, written) => format!(
            "asyncio: its coroutine `{name}` ({place}) never leaves the loop's ready queue: its \
             only awaits yield to it (`{written}`, line {line}): {SLEEP_ZERO}"
        ),
    }
}
