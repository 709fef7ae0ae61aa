//! A container that is a parameter (`def _spawn(self, tasks): tasks.add(create_task(...))`):
//! its shutdown is in the function that binds it and in the callers that hand it the same
//! name (`await self._spawn(tasks)` then `await gather(*tasks)`), never in another function's
//! own local of that name (issue 35, exam35v's dipdup `dipdup.py:884`).

use std::ops::Range;

use tree_sitter::Node;

use crate::detect::task_site::TaskSite;
use crate::scan::syntax::{root_of, strip_parens, text, walk};

/// The scopes of the site's holder when it is a bare name bound as a parameter of a function
/// around the site: that function, and each function of the file that calls it with the
/// holder's own name in that parameter's place. `None` when the holder is no such parameter,
/// or no such call is in the file.
pub(super) fn scopes(site: &TaskSite, src: &str) -> Option<Vec<Range<usize>>> {
    let holder = site.holder.as_deref()?;
    let whole = site.owner_scope.as_ref()? == &(0..src.len());
    let plain = holder
        .bytes()
        .all(|b| b == b'_' || b.is_ascii_alphanumeric());
    if !whole || !plain || site.owner.as_deref() != Some(holder) {
        return None;
    }
    let (function, position) = binding_function(site.call, holder, src)?;
    let name = function.child_by_field_name("name").map(|n| text(n, src))?;
    let mut scopes = vec![function.start_byte()..function.end_byte()];
    walk(root_of(site.call), |node| {
        if node.kind() == "call"
            && passes(node, name, holder, &position, src)
            && let Some(caller) = enclosing_function(node)
        {
            let scope = caller.start_byte()..caller.end_byte();
            if !scopes.contains(&scope) {
                scopes.push(scope);
            }
        }
        true
    });
    // No call of the file hands it on (an aiohttp hook is handed the application by the
    // framework): the same object may be any function's parameter of that name.
    (scopes.len() > 1).then_some(scopes)
}

/// Where a parameter stands in a function's list.
struct Position<'s> {
    /// Its index among the parameters, `self` or `cls` first for a method.
    index: usize,
    /// Whether the first parameter is `self` or `cls` (not passed by a call on an object).
    method: bool,
    name: &'s str,
}

/// The nearest function around `at` whose parameters bind `holder`, and its place there.
fn binding_function<'t, 's>(
    at: Node<'t>,
    holder: &'s str,
    src: &str,
) -> Option<(Node<'t>, Position<'s>)> {
    let mut node = at;
    while let Some(parent) = node.parent() {
        node = parent;
        if node.kind() == "class_definition" {
            return None;
        }
        if node.kind() != "function_definition" {
            continue;
        }
        let parameters = node.child_by_field_name("parameters")?;
        let mut cursor = parameters.walk();
        let names: Vec<&str> = (parameters.named_children(&mut cursor))
            .map(|p| parameter_name(p, src))
            .collect();
        if let Some(index) = names.iter().position(|n| *n == holder) {
            let method = matches!(names.first(), Some(&"self" | &"cls"));
            let name = holder;
            return Some((
                node,
                Position {
                    index,
                    method,
                    name,
                },
            ));
        }
    }
    None
}

/// The name a parameter binds (`tasks`, `tasks: set[Task]`, `tasks=None`); `""` for `*`.
fn parameter_name<'s>(parameter: Node, src: &'s str) -> &'s str {
    match parameter.kind() {
        "identifier" => text(parameter, src),
        "typed_parameter" => parameter
            .named_child(0)
            .filter(|n| n.kind() == "identifier")
            .map_or("", |n| text(n, src)),
        "default_parameter" | "typed_default_parameter" => parameter
            .child_by_field_name("name")
            .map_or("", |n| text(n, src)),
        _ => "",
    }
}

/// `name(...)` or `obj.name(...)` handing `holder` itself in the parameter's place: by
/// position or as `tasks=tasks`.
fn passes(call: Node, name: &str, holder: &str, position: &Position, src: &str) -> bool {
    let Some(function) = call.child_by_field_name("function") else {
        return false;
    };
    let on_object = function.kind() == "attribute";
    let called = match function.kind() {
        "identifier" => function,
        "attribute" => match function.child_by_field_name("attribute") {
            Some(attribute) => attribute,
            None => return false,
        },
        _ => return false,
    };
    let Some(arguments) = call.child_by_field_name("arguments") else {
        return false;
    };
    if text(called, src) != name {
        return false;
    }
    let skipped = usize::from(on_object && position.method);
    let mut index = skipped;
    let mut cursor = arguments.walk();
    for argument in arguments.named_children(&mut cursor) {
        let is_holder = |n: Node| {
            let n = strip_parens(n);
            n.kind() == "identifier" && text(n, src) == holder
        };
        match argument.kind() {
            "keyword_argument" => {
                let key = argument.child_by_field_name("name").map(|n| text(n, src));
                let value = argument.child_by_field_name("value");
                if key == Some(position.name) && value.is_some_and(is_holder) {
                    return true;
                }
            }
            "list_splat" | "dictionary_splat" => return false,
            _ => {
                if index == position.index && is_holder(argument) {
                    return true;
                }
                index += 1;
            }
        }
    }
    false
}

/// The innermost function around `node`.
fn enclosing_function(node: Node) -> Option<Node> {
    let mut at = node.parent();
    while let Some(node) = at {
        if node.kind() == "function_definition" {
            return Some(node);
        }
        at = node.parent();
    }
    None
}
