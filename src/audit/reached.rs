//! What of the site's own function can shut down the task it binds to a holder: the code after
//! the binding up to the holder's next binding, and, in a loop, the loop's code before the
//! binding up to the first binding there. A `cancel()` before the site cancels the task the
//! site replaces (lvmopstools: `await cancel_task(actor._check_task)`, then
//! `actor._check_task = create_task(...)`); an `await` after the next binding waits for the
//! next task (lvmguider's guide loop binds `actor.guide_task` twice).

use std::ops::Range;

use crate::detect::task_site::TaskSite;

/// The ranges of the site's function the site's task cannot be in the holder at, when one of
/// them spells the holder; `None` when none does (nothing to blank).
pub(super) fn unreached(site: &TaskSite, holder: &str, src: &str) -> Option<Vec<Range<usize>>> {
    let function = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition")?;
    // The body only: its `def` line ends the function before it, for the readers that find
    // a function's end by its indentation.
    let body = function.child_by_field_name("body")?;
    let (start, end) = (body.start_byte(), function.end_byte());
    let (bound, after) = (site.statement.start_byte(), site.statement.end_byte());
    let next = rebinding(src, after, end, holder).unwrap_or(end);
    let mut reached_before = bound;
    // In a loop the next binding did not come before the loop turns: its code before the site
    // runs while the holder still has this task, up to the loop's first binding.
    let looped = std::iter::successors(site.statement.parent(), |n| n.parent())
        .take_while(|n| n.id() != function.id())
        .find(|n| matches!(n.kind(), "for_statement" | "while_statement"));
    if let Some(turn) = looped.and_then(|l| l.child_by_field_name("body"))
        && next >= turn.end_byte()
    {
        reached_before = rebinding(src, turn.start_byte(), bound, holder).unwrap_or(bound);
        let unreached = vec![start..turn.start_byte(), reached_before..bound, next..end];
        return spelled(unreached, holder, src);
    }
    spelled(vec![start..reached_before, next..end], holder, src)
}

/// The ranges, when one of them spells the holder.
fn spelled(ranges: Vec<Range<usize>>, holder: &str, src: &str) -> Option<Vec<Range<usize>>> {
    let spells = |r: &Range<usize>| src.get(r.clone()).is_some_and(|t| t.contains(holder));
    ranges.iter().any(spells).then_some(ranges)
}

/// The end of the first line in `from..to` that binds `holder` (`holder = ...`, `holder:
/// T = ...`) on the site's own path: not in an `else`/`elif`/`except` of a branch the site is
/// in.
fn rebinding(src: &str, from: usize, to: usize, holder: &str) -> Option<usize> {
    let code = src.get(from..to)?;
    let found = code.match_indices(holder).find(|&(at, _)| {
        let before = code[..at].trim_end_matches([' ', '\t']);
        let after = code[at + holder.len()..].trim_start_matches([' ', '\t']);
        let typed = after.starts_with(':') && after.lines().next().is_some_and(|l| l.contains('='));
        let binds = (after.starts_with('=') && !after.starts_with("==")) || typed;
        (before.is_empty() || before.ends_with('\n'))
            && binds
            && !super::shutdown_at::other_branch(&code[..at])
    });
    // The binding's own line stays: a `cancel()` just before it makes room for the next task
    // (see `rebind`), which only that line shows.
    found.map(|(at, _)| code[at..].find('\n').map_or(to, |end| from + at + end))
}

/// Blanks `ranges` of `text` (a copy of the module's), keeping its line breaks and offsets.
pub(super) fn blank(text: &mut [u8], ranges: &[Range<usize>]) {
    for range in ranges {
        for b in text.get_mut(range.clone()).into_iter().flatten() {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
}
