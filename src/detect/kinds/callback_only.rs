//! ## What it does
//! Finds a task bound to a name that is read only to register done callbacks:
//! `task = <task call>`, then only `task.add_done_callback(cb)`. Also the last of several
//! bindings of a name the function spells nowhere but in its bindings and done callbacks (the
//! earlier ones are `rebound`), in a loop too.
//!
//! Not reported where the frame visibly outlives the task's use: the function later cancels or
//! inspects the task, runs a loop that never ends, awaits the future or event that the task's
//! own done callback resolves, or asserts a container local to it that only that callback fills
//! (`assert seen`, `self.assertTrue(seen)`, with no `return` before).
//!
//! ## Why is this bad?
//! The task holds its callbacks, not the other way round: once the function returns nothing
//! holds the task, and it can be garbage-collected before it finishes, its callbacks never run.
//! ruff does not report it.
//!
//! ## Example
//! ```python
//! import asyncio
//!
//!
//! async def main():
//!     task = asyncio.create_task(work())
//!     task.add_done_callback(report)
//! ```
//!
//! Use instead:
//! ```python
//! import asyncio
//!
//! _background_tasks = set()
//!
//!
//! async def main():
//!     task = asyncio.create_task(work())
//!     _background_tasks.add(task)
//!     task.add_done_callback(_background_tasks.discard)
//!     task.add_done_callback(report)
//! ```
//!
//! ## Fix safety
//! The fix is the one for `unused-assignment`: the assignment stays as written, and a strong
//! reference that the task drops itself when done is added after it.

use tree_sitter::Node;

use super::rule::{
    Detector, FixAvailability, IT_CAN_BE_COLLECTED, Kind, Message, Rule, Shape, Spawn, Tier,
};
use crate::detect::dropped::Dropped;
use crate::detect::facts::Facts;
use crate::detect::lost::{Lost, binding, mark_lost};
use crate::detect::statement::Statement;
use crate::detect::task_site::{Reference, TaskSite};
use crate::scan::source::SourceFile;
use crate::scan::syntax::text;

pub(super) const RULE: Rule = Rule {
    kind: Kind::CallbackOnly,
    name: "callback-only",
    summary: "A task's name is read only to register done callbacks, which keep nothing alive.",
    tier: Tier::Preview,
    fix: FixAvailability::Always,
    shape: Shape::Named,
    spawn: Spawn::IfItReturns,
    detect: &[Detector::Statement(detect), Detector::Sites(mark)],
    evidence: "the language: only `add_done_callback` reads the task's name, and a done callback keeps nothing",
    source: include_str!("callback_only.rs"),
    message,
};

fn message(m: &Message) -> String {
    format!(
        "task returned by `{}` is assigned to `{}`, which only `add_done_callback` \
         reads{IT_CAN_BE_COLLECTED}",
        m.callee, m.target
    )
}

/// `name = <task call>`, bound once, in a function that reads `name` only to register done
/// callbacks (a name bound several times is marked with the lost locals).
fn detect<'t>(s: &mut Statement<'t, '_, '_>) -> Option<Dropped<'t>> {
    let assigned = s.assignment()?;
    let (reads, callbacks) = (assigned.reads, assigned.callback_reads);
    // `name.set_name(...)` keeps nothing either.
    let others = (reads.saturating_sub(callbacks)).saturating_sub(assigned.naming_reads);
    if assigned.made.is_some() || callbacks == 0 || others != 0 || assigned.stores != 1 {
        return None;
    }
    // The frame, and the name in it, lives for good, or until the task is done.
    let name = text(assigned.target, s.src);
    if s.frame_outlives() || crate::detect::frame::waits_for_its_callback(s.expr, name, s.src) {
        return None;
    }
    let mut found = s.site(Kind::CallbackOnly, assigned.value);
    found.target = Some(assigned.target);
    Some(found)
}

/// The last of several bindings of a name that only done callbacks read (a single binding is
/// found as the walk reaches it): as for a name bound once, the task is dropped.
fn mark<'t>(
    tree: &'t tree_sitter::Tree,
    source: &SourceFile,
    facts: &Facts,
    sites: &mut [TaskSite<'t>],
) {
    for index in mark_lost(tree, source, facts, sites, last_binding) {
        sites[index].reference = Reference::Dropped;
    }
}

fn last_binding<'t>(
    site: &TaskSite<'t>,
    local: &str,
    expr: Node<'t>,
    src: &str,
) -> Option<Lost<'t>> {
    if expr.kind() != "assignment" || !last_binding_read_only_by_callbacks(site, local, src) {
        return None;
    }
    let (left, direct) = binding(expr, local, site.call, src)?;
    Some((Kind::CallbackOnly, Some(left), direct))
}

/// Whether every spelling of `local` in `function` outside the site's `statement` binds it
/// (`local = ...`, `for local in ...`) or is read in the body of such a loop, gives it a done callback (`local.add_done_callback(...)`), or compares it
/// with `None` by identity: nothing else, a closure or a `global` included, can read it. A
/// nested function that binds the name itself has a local of its own (the language's scope
/// rule). Before the statement, outside any loop, the name holds an earlier value, never the
/// task: what reads it there reads that (a closure's read aside, made when the closure runs).
fn only_bound_or_called_back(function: Node, statement: Node, local: &str, src: &str) -> bool {
    let in_loop = (site_ancestors(statement, function))
        .any(|a| matches!(a.kind(), "for_statement" | "while_statement"));
    let mut only = true;
    crate::scan::syntax::walk(function, |node| {
        if !only || node.byte_range() == statement.byte_range() {
            return false;
        }
        if node != function
            && matches!(node.kind(), "function_definition" | "lambda")
            && own_local(node, local, src)
        {
            return false;
        }
        if node.kind() == "identifier" && text(node, src) == local {
            // `global local` / `nonlocal local`: the binding is another scope's, wherever.
            let declared = (node.parent())
                .is_some_and(|p| matches!(p.kind(), "global_statement" | "nonlocal_statement"));
            // A closure reads the name when it runs, whatever its place.
            let closure = site_ancestors(node, function)
                .any(|a| matches!(a.kind(), "function_definition" | "lambda"));
            let earlier =
                !in_loop && !declared && !closure && node.end_byte() <= statement.start_byte();
            // In the body of a later `for local in ...`, the name holds the loop's value.
            let outward = site_ancestors(node, function);
            let loop_value = !declared
                && crate::detect::read_binding::reads_loop_target(
                    node,
                    outward,
                    statement.end_byte(),
                    local,
                    src,
                );
            only = earlier || loop_value || bound_or_called_back(node, src);
        }
        true
    });
    only
}

/// The ancestors of `node` up to (not including) `function`.
fn site_ancestors<'t>(node: Node<'t>, function: Node<'t>) -> impl Iterator<Item = Node<'t>> {
    std::iter::successors(node.parent(), |n| n.parent()).take_while(move |n| *n != function)
}

/// The nested scope binds `local` itself, with no `nonlocal` or `global` of it.
fn own_local(scope: Node, local: &str, src: &str) -> bool {
    let code = text(scope, src);
    if code.contains("nonlocal") || code.contains("global") {
        return false;
    }
    match scope.kind() {
        "lambda" => (scope.child_by_field_name("parameters"))
            .is_some_and(|p| crate::detect::scope::bound_anywhere(p, local, src)),
        _ => {
            crate::detect::scope::binding(scope, local, src) != crate::detect::scope::Binding::None
        }
    }
}

/// `local = ...`, `for local in ...`, `local.add_done_callback(...)`, `local is None`, `local is
/// not None`, `if local:`.
fn bound_or_called_back(node: Node, src: &str) -> bool {
    let Some(parent) = node.parent() else {
        return false;
    };
    match parent.kind() {
        "assignment" | "for_statement" => parent.child_by_field_name("left") == Some(node),
        "attribute" => {
            parent.child_by_field_name("object") == Some(node)
                && (parent.child_by_field_name("attribute"))
                    .is_some_and(|a| text(a, src) == "add_done_callback")
                && parent.parent().is_some_and(|c| c.kind() == "call")
        }
        "comparison_operator" | "if_statement" | "elif_clause" => {
            crate::detect::follow::tests_none(node, src)
        }
        _ => false,
    }
}

/// A site bound to `local` in a function that spells the name nowhere but in its bindings and
/// done callbacks (the last binding, or one of those in the branches of an `if`): nothing keeps
/// the task once the statement has run, in a loop too, where no read comes before the binding
/// either (the frame's own hold, `held_by_frame`, is decided before).
fn last_binding_read_only_by_callbacks(site: &TaskSite, local: &str, src: &str) -> bool {
    if !site.callback_only || site.rebound_at.is_some() {
        return false;
    }
    let Some(function) = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition")
    else {
        return false;
    };
    only_bound_or_called_back(*function, site.statement, local, src)
}
