//! A `__del__` that cancels the holder: the garbage collector's last resort, not the owner's
//! shutdown. Where a stop or close method cancels (and awaits) it too, that is the line to
//! name (lvmecp's simulator: `stop` awaits `cancel_task(self.__task)`, `__del__` cancels it).

use super::facts::{self, Facts};
use super::fate::Shutdown;
use super::shutdown::shutdown_of;

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
    let start = *facts::definitions(text).get("__del__")?;
    let end = facts::function_end(text, start);
    if !(start..end).contains(&at) {
        return None;
    }
    // Blanked, not cut: the offsets of the rest stay where they are.
    let mut masked = text.as_bytes().to_vec();
    for b in masked.get_mut(start..end)? {
        if *b != b'\n' {
            *b = b' ';
        }
    }
    Some((shutdown_of(holder, &Facts::read(&masked)), at))
}
