//! ## What it does
//! Finds `started.append(<task call>)` (or `.add`, `.appendleft`, `.insert`, ...) into a list,
//! set, dict or deque created in the function (`started = []`, `set()`, ...) that is then
//! neither returned, stored, awaited (`gather(*started)`, `wait(a + b)`, or `await` of each in a
//! `for` loop), cancelled, passed on nor aliased. A nested function that adds to a container of
//! the function around it is judged by that function's reads. Also a task bound to a local
//! that is added to such a container, where the function spells the container nowhere but in
//! its one binding to an empty `set()` or `[]`, those adds and its tasks' done callbacks
//! (`task.add_done_callback(running.discard)`): the set and its tasks refer only to each
//! other once the frame is gone.
//!
//! ## Why is this bad?
//! The container dies with the frame, and its tasks with it: each is left with only the event
//! loop's weak reference and can be garbage-collected before it finishes.
//!
//! ## Example
//! ```python
//! import asyncio
//!
//!
//! async def main(jobs):
//!     started = []
//!     for job in jobs:
//!         started.append(asyncio.create_task(run(job)))
//! ```
//!
//! Use instead:
//! ```python
//! import asyncio
//!
//! _background_tasks = set()
//!
//!
//! async def main(jobs):
//!     started = []
//!     for job in jobs:
//!         task = asyncio.create_task(run(job))
//!         _background_tasks.add(task)
//!         task.add_done_callback(_background_tasks.discard)
//!         started.append(task)
//! ```
//!
//! ## Fix safety
//! Where the call is the whole argument, the fix keeps the task first (`task = <call>`, keep,
//! `started.append(task)`): the container gets the same task as before. A call nested in a tuple
//! or another expression is reported but not fixed.

use tree_sitter::Node;

use super::rule::{
    Detector, FixAvailability, IT_CAN_BE_COLLECTED, Kind, Message, Rule, Shape, Spawn, Tier,
};
use crate::detect::facts::Facts;
use crate::detect::handed_on::ADDING;
use crate::detect::lost::{Lost, mark_lost};
use crate::detect::task_site::TaskSite;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{only_element, strip_parens, text};

pub(super) const RULE: Rule = Rule {
    kind: Kind::DyingContainer,
    name: "dying-container",
    summary: "Tasks are added to a local container that nothing keeps: they die with the frame.",
    tier: Tier::Preview,
    fix: FixAvailability::Sometimes,
    shape: Shape::Held,
    spawn: Spawn::Never,
    detect: &[
        Detector::Sites(mark),
        Detector::Sites(crate::detect::discard_only::mark_discard_only),
    ],
    evidence: "the language: the container is local to the function and nothing else holds it",
    source: include_str!("dying_container.rs"),
    message,
};

fn message(m: &Message) -> String {
    if m.container.is_empty() && !m.target.is_empty() {
        return format!(
            "task returned by `{}` is assigned to `{}` and added to a local container that only \
             its tasks' done callbacks refer to{IT_CAN_BE_COLLECTED}",
            m.callee, m.target
        );
    }
    format!(
        "task returned by `{}` is added to `{}`, a local container that nothing \
         keeps{IT_CAN_BE_COLLECTED}",
        m.callee, m.container
    )
}

/// A task added to a container local to the function that nothing keeps.
fn mark<'t>(
    tree: &'t tree_sitter::Tree,
    source: &SourceFile,
    facts: &Facts,
    sites: &mut [TaskSite<'t>],
) {
    mark_lost(tree, source, facts, sites, dying);
}

fn dying<'t>(site: &TaskSite<'t>, local: &str, expr: Node<'t>, src: &str) -> Option<Lost<'t>> {
    let function = expr
        .child_by_field_name("function")
        .filter(|_| expr.kind() == "call")?;
    let binds_local = |target: Node| target.kind() == "identifier" && text(target, src) == local;
    let adds_to_local = function.kind() == "attribute"
        && function
            .child_by_field_name("object")
            .is_some_and(binds_local)
        && (function.child_by_field_name("attribute"))
            .is_some_and(|a| ADDING.contains(&text(a, src)));
    if !adds_to_local {
        return None;
    }
    let arguments = expr.child_by_field_name("arguments");
    let only = arguments.and_then(only_element).map(strip_parens);
    Some((Kind::DyingContainer, None, only == Some(site.call)))
}
