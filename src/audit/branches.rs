//! When the branches of an `if` keep a task in different ways (`if x: self._t = t` / `else:
//! self._pending.add(t)`, or one awaits it and the other does nothing), each branch's way, for
//! the entry to say so rather than name only the strongest. Only a task bound to a plain local
//! (`t = create_task(...)`) whose every keeping read lies in one `if` after the binding.

use std::collections::HashMap;

use tree_sitter::Node;

use crate::detect::callee::last_name;
use crate::detect::task_site::{Reference, TaskSite};
use crate::scan::source::SourceFile;
use crate::scan::syntax::{strip_parens, text, walk};

/// One branch of the `if`: its header's line, its header as written (`if x:`, `else:`, or
/// `otherwise` when there is no `else`), how it keeps the task, and in what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branch {
    pub line: usize,
    pub branch: String,
    pub reference: Reference,
    pub holder: Option<String>,
}

/// The branches, when they keep the task in different ways; empty otherwise.
pub(super) fn of(site: &TaskSite, source: &SourceFile, own: &mut OwnNames) -> Vec<Branch> {
    let src = source.text;
    let line_of = |at| source.line_col(at).0;
    let (Some(local), Some(function)) = (
        site.local.as_deref(),
        (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition"),
    ) else {
        return Vec::new();
    };
    if site.closure_frame.is_some() || !binds(site.statement, local, src) {
        return Vec::new();
    }
    let after = site.statement.end_byte();
    let Some(keeps) = keeping_reads(*function, local, after, src, own) else {
        return Vec::new();
    };
    let Some(&(first, _, _)) = keeps.first() else {
        return Vec::new();
    };
    // The innermost `if` after the binding that holds every keeping read.
    let mut choice = None;
    let mut node = first;
    while let Some(parent) = node.parent() {
        if parent.id() == function.id() {
            break;
        }
        let holds_all = keeps.iter().all(|(k, _, _)| {
            parent.start_byte() <= k.start_byte() && k.end_byte() <= parent.end_byte()
        });
        if parent.kind() == "if_statement" && parent.start_byte() >= after && holds_all {
            choice = Some(parent);
            break;
        }
        node = parent;
    }
    let Some(statement) = choice else {
        return Vec::new();
    };
    // Each arm: its code, where its header starts, and its header.
    let mut arms: Vec<(Node, usize, String)> = Vec::new();
    if let Some(body) = statement.child_by_field_name("consequence") {
        let condition = statement.child_by_field_name("condition");
        let header = format!("if {}:", condition.map_or("", |c| text(c, src)));
        arms.push((body, statement.start_byte(), header));
    }
    let mut has_else = false;
    let mut cursor = statement.walk();
    for clause in statement.children_by_field_name("alternative", &mut cursor) {
        let header = match clause.kind() {
            "elif_clause" => {
                let condition = clause.child_by_field_name("condition");
                format!("elif {}:", condition.map_or("", |c| text(c, src)))
            }
            _ => {
                has_else = true;
                "else:".to_owned()
            }
        };
        arms.push((clause, clause.start_byte(), header));
    }
    let mut branches: Vec<Branch> = arms
        .iter()
        .map(|(arm, at, header)| {
            let found = keeps.iter().find(|(k, _, _)| {
                arm.start_byte() <= k.start_byte() && k.end_byte() <= arm.end_byte()
            });
            let (reference, holder) =
                found.map_or((Reference::Local, None), |(_, r, h)| (*r, h.clone()));
            let header = header.split_whitespace().collect::<Vec<_>>().join(" ");
            Branch {
                line: line_of(*at),
                branch: header,
                reference,
                holder,
            }
        })
        .collect();
    if !has_else {
        branches.push(Branch {
            line: line_of(statement.start_byte()),
            branch: "otherwise".to_owned(),
            reference: Reference::Local,
            holder: None,
        });
    }
    let differ = branches
        .windows(2)
        .any(|w| (w[0].reference, &w[0].holder) != (w[1].reference, &w[1].holder));
    if differ { branches } else { Vec::new() }
}

/// A keeping read of one task.
type Keep<'t> = (Node<'t>, Reference, Option<String>);

/// Each function's identifiers in its own code (not in the functions, lambdas and classes
/// nested in it), by name: every site of a function reads its local's uses there, so they are
/// listed once per function, not walked once per site.
#[derive(Default)]
pub(super) struct OwnNames(HashMap<(usize, usize), HashMap<String, Vec<usize>>>);

impl OwnNames {
    /// Where `function`'s own code spells `name` as an identifier, in source order.
    fn of<'n>(&'n mut self, function: Node, name: &str, src: &str) -> &'n [usize] {
        let key = (function.start_byte(), function.end_byte());
        let names = self.0.entry(key).or_insert_with(|| {
            let mut names: HashMap<String, Vec<usize>> = HashMap::new();
            walk(function, |node| {
                if node.id() != function.id()
                    && matches!(
                        node.kind(),
                        "function_definition" | "lambda" | "class_definition"
                    )
                {
                    return false;
                }
                if node.kind() == "identifier" {
                    let spelt = text(node, src).to_owned();
                    names.entry(spelt).or_default().push(node.start_byte());
                }
                true
            });
            names
        });
        names.get(name).map_or(&[], Vec::as_slice)
    }
}

/// The reads of `local` after `after` in `function` (not in nested functions) that keep the
/// task; `None` when one does something else with it than call its methods (handed on,
/// compared, bound again), for then what keeps it is not known.
fn keeping_reads<'t>(
    function: Node<'t>,
    local: &str,
    after: usize,
    src: &str,
    own: &mut OwnNames,
) -> Option<Vec<Keep<'t>>> {
    let mut keeps: Vec<Keep> = Vec::new();
    let spelt = own.of(function, local, src);
    let later = &spelt[spelt.partition_point(|&at| at < after)..];
    for &at in later {
        let node = function.descendant_for_byte_range(at, at + local.len())?;
        match keeping(node, src) {
            Some((reference, holder)) => keeps.push((node, reference, holder)),
            // `t.add_done_callback(...)`, `t.cancel()`: a look at the task, no keep.
            None if method_called(node) => {}
            // Handed on, compared, bound again: what keeps it is not known.
            None => return None,
        }
    }
    Some(keeps)
}

/// `name.method(...)`: a call of one of the task's methods.
fn method_called(name: Node) -> bool {
    let attribute = name.parent().filter(|p| p.kind() == "attribute");
    attribute.is_some_and(|a| {
        a.child_by_field_name("object")
            .is_some_and(|o| o.id() == name.id())
            && a.parent().is_some_and(|c| c.kind() == "call")
    })
}

/// The statement binds `local` to the call (`t = create_task(...)`).
fn binds(statement: Node, local: &str, src: &str) -> bool {
    let assignment = statement
        .named_child(0)
        .filter(|a| a.kind() == "assignment");
    assignment
        .and_then(|a| a.child_by_field_name("left"))
        .is_some_and(|left| left.kind() == "identifier" && text(left, src) == local)
}

/// How the read `name` keeps the task: awaited (`await t`, `await gather(t)`), stored in an
/// attribute (`self._t = t`), added to a collection (`self._pending.add(t)`), or returned.
fn keeping(name: Node, src: &str) -> Option<(Reference, Option<String>)> {
    let mut child = name;
    let mut parent = name.parent()?;
    while matches!(
        parent.kind(),
        "parenthesized_expression" | "list_splat" | "list"
    ) {
        child = parent;
        parent = parent.parent()?;
    }
    let squeezed = |n: Node| -> String { text(n, src).split_whitespace().collect() };
    match parent.kind() {
        "await" => Some((Reference::Awaited, None)),
        "return_statement" => Some((Reference::Returned, None)),
        "assignment" => {
            let left = parent.child_by_field_name("left").map(strip_parens)?;
            let right = parent.child_by_field_name("right")?;
            (right.id() == child.id() && left.kind() == "attribute")
                .then(|| (Reference::Attribute, Some(squeezed(left))))
        }
        "argument_list" => {
            let call = parent.parent()?;
            let function = call.child_by_field_name("function")?;
            match last_name(function, src)? {
                "add" | "append" | "appendleft" => {
                    let holder = function.child_by_field_name("object")?;
                    Some((Reference::Collection, Some(squeezed(holder))))
                }
                "gather" | "wait" | "wait_for" | "shield"
                    if call.parent().is_some_and(|p| p.kind() == "await") =>
                {
                    Some((Reference::Awaited, None))
                }
                _ => None,
            }
        }
        _ => None,
    }
}
