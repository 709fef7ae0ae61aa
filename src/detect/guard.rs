//! Whether a method that binds a task to an attribute may lose the task the attribute held
//! (`unguarded`): not one that looks at it first, nor one that runs once per object or per
//! start. A method that binds a task to an attribute only in some state of its object, a state it
//! sets itself (`if self._ws is not None: return` ... `self._ws = ...`; `if not
//! self.is_closing: self._closing = True`), guards the rebinding through that state, even
//! when it never reads the task's attribute itself ([`crate::project::state`]).

use tree_sitter::Node;

use super::memo::Memo;
pub(super) use crate::project::state::definition_name;
use crate::project::state::{guarded_by_state, looks_through_helper};
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
