//! Objects made just before a use, in the same function (`c = Client(r)`, then `await
//! c.connect()` or `c.task = create_task(...)`): a new object holds no task from before, so a
//! method called on it once, or an attribute of it bound, replaces nothing alive (see
//! [`super::callers`], and the replacement hazard in `detect/guard.rs`).

use tree_sitter::Node;

use crate::scan::syntax::{self, strip_parens, text};

/// `name` was last bound before the call, in `scope` (a function's body), to what a call
/// returns (`c = Client(...)`, `c = await make()`), in the same loop bodies as the call, and
/// `name.method(` is called once between that binding and the next. `name` may be an attribute
/// of `self` (`self.client = Client(self)`, then `self.client.init()`) with no `await` between
/// the binding and the call, where other code could bind it again.
pub(super) fn made_before(call: Node, name: &str, method: &str, scope: Node, src: &str) -> bool {
    let mut last: Option<(Node, bool)> = None;
    let mut next_binding = usize::MAX;
    let mut calls = Vec::new();
    walk_spelling(scope, name, src, |node| {
        // A nested function or class binds its own names.
        if node != scope && matches!(node.kind(), "function_definition" | "class_definition") {
            return false;
        }
        if let Some(made) = binding(node, name, src) {
            if node.end_byte() <= call.start_byte() {
                last = Some((node, made));
            } else if node.start_byte() > call.end_byte() {
                next_binding = next_binding.min(node.start_byte());
            }
        }
        if node.kind() == "attribute"
            && node.child_by_field_name("attribute").map(|a| text(a, src)) == Some(method)
            && (node.child_by_field_name("object")).is_some_and(|o| text(o, src) == name)
        {
            calls.push(node);
        }
        true
    });
    let Some((binding, true)) = last else {
        return false;
    };
    if name.contains('.') && awaits_between(scope, binding.end_byte(), call.start_byte()) {
        return false;
    }
    // Calls in two branches of one `if` never both run on it.
    let once = calls
        .iter()
        .filter(|at| at.start_byte() > binding.end_byte() && at.start_byte() < next_binding)
        .filter(|at| !exclusive(**at, call))
        .count()
        == 1;
    once && same_loops(call, binding, scope)
}

/// Visits, as [`syntax::walk`] does, the nodes of `root` whose text holds `word`, and no other:
/// a node that does not spell a name neither binds it nor calls a method of it (walking every
/// node of a function for each use was most of the callers' pass's own cost).
pub(super) fn walk_spelling<'t>(
    root: Node<'t>,
    word: &str,
    src: &str,
    mut visit: impl FnMut(Node<'t>) -> bool,
) {
    let Some(text) = src.get(root.byte_range()).filter(|_| !word.is_empty()) else {
        return syntax::walk(root, visit);
    };
    // Every start, overlapping ones too.
    let finder = memchr::memmem::Finder::new(word.as_bytes());
    let (mut starts, mut from) = (Vec::new(), 0);
    while let Some(found) = text
        .as_bytes()
        .get(from..)
        .and_then(|rest| finder.find(rest))
    {
        starts.push(root.start_byte() + from + found);
        from += found + 1;
    }
    let holds = |node: Node| {
        let first = starts.partition_point(|&s| s < node.start_byte());
        (starts.get(first)).is_some_and(|&s| s + word.len() <= node.end_byte())
    };
    syntax::walk(root, |node| holds(node) && visit(node));
}

/// An `await` (or `yield`) in `scope` between the two offsets: other code may run there.
fn awaits_between(scope: Node, from: usize, to: usize) -> bool {
    let mut found = false;
    syntax::walk(scope, |node| {
        if found || node.end_byte() <= from || node.start_byte() >= to {
            return false;
        }
        // The call's own `await` (`await self.x.open()`) suspends after it, not before; its
        // keyword is a node of the same kind, unnamed.
        found =
            matches!(node.kind(), "await" | "yield") && node.is_named() && node.end_byte() <= to;
        !found
    });
    found
}

/// `a` and `b` stand in different branches of one `if` (its body, an `elif`, its `else`): no
/// run of the function reaches both.
fn exclusive(a: Node, b: Node) -> bool {
    let branch_of = |node: Node, statement: Node| {
        let mut at = node;
        while let Some(parent) = at.parent() {
            if parent.id() == statement.id() {
                return Some(at.id());
            }
            at = parent;
        }
        None
    };
    let mut around = a.parent();
    while let Some(node) = around {
        if node.kind() == "if_statement"
            && node.start_byte() <= b.start_byte()
            && b.end_byte() <= node.end_byte()
        {
            let condition = node.child_by_field_name("condition").map(|c| c.id());
            let (x, y) = (branch_of(a, node), branch_of(b, node));
            return x.is_some() && y.is_some() && x != y && x != condition && y != condition;
        }
        around = node.parent();
    }
    false
}

/// No loop around `at` (up to `scope`) but not around `binding`: a loop that runs `at` again
/// on the one object `binding` made.
fn same_loops(at: Node, binding: Node, scope: Node) -> bool {
    let mut around = at.parent();
    while let Some(node) = around.filter(|n| *n != scope) {
        let is_loop = matches!(node.kind(), "for_statement" | "while_statement");
        if is_loop
            && !(node.start_byte() <= binding.start_byte() && binding.end_byte() <= node.end_byte())
        {
            return false;
        }
        around = node.parent();
    }
    true
}

/// `name` was last bound before `at`, in `scope` (a function's body), to what a call returns
/// (`op = Operation(...)`), and no loop runs `at` again on that one object: an attribute of it
/// that `at` binds held no earlier task (a new object per request or connection), whatever
/// runs the function again.
pub fn made_fresh(at: Node, name: &str, scope: Node, src: &str) -> bool {
    let mut last: Option<(Node, bool)> = None;
    syntax::walk(scope, |node| {
        if node.start_byte() >= at.start_byte() {
            return false;
        }
        // A nested function or class binds its own names.
        if node != scope && matches!(node.kind(), "function_definition" | "class_definition") {
            return false;
        }
        if let Some(made) = binding(node, name, src)
            && node.end_byte() <= at.start_byte()
        {
            last = Some((node, made));
        }
        true
    });
    // Made on every path to `at`: a binding in a block around it, not in a branch beside it.
    let around = |binding: Node| {
        let block = binding.parent().and_then(|statement| statement.parent());
        block.is_some_and(|b| b.start_byte() <= at.start_byte() && at.end_byte() <= b.end_byte())
    };
    matches!(last, Some((binding, true))
        if around(binding) && constructed(binding, src) && same_loops(at, binding, scope))
}

/// The binding's value is a class called (`Operation(...)`, `mod.Client(...)`: a name in
/// CapWords, PEP 8's class names, or a private one, `_State(...)`), a new object; a function
/// may return one it keeps (`WebsocketSession.require(sid)` looks one up).
fn constructed(binding: Node, src: &str) -> bool {
    let value = binding.child_by_field_name("right").map(strip_parens);
    let function = value.and_then(|v| v.child_by_field_name("function"));
    let name = function.map(|f| text(f, src).rsplit('.').next().unwrap_or_default());
    name.and_then(|n| n.trim_start_matches('_').chars().next())
        .is_some_and(char::is_uppercase)
}

/// Whether `node` binds `name`: `Some(true)` for `name = <call>` (or an awaited call), `Some(
/// false)` for any other binding (an assignment, a loop's or `with`'s target, a walrus).
fn binding(node: Node, name: &str, src: &str) -> Option<bool> {
    let target = match node.kind() {
        "assignment" => node.child_by_field_name("left"),
        "augmented_assignment" | "for_statement" | "for_in_clause" => {
            node.child_by_field_name("left")
        }
        "named_expression" => node.child_by_field_name("name"),
        "as_pattern_target" => Some(node),
        _ => None,
    }?;
    let binds = match target.kind() {
        "identifier" => text(target, src) == name,
        "attribute" if name.contains('.') => text(target, src) == name,
        _ => {
            target.kind() != "attribute"
                && target.kind() != "subscript"
                && text(target, src)
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .any(|w| w == name)
        }
    };
    if !binds {
        return None;
    }
    let value = node.child_by_field_name("right").map(strip_parens);
    let value = value.map(|v| match v.kind() {
        "await" => v.named_child(0).map_or(v, strip_parens),
        _ => v,
    });
    Some(
        node.kind() == "assignment"
            && matches!(target.kind(), "identifier" | "attribute")
            && value.is_some_and(|v| v.kind() == "call"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The nodes a walk entering every node visits whose text holds the word, in its order.
    fn holding<'t>(root: Node<'t>, word: &str, src: &str) -> Vec<Node<'t>> {
        let mut found = Vec::new();
        syntax::walk(root, |node| {
            if text(node, src).contains(word) {
                found.push(node);
            }
            true
        });
        found
    }

    #[test]
    fn a_spelling_walk_visits_the_nodes_that_hold_the_word() {
        let src = "def f(aaa):\n    x = aa\n    y = g(a)\n    aa.m(aaa)\n    return b\n";
        let tree = syntax::new_parser().parse(src, None).unwrap();
        let root = tree.root_node();
        for word in ["aa", "a", "aaa", "aa.m", "b", "zz"] {
            let mut visited = Vec::new();
            walk_spelling(root, word, src, |node| {
                visited.push(node);
                true
            });
            assert_eq!(visited, holding(root, word, src), "{word}");
        }
        // What the visit declines to enter is not entered.
        let mut visited = 0;
        walk_spelling(root, "aa", src, |node| {
            visited += 1;
            node.kind() != "function_definition"
        });
        assert_eq!(visited, 2);
    }
}
