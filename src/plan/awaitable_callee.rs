//! The task of a call whose callee the file annotates as returning an `Awaitable`
//! (`self.event_handler: Callable[[str], Awaitable[None]]`, pypck): mypy's typeshed takes only a
//! coroutine (or generator) in `create_task`, so it cannot infer the task's result type, and the
//! `task = create_task(...)` the fix writes needs its type spelled ("Need type annotation for
//! \"task\"", var-annotated). The project's own error at the call (arg-type) was there before.
//! The first such local in a function is annotated with the set's element type.

use std::collections::HashSet;

use tree_sitter::Node;

use crate::detect::Dropped;
use crate::detect::scope::{Binding, binding};
use crate::scan::syntax::{enclosing_function, first_element, statements, text, walk};

use super::header::Header;
use super::keeper::Keeper;
use super::model::ModulePlan;
use crate::detect::scope::UsedNames;

/// The annotation of the task's local (`asyncio.Task[Any]` or `asyncio.Task[object]`, as the
/// module spells asyncio), where the file could need one: it binds `asyncio` (a local's
/// annotation is never evaluated, so an import under `TYPE_CHECKING` serves), and not `object`
/// itself. None where the sets hold Futures (their element is not a Task's). The flag: the
/// result is `Any`, which the sets' element type then follows.
///
/// `Task[Any]` where the file imports `Any` from `typing` already: every mypy accepts it, also
/// those whose typeshed has an invariant `Task` (pypck pins mypy 0.790, where a `Task[None]`
/// is no `Task[object]`: `set.add` and `add_done_callback(set.discard)` are rejected).
/// Elsewhere `Task[object]`, which every mypy the harness pins (covariant `Task`) accepts,
/// rather than a new import.
pub fn task_annotation(
    root: Node,
    src: &str,
    header: &Header,
    futures: bool,
) -> Option<(String, bool)> {
    if futures || !src.contains("Awaitable") || binding(root, "object", src) != Binding::None {
        return None;
    }
    let asyncio = header.binding(src, src.len(), "asyncio", None)?;
    let any = header.binding(src, src.len(), "typing", Some("Any"));
    let result = any.as_ref().map_or("object", |any| any.spelling());
    Some((
        format!("{}.Task[{result}]", asyncio.spelling()),
        any.is_some(),
    ))
}

/// Each site's local's annotation where mypy cannot infer its type (see [`task_annotation`],
/// [`future_annotation`]); notes in `module.any_result` that the sets hold the typed local's
/// task, their element type then the same.
pub(super) fn local_types(
    sites: &[Dropped],
    keepers: &[Keeper],
    module: &mut ModulePlan,
) -> Vec<Option<String>> {
    let (root, src) = (module.root, module.source.text);
    let (task_type, any_result) =
        task_annotation(root, src, &module.header, module.futures).unzip();
    let concurrent = keepers.iter().any(|k| matches!(k, Keeper::Futures(_)));
    // A variable annotation is a syntax error before Python 3.6.
    let annotated = module.settings.min_python.at_least(3, 6);
    let future_type = (concurrent && annotated && src.contains("Awaitable"))
        .then(|| future_annotation(src, &module.header, &module.names));
    let callees = (task_type.as_ref().or(future_type.as_ref()))
        .map(|_| awaitable_callees(root, src))
        .unwrap_or_default();
    let types: Vec<Option<String>> = (sites.iter().zip(keepers))
        .map(|(site, keeper)| {
            let typed = match keeper {
                Keeper::Futures(_) => future_type.as_ref(),
                _ => task_type.as_ref(),
            };
            typed
                .filter(|_| awaitable_argument(site, src, &callees))
                .cloned()
        })
        .collect();
    module.any_result = any_result == Some(true)
        && (types.iter().zip(keepers))
            .any(|(t, k)| t.is_some() && !matches!(k, Keeper::Futures(_)));
    types
}

/// The annotation of a concurrent future's local (`future = run_coroutine_threadsafe(...)`)
/// whose coroutine is such a callee's: mypy cannot infer its `T` either. The element type of the
/// fix's set of concurrent futures, spelled as that set's declaration spells it (see
/// `names::resolve`: the module's own `concurrent.futures` and `Any`, else the imports the
/// declaration adds), so the local needs no import of its own.
pub fn future_annotation(src: &str, header: &Header, names: &UsedNames) -> String {
    let spelled = |module: &str, member: Option<&str>| {
        header
            .binding(src, src.len(), module, member)
            .map(|b| b.spelling().to_owned())
    };
    let futures = spelled("concurrent.futures", None).unwrap_or("concurrent.futures".to_owned());
    let typing = ["typing", "typing_extensions"];
    let any = (typing.iter().find_map(|m| spelled(m, Some("Any"))))
        .or_else(|| {
            typing
                .iter()
                .find_map(|m| spelled(m, None))
                .map(|m| format!("{m}.Any"))
        })
        .unwrap_or_else(|| match names.contains("Any") {
            true => "typing.Any".to_owned(),
            false => "Any".to_owned(),
        });
    super::annotation::concurrent_element(&futures, &any)
}

/// The names (last parts) the file annotates as a `Callable` returning an `Awaitable`: its
/// attributes, parameters and locals. One walk per file: a walk per site made `diff` on a long
/// module with many sites quadratic.
pub fn awaitable_callees<'s>(root: Node, src: &'s str) -> HashSet<&'s str> {
    let mut names = HashSet::new();
    // `QuoteUpdateCallback = Callable[[MarketData], Awaitable[None]]` (robo-trader): annotations
    // that name the alias return an `Awaitable` too.
    let mut aliases: HashSet<&str> = HashSet::new();
    walk(root, |node| {
        let (target, annotation) = match node.kind() {
            "assignment" => (
                node.child_by_field_name("left"),
                node.child_by_field_name("type"),
            ),
            "typed_parameter" => (node.named_child(0), node.child_by_field_name("type")),
            "typed_default_parameter" => (
                node.child_by_field_name("name"),
                node.child_by_field_name("type"),
            ),
            _ => (None, None),
        };
        let right = (node.kind() == "assignment")
            .then(|| node.child_by_field_name("right"))
            .flatten();
        match (target, annotation, right) {
            (Some(target), Some(annotation), _) => {
                let annotation = text(annotation, src);
                let aliased = annotation
                    .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                    .any(|word| aliases.contains(word));
                if (returns_awaitable(annotation) || aliased)
                    && let Some(name) = last_name(target, src)
                {
                    names.insert(name);
                }
            }
            (Some(target), None, Some(right))
                if target.kind() == "identifier"
                    && right.kind() == "subscript"
                    && returns_awaitable(text(right, src)) =>
            {
                aliases.insert(text(target, src));
            }
            // `self._on_quote_update = on_quote_update`: the attribute takes the parameter's type.
            (Some(target), None, Some(right))
                if target.kind() == "attribute"
                    && right.kind() == "identifier"
                    && names.contains(text(right, src)) =>
            {
                if let Some(name) = last_name(target, src) {
                    names.insert(name);
                }
            }
            _ => {}
        }
        true
    });
    names
}

/// Whether the task's coroutine argument is a call of a callee that the file annotates as a
/// `Callable` returning an `Awaitable` (not a `Coroutine`; `callees`, from
/// [`awaitable_callees`]): its attribute or parameter, or a local bound to one in the function
/// (`callback = self._output_command_callback`).
pub fn awaitable_argument(site: &Dropped, src: &str, callees: &HashSet<&str>) -> bool {
    let Some(argument) = site
        .call
        .child_by_field_name("arguments")
        .and_then(first_element)
        .filter(|a| a.kind() == "call")
    else {
        return false;
    };
    let Some(callee) = argument.child_by_field_name("function") else {
        return false;
    };
    let Some(name) = last_name(callee, src) else {
        return false;
    };
    callees.contains(name)
        || (callee.kind() == "identifier"
            && enclosing_function(site.stmt, &[])
                .and_then(|f| alias_of(f, name, src))
                .is_some_and(|alias| callees.contains(alias)))
}

/// `Callable[..., Awaitable[...]]`, also inside `Optional[...]` or `... | None`.
fn returns_awaitable(annotation: &str) -> bool {
    annotation.contains("Callable")
        && annotation.contains("Awaitable[")
        && !annotation.contains("Coroutine")
}

/// The name an identifier or attribute ends with (`event_handler` of `self.event_handler`).
fn last_name<'s>(node: Node, src: &'s str) -> Option<&'s str> {
    match node.kind() {
        "identifier" => Some(text(node, src)),
        "attribute" => node.child_by_field_name("attribute").map(|a| text(a, src)),
        _ => None,
    }
}

/// What a local of the function is bound to when that is a name or attribute
/// (`func = self._func`): the name it ends with.
fn alias_of<'s>(function: Node, name: &str, src: &'s str) -> Option<&'s str> {
    let body = function.child_by_field_name("body")?;
    statements(body).into_iter().find_map(|stmt| {
        let assignment = stmt.named_child(0).filter(|a| a.kind() == "assignment")?;
        let left = assignment.child_by_field_name("left")?;
        let right = assignment.child_by_field_name("right")?;
        (left.kind() == "identifier" && text(left, src) == name)
            .then(|| last_name(right, src))
            .flatten()
    })
}

/// Gives the task's local its type (`task: asyncio.Task[object] = ...`, `task_type`) where the
/// site's first new line (`first`) binds it first in its function, keeping the task in a set or
/// list: mypy takes a local's type from its first binding, so each binding is noted in
/// `bound_locals` (function, name), typed or not. None in a class body or at module level, where
/// an annotation is evaluated at import (`asyncio.Task[object]` raises before Python 3.9).
pub fn type_first_local(
    site: &Dropped,
    (temp, keeper): (&str, &Keeper),
    (first, task_type): (Option<&mut String>, Option<&str>),
    bound_locals: &mut HashSet<(usize, String)>,
) {
    let keeps = matches!(
        keeper,
        Keeper::Set(_) | Keeper::SetRemoving(_) | Keeper::List(_) | Keeper::Futures(_)
    );
    let Some(code) = first else { return };
    if temp.is_empty() || !keeps || !code.starts_with(&format!("{temp} = ")) {
        return;
    }
    let Some(function) = enclosing_function(site.stmt, &["class_definition", "lambda"]) else {
        return;
    };
    let first_binding = bound_locals.insert((function.id(), temp.to_owned()));
    if let Some(task_type) = task_type.filter(|_| first_binding) {
        *code = format!("{temp}: {task_type}{}", &code[temp.len()..]);
    }
}
