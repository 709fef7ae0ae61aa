//! A module that calls `asyncio.x(...)` but never binds the name `asyncio` (issue 35, exam35o's
//! AsteriskARI-Bot `ari_handler_fix.py`, a snippet file "to add to the start() method"). As
//! written the call raises `NameError` and makes no task; ruff's semantic model resolves
//! `asyncio` only through a binding (`resolve_qualified_name`) and says nothing. So `check` is
//! silent on such a site and `audit` says `unknown`, with why. `fix` never edits such a file:
//! the `import asyncio` it would add for another site would make those lines run.
//!
//! Whether the text may bind the name is read by `scan::asyncio_tokens`; where it may, the
//! name stays asyncio's, as before.

use tree_sitter::Node;

use super::task_site::TaskSite;
use super::verdict::Verdict;
use crate::scan::syntax::{strip_parens, text};

/// What the audit says of such a site, and why `fix` leaves the file alone.
pub const UNBOUND: &str = "`asyncio` is never bound in this module: as written the call raises \
                           `NameError` and makes no task";

/// Why `fix` leaves every drop of such a file alone.
pub const SKIPPED: &str = "skipped: the file calls `asyncio.` without binding `asyncio`";

/// Marks each site whose call is reached through the unbound `asyncio` (`asyncio.create_task`,
/// `asyncio.get_event_loop().create_task`) unknown: no run makes its task as written.
pub fn mark(unbound: bool, src: &str, sites: &mut [TaskSite]) {
    if !unbound {
        return;
    }
    for site in sites.iter_mut().filter(|s| through_asyncio(s.call, src)) {
        site.verdict = Verdict::Unknown(UNBOUND.to_owned());
    }
}

/// The call's callee is an attribute chain (through calls) that starts at the name `asyncio`.
fn through_asyncio(call: Node, src: &str) -> bool {
    let Some(mut node) = call.child_by_field_name("function").map(strip_parens) else {
        return false;
    };
    if node.kind() != "attribute" {
        return false; // `create_task(...)`: imported, not read through the module
    }
    loop {
        let next = match node.kind() {
            "attribute" => node.child_by_field_name("object"),
            "call" => node.child_by_field_name("function"),
            "identifier" => return text(node, src) == "asyncio",
            _ => return false,
        };
        let Some(next) = next else {
            return false;
        };
        node = strip_parens(next);
    }
}
