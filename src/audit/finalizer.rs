//! A `__del__` that cancels the holder: the garbage collector's last resort, not the owner's
//! shutdown. Where a stop or close method cancels (and awaits) it too, that is the line to
//! name (lvmecp's simulator: `stop` awaits `cancel_task(self.__task)`, `__del__` cancels it).

use std::ops::Range;

use tree_sitter::Node;

use super::facts::{self, Facts};
use super::fate::Shutdown;
use super::shutdown::shutdown_of;
use crate::detect::task_site::TaskSite;
use crate::scan::syntax::{strip_parens, text};

/// The holder's shutdown in `text` (a class's) read without its `__del__`, when the cancel
/// `shutdown_of` finds (`at`) is in it: that shutdown, and the finalizer's cancel to fall back
/// on when nothing else cancels. `None` when the cancel is not the finalizer's.
pub(super) fn without_finalizer(
    holder: &str,
    text: &str,
    shutdown: Shutdown,
    at: Option<usize>,
) -> Option<((Shutdown, Option<usize>), usize)> {
    let cancels = matches!(
        shutdown,
        Shutdown::Cancelled | Shutdown::CancelledAndAwaited
    );
    let at = at.filter(|_| cancels)?;
    let (masked, finalizer) = blanked(text)?;
    if !finalizer.contains(&at) {
        return None;
    }
    Some((shutdown_of(holder, &Facts::read(&masked)), at))
}

/// `text` with its `__del__` blanked, and where that was; `None` without a `__del__`.
pub(super) fn blanked(text: &str) -> Option<(Vec<u8>, Range<usize>)> {
    let start = *facts::definitions(text).get("__del__")?;
    let end = facts::function_end(text, start);
    // Blanked, not cut: the offsets of the rest stay where they are.
    let mut masked = text.as_bytes().to_vec();
    for b in masked.get_mut(start..end)? {
        if *b != b'\n' {
            *b = b' ';
        }
    }
    Some((masked, start..end))
}

/// The task's coroutine holds the instance: a bound method of `self` (`self._loop()`), or
/// `self` handed to it. The instance's `__del__` cannot run while the task lives, so its cancel
/// is no shutdown of that task (issue 35, exam35v's lark `expiring_cache.py:17`).
pub(super) fn held_by_task(site: &TaskSite, src: &str) -> bool {
    let arguments = site.call.child_by_field_name("arguments");
    let Some(coroutine) = arguments.and_then(|a| a.named_child(0)).map(strip_parens) else {
        return false;
    };
    if coroutine.kind() != "call" {
        return false;
    }
    let is_self = |n: Node| {
        let n = strip_parens(n);
        n.kind() == "identifier" && text(n, src) == "self"
    };
    let function = coroutine.child_by_field_name("function");
    let bound = function.is_some_and(|f| {
        f.kind() == "attribute" && f.child_by_field_name("object").is_some_and(is_self)
    });
    let handed = coroutine.child_by_field_name("arguments").is_some_and(|a| {
        let mut cursor = a.walk();
        let mut arguments = a.named_children(&mut cursor);
        arguments.any(|n| match n.kind() {
            "keyword_argument" => n.child_by_field_name("value").is_some_and(is_self),
            _ => is_self(n),
        })
    });
    bound || handed
}
