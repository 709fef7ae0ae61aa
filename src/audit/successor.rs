//! A task whose own coroutine binds the attribute that holds it to another task, then awaits
//! (wombot's `Timer`: `self._task = ensure_future(self._job())`, and `_job` sleeps, sets
//! `self._task = ensure_future(self._job())`, then `await self._callback()`). From that binding
//! on, the attribute holds the successor, and nothing of the object holds the task that is
//! still running: the language, read in the method's own body.

use tree_sitter::Node;

use super::fate::Risk;
use crate::detect::task_site::{Reference, TaskSite};
use crate::scan::syntax::{strip_parens, text, walk};

/// Where the task's coroutine moves its attribute on while it still has work to wait for.
pub(super) struct Successor {
    /// The method the task runs, dotted with its class (`Timer._job`).
    pub(super) method: String,
    /// The attribute, as written (`self._task`).
    pub(super) holder: String,
    /// The line of the binding, and of the first await after it.
    pub(super) bound: usize,
    pub(super) awaits: usize,
}

/// The site keeps its task in `self.<x>` and runs `self.<m>(...)`, an `async def` of the same
/// class whose body binds `self.<x>` to a value other than `None` or `False` and then, on the
/// path that goes on from that statement, awaits.
pub(super) fn of(site: &TaskSite, src: &str) -> Option<Successor> {
    if site.reference != Reference::Attribute {
        return None;
    }
    let holder = site.holder.as_deref()?;
    let attribute = holder.strip_prefix("self.")?;
    if !attribute.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let arguments = site.call.child_by_field_name("arguments")?;
    let coroutine = arguments.named_child(0).filter(|c| c.kind() == "call")?;
    let function = coroutine.child_by_field_name("function")?;
    let object = function.child_by_field_name("object")?;
    if function.kind() != "attribute" || text(object, src) != "self" {
        return None;
    }
    let name = text(function.child_by_field_name("attribute")?, src);
    let class = (site.enclosing.iter().rev()).find(|n| n.kind() == "class_definition")?;
    let method = method_named(*class, name, src)?;
    if method.child(0).is_none_or(|c| c.kind() != "async") {
        return None;
    }
    let body = method.child_by_field_name("body")?;
    let mut found = None;
    walk(body, |n| {
        if found.is_some()
            || matches!(
                n.kind(),
                "function_definition" | "lambda" | "class_definition"
            )
        {
            return false;
        }
        if n.kind() == "assignment" && binds(n, holder, src) {
            found = awaited_after(n, body).map(|a| (n, a));
        }
        found.is_none()
    });
    let (binding, awaited) = found?;
    let class_name = class
        .child_by_field_name("name")
        .map_or("", |n| text(n, src));
    Some(Successor {
        method: format!("{class_name}.{name}"),
        holder: holder.to_owned(),
        bound: binding.start_position().row + 1,
        awaits: awaited.start_position().row + 1,
    })
}

/// The `def` (plain or decorated) named `name` directly in the class's body.
fn method_named<'t>(class: Node<'t>, name: &str, src: &str) -> Option<Node<'t>> {
    let body = class.child_by_field_name("body")?;
    let mut cursor = body.walk();
    body.named_children(&mut cursor).find_map(|c| {
        let def = match c.kind() {
            "decorated_definition" => c.child_by_field_name("definition")?,
            _ => c,
        };
        let named = def.child_by_field_name("name").map(|n| text(n, src));
        (def.kind() == "function_definition" && named == Some(name)).then_some(def)
    })
}

/// `holder = value` (one target), the value not `None` or `False`.
fn binds(assignment: Node, holder: &str, src: &str) -> bool {
    let (Some(left), Some(right)) = (
        assignment.child_by_field_name("left"),
        assignment.child_by_field_name("right"),
    ) else {
        return false;
    };
    let left: String = text(strip_parens(left), src).split_whitespace().collect();
    let right = strip_parens(right);
    left == holder && !matches!(right.kind(), "none" | "false")
}

/// The first `await` in the statements that follow the one around `assignment`, in its block
/// and in each block around it up to `body` (not inside a nested function).
fn awaited_after<'t>(assignment: Node<'t>, body: Node<'t>) -> Option<Node<'t>> {
    let mut at = assignment;
    while at.id() != body.id() {
        let mut next = at.next_named_sibling();
        while let Some(statement) = next {
            if let Some(found) = first_await(statement) {
                return Some(found);
            }
            next = statement.next_named_sibling();
        }
        at = at.parent()?;
    }
    None
}

/// The first `await` in `node`, outside nested functions and lambdas.
fn first_await(node: Node) -> Option<Node> {
    let mut found = None;
    walk(node, |n| {
        if found.is_some()
            || matches!(
                n.kind(),
                "function_definition" | "lambda" | "class_definition"
            )
        {
            return false;
        }
        if n.kind() == "await" {
            found = Some(n);
        }
        found.is_none()
    });
    found
}

/// The entry's risks (as it is, and were its method not replacing it): at least medium with a
/// successor.
pub(super) fn risks(successor: Option<&Successor>, risk: Risk, unreplaced: Risk) -> (Risk, Risk) {
    match successor {
        Some(_) => (risk.max(Risk::Medium), unreplaced.max(Risk::Medium)),
        None => (risk, unreplaced),
    }
}

/// The entry's action and evidence, with a successor's.
pub(super) fn words(
    successor: Option<&Successor>,
    action: String,
    evidence: String,
) -> (String, String) {
    match successor {
        Some(found) => (found.action(), evidence + &found.evidence()),
        None => (action, evidence),
    }
}

impl Successor {
    /// The clause the evidence gains.
    fn evidence(&self) -> String {
        format!(
            "; but the task's own coroutine `{}` binds `{}` to another value (line {}) and \
             then still awaits (line {}): from there the attribute holds that one, and nothing \
             of the object holds this task until it ends",
            self.method, self.holder, self.bound, self.awaits
        )
    }

    /// The action: what to keep, and why.
    fn action(&self) -> String {
        format!(
            "keep the running task until it ends: `{}` rebinds `{}` (line {}) before it \
             finishes, so hold each task in a set of the object as well, discarded when done",
            self.method, self.holder, self.bound
        )
    }
}
