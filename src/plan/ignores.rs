//! Ignore comments that the fix makes stale. `loop.create_task(f())  # type:
//! ignore[unused-awaitable]` silences mypy's complaint that the task is not used; once the fix
//! binds the task to a name, mypy with `warn_unused_ignores` reports the comment itself (and
//! pyright's `reportUnnecessaryTypeIgnoreComment` its `reportUnusedCallResult`). Likewise
//! `t = loop.create_task(f())  # noqa: F841` silences an unused local, which the fix then
//! reads: ruff calls the code unused (RUF100). With `--ignore-noqa` the fix keeps a task that
//! `# noqa: RUF006` (or `# undangle: ignore`, `# ruff: ignore[RUF006]`) silenced: the code
//! goes too, as the maintainers of chia-blockchain removed theirs. And a pragma about a task call that the fix moves
//! to a line of its own goes with it ([`call_pragma`]).

use crate::detect::Dropped;

/// The error codes that an unused task raises, by the checker whose comment names them.
const STALE: [(&str, &str); 2] = [
    ("type", "unused-awaitable"),
    ("pyright", "reportUnusedCallResult"),
];

/// What the fix makes of the statement on the comment's line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stale {
    /// The task, unused before, is bound to a name.
    pub unused_task: bool,
    /// The local the task was assigned to, never read before, is read.
    pub unused_local: bool,
    /// The task, dropped before, is kept: a comment that silenced the drop is stale.
    pub kept_task: bool,
}

/// The comment (from its `#`) without the codes that the fix makes stale, when it names any:
/// `Some("")` when nothing of it is left. Other comments, and other codes, are kept as they
/// are written.
pub fn without_stale_codes(comment: &str, stale: Stale) -> Option<String> {
    let mut changed = false;
    let mut kept: Vec<String> = Vec::new();
    for segment in comment.split('#').skip(1) {
        let segment_left = match stale.unused_task {
            true => unused_task_codes_removed(segment.trim()),
            false => None,
        };
        let segment_left = match (segment_left, stale.unused_local) {
            (None, true) => unused_local_code_removed(segment.trim()),
            (left, _) => left,
        };
        let segment_left = match (segment_left, stale.kept_task) {
            (None, true) => dropped_task_codes_removed(segment.trim()),
            (left, _) => left,
        };
        match segment_left {
            Some(rest) => {
                changed = true;
                kept.extend(rest);
            }
            None => kept.push(segment.trim().to_owned()),
        }
    }
    changed.then(|| match kept.is_empty() {
        true => String::new(),
        false => format!("# {}", kept.join("  # ")),
    })
}

/// For `noqa: F841, E501`: `Some(Some("noqa: E501"))`, or `Some(None)` when no code is left;
/// `None` when the segment does not name F841 (a bare `noqa` silences anything: kept).
fn unused_local_code_removed(segment: &str) -> Option<Option<String>> {
    noqa_codes_removed(segment, &["F841"])
}

/// The codes of the dropped-task check, in ruff and flake8-async.
const DROPPED_TASK: [&str; 2] = ["RUF006", "ASYNC300"];

/// For `noqa: RUF006, E501`: `Some(Some("noqa: E501"))`; `undangle: ignore` and `ruff:
/// ignore[RUF006]` (or its rule name) go the same way. `None` when the segment does not name
/// the check (a bare `noqa` silences anything: kept).
fn dropped_task_codes_removed(segment: &str) -> Option<Option<String>> {
    if says_only_dropped(segment) {
        return Some(None);
    }
    if let Some(left) = noqa_codes_removed(segment, &DROPPED_TASK) {
        return Some(left);
    }
    let (tool, rest) = segment.split_once(':')?;
    match tool.trim() {
        "undangle" if rest.trim() == "ignore" => Some(None),
        "ruff" => {
            let codes = rest
                .trim_start()
                .strip_prefix("ignore")?
                .trim_start()
                .strip_prefix('[')?
                .strip_suffix(']')?;
            let all: Vec<&str> = codes.split(',').map(str::trim).collect();
            let ours = |c: &str| DROPPED_TASK.contains(&c) || c == "asyncio-dangling-task";
            if !all.iter().any(|c| ours(c)) {
                return None;
            }
            let left: Vec<&str> = all
                .into_iter()
                .filter(|c| !ours(c) && !c.is_empty())
                .collect();
            Some((!left.is_empty()).then(|| format!("ruff: ignore[{}]", left.join(", "))))
        }
        _ => None,
    }
}

/// The words of a comment that only says the task is dropped (`# TODO: stop dropping tasks on
/// the floor`, `# dangling task`, `# RUF006: task not kept`): once the fix keeps the task, it is
/// stale (chia-blockchain's maintainers removed 30 with their fix). Every word must be one of
/// these, and the comment must name a task and its drop: a comment that says anything else
/// (`# fire and forget about the task`, `# keep a handle so aclose() can await it`) stays.
const DROPPED_WORDS: [&str; 33] = [
    "stop",
    "don't",
    "dont",
    "do",
    "not",
    "avoid",
    "fix",
    "dropping",
    "drop",
    "drops",
    "dropped",
    "tasks",
    "task",
    "the",
    "a",
    "on",
    "floor",
    "dangling",
    "is",
    "are",
    "kept",
    "no",
    "reference",
    "references",
    "to",
    "unreferenced",
    "ruf006",
    "this",
    "these",
    "here",
    "asyncio",
    "strong",
    "held",
];

/// The words that say the task is dropped, one of which the comment must hold.
const DROP_WORDS: [&str; 8] = [
    "dropping",
    "drop",
    "drops",
    "dropped",
    "dangling",
    "unreferenced",
    "kept",
    "reference",
];

/// Whether a comment's text (without its `#`) only says that the task is dropped, after an
/// optional `TODO`/`FIXME`/`XXX`/`NOTE` marker (with an author in parentheses, a colon).
pub(super) fn says_only_dropped(comment: &str) -> bool {
    let text = comment.trim().to_lowercase();
    let mut text = text.as_str();
    for marker in ["todo", "fixme", "xxx", "note"] {
        if let Some(rest) = text.strip_prefix(marker) {
            let rest = rest.trim_start();
            let rest = match rest.strip_prefix('(') {
                Some(author) => author.split_once(')').map_or(rest, |(_, r)| r),
                None => rest,
            };
            text = rest.trim_start_matches([':', '-', ' ']);
            break;
        }
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ':' | ';' | '!' | '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let task = words.iter().any(|w| matches!(*w, "task" | "tasks"));
    let drop = words
        .iter()
        .any(|w| DROP_WORDS.contains(w) || *w == "ruf006");
    task && drop && words.iter().all(|w| DROPPED_WORDS.contains(w))
}

/// The line of a comment directly above `stmt`, at its indentation, that only says the task is
/// dropped ([`says_only_dropped`]): the range to delete once the fix keeps the task.
pub(super) fn dropped_comment_above(
    stmt: &tree_sitter::Node,
    source: &crate::scan::source::SourceFile,
) -> Option<std::ops::Range<usize>> {
    let src = source.text;
    let line = source.line_start(stmt.start_byte());
    let above = source.line_start(line.checked_sub(1)?);
    let text = src.get(above..line)?.trim_end_matches(['\n', '\r']);
    let indent = source.indentation(stmt.start_byte());
    let comment = text.strip_prefix(indent)?.strip_prefix('#')?;
    (says_only_dropped(comment) && !comment.contains('#')).then_some(above..line)
}

/// `noqa: <codes>` without `stale` codes: `Some(None)` when none is left; `None` when the
/// segment names none of them. The codes are read as ruff reads them: `noqa` in any case, an
/// optional space before the colon, codes (upper-case letters, then digits) separated by commas
/// or spaces, the list ending at the first word that is no code (`# noqa: RUF006 kept by the
/// loop`): that text explains the suppression and stays with the codes left, or goes with the
/// comment when none is.
fn noqa_codes_removed(segment: &str, stale: &[&str]) -> Option<Option<String>> {
    let rest = segment
        .get(..4)
        .filter(|w| w.eq_ignore_ascii_case("noqa"))?;
    let codes = segment[rest.len()..].trim_start().strip_prefix(':')?;
    let mut all: Vec<&str> = Vec::new();
    let mut trailing = "";
    let mut left_text = codes;
    while let Some(item) = next_item(left_text) {
        let (word, after) = item;
        if !is_code(word) {
            trailing = left_text.trim_start_matches([',', ' ', '\t']);
            break;
        }
        all.push(word);
        left_text = after;
    }
    if !all.iter().any(|c| stale.contains(c)) {
        return None;
    }
    let left: Vec<&str> = all.into_iter().filter(|c| !stale.contains(c)).collect();
    let trailing = match trailing.trim() {
        "" => String::new(),
        text => format!(" {text}"),
    };
    Some((!left.is_empty()).then(|| format!("noqa: {}{trailing}", left.join(", "))))
}

/// The next word of a code list and the text after it, past commas and spaces.
fn next_item(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
    let end = text
        .find(|c: char| c == ',' || c.is_whitespace())
        .unwrap_or(text.len());
    (end > 0).then(|| (&text[..end], &text[end..]))
}

/// A rule code as ruff lexes one: upper-case letters, then digits (`RUF006`, `E501`).
fn is_code(word: &str) -> bool {
    let digits = word.trim_start_matches(|c: char| c.is_ascii_uppercase());
    digits.len() < word.len() && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// For `type: ignore[a, unused-awaitable]`: `Some(Some("type: ignore[a]"))`, or `Some(None)`
/// when no code is left; `None` when the segment names no stale code.
fn unused_task_codes_removed(segment: &str) -> Option<Option<String>> {
    let (tool, rest) = segment.split_once(':')?;
    let tool = tool.trim();
    let stale = STALE.iter().find(|(t, _)| *t == tool)?.1;
    let codes = rest
        .trim_start()
        .strip_prefix("ignore")?
        .trim_start()
        .strip_prefix('[')?
        .strip_suffix(']')?;
    let all: Vec<&str> = codes.split(',').map(str::trim).collect();
    if !all.contains(&stale) {
        return None;
    }
    let left: Vec<&str> = all
        .into_iter()
        .filter(|c| *c != stale && !c.is_empty())
        .collect();
    Some((!left.is_empty()).then(|| format!("{tool}: ignore[{}]", left.join(", "))))
}

/// A pragma comment (`# pylint: disable=...`, `# noqa`, `# type: ignore`) ending the line of a
/// task call that starts its own line inside the statement: it is about the call, which is
/// named on a line of its own. The range to remove (the comment and the spaces before it),
/// and the comment.
pub(super) fn call_pragma<'s>(
    site: &Dropped,
    src: &'s str,
) -> Option<(std::ops::Range<usize>, &'s str)> {
    let (call, stmt) = (site.call.byte_range(), site.stmt.byte_range());
    let line_start = src[..call.start].rfind('\n').map_or(0, |i| i + 1);
    if line_start <= stmt.start || !src[line_start..call.start].trim().is_empty() {
        return None;
    }
    let line_end = src[call.end..]
        .find('\n')
        .map_or(src.len(), |i| call.end + i);
    let after = src.get(call.end..line_end.min(stmt.end))?;
    let hash = after.find('#')?;
    let between = &after[..hash];
    let punctuation = |c: char| c.is_whitespace() || matches!(c, ',' | ')' | ']' | '}');
    let comment = after[hash..].trim_end();
    let squeezed: String = comment.chars().filter(|c| !c.is_whitespace()).collect();
    let pragma = ["#pylint:", "#noqa", "#type:ignore", "#pyright:ignore"]
        .iter()
        .any(|p| squeezed.starts_with(p));
    (between.chars().all(punctuation) && pragma).then(|| {
        let start = call.end + between.trim_end().len();
        (start..call.end + hash + comment.len(), comment)
    })
}

#[cfg(test)]
mod tests {
    use super::{Stale, without_stale_codes};

    fn clean(comment: &str) -> Option<String> {
        let stale = Stale {
            unused_task: true,
            ..Stale::default()
        };
        without_stale_codes(comment, stale)
    }

    #[test]
    fn an_unused_local_code_goes_once_the_local_is_read() {
        let read = Stale {
            unused_local: true,
            ..Stale::default()
        };
        let clean = |comment| without_stale_codes(comment, read);
        assert_eq!(clean("# noqa: F841").as_deref(), Some(""));
        assert_eq!(clean("# noqa:F841,E501").as_deref(), Some("# noqa: E501"));
        assert_eq!(
            clean("# keep  # noqa: E501, F841").as_deref(),
            Some("# keep  # noqa: E501")
        );
        for comment in ["# noqa", "# noqa: E501", "# type: ignore[unused-awaitable]"] {
            assert_eq!(clean(comment), None, "{comment}");
        }
    }

    #[test]
    fn a_dropped_task_code_goes_once_the_task_is_kept() {
        let kept = Stale {
            kept_task: true,
            ..Stale::default()
        };
        let clean = |comment| without_stale_codes(comment, kept);
        assert_eq!(clean("# noqa: RUF006").as_deref(), Some(""));
        assert_eq!(clean("# noqa:RUF006,E501").as_deref(), Some("# noqa: E501"));
        assert_eq!(clean("# undangle: ignore").as_deref(), Some(""));
        assert_eq!(
            clean("# why  # ruff: ignore[RUF006, E501]").as_deref(),
            Some("# why  # ruff: ignore[E501]")
        );
        assert_eq!(
            clean("# ruff: ignore[asyncio-dangling-task]").as_deref(),
            Some("")
        );
        for comment in ["# noqa", "# noqa: E501", "# TODO: RUF006"] {
            assert_eq!(clean(comment), None, "{comment}");
        }
    }

    #[test]
    fn the_noqa_code_list_is_read_as_ruff_reads_it() {
        let kept = Stale {
            kept_task: true,
            ..Stale::default()
        };
        let clean = |comment| without_stale_codes(comment, kept);
        // Commas, spaces or both; no space after the colon, one before it; any case.
        assert_eq!(clean("# noqa:RUF006").as_deref(), Some(""));
        assert_eq!(clean("# NOQA : RUF006").as_deref(), Some(""));
        assert_eq!(
            clean("# noqa: RUF006 E501").as_deref(),
            Some("# noqa: E501")
        );
        assert_eq!(
            clean("# noqa: E501,  RUF006, F401").as_deref(),
            Some("# noqa: E501, F401")
        );
        // The list ends at the first word that is no code: the text explains it.
        assert_eq!(
            clean("# noqa: RUF006, E501 long URL").as_deref(),
            Some("# noqa: E501 long URL")
        );
        assert_eq!(clean("# noqa: RUF006 fire and forget").as_deref(), Some(""));
        // A code after the explanation is no code to ruff: nothing of the check is named.
        assert_eq!(clean("# noqa: E501 see RUF006"), None);
        // A blanket `# noqa` (with or without words after it) silences everything: kept.
        for comment in [
            "# noqa",
            "# noqa fire and forget",
            "# noqa:",
            "# noqa: ruf006",
        ] {
            assert_eq!(clean(comment), None, "{comment}");
        }
    }

    #[test]
    fn only_the_unused_task_codes_go() {
        assert_eq!(
            clean("# type: ignore[unused-awaitable]").as_deref(),
            Some("")
        );
        assert_eq!(
            clean("# type: ignore[unused-awaitable, misc]  # keep going").as_deref(),
            Some("# type: ignore[misc]  # keep going")
        );
        assert_eq!(
            clean("# noqa: E501  # pyright: ignore[reportUnusedCallResult]").as_deref(),
            Some("# noqa: E501")
        );
        assert_eq!(
            clean("# type:ignore[unused-awaitable]").as_deref(),
            Some("")
        );
    }

    #[test]
    fn a_comment_that_only_says_the_task_is_dropped_goes() {
        use super::says_only_dropped;
        for stale in [
            " TODO: stop dropping tasks on the floor",
            "TODO(alice): dangling task",
            "FIXME - the task is not kept",
            "dropped task",
        ] {
            assert!(says_only_dropped(stale), "{stale}");
        }
        for kept in [
            " fire and forget about the task",
            " keep a handle so aclose() can await an abandoned (cancelled) start()",
            " Schedule task and store in set to avoid task garbage collection",
            " TODO: stop dropping tasks here, it breaks shutdown",
            " drop the connection",
            " the task is kept by the loop's factory elsewhere",
            "noqa: RUF006",
        ] {
            assert!(!says_only_dropped(kept), "{kept}");
        }
        let kept = Stale {
            kept_task: true,
            ..Stale::default()
        };
        for comment in [
            "# TODO: stop dropping tasks on the floor",
            "# TODO: dangling task",
        ] {
            assert_eq!(without_stale_codes(comment, kept), Some(String::new()));
        }
    }

    #[test]
    fn other_comments_are_left_as_written() {
        for comment in [
            "# type: ignore",
            "# type: ignore[misc]",
            "# pyright: ignore[reportUnusedCoroutine]",
            "# noqa: RUF006",
            "# why we do this: unused-awaitable",
        ] {
            assert_eq!(clean(comment), None, "{comment}");
        }
    }
}
