//! A loop that cancels every task of a holder (`for t in self._tasks: t.cancel()`, or `[t.cancel()
//! for t in self._tasks]`), read as a cancel of the holder before a call that binds it again
//! (see [`super::state`]): past it no task the holder held is live.

use tree_sitter::Node;

use crate::scan::syntax::{strip_parens, text, walk};

/// `statement` cancels each task of `holder` (`self.poll_tasks`): a `for` over the holder whose
/// body cancels its variable (a statement of it, or under `if not t.done():`) with no `break`,
/// `continue`, `return` or `raise` to skip one, or a comprehension over the holder, with no `if`, of `t.cancel()`.
pub(super) fn cancels_each(statement: Node, holder: &str, src: &str) -> bool {
    match statement.kind() {
        "for_statement" => for_each(statement, holder, src),
        "expression_statement" => statement
            .named_child(0)
            .map(strip_parens)
            .is_some_and(|e| comprehension(e, holder, src)),
        _ => false,
    }
}

fn squeezed(node: Node, src: &str) -> String {
    text(node, src).replace([' ', '\n', '\t', '\\'], "")
}

fn for_each(statement: Node, holder: &str, src: &str) -> bool {
    let field = |name| statement.child_by_field_name(name);
    let (Some(var), Some(over), Some(body)) = (field("left"), field("right"), field("body")) else {
        return false;
    };
    // `async for` iterates something else than the holder's list.
    if statement.child(0).is_some_and(|c| c.kind() == "async")
        || var.kind() != "identifier"
        || squeezed(over, src) != holder
    {
        return false;
    }
    let var = text(var, src);
    let mut leaves = false;
    walk(body, |n| {
        leaves |= matches!(
            n.kind(),
            "break_statement" | "continue_statement" | "return_statement" | "raise_statement"
        );
        !matches!(
            n.kind(),
            "function_definition" | "lambda" | "class_definition"
        )
    });
    let cancel = format!("{var}.cancel()");
    let cancels = |s: Node| s.kind() == "expression_statement" && squeezed(s, src) == cancel;
    let mut cursor = body.walk();
    let statements: Vec<Node> = body.named_children(&mut cursor).collect();
    !leaves
        && statements.iter().any(|&s| {
            cancels(s) || (s.kind() == "if_statement" && cancels_if_live(s, var, src, &cancels))
        })
}

/// `if not t.done(): t.cancel()` (or `if t:`, `if t is not None:`), with no other branch: a
/// task it skips is done, or no task.
fn cancels_if_live(statement: Node, var: &str, src: &str, cancels: &dyn Fn(Node) -> bool) -> bool {
    let field = |name| statement.child_by_field_name(name);
    let (Some(test), Some(block)) = (field("condition"), field("consequence")) else {
        return false;
    };
    let test = squeezed(strip_parens(test), src);
    let live = [
        format!("not{var}.done()"),
        var.to_owned(),
        format!("{var}isnotNone"),
    ];
    let mut cursor = block.walk();
    let mut statements = block.named_children(&mut cursor);
    field("alternative").is_none() && live.contains(&test) && statements.any(cancels)
}

/// `[t.cancel() for t in holder]` (a list, set or generator), one `for` and no `if`.
fn comprehension(expression: Node, holder: &str, src: &str) -> bool {
    if !matches!(
        expression.kind(),
        "list_comprehension" | "set_comprehension" | "generator_expression"
    ) {
        return false;
    }
    let Some(body) = expression.child_by_field_name("body") else {
        return false;
    };
    let mut cursor = expression.walk();
    let clauses: Vec<Node> = (expression.named_children(&mut cursor))
        .filter(|c| c.id() != body.id())
        .collect();
    let [clause] = clauses[..] else {
        return false;
    };
    let field = |name| clause.child_by_field_name(name);
    let (Some(var), Some(over)) = (field("left"), field("right")) else {
        return false;
    };
    clause.kind() == "for_in_clause"
        && clause.child(0).is_some_and(|c| c.kind() == "for")
        && var.kind() == "identifier"
        && squeezed(over, src) == holder
        && squeezed(body, src) == format!("{}.cancel()", text(var, src))
}

#[cfg(test)]
mod tests {
    fn each(code: &str) -> bool {
        let tree = crate::scan::syntax::new_parser().parse(code, None).unwrap();
        let statement = tree.root_node().named_child(0).unwrap();
        super::cancels_each(statement, "self._ts", code)
    }

    #[test]
    fn a_loop_that_cancels_every_task_of_the_holder() {
        assert!(each("for t in self._ts:\n    t.cancel()\n"));
        assert!(each(
            "for t in self._ts:\n    if not t.done():\n        t.cancel()\n"
        ));
        assert!(each("[t.cancel() for t in self._ts]\n"));
        assert!(each("(t.cancel() for t in self . _ts)\n"));
    }

    #[test]
    fn a_loop_that_may_skip_a_task_or_reads_another_holder_is_none() {
        assert!(!each("for t in self._other:\n    t.cancel()\n"));
        assert!(!each(
            "for t in self._ts:\n    if t.name == 'a':\n        t.cancel()\n"
        ));
        assert!(!each(
            "for t in self._ts:\n    if x:\n        break\n    t.cancel()\n"
        ));
        assert!(!each("for t in self._ts:\n    u.cancel()\n"));
        assert!(!each("[t.cancel() for t in self._ts if t.name]\n"));
        assert!(!each("[t.cancel() for t in self._ts for u in t]\n"));
        assert!(!each("[u.cancel() for t in self._ts]\n"));
    }
}
