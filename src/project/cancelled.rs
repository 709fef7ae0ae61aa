//! A cancel that runs before a call of the method that binds a task (see [`super::callers`]):
//! the call replaces no live task when a statement before it, in its block or in a block
//! around it (not across a loop, whose next round would bind again after the first), cancels
//! the task, itself (`self._task.cancel()`) or through a method of the class whose body cancels
//! it on every path (`await self.stop()` where `stop` runs `self._task.cancel()`): the body of
//! a function in the checked code, read as the statement it stands for.

use tree_sitter::Node;

use crate::scan::syntax::{strip_parens, text, walk};

/// A statement before the call cancels `receiver.attribute`, itself or through a method.
pub(super) fn before(call: Node, receiver: &str, attribute: &str, src: &str) -> bool {
    let cancel = format!("{receiver}.{attribute}.cancel()");
    let mut statement = call;
    while let Some(parent) = statement.parent() {
        match parent.kind() {
            "function_definition" | "lambda" | "class_definition" => return false,
            // Before the loop: only its first round runs after the cancel.
            "for_statement" | "while_statement" => return false,
            "block" | "module" => {
                let mut before = statement.prev_named_sibling();
                while let Some(node) = before {
                    if squeezed(node, src) == cancel
                        || (receiver == "self" && by_method(node, call, attribute, src))
                    {
                        return true;
                    }
                    before = node.prev_named_sibling();
                }
            }
            _ => {}
        }
        statement = parent;
    }
    false
}

fn squeezed(node: Node, src: &str) -> String {
    text(node, src).replace([' ', '\n', '\t', '\\'], "")
}

/// `statement` is `await self.m(...)` (or `self.m(...)` of a `def`), and `m`, a method of the
/// class around `call`, cancels `self.attribute` on every path.
fn by_method(statement: Node, call: Node, attribute: &str, src: &str) -> bool {
    if statement.kind() != "expression_statement" {
        return false;
    }
    let Some(expression) = statement.named_child(0).map(strip_parens) else {
        return false;
    };
    let (awaited, invoked) = match expression.kind() {
        "await" => (true, expression.named_child(0).map(strip_parens)),
        _ => (false, Some(expression)),
    };
    let Some(invoked) = invoked.filter(|c| c.kind() == "call") else {
        return false;
    };
    let Some(function) = invoked.child_by_field_name("function") else {
        return false;
    };
    let name = match function.kind() {
        "attribute"
            if function.child_by_field_name("object").map(|o| text(o, src)) == Some("self") =>
        {
            function
                .child_by_field_name("attribute")
                .map(|a| text(a, src))
        }
        _ => None,
    };
    let Some(name) = name else {
        return false;
    };
    let Some(method) = method_of_class(call, name, src) else {
        return false;
    };
    // The coroutine of an `async def` called without `await` never runs its body.
    let is_async = method.child(0).is_some_and(|c| c.kind() == "async");
    (awaited || !is_async)
        && method
            .child_by_field_name("body")
            .is_some_and(|body| cancels_always(body, attribute, src))
}

/// The method `name` defined in the body of the class around `node`.
fn method_of_class<'t>(node: Node<'t>, name: &str, src: &str) -> Option<Node<'t>> {
    let mut class = node.parent();
    while let Some(c) = class.filter(|c| c.kind() != "class_definition") {
        class = c.parent();
    }
    let body = class?.child_by_field_name("body")?;
    let mut cursor = body.walk();
    body.named_children(&mut cursor).find_map(|child| {
        let function = match child.kind() {
            "decorated_definition" => child.child_by_field_name("definition")?,
            _ => child,
        };
        (function.kind() == "function_definition"
            && function.child_by_field_name("name").map(|n| text(n, src)) == Some(name))
        .then_some(function)
    })
}

/// `self.attribute.cancel()` runs whenever the body does and the attribute holds a task: a
/// statement of the body, of a `with`, of a `try`'s own block (it runs first there: what the
/// handlers catch comes after it) or of an `if self.attribute:` (`is not None`), with no
/// `return` or `raise` before it but under `if self.attribute is None:` (`not self.attribute`,
/// `.done()`). On every way out the attribute holds no live task.
fn cancels_always(body: Node, attribute: &str, src: &str) -> bool {
    let cancel = format!("self.{attribute}.cancel()");
    let mut found = None;
    walk(body, |node| {
        if found.is_some()
            || matches!(
                node.kind(),
                "function_definition" | "lambda" | "class_definition"
            )
        {
            return false;
        }
        if node.kind() == "expression_statement" && squeezed(node, src) == cancel {
            found = Some(node);
        }
        true
    });
    let Some(cancel) = found else {
        return false;
    };
    let mut at = cancel;
    while let Some(parent) = at.parent() {
        if parent.id() == body.id() {
            break;
        }
        let plain = match parent.kind() {
            "block" | "with_statement" => true,
            "try_statement" => parent.child_by_field_name("body") == Some(at),
            "if_statement" => {
                parent.child_by_field_name("consequence") == Some(at)
                    && (parent.child_by_field_name("condition"))
                        .is_some_and(|c| holds(c, attribute, src) == Some(true))
            }
            _ => false,
        };
        if !plain {
            return false;
        }
        at = parent;
    }
    let mut exits_before = false;
    walk(body, |n| {
        if n.start_byte() >= cancel.start_byte() {
            return false;
        }
        exits_before |= matches!(n.kind(), "return_statement" | "raise_statement")
            && !when_none(n, body, attribute, src);
        true
    });
    !exits_before
}

/// What `test` says of `self.attribute`: `Some(true)` that it holds a live task (`self.a`,
/// `self.a is not None`, `not self.a.done()`), `Some(false)` that it holds none (`self.a is
/// None`, `not self.a`, `self.a.done()`).
fn holds(test: Node, attribute: &str, src: &str) -> Option<bool> {
    let task = format!("self.{attribute}");
    let test = squeezed(strip_parens(test), src);
    let test = test
        .strip_suffix(".done()")
        .map_or(test.clone(), |t| format!("not{t}"));
    let (negated, rest) = match test.strip_prefix("notnot") {
        Some(rest) => (false, rest),
        None => match test.strip_prefix("not") {
            Some(rest) => (true, rest),
            None => (false, test.as_str()),
        },
    };
    let said = match rest.strip_prefix(&task)? {
        "" => true,
        "isnotNone" => true,
        "isNone" => false,
        _ => return None,
    };
    Some(said != negated)
}

/// `exit` (a `return` or `raise`) runs only under an `if` whose test says the attribute holds
/// no task: that way out leaves nothing live.
fn when_none(exit: Node, body: Node, attribute: &str, src: &str) -> bool {
    let mut at = exit;
    while let Some(parent) = at.parent().filter(|p| p.id() != body.id()) {
        if parent.kind() == "if_statement"
            && parent.child_by_field_name("consequence") == Some(at)
            && (parent.child_by_field_name("condition"))
                .is_some_and(|c| holds(c, attribute, src) == Some(false))
        {
            return true;
        }
        at = parent;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ruled_out(code: &str) -> bool {
        let tree = crate::scan::syntax::new_parser().parse(code, None).unwrap();
        let mut calls = Vec::new();
        walk(tree.root_node(), |n| {
            if n.kind() == "call" && text(n, code).starts_with("self._connect") {
                calls.push(n);
            }
            true
        });
        let [call] = calls[..] else {
            panic!("one call of `_connect`");
        };
        before(call, "self", "_conn", code)
    }

    const CLASS: &str = "class W:\n    def _connect(self):\n        self._conn = create_task(self._run())\n\
                         \x20   async def stop(self):\n        try:\n            self._conn.cancel()\n\
                         \x20       except Exception:\n            pass\n\
                         \x20   async def pause(self):\n        if self._paused:\n            self._conn.cancel()\n\
                         \x20   async def drop(self):\n        if self._conn is None:\n            return\n        self._conn.cancel()\n\
                         \x20   async def end(self):\n        if self._conn:\n            self._conn.cancel()\n";

    #[test]
    fn a_method_of_the_class_that_cancels_on_every_path_cancels_before_the_call() {
        let after_stop = format!(
            "{CLASS}    async def again(self):\n        await self.stop()\n        n = 1\n        if n:\n            self._connect()\n"
        );
        assert!(ruled_out(&after_stop));
        let direct = format!(
            "{CLASS}    async def again(self):\n        self._conn.cancel()\n        if x:\n            self._connect()\n"
        );
        assert!(ruled_out(&direct));
        // Wherever the attribute holds a task: a return when it holds none, or the cancel
        // under a test that it holds one.
        for method in ["drop", "end"] {
            let after = format!(
                "{CLASS}    async def again(self):\n        await self.{method}()\n        self._connect()\n"
            );
            assert!(ruled_out(&after), "{method}");
        }
    }

    #[test]
    fn a_cancel_under_a_test_not_awaited_or_before_a_loop_is_none() {
        let maybe = format!(
            "{CLASS}    async def again(self):\n        await self.pause()\n        self._connect()\n"
        );
        assert!(!ruled_out(&maybe));
        let dropped = format!(
            "{CLASS}    async def again(self):\n        self.stop()\n        self._connect()\n"
        );
        assert!(!ruled_out(&dropped));
        let looped = format!(
            "{CLASS}    async def again(self):\n        await self.stop()\n        for _ in range(2):\n            self._connect()\n"
        );
        assert!(!ruled_out(&looped));
    }
}
