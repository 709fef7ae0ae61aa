//! A module's name is not what a function's own local of the same name is: the shutdown of a
//! module-level holder (`_tasks`) is looked for in the module's text with every function that
//! binds its own `_tasks` (a parameter, an assignment, a loop variable, no `global`) blanked
//! out, so that `shutdown_at` never points at another function's local.

use tree_sitter::Node;

use crate::scan::syntax::{text, walk};

/// The module's text with the functions that bind `name` locally blanked (offsets kept).
pub(super) fn without_shadowing(root: Node, name: &str, src: &str) -> Option<Vec<u8>> {
    let mut blanked: Vec<std::ops::Range<usize>> = Vec::new();
    walk(root, |node| {
        if node.kind() == "function_definition" && binds_locally(node, name, src) {
            blanked.push(node.byte_range());
            return false;
        }
        true
    });
    if blanked.is_empty() {
        return None;
    }
    let mut bytes = src.as_bytes().to_vec();
    for range in blanked {
        for b in bytes.get_mut(range).into_iter().flatten() {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    Some(bytes)
}

/// Whether `function` binds `name` as its own local: a parameter, or a binding in its body
/// (not in a nested function or class) with no `global` / `nonlocal` of it.
fn binds_locally(function: Node, name: &str, src: &str) -> bool {
    let parameter = function.child_by_field_name("parameters").is_some_and(|p| {
        let mut found = false;
        walk(p, |n| {
            found |= n.kind() == "identifier" && text(n, src) == name;
            !found
        });
        found
    });
    let Some(body) = function.child_by_field_name("body") else {
        return parameter;
    };
    let (mut bound, mut declared) = (false, false);
    walk(body, |n| {
        match n.kind() {
            "function_definition" | "class_definition" | "lambda" => return false,
            "global_statement" | "nonlocal_statement" => {
                declared |= text(n, src).split([' ', ',', '\t']).any(|w| w == name);
                return false;
            }
            "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
                let left = n.child_by_field_name("left");
                bound |= left.is_some_and(|l| names(l, src).contains(&name));
            }
            "as_pattern_target" => bound |= text(n, src) == name,
            _ => {}
        }
        true
    });
    parameter || (bound && !declared)
}

/// The names a binding's target binds (`a`, `a, b`, `(a, [b])`), not attributes or subscripts.
fn names<'s>(target: Node, src: &'s str) -> Vec<&'s str> {
    let mut found = Vec::new();
    walk(target, |n| match n.kind() {
        "identifier" => {
            found.push(text(n, src));
            false
        }
        "attribute" | "subscript" => false,
        _ => true,
    });
    found
}
