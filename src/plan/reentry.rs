//! A singleton's `__init__` runs again on the one instance each time the class is called: an
//! instance set created at its start would be replaced, and the tasks it held dropped, by every
//! later construction (drussell23/JARVIS's `CUExecutionSensor`, exam36l). The set goes where
//! each construction that keeps the object reaches it once: after `__init__`'s re-entry guard
//! (`if self._initialized: ... return`, then `self._initialized = True`). A class whose
//! `__new__` hands back a cached instance while its `__init__` has no such guard keeps its
//! tasks in the module set instead, and so does a class derived from a base of another file
//! whose `__new__` does (apitally-py's `ApitallyClient(ApitallyClientBase)`; the bases come
//! from [`crate::project::singletons`]).

use tree_sitter::Node;

use crate::scan::params::first_parameter;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{statements, text, walk};

/// The last statement of `init`'s body that is a re-entry guard: an `if` without `elif` or
/// `else` whose block ends with `return`, tested on an attribute of the instance that the body
/// binds only after it. Only such a flag proves that the early return is taken by a later
/// construction of an object that already has its fields, the set among them; any other early
/// return (`if not config: return`) may leave a kept object that needs the set from the start.
pub(super) fn reentry_guard<'t>(init: Node<'t>, src: &str) -> Option<Node<'t>> {
    let receiver = first_parameter(init, src)?;
    let body = statements(init.child_by_field_name("body")?);
    let guard = (0..body.len()).rev().find(|&i| {
        let (before, after) = (&body[..i], &body[i + 1..]);
        returning_if(body[i]).is_some_and(|condition| {
            tested_attributes(condition, receiver, src)
                .iter()
                .any(|attr| {
                    let bound = |s: &Node| binds(*s, receiver, attr, src);
                    after.iter().any(bound) && !before.iter().any(bound)
                })
        })
    })?;
    Some(body[guard])
}

/// Where the set goes after `guard`: at the first line below it that holds a statement or a
/// comment of the body (above the comments over the next statement, which describe it).
pub(super) fn after_guard(guard: Node, source: &SourceFile) -> usize {
    let below = source.next_line_start(guard.end_byte());
    let mut next = guard.next_named_sibling();
    while let Some(node) = next {
        if node.start_byte() >= below {
            return source.line_start(node.start_byte());
        }
        next = node.next_named_sibling();
    }
    below
}

/// Whether the class's `__new__` hands back an instance it keeps (`return cls._instance`,
/// `cls._instances[key] = super().__new__(cls)`): `__init__` then runs on an object already
/// built.
pub(super) fn caches_instance(class: Node, src: &str) -> bool {
    let Some(body) = class.child_by_field_name("body") else {
        return false;
    };
    statements(body).into_iter().any(|stmt| {
        let def = super::mechanism::definition(stmt);
        let is_new = def.kind() == "function_definition"
            && (def.child_by_field_name("name")).is_some_and(|n| text(n, src) == "__new__");
        let (Some(cls), Some(new_body)) = (
            first_parameter(def, src).filter(|_| is_new),
            def.child_by_field_name("body"),
        ) else {
            return false;
        };
        // What it returns: a name may be the instance it also stores on the class.
        let mut returned = Vec::new();
        walk(new_body, |node| {
            if node.kind() == "return_statement" {
                returned.extend(node.named_child(0));
            }
            !matches!(node.kind(), "function_definition" | "lambda")
        });
        let mut caches = (returned.iter()).any(|v| matches!(v.kind(), "attribute" | "subscript"));
        // `cls._instance = super().__new__(cls)`, or `cls._instance = instance` of the name it
        // returns; a class attribute it sets for another reason (`cls.parsers_name = ...`,
        // steam.py's `Registerable`) keeps no instance.
        let stores_instance = |value: Node| {
            text(value, src).contains("__new__(")
                || (value.kind() == "identifier")
                    && (returned.iter())
                        .any(|r| r.kind() == "identifier" && text(*r, src) == text(value, src))
        };
        walk(new_body, |node| {
            if node.kind() == "assignment" {
                let left = node.child_by_field_name("left");
                let right = node.child_by_field_name("right");
                caches |= left.is_some_and(|l| on_object(l, cls, src))
                    && right.is_some_and(stores_instance);
            }
            !caches && !matches!(node.kind(), "function_definition" | "lambda")
        });
        caches
    })
}

/// The module's top-level classes whose `__new__` hands back an instance it keeps, for the files
/// that import them.
pub fn singleton_classes(root: Node, src: &str) -> Vec<String> {
    let mut found = Vec::new();
    for stmt in statements(root) {
        let class = super::mechanism::definition(stmt);
        if class.kind() == "class_definition" && caches_instance(class, src) {
            found.extend(
                class
                    .child_by_field_name("name")
                    .map(|n| text(n, src).to_owned()),
            );
        }
    }
    found
}

/// Whether one of `class`'s bases is spelled as one of `singletons` (another file's classes
/// whose `__new__` hands back an instance it keeps, as the module's imports spell them).
fn derives_from_one_of(class: Node, singletons: &[String], src: &str) -> bool {
    let Some(bases) = class.child_by_field_name("superclasses") else {
        return false;
    };
    let mut cursor = bases.walk();
    let named: Vec<Node> = bases.named_children(&mut cursor).collect();
    named
        .into_iter()
        .filter(|base| matches!(base.kind(), "identifier" | "attribute"))
        .any(|base| singletons.iter().any(|s| s == text(base, src)))
}

/// The condition of an `if` statement without `elif`/`else` whose block ends with `return`.
fn returning_if(stmt: Node) -> Option<Node> {
    if stmt.kind() != "if_statement" || stmt.child_by_field_name("alternative").is_some() {
        return None;
    }
    let block = stmt.child_by_field_name("consequence")?;
    let last = statements(block).pop()?;
    (last.kind() == "return_statement").then(|| stmt.child_by_field_name("condition"))?
}

/// The attributes of `receiver` a condition tests: `self.x`, and the names in strings of a
/// condition that names the receiver (`hasattr(self, "x")`, `"x" in self.__dict__`).
fn tested_attributes(condition: Node, receiver: &str, src: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut names_receiver = false;
    walk(condition, |node| {
        match node.kind() {
            "attribute" => {
                let object = node.child_by_field_name("object");
                if object.is_some_and(|o| text(o, src) == receiver) {
                    names.extend(node.child_by_field_name("attribute").map(|a| text(a, src)));
                }
            }
            "identifier" => names_receiver |= text(node, src) == receiver,
            "string_content" => names.push(text(node, src)),
            _ => {}
        }
        true
    });
    match names_receiver {
        true => names.into_iter().map(str::to_owned).collect(),
        false => Vec::new(),
    }
}

/// Whether `stmt` binds `receiver.attr` (at any depth outside nested functions).
fn binds(stmt: Node, receiver: &str, attr: &str, src: &str) -> bool {
    let target = format!("{receiver}.{attr}");
    let mut found = false;
    walk(stmt, |node| {
        if node.kind() == "assignment" {
            let left = node.child_by_field_name("left");
            found |= left.is_some_and(|l| text(l, src) == target);
        }
        !found && !matches!(node.kind(), "function_definition" | "lambda")
    });
    found
}

/// Whether an assignment's target is an attribute or item of `object` (`cls.x`, `cls.x[k]`).
fn on_object(target: Node, object: &str, src: &str) -> bool {
    let mut at = target;
    while matches!(at.kind(), "attribute" | "subscript") {
        let Some(inner) = at
            .child_by_field_name("object")
            .or_else(|| at.child_by_field_name("value"))
        else {
            return false;
        };
        if inner.kind() == "identifier" {
            return text(inner, src) == object;
        }
        at = inner;
    }
    false
}

/// Whether an instance set created in `init` (of `home`, the class that defines it) keeps the
/// tasks of `site` (in a method of `class`): it is not replaced by a later construction of the
/// one instance, and it exists before the site runs.
pub(super) fn instance_set_holds(
    (class, home, init): (Node, Node, Node),
    site: Node,
    (source, singletons): (&SourceFile, &[String]),
) -> bool {
    let src = source.text;
    let Some(guard) = reentry_guard(init, src) else {
        let cached = |c: Node| caches_instance(c, src) || derives_from_one_of(c, singletons, src);
        return !cached(class) && !cached(home);
    };
    // A site of `__init__` above the set runs before it exists, unless only re-entry runs it.
    let in_guard = guard.start_byte() <= site.start_byte() && site.end_byte() <= guard.end_byte();
    let in_init = init.start_byte() <= site.start_byte() && site.end_byte() <= init.end_byte();
    in_guard || !in_init || site.start_byte() >= after_guard(guard, source)
}
