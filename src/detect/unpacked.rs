//! A task added to a local container inside a tuple (`tasks.append((plugin, create_task(...)))`)
//! and awaited where a `for` unpacks the tuples (`for plugin, task in tasks: await task`): the
//! language binds the target's names to the tuple's items in order, so the name at the task's
//! position is the task, each in turn.

use tree_sitter::Node;

use super::follow::Use;
use super::handed_on::awaits_each;
use crate::scan::syntax::{outside_parens, text};

/// The reads of the container with every `for` that unpacks the task's tuple and awaits the
/// task's name read as `Awaited`; `None` when the task is in no tuple or no read is such a loop.
pub(super) fn awaited_by_unpacking<'t>(
    call: Node<'t>,
    uses: &[(Use<'t>, bool)],
    nodes: &[Node<'t>],
    src: &str,
) -> Option<Vec<(Use<'t>, bool)>> {
    let (position, arity) = position_in_tuple(call)?;
    let mut upgraded = None;
    for (i, node) in nodes.iter().enumerate() {
        if matches!(uses.get(i), Some((Use::Other, false)))
            && awaits_at(*node, position, arity, src)
        {
            upgraded.get_or_insert_with(|| uses.to_vec())[i].0 = Use::Awaited;
        }
    }
    upgraded
}

/// The call's index among the items of the tuple display it is one item of, and their count.
fn position_in_tuple(call: Node) -> Option<(usize, usize)> {
    let at = outside_parens(call);
    let tuple = at.parent().filter(|p| p.kind() == "tuple")?;
    let mut cursor = tuple.walk();
    let items: Vec<Node> = tuple
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect();
    // A starred item moves the others by a count the display does not show.
    if items.iter().any(|n| n.kind() == "list_splat") {
        return None;
    }
    let position = items.iter().position(|n| n.id() == at.id())?;
    Some((position, items.len()))
}

/// `node` is the iterable of `for a, b in node:` whose target has `arity` plain names, and the
/// body awaits (or reads the result of) the name at `position` each time round.
fn awaits_at(node: Node, position: usize, arity: usize, src: &str) -> bool {
    let Some(for_statement) = node.parent().filter(|p| p.kind() == "for_statement") else {
        return false;
    };
    if for_statement.child_by_field_name("right").map(|r| r.id()) != Some(node.id()) {
        return false;
    }
    let Some(target) = for_statement.child_by_field_name("left") else {
        return false;
    };
    if !matches!(target.kind(), "pattern_list" | "tuple_pattern") {
        return false;
    }
    let mut cursor = target.walk();
    let names: Vec<Node> = target
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect();
    if names.len() != arity || names.iter().any(|n| n.kind() != "identifier") {
        return false;
    }
    let name = text(names[position], src);
    // The same name twice in the target binds the later item.
    let bound_once = names.iter().filter(|n| text(**n, src) == name).count() == 1;
    bound_once && awaits_each(for_statement, name, src)
}
