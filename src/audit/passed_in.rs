//! A container that is a parameter (`def _spawn(self, tasks): tasks.add(create_task(...))`):
//! its shutdown is in the function that binds it and in the callers that hand it the same
//! name (`await self._spawn(tasks)` then `await gather(*tasks)`), never in another function's
//! own local of that name (issue 35, exam35v's dipdup `dipdup.py:884`).

use std::ops::Range;

use tree_sitter::Node;

use super::names;
use crate::detect::task_site::TaskSite;
use crate::scan::syntax::text;

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
    let own = function.start_byte()..function.end_byte();
    let mut scopes = Vec::from([own]);
    // The file's text, not its tree: a large file's tree may hold only the parts around sites.
    for caller in callers(src, name, holder, &position) {
        if !scopes.contains(&caller) {
            scopes.push(caller);
        }
    }
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

/// The functions of `src` (from their `def` to their end) that call `name(...)` or
/// `obj.name(...)` handing `holder` itself in the parameter's place: by position or as
/// `tasks=tasks`.
fn callers(src: &str, name: &str, holder: &str, position: &Position) -> Vec<Range<usize>> {
    let text = src.as_bytes();
    let mut found = Vec::new();
    for at in memchr::memmem::find_iter(text, name.as_bytes()) {
        let open = at + name.len();
        let defined = text[..at].trim_ascii_end().ends_with(b"def");
        if text.get(open) != Some(&b'(') || defined || !called_name(text, at) {
            continue;
        }
        let on_object = at > 0 && text[at - 1] == b'.';
        if !passes(&names::pieces(text, open), holder, on_object, position) {
            continue;
        }
        if let Some(start) = enclosing_def(src, at) {
            found.push(start..names::function_end(src, start));
        }
    }
    found
}

/// The name at `at` stands alone or after a dot (`_spawn(`, `self._spawn(`), not as the tail of
/// a longer name.
fn called_name(text: &[u8], at: usize) -> bool {
    at == 0 || !matches!(text[at - 1], b'_' | b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9')
}

/// Whether the call's arguments (`pieces`) hand `holder` in the parameter's place.
fn passes(pieces: &[&[u8]], holder: &str, on_object: bool, position: &Position) -> bool {
    let skipped = usize::from(on_object && position.method);
    let mut index = skipped;
    for piece in pieces {
        let piece = piece.trim_ascii();
        if piece.starts_with(b"*") {
            return false;
        }
        let keyword = memchr::memchr(b'=', piece).filter(|&i| piece.get(i + 1) != Some(&b'='));
        match keyword {
            Some(i) => {
                let key = piece[..i].trim_ascii();
                if key == position.name.as_bytes()
                    && piece[i + 1..].trim_ascii() == holder.as_bytes()
                {
                    return true;
                }
            }
            None => {
                if index == position.index && piece == holder.as_bytes() {
                    return true;
                }
                index += 1;
            }
        }
    }
    false
}

/// The start of the line of the innermost `def` around `at` (by indentation), if any.
fn enclosing_def(src: &str, at: usize) -> Option<usize> {
    let line_start = |i: usize| src[..i].rfind('\n').map_or(0, |n| n + 1);
    let indent = |line: &str| line.len() - line.trim_start().len();
    let mut start = line_start(at);
    let mut level = indent(src[start..].lines().next().unwrap_or_default());
    while start > 0 {
        start = line_start(start - 1);
        let line = src[start..].lines().next().unwrap_or_default();
        let body = line.trim_start();
        // `) -> Result:` closes a bracket (a `def` header over several lines): no header.
        let closes = body.starts_with([')', ']', '}']);
        if body.is_empty() || body.starts_with('#') || closes || indent(line) >= level {
            continue;
        }
        if body.starts_with("def ") || body.starts_with("async def ") {
            return Some(start + indent(line));
        }
        if body.starts_with("class ") {
            return None;
        }
        level = indent(line);
    }
    None
}
