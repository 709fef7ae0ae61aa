//! What a store into a holder keeps (see [`super::handling`]): the holder is made as a plain
//! container (a set, list, dict, deque) or as a weak one (`WeakSet`, `WeakValueDictionary`,
//! `WeakKeyDictionary`), which holds nothing; one made any other way, or bound to both, proves
//! nothing. A store keeps on every path only where it runs whenever the function runs to it,
//! and into a module's name only where the function does not bind that name for itself.

use std::cell::RefCell;
use std::collections::HashMap;

use tree_sitter::Node;

use crate::scan::syntax::{text, walk};

/// How strongly a holder keeps what is stored in it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Made {
    Strong,
    Weak,
}

/// The module's tree, with how each holder was found made in each scope (a class's methods
/// store into the same few holders, and looking one up walks the whole class).
pub(super) struct Module<'t> {
    pub(super) root: Node<'t>,
    made: RefCell<HashMap<(usize, String), Option<Made>>>,
}

impl<'t> Module<'t> {
    pub(super) fn new(root: Node<'t>) -> Self {
        Module {
            root,
            made: RefCell::default(),
        }
    }

    /// [`made_as`], looked up once per holder and scope.
    pub(super) fn made_as(
        &self,
        holder: &str,
        scope: Node,
        module: bool,
        src: &str,
    ) -> Option<Made> {
        let key = (scope.id(), holder.to_owned());
        if let Some(made) = self.made.borrow().get(&key) {
            return *made;
        }
        let made = made_as(holder, scope, module, src);
        self.made.borrow_mut().insert(key, made);
        made
    }
}

/// How the holder is bound in `scope` (its class, or the module's top level): every binding
/// a container of one known strength.
fn made_as(holder: &str, scope: Node, module: bool, src: &str) -> Option<Made> {
    let mut made = Vec::new();
    walk(scope, |node| {
        if node.kind() == "assignment"
            && let Some(left) = node.child_by_field_name("left")
            && text(left, src) == holder
        {
            made.push(node.child_by_field_name("right").map(|r| container(r, src)));
        }
        // A module's name is bound at its top level only.
        !module || matches!(node.kind(), "module" | "expression_statement")
    });
    let strengths: Vec<Option<bool>> = made.into_iter().map(|m| m.flatten()).collect();
    match strengths.first().copied().flatten() {
        Some(weak) if strengths.iter().all(|s| *s == Some(weak)) => {
            Some(if weak { Made::Weak } else { Made::Strong })
        }
        _ => None,
    }
}

/// Whether an expression makes a weak container (`Some(true)`), a plain one (`Some(false)`),
/// or something else.
fn container(value: Node, src: &str) -> Option<bool> {
    match value.kind() {
        "set" | "list" | "dictionary" => Some(false),
        "call" => {
            let function = text(value.child_by_field_name("function")?, src);
            let name = function.rsplit('.').next().unwrap_or(function);
            match name {
                "set" | "list" | "dict" | "deque" | "OrderedDict" | "defaultdict" => Some(false),
                "WeakSet" | "WeakValueDictionary" | "WeakKeyDictionary" => Some(true),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The function binds `name` in its own frame (an assignment, a `for`, a `with … as`).
pub(super) fn binds(body: Node, name: &str, src: &str) -> bool {
    let mut found = false;
    walk(body, |n| {
        found |=
            n.kind() == "identifier" && text(n, src) == name && crate::scan::syntax::written(n);
        !found
            && !matches!(
                n.kind(),
                "function_definition" | "class_definition" | "lambda"
            )
    });
    found
}

/// The function declares `global name`: its assignment binds the module's name.
pub(super) fn declares_global(body: Node, name: &str, src: &str) -> bool {
    let mut found = false;
    walk(body, |n| {
        found |= n.kind() == "global_statement" && mentions(n, name, src);
        !found
            && !matches!(
                n.kind(),
                "function_definition" | "class_definition" | "lambda"
            )
    });
    found
}

/// The node runs whenever the function runs to it from its start: every statement around it,
/// up to the body, is a plain block or a `with`, and no `return` or `raise` comes before it.
pub(crate) fn unconditional(node: Node, body: Node) -> bool {
    let mut at = node;
    while let Some(parent) = at.parent() {
        if parent.id() == body.id() {
            break;
        }
        let plain = matches!(
            parent.kind(),
            "block"
                | "expression_statement"
                | "with_statement"
                | "with_clause"
                | "with_item"
                | "assignment"
                | "augmented_assignment"
                | "call"
                | "argument_list"
                | "attribute"
                | "await"
                | "parenthesized_expression"
                | "keyword_argument"
                | "subscript"
        );
        if !plain {
            return false;
        }
        at = parent;
    }
    let mut exits_before = false;
    walk(body, |n| {
        if n.start_byte() >= node.start_byte() {
            return false;
        }
        exits_before |= matches!(n.kind(), "return_statement" | "raise_statement");
        !matches!(
            n.kind(),
            "function_definition" | "class_definition" | "lambda"
        )
    });
    !exits_before
}

pub(super) fn mentions(node: Node, name: &str, src: &str) -> bool {
    let mut found = false;
    walk(node, |n| {
        found |= n.kind() == "identifier" && text(n, src) == name;
        !found
    });
    found
}
