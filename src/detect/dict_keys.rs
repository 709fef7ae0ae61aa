//! Tasks kept as the keys of a local dict (`tasks = {create_task(a()): a, ...}`): the language
//! makes `tasks.keys()` a view of those same tasks, so `await asyncio.wait(tasks.keys())` waits
//! for them as `asyncio.wait(tasks)` would (python-kraken-sdk's futures connector, exam35h
//! class 5). `tasks[t]` reads the value stored under a task, not the task.

use tree_sitter::Node;

use super::follow::{Use, usage};
use crate::scan::syntax::{outside_parens, text};

/// The reads of the dict with each `name.keys()` read as the use of the view it returns, and
/// each `name[key]` as a read of a value; `None` when the task is no key of a dict display or
/// no read changes.
pub(super) fn keyed_reads<'t>(
    call: Node<'t>,
    uses: &[(Use<'t>, bool)],
    nodes: &[Node<'t>],
    src: &str,
) -> Option<Vec<(Use<'t>, bool)>> {
    if !is_key(call) {
        return None;
    }
    let mut changed = None;
    for (i, node) in nodes.iter().enumerate() {
        let used = if let Some(view) = keys_view(*node, src) {
            usage(view, &ancestors(view), src)
        } else if indexed(*node) {
            Use::Other
        } else {
            continue;
        };
        changed.get_or_insert_with(|| uses.to_vec())[i].0 = used;
    }
    changed
}

/// The task is the key of a pair in a dict display or comprehension.
fn is_key(call: Node) -> bool {
    let at = outside_parens(call);
    let Some(pair) = at.parent().filter(|p| p.kind() == "pair") else {
        return false;
    };
    pair.child_by_field_name("key").map(|k| k.id()) == Some(at.id())
        && pair
            .parent()
            .is_some_and(|d| matches!(d.kind(), "dictionary" | "dictionary_comprehension"))
}

/// `name.keys()` with no argument, around the name `node`: the call.
fn keys_view<'t>(node: Node<'t>, src: &str) -> Option<Node<'t>> {
    let attribute = node.parent().filter(|p| p.kind() == "attribute")?;
    if attribute.child_by_field_name("object").map(|o| o.id()) != Some(node.id()) {
        return None;
    }
    let method = attribute.child_by_field_name("attribute")?;
    let call = attribute.parent().filter(|c| c.kind() == "call")?;
    let arguments = call.child_by_field_name("arguments")?;
    (text(method, src) == "keys"
        && call.child_by_field_name("function").map(|f| f.id()) == Some(attribute.id())
        && arguments.named_child_count() == 0)
        .then_some(call)
}

/// `name[key]`: the value stored under a key.
fn indexed(node: Node) -> bool {
    node.parent().is_some_and(|p| {
        p.kind() == "subscript" && p.child_by_field_name("value").map(|v| v.id()) == Some(node.id())
    })
}

/// The nodes above `node`, outermost first (as [`usage`] reads them).
fn ancestors(node: Node) -> Vec<Node> {
    let mut above = Vec::new();
    let mut at = node;
    while let Some(parent) = at.parent() {
        above.push(parent);
        at = parent;
    }
    above.reverse();
    above
}
