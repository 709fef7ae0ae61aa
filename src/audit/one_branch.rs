//! A task kept only by its frame (a local, a local container, or awaited there) whose every
//! await or cancel lies in a branch the function may skip: an `if` arm (unless every arm of
//! that `if`, `else` included, reads it) or an `except` clause. On the path that skips it the
//! frame ends with the task pending and nothing keeps it (betterproto's send task, cancelled
//! only in the bare `except:` around the response loop): the weakest path decides the risk.

use std::collections::HashMap;

use tree_sitter::Node;

use crate::detect::task_site::{Reference, TaskSite};
use crate::scan::source::SourceFile;
use crate::scan::syntax::{text, walk};

/// The first of the reads that would shut the task down, when every one of them is on a
/// branch the function may skip (an offset); `None` when one is on every path, or there is
/// none.
pub(super) fn only_on_a_branch(site: &TaskSite, src: &str, reads: &mut Reads) -> Option<usize> {
    if site.closure_frame.is_some() || site.frame_runner.is_some() || site.outcome_read {
        return None;
    }
    // Held by a frame that never ends (`while True:` after it), or until a callback it waits
    // for: no path leaves it.
    let mut loops = crate::detect::frame::EndlessLoops::default();
    if site.held_by_frame
        && (site.callback_only || crate::detect::frame::outlives(site.statement, src, &mut loops))
    {
        return None;
    }
    let name = match site.reference {
        Reference::Local | Reference::Awaited => site.local.as_deref()?,
        Reference::Collection if site.in_local_container => site.holder.as_deref()?,
        _ => return None,
    };
    let function = *(site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition")?;
    let body = function.child_by_field_name("body")?;
    let from = site.statement.end_byte();
    let all = reads.of(function, body, name, src);
    let later = &all[all.partition_point(|r| r.end <= from)..];
    let first = later.first()?.start;
    let skippable = |read: &Read| {
        !read.closure
            && (body.descendant_for_byte_range(read.start, read.end))
                .is_some_and(|node| on_a_branch(node, site.statement, name, src))
    };
    later.iter().all(skippable).then_some(first)
}

/// A read of a name in a function's body: an identifier, or a closure that spells it (what
/// runs the closure is not followed here).
#[derive(Clone, Copy)]
struct Read {
    start: usize,
    end: usize,
    closure: bool,
}

/// The reads of each name in each function's body, in source order, listed once: every site of
/// a name bound again and again asks for the reads after it.
#[derive(Default)]
pub(super) struct Reads(HashMap<(usize, usize, String), Vec<Read>>);

impl Reads {
    fn of(&mut self, function: Node, body: Node, name: &str, src: &str) -> &[Read] {
        let key = (function.start_byte(), function.end_byte(), name.to_owned());
        self.0.entry(key).or_insert_with(|| {
            let mut reads = Vec::new();
            walk(body, |node| {
                let read = |closure| Read {
                    start: node.start_byte(),
                    end: node.end_byte(),
                    closure,
                };
                if matches!(node.kind(), "function_definition" | "lambda") {
                    reads.extend(text(node, src).contains(name).then(|| read(true)));
                    return false;
                }
                if node.kind() == "identifier"
                    && text(node, src) == name
                    && !adds_or_looks(node, src)
                {
                    reads.push(read(false));
                }
                true
            });
            reads
        })
    }
}

/// `name.append(...)`, `name.add(...)`, `name.done()`: a read that keeps nothing and shuts
/// nothing down; also the binding's own target (`name = ...`).
fn adds_or_looks(node: Node, src: &str) -> bool {
    let Some(parent) = node.parent() else {
        return false;
    };
    match parent.kind() {
        "attribute" if parent.child_by_field_name("object") == Some(node) => {
            let method = parent
                .child_by_field_name("attribute")
                .map(|a| text(a, src));
            matches!(
                method,
                Some("append" | "add" | "extend" | "done" | "cancelled" | "get_name")
            )
        }
        "assignment" | "augmented_assignment" => parent.child_by_field_name("left") == Some(node),
        _ => false,
    }
}

/// `read` is inside an `except` clause, or an arm of an `if` not every arm of which (an `else`
/// among them) reads `name` and whose condition does not test the task, below the innermost
/// block around both it and `statement`, and inside no loop there.
fn on_a_branch(read: Node, statement: Node, name: &str, src: &str) -> bool {
    let mut branch = false;
    let mut child = read;
    while let Some(parent) = child.parent() {
        if parent.byte_range().contains(&statement.start_byte()) {
            return branch;
        }
        match parent.kind() {
            // A branch skipped in one turn of a loop may be taken in the next: which paths
            // leave is not read here.
            "for_statement" | "while_statement" => return false,
            "except_clause" | "except_group_clause" => branch = true,
            // The language: `a and b` / `a or b` evaluates `b` only when `a` does not decide,
            // and `x if c else y` evaluates one of its arms: a read there runs on some paths.
            "boolean_operator" => branch |= parent.child_by_field_name("right") == Some(child),
            "conditional_expression" => branch |= one_arm(parent, child, name, src),
            "if_statement" if !every_arm_reads(parent, name, src) => {
                // The condition itself runs on every path; one that tests the task (`if not
                // t.done():`) skips only where there is nothing left to stop.
                let condition = parent.child_by_field_name("condition");
                let tests_it = condition.is_some_and(|c| text(c, src).contains(name));
                branch |= condition != Some(child) && !tests_it;
            }
            _ => {}
        }
        child = parent;
    }
    false
}

/// `child` is an arm of `x if c else y` (not its condition) and the other arm does not read
/// `name`.
fn one_arm(expression: Node, child: Node, name: &str, src: &str) -> bool {
    let (first, second) = (expression.named_child(0), expression.named_child(2));
    let other = match Some(child) {
        c if c == first => second,
        c if c == second => first,
        _ => return false,
    };
    !other.is_some_and(|arm| text(arm, src).contains(name))
}

/// The `if` has an `else`, and each of its arms reads `name`.
fn every_arm_reads(statement: Node, name: &str, src: &str) -> bool {
    let mut cursor = statement.walk();
    let alternatives: Vec<Node> = statement
        .children_by_field_name("alternative", &mut cursor)
        .collect();
    let has_else = alternatives.iter().any(|a| a.kind() == "else_clause");
    let reads = |n: Option<Node>| n.is_some_and(|n| text(n, src).contains(name));
    has_else
        && reads(statement.child_by_field_name("consequence"))
        && alternatives.iter().all(|a| reads(Some(*a)))
}

/// The action for a task shut down on one branch only (`at`, the first read that would).
pub(super) fn action(at: Option<usize>, function: &str, source: &SourceFile) -> Option<String> {
    Some(format!(
        "await the task (cancel and await it, to stop it) on every path out of `{function}`, in \
         a `finally`: line {} does it on one branch only, and the frame that holds it ends on \
         the others",
        source.line_col(at?).0
    ))
}
