//! A helper of the class that looks at the task before a binding (see [`super`]): `self.cancel()`
//! or `await self.stop()` on every path before it, where that method names the attribute.

use tree_sitter::Node;

use super::methods::definition_name;
use crate::scan::params::first_parameter;
use crate::scan::syntax::text;

/// `self.cancel()` (or `await self.stop()`) as a statement before the binding, on every path to
/// it, where that method of the same class names the attribute: the look at the old task is
/// the helper's. An `async def` runs
/// only when its call is awaited. The helper is read off the text: the tree holds only the
/// parts of the file around its task sites.
pub fn looks_through_helper(target: Node, method: Node, attribute: &str, src: &str) -> bool {
    let (Some(owner), Some(body), Some(class)) = (
        first_parameter(method, src),
        method.child_by_field_name("body"),
        enclosing_class(method),
    ) else {
        return false;
    };
    let own = definition_name(method, src);
    let mut found = false;
    crate::scan::syntax::walk(body, |n| {
        if found || n.start_byte() >= target.start_byte() {
            return false;
        }
        let called = (n.kind() == "call")
            .then(|| n.child_by_field_name("function"))
            .flatten()
            .filter(|f| f.kind() == "attribute")
            .filter(|f| (f.child_by_field_name("object")).is_some_and(|o| text(o, src) == owner))
            .and_then(|f| f.child_by_field_name("attribute"))
            .map(|name| text(name, src))
            .filter(|&name| name != own)
            .and_then(|name| own_method(class, method, name, src));
        if let Some((is_async, helper)) = called {
            let awaited = n.parent().filter(|p| p.kind() == "await");
            let runs = !is_async || awaited.is_some();
            found = runs
                && hands_the_object(n, target, owner, src)
                && on_every_path(awaited.unwrap_or(n), target)
                && crate::scan::blocks::spelt(helper, attribute)
                    .next()
                    .is_some();
        }
        !found
    });
    found
}

/// The helper reaches the binding's object: it is the method's own (`self.x = ...`), or the
/// call passes it (`await self._terminate(session)` before `session.task = ...`).
fn hands_the_object(call: Node, target: Node, owner: &str, src: &str) -> bool {
    let Some(object) = target.child_by_field_name("object").map(|o| text(o, src)) else {
        return false;
    };
    object == owner
        || call
            .child_by_field_name("arguments")
            .is_some_and(|arguments| {
                let mut cursor = arguments.walk();
                arguments
                    .named_children(&mut cursor)
                    .any(|a| text(a, src) == object)
            })
}

/// `call` is a statement of its own in a block that holds `target` too: it runs before the
/// binding on every path to it (not in an `except` that re-raises, nor an `if` arm beside it).
fn on_every_path(call: Node, target: Node) -> bool {
    (call.parent())
        .filter(|s| s.kind() == "expression_statement")
        .and_then(|s| s.parent())
        .is_some_and(|block| block.byte_range().contains(&target.start_byte()))
}

/// The class `method` is defined in, directly or under its decorators.
fn enclosing_class(method: Node) -> Option<Node> {
    let mut node = method.parent()?;
    if node.kind() == "decorated_definition" {
        node = node.parent()?;
    }
    (node.kind() == "block")
        .then(|| node.parent())
        .flatten()
        .filter(|c| c.kind() == "class_definition")
}

/// The body of the class's one undecorated `def name` at `method`'s indentation, and whether it
/// is an `async def`; none when the class has several (which one runs is not read).
fn own_method<'s>(class: Node, method: Node, name: &str, src: &'s str) -> Option<(bool, &'s [u8])> {
    use crate::scan::{blocks, method_defs};
    let bytes = src.as_bytes();
    let line_start = |at: usize| memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let class_start = line_start(class.start_byte());
    let class_end = blocks::block_end(src, class_start, class.start_position().column);
    let indent = method.start_position().column;
    let mut defs = method_defs::defs_of(bytes.get(class_start..class_end)?, name)
        .map(|at| class_start + at)
        .filter_map(|at| {
            let head = &bytes[line_start(at)..at];
            let code = head.trim_ascii_start();
            let is_async = code.starts_with(b"async");
            let header = code.strip_prefix(b"async").unwrap_or(code);
            (head.len() - code.len() == indent && header.trim_ascii().is_empty())
                .then_some((is_async, at))
        });
    let (is_async, at) = defs.next()?;
    if defs.next().is_some() || decorated(bytes, line_start(at)) {
        return None;
    }
    // From the header's `:` on, so a one-line body counts and the parameters do not.
    let colon = method_defs::header_end(bytes, at)?;
    let end = blocks::block_end(src, line_start(colon), indent);
    Some((is_async, bytes.get(colon + 1..end)?))
}

/// Whether the code line above the one starting at `line` (past blank and comment lines) is a
/// decorator.
fn decorated(bytes: &[u8], line: usize) -> bool {
    let mut end = line;
    while end > 0 {
        let start = memchr::memrchr(b'\n', &bytes[..end - 1]).map_or(0, |i| i + 1);
        let code = bytes[start..end - 1].trim_ascii();
        if !code.is_empty() && !code.starts_with(b"#") {
            return code.starts_with(b"@");
        }
        end = start;
    }
    false
}
