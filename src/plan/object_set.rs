//! A task set the class keeps on another object it holds (issue 36's tenth exam, class 2:
//! astrbot_plugin_self_learning). In a method of a class whose `__init__` binds `self.a` once,
//! a method assigns `self.a.S = set()` (or `p.S = set()` through a local `p = self.a`), once in
//! the module, and the class cancels what the set holds (`for t in p.S: ... t.cancel()`): the
//! set is the object's keeper of tasks, and a site of the class keeps its task there, spelled
//! as the method reaches the object (`p.S`, where the method binds `p = self.a` before the
//! site, else `self.a.S`).
//!
//! Only where the set surely exists when the site runs: the assignment, or a call of the
//! method that makes it (a statement of that method's own body), is a statement before the
//! site in a block that holds it (so it ran, or the site is not reached).

use std::collections::HashMap;

use tree_sitter::Node;

use super::mechanism::{definition, empty_set_target, enclosing_method};
use crate::detect::Dropped;
use crate::scan::params::first_parameter;
use crate::scan::syntax::{statements, strip_parens, text, walk, written};

/// The set for the site, spelled as its method can use it. `spelt` keeps, by class, whether its
/// text spells a set and a cancel at all: asked once per class, not once per site.
pub(super) fn object_set(
    site: &Dropped,
    src: &str,
    spelt: &mut HashMap<usize, bool>,
) -> Option<String> {
    let method = site.placement.scope;
    let (class, receiver) = enclosing_method(site, src)?;
    // Cheap first: most classes make no set and cancel nothing.
    let spells_both = *spelt.entry(class.id()).or_insert_with(|| {
        let class_text = text(class, src);
        class_text.contains("set()") && class_text.contains(".cancel()")
    });
    if !spells_both {
        return None;
    }
    let methods: Vec<Node> = statements(class.child_by_field_name("body")?)
        .into_iter()
        .map(definition)
        .filter(|d| d.kind() == "function_definition")
        .collect();
    let sets = methods.iter().flat_map(|&m| sets_made(m, src));
    for made in sets {
        if !held_once(&methods, &made.holder, src)
            || assignments_to(class, &made.attribute, src) != 1
            || !cancels_elements(class, &made, src)
        {
            continue;
        }
        let made_before = |stmt: Node| {
            stmt.id() == made.statement.id() || calls_method(stmt, receiver, made.method, src)
        };
        if !before_site(site.stmt, method, made_before) {
            continue;
        }
        return Some(
            match alias_before(site.stmt, method, receiver, &made.holder, src) {
                Some(alias) => format!("{alias}.{}", made.attribute),
                None => format!("{receiver}.{}.{}", made.holder, made.attribute),
            },
        );
    }
    None
}

/// `self.a.S = set()`, as one method makes it.
struct Made<'t> {
    /// `a`.
    holder: String,
    /// `S`.
    attribute: String,
    statement: Node<'t>,
    method: Node<'t>,
}

/// The sets a method assigns on an object its instance holds, by statements of its own body.
fn sets_made<'t>(method: Node<'t>, src: &str) -> Vec<Made<'t>> {
    let (Some(receiver), Some(body)) = (
        first_parameter(method, src),
        method.child_by_field_name("body"),
    ) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for stmt in statements(body) {
        let Some(target) = empty_set_target(stmt, src) else {
            continue;
        };
        let Some((object, attribute)) = target.rsplit_once('.') else {
            continue;
        };
        let holder = match object.strip_prefix(&format!("{receiver}.")) {
            Some(holder) => Some(holder.to_owned()),
            None => alias_target(method, object, receiver, stmt, src),
        };
        if let Some(holder) = holder.filter(|h| is_name(h)) {
            found.push(Made {
                holder,
                attribute: attribute.to_owned(),
                statement: stmt,
                method,
            });
        }
    }
    found
}

/// `a` where `alias = self.a` is a statement of the method's body before `stmt`, and the method
/// binds `alias` nowhere else.
fn alias_target(
    method: Node,
    alias: &str,
    receiver: &str,
    stmt: Node,
    src: &str,
) -> Option<String> {
    let body = method.child_by_field_name("body")?;
    let bound = single_binding(body, alias, src)?;
    let value = text(bound.1, src).strip_prefix(&format!("{receiver}."))?;
    (is_name(value) && bound.0.end_byte() <= stmt.start_byte()).then(|| value.to_owned())
}

/// The one assignment statement of `alias` in `body` and its value, where the body (nested
/// functions and all) writes the name once, by a statement of its own.
fn single_binding<'t>(body: Node<'t>, alias: &str, src: &str) -> Option<(Node<'t>, Node<'t>)> {
    let mut bindings = 0;
    walk(body, |node| {
        if node.kind() == "identifier" && text(node, src) == alias && written(node) {
            bindings += 1;
        }
        true
    });
    if bindings != 1 {
        return None;
    }
    statements(body).into_iter().find_map(|stmt| {
        let assignment = stmt.named_child(0).filter(|n| n.kind() == "assignment")?;
        let left = assignment.child_by_field_name("left")?;
        (text(left, src) == alias)
            .then(|| Some((stmt, strip_parens(assignment.child_by_field_name("right")?))))?
    })
}

/// `p` where the site's method binds `p = self.<holder>` once, by a statement before the site.
fn alias_before(
    site: Node,
    method: Node,
    receiver: &str,
    holder: &str,
    src: &str,
) -> Option<String> {
    let body = method.child_by_field_name("body")?;
    let wanted = format!("{receiver}.{holder}");
    statements(body).into_iter().find_map(|stmt| {
        let assignment = stmt.named_child(0).filter(|n| n.kind() == "assignment")?;
        let left = assignment.child_by_field_name("left")?;
        let right = strip_parens(assignment.child_by_field_name("right")?);
        let alias = text(left, src);
        let ours = left.kind() == "identifier"
            && text(right, src) == wanted
            && stmt.end_byte() <= site.start_byte()
            && single_binding(body, alias, src).is_some_and(|(s, _)| s.id() == stmt.id());
        ours.then(|| alias.to_owned())
    })
}

fn is_name(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c == '_' || c.is_alphanumeric())
}

/// `self.a` is bound once in the class, by a statement of `__init__`'s own body.
fn held_once(methods: &[Node], holder: &str, src: &str) -> bool {
    let mut in_init = 0;
    let mut elsewhere = 0;
    for &method in methods {
        let Some(receiver) = first_parameter(method, src) else {
            continue;
        };
        let wanted = format!("{receiver}.{holder}");
        let is_init = method
            .child_by_field_name("name")
            .is_some_and(|n| text(n, src) == "__init__");
        let top: Vec<usize> = match (is_init, method.child_by_field_name("body")) {
            (true, Some(body)) => statements(body).iter().map(|s| s.id()).collect(),
            _ => Vec::new(),
        };
        walk(method, |node| {
            if matches!(node.kind(), "assignment" | "augmented_assignment")
                && node
                    .child_by_field_name("left")
                    .is_some_and(|l| text(l, src) == wanted)
            {
                let statement = node.parent().map(|p| p.id());
                match statement.is_some_and(|s| top.contains(&s)) {
                    true => in_init += 1,
                    false => elsewhere += 1,
                }
            }
            true
        });
    }
    in_init == 1 && elsewhere == 0
}

/// How many assignments in `root` write an attribute named `attribute` (`x.S = ...`,
/// `x.S += ...`, `del x.S`).
fn assignments_to(root: Node, attribute: &str, src: &str) -> usize {
    let mut count = 0;
    walk(root, |node| {
        let target = match node.kind() {
            "assignment" | "augmented_assignment" => node.child_by_field_name("left"),
            "delete_statement" => node.named_child(0),
            _ => None,
        };
        if let Some(target) = target
            && target.kind() == "attribute"
            && target
                .child_by_field_name("attribute")
                .is_some_and(|a| text(a, src) == attribute)
        {
            count += 1;
        }
        true
    });
    count
}

/// The class cancels the set's elements: `for t in <...>.S` (or `list(<...>.S)`) whose body
/// calls `t.cancel()`.
fn cancels_elements(class: Node, made: &Made, src: &str) -> bool {
    let suffix = format!(".{}", made.attribute);
    let mut found = false;
    walk(class, |node| {
        if node.kind() == "for_statement"
            && let (Some(left), Some(right), Some(body)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
                node.child_by_field_name("body"),
            )
        {
            let mut iterated = strip_parens(right);
            if iterated.kind() == "call"
                && iterated
                    .child_by_field_name("function")
                    .is_some_and(|f| matches!(text(f, src), "list" | "tuple" | "set"))
                && let Some(only) = iterated
                    .child_by_field_name("arguments")
                    .and_then(|a| a.named_child(0))
            {
                iterated = only;
            }
            let variable = text(left, src);
            found |= text(iterated, src).ends_with(&suffix)
                && left.kind() == "identifier"
                && text(body, src).contains(&format!("{variable}.cancel()"));
        }
        !found
    });
    found
}

/// `stmt` is `receiver.m(...)`, a call of `method`.
fn calls_method(stmt: Node, receiver: &str, method: Node, src: &str) -> bool {
    let Some(name) = method.child_by_field_name("name") else {
        return false;
    };
    let call = stmt
        .named_child(0)
        .filter(|n| stmt.kind() == "expression_statement" && n.kind() == "call");
    call.and_then(|c| c.child_by_field_name("function"))
        .is_some_and(|f| text(f, src) == format!("{receiver}.{}", text(name, src)))
}

/// A statement before `site` in a block that holds it, up to the method's body, for which
/// `made` holds.
fn before_site(site: Node, method: Node, made: impl Fn(Node) -> bool) -> bool {
    let mut node = site;
    while let Some(parent) = node.parent() {
        if parent.kind() == "block" {
            let mut sibling = node.prev_named_sibling();
            while let Some(previous) = sibling {
                if made(previous) {
                    return true;
                }
                sibling = previous.prev_named_sibling();
            }
        }
        if parent.id() == method.id() {
            return false;
        }
        node = parent;
    }
    false
}
