//! Whether a method that binds a task to an attribute may lose the task the attribute held
//! (`unguarded`): not one that looks at it first, nor one that runs once per object or per
//! start. A method that binds a task to an attribute only in some state of its object, a state it
//! sets itself (`if self._ws is not None: return` ... `self._ws = ...`; `if not
//! self.is_closing: self._closing = True`), guards the rebinding through that state, even
//! when it never reads the task's attribute itself.

use tree_sitter::Node;

use super::memo::Memo;
use crate::scan::params::first_parameter;
use crate::scan::syntax::{strip_parens, text};

/// The method assigns `self.x = create_task(...)` without first reading `self.x` (no
/// `if self.x is None`, no `self.x.cancel()`): a second call loses the first task.
pub(super) fn unguarded(target: Node, ancestors: &[Node], memo: &mut Memo) -> bool {
    let src = memo.src;
    let Some(method) = ancestors
        .iter()
        .rev()
        .find(|a| a.kind() == "function_definition")
    else {
        return false;
    };
    let name = definition_name(*method, src);
    // Run once per object (see `RUNS_ONCE`).
    if crate::project::callers::RUNS_ONCE.contains(&name) {
        return false;
    }
    // A service library's start hook runs once per start, after the stop before it.
    if crate::scan::contracts::start_hook(name, |module| imports_module(src, module)).is_some() {
        return false;
    }
    // The attribute's own name, so `getattr(self, "_task", None)` counts as a look too.
    let attribute = target
        .child_by_field_name("attribute")
        .map_or(text(target, src), |a| text(a, src));
    memo.first_word(*method, attribute)
        .is_none_or(|at| at + attribute.len() > target.start_byte())
        && !guarded_by_state(target, *method, src)
        && !of_a_new_object(target, *method, src)
        && !super::awaited_binding::awaited_next(target, src)
        && !looks_through_helper(target, *method, attribute, src)
}

/// `self.cancel()` (or `await self.stop()`) as a statement before the binding, on every path to
/// it, where that method of the same class names the attribute: the look at the old task is
/// the helper's. An `async def` runs
/// only when its call is awaited. The helper is read off the text: the tree holds only the
/// parts of the file around its task sites.
fn looks_through_helper(target: Node, method: Node, attribute: &str, src: &str) -> bool {
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

/// `op.task = create_task(...)` where `op = Operation(...)` is made just before in the same
/// function: a new object's attribute holds no earlier task, however often the method runs.
fn of_a_new_object(target: Node, method: Node, src: &str) -> bool {
    let object = target.child_by_field_name("object").map(strip_parens);
    let body = method.child_by_field_name("body");
    // `self.x`: the object is the method's own, never made in it (and its body is not walked).
    let own = first_parameter(method, src);
    match (object, body) {
        (Some(object), Some(body))
            if object.kind() == "identifier" && Some(text(object, src)) != own =>
        {
            crate::project::made::made_fresh(target, text(object, src), body, src)
        }
        _ => false,
    }
}

/// Whether a line of `src` imports `module` or one of its submodules (`import mode`, `from
/// mode.threads import ServiceThread`).
fn imports_module(src: &str, module: &str) -> bool {
    src.lines().any(|line| {
        let code = line.trim_start();
        let Some(rest) = (code.strip_prefix("import "))
            .or_else(|| code.strip_prefix("from "))
            .map(str::trim_start)
            .and_then(|rest| rest.strip_prefix(module))
        else {
            return false;
        };
        rest.starts_with(['.', ' ', '\t', ',']) || rest.is_empty()
    })
}

/// Whether an `if` around `target` (in `method`), or one at the top of `method` before it that
/// returns or raises, tests an attribute of the method's first parameter that the method
/// itself assigns (a flag it checks and sets; `is_closing` stands for `_closing`).
pub(super) fn guarded_by_state(target: Node, method: Node, src: &str) -> bool {
    let Some(owner) = first_parameter(method, src) else {
        return false;
    };
    let set = attributes_of(method, owner, src, true);
    if set.is_empty() {
        return false;
    }
    let tests_owner = |condition: Option<Node>| {
        condition
            .is_some_and(|c| (attributes_of(c, owner, src, false).iter()).any(|a| set.contains(a)))
    };
    // An `if` (or `elif`) whose branch holds the binding.
    let mut node = target;
    while let Some(parent) = node.parent() {
        if parent.id() == method.id() {
            break;
        }
        if matches!(parent.kind(), "if_statement" | "elif_clause")
            && parent.child_by_field_name("condition").map(|c| c.id()) != Some(node.id())
            && tests_owner(parent.child_by_field_name("condition"))
        {
            return true;
        }
        node = parent;
    }
    // An early exit at the top of the body: `if self._ws is not None: return`.
    let Some(body) = method.child_by_field_name("body") else {
        return false;
    };
    let mut cursor = body.walk();
    for statement in body.named_children(&mut cursor) {
        if statement.start_byte() >= target.start_byte() {
            break;
        }
        let exits = statement
            .child_by_field_name("consequence")
            .and_then(|block| {
                let count = u32::try_from(block.named_child_count()).ok()?;
                block.named_child(count.checked_sub(1)?)
            })
            .is_some_and(|last| matches!(last.kind(), "return_statement" | "raise_statement"));
        if statement.kind() == "if_statement"
            && exits
            && tests_owner(statement.child_by_field_name("condition"))
        {
            return true;
        }
    }
    false
}

/// The stems of the attributes of `owner` in `node`: all that it reads, or (`assigned`) the
/// targets of its assignments.
fn attributes_of<'s>(node: Node, owner: &str, src: &'s str, assigned: bool) -> Vec<&'s str> {
    let mut found = Vec::new();
    // An assignment's target is asked for last, of an attribute of `owner` only: a node's
    // parent is a walk down from the root in tree-sitter (a tenth of detection when asked of
    // every node).
    let target = |n: Node| {
        n.parent().is_some_and(|p| {
            matches!(p.kind(), "assignment" | "augmented_assignment")
                && p.child_by_field_name("left").map(|l| l.id()) == Some(n.id())
        })
    };
    crate::scan::syntax::walk(node, |n| {
        if n.kind() == "attribute"
            && n.child_by_field_name("object")
                .map(strip_parens)
                .is_some_and(|o| o.kind() == "identifier" && text(o, src) == owner)
            && (!assigned || target(n))
            && let Some(attribute) = n.child_by_field_name("attribute")
        {
            found.push(stem(text(attribute, src)));
        }
        true
    });
    found
}

/// An attribute's name without its leading underscores and an `is_` prefix: `is_closing`, a
/// property, reads the `_closing` its class sets.
fn stem(name: &str) -> &str {
    let name = name.trim_start_matches('_');
    name.strip_prefix("is_").unwrap_or(name)
}

pub(super) fn definition_name<'s>(definition: Node, src: &'s str) -> &'s str {
    definition
        .child_by_field_name("name")
        .map_or("?", |n| text(n, src))
}
