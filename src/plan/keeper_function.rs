//! A function (or method) that keeps the task it is given, or the task it makes of the coroutine
//! it is given: a body that adds it to a set and registers the set's `discard` as its done
//! callback. Every strategy reuses one (see `mechanism.rs`).

use tree_sitter::Node;

use super::keeper::Keeper;
use super::spawn::{Keywords, spawnable};
use crate::detect::Dropped;
use crate::scan::asyncio_api::TASK_FUNCTIONS;
use crate::scan::params::parameter_name;
use crate::scan::syntax::{first_element, statements, strip_parens, text};
use crate::settings::Takes;

/// A function (or method) that keeps the task it is given, or creates and keeps a task from the
/// coroutine it is given.
#[derive(Debug, Clone)]
pub(super) struct KeeperFunction<'t> {
    pub(super) name: String,
    /// It ends with `return <the task>`.
    pub(super) returns: bool,
    pub(super) def: Node<'t>,
    /// What it takes, and for a coroutine, the keywords it passes on to the task function.
    pub(super) takes: Takes,
    pub(super) keywords: Keywords,
}

impl KeeperFunction<'_> {
    /// The keeper for this site, called as `function`, if the site can use it.
    pub(super) fn keeper(&self, function: String, site: &Dropped, src: &str) -> Option<Keeper> {
        match self.takes {
            Takes::Task => Some(Keeper::Call {
                function,
                returns: self.returns,
            }),
            Takes::Coroutine => spawnable(site, src, &self.keywords, self.returns)
                .then_some(Keeper::Spawn(function)),
        }
    }
}

/// A function whose body adds its task parameter to a set and registers the set's discard.
pub(super) fn keeper_function<'t>(
    def: Node<'t>,
    src: &str,
    receiver: Option<&str>,
) -> Option<KeeperFunction<'t>> {
    let name = text(def.child_by_field_name("name")?, src).to_owned();
    let parameters = def.child_by_field_name("parameters")?;
    let mut cursor = parameters.walk();
    let mut params = parameters
        .named_children(&mut cursor)
        .filter_map(|p| parameter_name(p, src));
    if receiver.is_some() {
        params.next(); // `self`
    }
    let param = params.next()?;
    let body = def.child_by_field_name("body")?;
    if def.child(0).is_some_and(|c| text(c, src) == "async") {
        return None; // a coroutine function would need awaiting
    }
    let (task, takes, keywords) = match coroutine_task(body, src, param) {
        // `spawn(work())` must be a whole call of it: nothing else without a default.
        Some(_) if requires_more(parameters, src, param) => return None,
        // One that can return (or raise) before it makes the task drops the coroutine on that
        // path (py-xiaozhi's `TaskManager.spawn` while it shuts down): it keeps nothing there.
        Some((_, call)) if leaves_before(body, call) => return None,
        Some((task, call)) => (task, Takes::Coroutine, forwarded(def, param, call, src)),
        None => (param, Takes::Task, Keywords::None),
    };
    let body_text: String = text(body, src)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let set_added = body_text
        .match_indices(&format!(".add({task})"))
        .find_map(|(at, _)| {
            let before = &body_text[..at];
            let start = before
                .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                .map_or(0, |i| i + 1);
            Some(before[start..].to_owned()).filter(|s| !s.is_empty())
        })?;
    if !body_text.contains(&format!("{task}.add_done_callback({set_added}.discard)")) {
        return None;
    }
    // A `WeakSet` (or weak mapping) holds nothing: the task can be collected in it.
    if weak_holder(def, &set_added, src) {
        return None;
    }
    let returns = statements(body)
        .last()
        .is_some_and(|last| text(*last, src).split_whitespace().eq(["return", task]));
    Some(KeeperFunction {
        name,
        returns,
        def,
        takes,
        keywords,
    })
}

/// Whether the file binds `holder` (`_tasks`, `self._tasks`) to a weak container anywhere
/// (`weakref.WeakSet()`, `WeakValueDictionary()`, `WeakKeyDictionary()`): one such binding and
/// the keeper proves nothing.
fn weak_holder(def: Node, holder: &str, src: &str) -> bool {
    let mut root = def;
    while let Some(parent) = root.parent() {
        root = parent;
    }
    let mut weak = false;
    crate::scan::syntax::walk(root, |node| {
        if node.kind() == "assignment"
            && let Some(left) = node.child_by_field_name("left")
            && text(left, src) == holder
            && let Some(right) = node.child_by_field_name("right").map(strip_parens)
            && right.kind() == "call"
            && let Some(function) = right.child_by_field_name("function")
        {
            let called = text(function, src);
            let name = called.rsplit('.').next().unwrap_or(called);
            weak |= matches!(
                name,
                "WeakSet" | "WeakValueDictionary" | "WeakKeyDictionary"
            );
        }
        !weak
    });
    weak
}

/// Whether a statement of `body` before the one holding `call` can return or raise (a nested
/// function's or class's own statements left out).
fn leaves_before(body: Node, call: Node) -> bool {
    let mut leaves = false;
    for stmt in statements(body) {
        if stmt.end_byte() > call.start_byte() {
            break;
        }
        crate::scan::syntax::walk(stmt, |node| {
            leaves |= matches!(node.kind(), "return_statement" | "raise_statement");
            !leaves
                && !matches!(
                    node.kind(),
                    "function_definition" | "lambda" | "class_definition"
                )
        });
    }
    leaves
}

/// Whether a parameter after `coro` has no default (`def spawn(coro, group)`).
fn requires_more(parameters: Node, src: &str, coro: &str) -> bool {
    let mut cursor = parameters.walk();
    let after = (parameters.named_children(&mut cursor))
        .skip_while(|p| parameter_name(*p, src) != Some(coro))
        .skip(1);
    // A plain name, or a typed one (`*args: T` is typed too, and optional).
    let plain = |p: &Node| {
        p.kind() == "identifier"
            || (p.kind() == "typed_parameter"
                && p.named_child(0).is_some_and(|n| n.kind() == "identifier"))
    };
    after.into_iter().any(|p| plain(&p))
}

/// `task = asyncio.create_task(coro, ...)` (or `ensure_future`, a loop's `create_task`) in the
/// body, of its parameter `coro`: the task's name and the call.
pub(super) fn coroutine_task<'t, 's>(
    body: Node<'t>,
    src: &'s str,
    coro: &str,
) -> Option<(&'s str, Node<'t>)> {
    statements(body).into_iter().find_map(|stmt| {
        let assignment = stmt.named_child(0).filter(|n| n.kind() == "assignment")?;
        let left = assignment.child_by_field_name("left")?;
        let call = strip_parens(assignment.child_by_field_name("right")?);
        let function = call.child_by_field_name("function")?;
        let name = text(function, src).rsplit('.').next()?;
        let first = first_element(call.child_by_field_name("arguments")?)?;
        (left.kind() == "identifier"
            && call.kind() == "call"
            && TASK_FUNCTIONS.contains(&name)
            && text(first, src) == coro)
            .then(|| (text(left, src), call))
    })
}

/// The keywords a coroutine keeper passes on to its task function: its parameters after the
/// coroutine that the call passes by name (`name=name`), or any, when it forwards `**kwargs`.
fn forwarded(def: Node, coro: &str, call: Node, src: &str) -> Keywords {
    let Some(parameters) = def.child_by_field_name("parameters") else {
        return Keywords::None;
    };
    let call_text: String = text(call, src).split_whitespace().collect();
    let mut cursor = parameters.walk();
    let mut names = Vec::new();
    let after = parameters
        .named_children(&mut cursor)
        .skip_while(|p| parameter_name(*p, src) != Some(coro))
        .skip(1);
    for param in after {
        if param.kind() == "dictionary_splat_pattern" {
            let splat = format!("**{}", text(param, src).trim_start_matches('*'));
            if call_text.contains(&splat) {
                return Keywords::Any;
            }
        } else if let Some(name) = parameter_name(param, src)
            && call_text.contains(&format!("{name}={name}"))
        {
            names.push(name.to_owned());
        }
    }
    match names.is_empty() {
        true => Keywords::None,
        false => Keywords::Named(names),
    }
}
