//! A cancel that runs before a call of the method that binds a task (see [`crate::project::callers`]):
//! the call replaces no live task when a statement before it, in its block or in a block
//! around it (not across a loop, whose next round would bind again after the first), cancels
//! the task, itself (`self._task.cancel()`) or through a method of the class whose body cancels
//! it on every path (`await self.stop()` where `stop` runs `self._task.cancel()`): the body of
//! a function in the checked code, read as the statement it stands for. A call on another object
//! (`self.client.start()`) follows a stop of that object (`await self.client.stop()`) where the
//! method's class cancels the task on every path of that method ([`stops`], read where the
//! method is defined). Either may stand under an `if` that says the task is live (`if
//! x._task and not x._task.done():`): past it the task is cancelled or was not running.

use std::collections::HashMap;

use tree_sitter::Node;

use super::methods::{invoked, method_of_class};
use crate::scan::source::SourceFile;
use crate::scan::syntax::{strip_parens, text, walk};

/// A statement before the call cancels `receiver.attribute`, itself or through a method (of the
/// class around the call on `self`, or one of `stops` on `receiver`).
pub(crate) fn before(
    call: Node,
    receiver: &str,
    attribute: &str,
    stops: &[(String, bool)],
    src: &str,
) -> bool {
    let task = Task {
        receiver,
        attribute,
        stops,
    };
    let mut statement = call;
    while let Some(parent) = statement.parent() {
        match parent.kind() {
            "function_definition" | "lambda" | "class_definition" => return false,
            // Before the loop: only its first round runs after the cancel.
            "for_statement" | "while_statement" => return false,
            "block" | "module" => {
                let mut before = statement.prev_named_sibling();
                while let Some(node) = before {
                    if task.stopped_by(node, call, src) {
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

/// The task asked about: `receiver.attribute`, and the methods of its class that cancel it on
/// every path (`stop`, and whether it is an `async def`).
struct Task<'a> {
    receiver: &'a str,
    attribute: &'a str,
    stops: &'a [(String, bool)],
}

impl Task<'_> {
    /// `statement` leaves the task cancelled or not running: the cancel itself, a method that
    /// cancels it, or either under an `if` (with no `else`) that says the task is live: where
    /// the test is false the task was not running.
    fn stopped_by(&self, statement: Node, call: Node, src: &str) -> bool {
        let cancel = format!("{}.{}.cancel()", self.receiver, self.attribute);
        if squeezed(statement, src) == cancel
            || (self.receiver == "self" && by_method(statement, call, self.attribute, src))
            || self.by_stop(statement, src)
            || crate::project::cancel_loop::cancels_each(
                statement,
                &format!("{}.{}", self.receiver, self.attribute),
                src,
            )
        {
            return true;
        }
        let task = format!("{}.{}", self.receiver, self.attribute);
        let (Some(test), Some(block)) = (
            statement.child_by_field_name("condition"),
            statement.child_by_field_name("consequence"),
        ) else {
            return false;
        };
        if statement.kind() != "if_statement"
            || statement.child_by_field_name("alternative").is_some()
            || !live(test, &task, src)
        {
            return false;
        }
        let mut cursor = block.walk();
        let mut statements = block.named_children(&mut cursor);
        statements.any(|s| self.stopped_by(s, call, src))
    }

    /// `await receiver.stop()` (or `receiver.stop()` of a `def`), `stop` one of [`Task::stops`].
    fn by_stop(&self, statement: Node, src: &str) -> bool {
        invoked(statement, src).is_some_and(|(awaited, object, name)| {
            object == self.receiver
                && (self.stops.iter())
                    .any(|(stop, is_async)| stop == name && (awaited || !is_async))
        })
    }
}

/// `test` is false only where `task` holds no live task: a test that it holds one (see
/// [`holds`]); both sides of an `and`, either side of an `or`.
fn live(test: Node, task: &str, src: &str) -> bool {
    let test = strip_parens(test);
    if test.kind() == "boolean_operator" {
        let side = |field| (test.child_by_field_name(field)).is_some_and(|s| live(s, task, src));
        return match test.child_by_field_name("operator").map(|o| o.kind()) {
            Some("and") => side("left") && side("right"),
            Some("or") => side("left") || side("right"),
            _ => false,
        };
    }
    holds(test, task, src) == Some(true)
}

/// The methods of the class around `function` (a class at the top of its module) whose body
/// cancels `self.attribute` on every path, each with whether it is an `async def`: a call of
/// one on an object of the class, elsewhere, stops its task. Only the class's header and the
/// methods that spell the cancel are parsed (the tree at hand may hold only the parts around
/// the task sites; parsing each class whole was a thirteenth of `audit`).
pub fn stops(function: Node, attribute: &str, source: &SourceFile) -> Vec<(String, bool)> {
    match class_of(function) {
        Some((class, body)) => class_stops(class, body, function, attribute, source),
        None => Vec::new(),
    }
}

/// [`stops`] read once per class, indent of its methods and attribute: a class with many
/// task sites reads its methods once (kept for a file's audit).
#[derive(Default)]
pub struct Stops(HashMap<(usize, usize, String), Vec<(String, bool)>>);

impl Stops {
    /// [`stops`] of `function`'s class, read the first time it is asked.
    pub fn of(
        &mut self,
        function: Node,
        attribute: &str,
        source: &SourceFile,
    ) -> Vec<(String, bool)> {
        let Some((class, body)) = class_of(function) else {
            return Vec::new();
        };
        let indent = function.start_position().column;
        let key = (class.start_byte(), indent, attribute.to_owned());
        (self.0.entry(key))
            .or_insert_with(|| class_stops(class, body, function, attribute, source))
            .clone()
    }
}

/// The class around `function` (a class at the top of its module) and its body.
fn class_of(function: Node) -> Option<(Node, Node)> {
    let mut class = function.parent();
    if class.is_some_and(|c| c.kind() == "decorated_definition") {
        class = class.and_then(|c| c.parent());
    }
    class
        .filter(|b| b.kind() == "block")
        .and_then(|b| Some((b.parent()?, b)))
        .filter(|(c, _)| c.kind() == "class_definition" && c.start_position().column == 0)
}

/// [`stops`] of `class` (with its `body`), whose methods stand at `function`'s indent.
fn class_stops(
    class: Node,
    body: Node,
    function: Node,
    attribute: &str,
    source: &SourceFile,
) -> Vec<(String, bool)> {
    let src = source.text;
    let start = class.start_byte();
    let end = crate::scan::blocks::block_end(src, start, 0);
    let cancel = format!(".{attribute}.cancel()");
    // Most classes cancel nothing: no parse.
    if !src
        .get(start..end)
        .is_some_and(|code| code.contains(&cancel))
    {
        return Vec::new();
    }
    let indent = function.start_position().column;
    let header_end = source.line_start(body.start_byte());
    let mut ranges = Vec::new();
    ranges.push(start..header_end);
    let mut at = header_end;
    while at < end {
        let line_end = src[at..end].find('\n').map_or(end, |i| at + i + 1);
        let line = &src[at..line_end];
        let code = line.trim_start_matches([' ', '\t']);
        let header = code.strip_prefix("async").map_or(code, str::trim_start);
        if line.len() - code.len() == indent && header.starts_with("def ") {
            let block = crate::scan::blocks::block_end(src, at, indent).min(end);
            if src[at..block].contains(&cancel) {
                ranges.push(at..block);
            }
        }
        at = line_end;
    }
    let mut parser = crate::scan::syntax::new_parser();
    let Some(tree) = crate::scan::syntax::parse_ranges(&mut parser, source, &ranges) else {
        return Vec::new();
    };
    let Some(body) = (tree.root_node().named_child(0))
        .filter(|c| c.kind() == "class_definition" && !c.has_error())
        .and_then(|c| c.child_by_field_name("body"))
    else {
        return Vec::new();
    };
    let mut cursor = body.walk();
    let methods = body.named_children(&mut cursor);
    methods
        .filter(|m| m.kind() == "function_definition")
        .filter(|m| {
            (m.child_by_field_name("body")).is_some_and(|b| cancels_always(b, attribute, src))
        })
        .filter_map(|m| {
            let name = text(m.child_by_field_name("name")?, src).to_owned();
            Some((name, m.child(0).is_some_and(|c| c.kind() == "async")))
        })
        .collect()
}

/// `statement` is `await self.m(...)` (or `self.m(...)` of a `def`), and `m`, a method of the
/// class around `call`, cancels `self.attribute` on every path.
fn by_method(statement: Node, call: Node, attribute: &str, src: &str) -> bool {
    let Some((awaited, "self", name)) = invoked(statement, src) else {
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

/// `self.attribute.cancel()` runs whenever the body does and the attribute holds a task: a
/// statement of the body, of a `with`, of a `try`'s own block (it runs first there: what the
/// handlers catch comes after it) or of an `if self.attribute:` (`is not None`), with no
/// `return` or `raise` before it but under `if self.attribute is None:` (`not self.attribute`,
/// `.done()`). On every way out the attribute holds no live task.
fn cancels_always(body: Node, attribute: &str, src: &str) -> bool {
    let cancel = format!("self.{attribute}.cancel()");
    let task = format!("self.{attribute}");
    always(body, Some(&task), src, |node| {
        node.kind() == "expression_statement" && squeezed(node, src) == cancel
    })
}

/// A statement of `body` that `is_it` runs whenever the body does: a statement of the body, of
/// a `with`, of a `try`'s own block, with no `return` or `raise` before it; with a `task`
/// (`self._t`), also one under `if self._t:`, and an exit under `if self._t is None:`.
pub(super) fn always(
    body: Node,
    task: Option<&str>,
    src: &str,
    is_it: impl Fn(Node) -> bool,
) -> bool {
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
        if is_it(node) {
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
                let condition = parent.child_by_field_name("condition");
                parent.child_by_field_name("consequence") == Some(at)
                    && task.is_some_and(|task| {
                        condition.is_some_and(|c| holds(c, task, src) == Some(true))
                    })
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
            && !task.is_some_and(|task| when_none(n, body, task, src));
        true
    });
    !exits_before
}

/// What `test` says of `task` (`self.a`): `Some(true)` that it holds a live task (`self.a`,
/// `self.a is not None`, `not self.a.done()`), `Some(false)` that it holds none (`self.a is
/// None`, `not self.a`, `self.a.done()`).
fn holds(test: Node, task: &str, src: &str) -> Option<bool> {
    let test = strip_parens(test);
    let squeezed = squeezed(test, src);
    match test.kind() {
        "not_operator" => holds(test.child_by_field_name("argument")?, task, src).map(|h| !h),
        "comparison_operator" => match squeezed.strip_prefix(task)? {
            "isnotNone" => Some(true),
            "isNone" => Some(false),
            _ => None,
        },
        "call" => (squeezed == format!("{task}.done()")).then_some(false),
        _ => (squeezed == task).then_some(true),
    }
}

/// `exit` (a `return` or `raise`) runs only under an `if` whose test says the attribute holds
/// no task: that way out leaves nothing live.
fn when_none(exit: Node, body: Node, task: &str, src: &str) -> bool {
    let mut at = exit;
    while let Some(parent) = at.parent().filter(|p| p.id() != body.id()) {
        if parent.kind() == "if_statement"
            && parent.child_by_field_name("consequence") == Some(at)
            && (parent.child_by_field_name("condition"))
                .is_some_and(|c| holds(c, task, src) == Some(false))
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
        before(call, "self", "_conn", &[], code)
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
    fn a_cancel_under_a_test_that_the_task_is_live_leaves_none_live() {
        let live = format!(
            "{CLASS}    async def again(self):\n        if self._conn and not self._conn.done():\n            await self.stop()\n        self._connect()\n"
        );
        assert!(ruled_out(&live));
        // Past an `or` whose one side says it is live, the task is stopped or that side false.
        let done = format!(
            "{CLASS}    async def again(self):\n        if self._conn or self._conn.done():\n            await self.stop()\n        self._connect()\n"
        );
        assert!(ruled_out(&done));
        let other = format!(
            "{CLASS}    async def again(self):\n        if self._conn and self._paused:\n            await self.stop()\n        self._connect()\n"
        );
        assert!(!ruled_out(&other));
        let otherwise = format!(
            "{CLASS}    async def again(self):\n        if self._conn:\n            await self.stop()\n        else:\n            pass\n        self._connect()\n"
        );
        assert!(!ruled_out(&otherwise));
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
