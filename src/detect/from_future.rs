//! A task handed to a library call whose result holds it (the contract table's chained futures:
//! asyncio's `wrap_future`, Twisted's `Deferred.fromFuture`), and that result awaited: the
//! function waits for the task through what the call returns. Following the use marks it
//! `awaited` (see [`super::handed_on::same_tasks`]); this names the contract in its evidence,
//! since the function awaits another object than the task.

use tree_sitter::Node;

use super::task_site::{Reference, TaskSite};
use super::verdict::Verdict;
use crate::scan::contracts::{self, Chained};
use crate::scan::syntax::text;

/// Names the contract of the call an awaited site's task is handed to, where it is one.
pub fn settle(sites: &mut [TaskSite], src: &str) {
    for site in sites.iter_mut() {
        let plain = matches!(site.verdict, Verdict::Kept { by: None });
        // `return Deferred.fromFuture(ensure_future(f))`: the function returns the library's
        // future, not the task; that future holds the task and reads its outcome (exam35j
        // class 10, piqueserver's `as_deferred`). No task reaches the callers.
        if plain
            && site.reference == Reference::Returned
            && site.factory_return.is_none()
            && let Some(contract) = chained_around(site.call, src)
        {
            let by = format!(
                "{}: the function returns what it returns, which holds the task until it is \
                 done and reads its outcome",
                contract.api
            );
            site.verdict = Verdict::Kept { by: Some(by) };
            site.reference = Reference::Passed;
            site.awaited_by_callee = true;
            continue;
        }
        if !plain || site.reference != Reference::Awaited {
            continue;
        }
        if let Some(contract) = chained_around(site.call, src) {
            let by = format!(
                "{}: the function awaits what it returns, which holds the task until it is done",
                contract.api
            );
            site.verdict = Verdict::Kept { by: Some(by) };
        }
    }
}

/// The chained contract whose call takes `call`'s value as its first argument
/// (`Deferred.fromFuture(asyncio.ensure_future(...))`), through parentheses.
fn chained_around(call: Node, src: &str) -> Option<&'static Chained> {
    let mut node = call;
    while let Some(parent) = node.parent() {
        if parent.kind() != "parenthesized_expression" {
            break;
        }
        node = parent;
    }
    let arguments = node.parent().filter(|p| p.kind() == "argument_list")?;
    if arguments.named_child(0) != Some(node) {
        return None;
    }
    let outer = arguments.parent().filter(|p| p.kind() == "call")?;
    let function = outer.child_by_field_name("function")?;
    contracts::chained(text(function, src))
}
