//! A task whose coroutine is asyncio's `sleep(0)` is never lost: it only yields to the ready
//! queue, so the loop holds it from its creation to its end (the contract is
//! `scan::ready_queue`). `run_coroutine_threadsafe(asyncio.sleep(0), loop)` with its future
//! dropped, the way a test lets another loop run once, loses nothing.

use super::task_site::{Reference, TaskSite};
use super::verdict::Verdict;
use crate::detect::facts::Facts;
use crate::detect::handoff::first_argument;
use crate::scan::ready_queue::{SLEEP_ZERO, is_sleep_zero};
use crate::scan::source::SourceFile;
use crate::scan::syntax::text;

/// Marks the dropped sites whose coroutine is `asyncio.sleep(0)` as kept until they are done.
pub fn mark(source: &SourceFile, facts: &Facts, sites: &mut [TaskSite]) {
    let src = source.text;
    // Nearly every file has no such site: one search first.
    if memchr::memmem::find(src.as_bytes(), b"sleep").is_none() {
        return;
    }
    let is_asyncio = |node: tree_sitter::Node| {
        node.kind() == "identifier" && facts.names.modules.contains(text(node, src))
    };
    for site in sites.iter_mut() {
        // A project's own task factory may do anything with the coroutine.
        if !site.verdict.dropped_by_asyncio() {
            continue;
        }
        if !site.takes_the_coroutine(src) {
            continue;
        }
        if !first_argument(site.call).is_some_and(|a| is_sleep_zero(a, src, is_asyncio)) {
            continue;
        }
        site.verdict = Verdict::Kept {
            by: Some(SLEEP_ZERO.to_owned()),
        };
        site.reference = Reference::Passed;
        site.finishes_at_once = true;
    }
}
