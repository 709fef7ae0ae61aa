//! `rebound` of an attribute: `self._t = create_task(a())` straight followed by `self._t =
//! create_task(b())` in the same block. Nothing runs between the two bindings that could read
//! the first task (no statement between them, and the second value runs no code of the
//! program: it makes a task of a coroutine function's call, whose body does not run there), so
//! the attribute was its only reference, and the second binding drops it. Any other statement
//! between, any call that could run code, or a descriptor the file defines for the attribute
//! (a property, `__setattr__`) leaves the attribute the keeper, as before.

use tree_sitter::Node;

use super::dropped::Dropped;
use super::facts::Facts;
use super::kinds::kind::Kind;
use super::task_site::{Creator, Reference, TaskSite};
use super::verdict::Verdict;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{strip_parens, text};

/// Marks the sites whose attribute is bound again by the next statement before anything could
/// read it.
pub fn mark_replaced<'t>(
    tree: &'t tree_sitter::Tree,
    source: &SourceFile,
    facts: &Facts,
    sites: &mut [TaskSite<'t>],
) {
    let src = source.text;
    let root = tree.root_node();
    let mut replaced = Vec::new();
    for (index, site) in sites.iter().enumerate() {
        if site.reference != Reference::Attribute
            || !matches!(site.verdict, Verdict::Kept { by: None })
        {
            continue;
        }
        let stmt = site.statement;
        if let Some(left) = replaced_at_once(stmt, site.call, src, sites, root) {
            // A `noqa` silences the drop, not the finding (see `TaskSite::mark_dropped`).
            replaced.push((index, stmt, left, facts.silences(stmt, source)));
        }
    }
    if replaced.is_empty() {
        return;
    }
    let placements = super::placement::placements_of(root, replaced.iter().map(|r| r.1));
    for (index, stmt, left, silenced) in replaced {
        let (Some(&placement), Some(expr)) = (
            placements.get(&stmt.id()),
            stmt.named_child(0).map(strip_parens),
        ) else {
            continue;
        };
        let site = &mut sites[index];
        let found = Dropped {
            kind: Kind::Rebound,
            stmt,
            call: site.call,
            expr,
            target: Some(left),
            unfixable: None,
            placement,
            factory: None,
        };
        site.mark_dropped(found, silenced);
        // The attribute holds the second task: the first has no owner to shut it down.
        site.reference = Reference::Dropped;
        (site.holder, site.owner, site.owner_scope) = (None, None, None);
        site.shutdown_unknown = false;
        site.unguarded_rebind = false;
    }
}

/// The attribute `stmt` binds to `call`, when the next statement binds it again and runs no
/// code in between that could read it.
fn replaced_at_once<'t>(
    stmt: Node<'t>,
    call: Node<'t>,
    src: &str,
    sites: &[TaskSite<'t>],
    root: Node<'t>,
) -> Option<Node<'t>> {
    let left = attribute_binding(stmt, src)?;
    let (object, _) = attribute_parts(left, src)?;
    let first = stmt.named_child(0).map(strip_parens)?;
    if first.child_by_field_name("right").map(strip_parens) != Some(call) {
        return None;
    }
    let mut next = stmt.next_named_sibling();
    while let Some(n) = next.filter(|n| n.kind() == "comment") {
        next = n.next_named_sibling();
    }
    let next = next?;
    let again = attribute_binding(next, src)?;
    if !same(again, left, src) {
        return None;
    }
    let value = next
        .named_child(0)
        .and_then(|a| a.child_by_field_name("right"))
        .map(strip_parens)?;
    let attribute = attribute_parts(left, src)?.1;
    let runs_nothing = inert(value) || task_of_coroutine(value, object, src, sites, root);
    (runs_nothing && plain_attribute(attribute, root, src)).then_some(left)
}

/// `<identifier>.<name> = <value>` as a statement of its own: the attribute bound.
fn attribute_binding<'t>(stmt: Node<'t>, src: &str) -> Option<Node<'t>> {
    if stmt.kind() != "expression_statement" || stmt.named_child_count() != 1 {
        return None;
    }
    let assignment = stmt.named_child(0)?;
    // Not annotated (`self.t: Task = …`), as the prefilter reads it.
    if assignment.kind() != "assignment" || assignment.child_by_field_name("type").is_some() {
        return None;
    }
    let left = assignment.child_by_field_name("left")?;
    attribute_parts(left, src).map(|_| left)
}

/// `(object, name)` of `object.name` where the object is a plain name.
fn attribute_parts<'s>(left: Node, src: &'s str) -> Option<(&'s str, &'s str)> {
    let object = left.child_by_field_name("object")?;
    let name = left.child_by_field_name("attribute")?;
    (left.kind() == "attribute" && object.kind() == "identifier")
        .then(|| (text(object, src), text(name, src)))
}

fn same(a: Node, b: Node, src: &str) -> bool {
    attribute_parts(a, src).is_some() && attribute_parts(a, src) == attribute_parts(b, src)
}

/// A value whose evaluation runs no code of the program: a name, or a literal.
fn inert(value: Node) -> bool {
    match value.kind() {
        "identifier" | "integer" | "float" | "true" | "false" | "none" => true,
        // An f-string's fields call `__format__`.
        "string" => !has_child(value, "interpolation"),
        _ => false,
    }
}

fn has_child(node: Node, kind: &str) -> bool {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).any(|c| c.kind() == kind)
}

/// `create_task(<object>.m(args))` (or `ensure_future`, or `m(args)` of a bare name) that a
/// site of the file makes, where every `def m` of the file is an undecorated `async def`
/// (calling it makes a coroutine and runs none of its body) and the arguments are names or
/// literals: nothing of the program runs, so nothing reads the attribute.
fn task_of_coroutine(value: Node, object: &str, src: &str, sites: &[TaskSite], root: Node) -> bool {
    let creates = sites
        .iter()
        .any(|s| s.call == value && s.creator == Creator::Task)
        && value
            .child_by_field_name("function")
            .and_then(|f| super::callee::last_name(f, src))
            .is_some_and(|n| matches!(n, "create_task" | "ensure_future"));
    let Some(arguments) = value.child_by_field_name("arguments").filter(|_| creates) else {
        return false;
    };
    let mut cursor = arguments.walk();
    let mut coroutine = None;
    for argument in arguments.named_children(&mut cursor) {
        match argument.kind() {
            "keyword_argument" => {
                if !argument.child_by_field_name("value").is_some_and(inert) {
                    return false;
                }
            }
            "call" if coroutine.is_none() => coroutine = Some(argument),
            _ => return false,
        }
    }
    let Some(coroutine) = coroutine else {
        return false;
    };
    let name = match coroutine.child_by_field_name("function") {
        Some(f) if f.kind() == "identifier" => text(f, src),
        Some(f) => match attribute_parts(f, src) {
            Some((on, name)) if on == object => name,
            _ => return false,
        },
        None => return false,
    };
    let Some(arguments) = coroutine.child_by_field_name("arguments") else {
        return false;
    };
    let mut cursor = arguments.walk();
    let plain = arguments
        .named_children(&mut cursor)
        .all(|a| match a.kind() {
            "keyword_argument" => a.child_by_field_name("value").is_some_and(inert),
            _ => inert(a),
        });
    plain && only_async_defs(name, root, src)
}

/// Every `def name` of the file is an undecorated `async def`, and there is one.
fn only_async_defs(name: &str, root: Node, src: &str) -> bool {
    let defs = definitions(name, root, src);
    !defs.is_empty()
        && defs.iter().all(|d| {
            text(*d, src).starts_with("async")
                && d.parent()
                    .is_none_or(|p| p.kind() != "decorated_definition")
        })
}

/// The file defines no method of the attribute's name (a property whose setter could keep the
/// task) and no `__setattr__`.
fn plain_attribute(attribute: &str, root: Node, src: &str) -> bool {
    definitions(attribute, root, src).is_empty() && definitions("__setattr__", root, src).is_empty()
}

/// The function definitions of the file named `name` (read only for the rare pair of bindings).
fn definitions<'t>(name: &str, root: Node<'t>, src: &str) -> Vec<Node<'t>> {
    if crate::scan::words::whole(src, name).next().is_none() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.kind() == "function_definition"
            && node
                .child_by_field_name("name")
                .is_some_and(|n| text(n, src) == name)
        {
            found.push(node);
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    found
}
