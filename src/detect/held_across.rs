//! A local the frame holds across an `await` of a call it is handed to, and reads after (`done,
//! _ = await any_completed(t, c)` then `if t in done:`): the language keeps the task in the
//! frame while the function waits, whatever the callee does with it, so no unknown callee can
//! make its fate unknown. The later reads decide, as for any local the frame reads again.

use tree_sitter::Node;

use super::follow::Use;
use super::task_site::{Reference, TaskSite};
use super::verdict::Verdict;

/// Where the local is handed to an awaited call, and the frame reads it after that await: the
/// line of the first such await, when every hand-off of the local is one (a hand-off the frame
/// does not wait through, or any read in a nested function, may outlive the frame).
pub(super) fn held_across(
    uses: &[(Use, bool)],
    nodes: &[Node],
    rebound: Option<usize>,
) -> Option<usize> {
    if uses.iter().any(|(_, nested)| *nested) {
        return None;
    }
    let mut first = None;
    for (i, (used, _)) in uses.iter().enumerate() {
        if !matches!(used, Use::Passed) {
            continue;
        }
        let await_end = nodes.get(i).and_then(|n| awaited_call(*n))?;
        // A read after the await, of this binding (not of one that binds the name again).
        let read_after = nodes.iter().any(|n| {
            n.start_byte() >= await_end.end_byte() && rebound.is_none_or(|r| n.start_byte() < r)
        });
        if !read_after {
            return None;
        }
        first = first.or(Some(await_end.start_position().row + 1));
    }
    first
}

/// The `await` whose call `name` is a plain argument of (`await f(name)`, `await f(a, name)`).
fn awaited_call(name: Node) -> Option<Node> {
    let arguments = name.parent().filter(|p| p.kind() == "argument_list")?;
    let call = arguments.parent().filter(|c| c.kind() == "call")?;
    let mut up = call.parent()?;
    while up.kind() == "parenthesized_expression" {
        up = up.parent()?;
    }
    (up.kind() == "await").then_some(up)
}

/// Each site whose task only the frame's awaited hand-offs pass on, and that no summary of the
/// checked code settled: kept in its local, which the frame holds across the await.
pub fn settle(sites: &mut [TaskSite]) {
    for site in sites {
        if site.reference == Reference::Passed
            && site.held_across.is_some()
            && matches!(site.verdict, Verdict::Kept { by: None })
        {
            site.reference = Reference::Local;
            site.held_by_frame = true;
        }
    }
}
