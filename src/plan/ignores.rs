//! Type-checker ignore comments that the fix makes stale. `loop.create_task(f())  # type:
//! ignore[unused-awaitable]` silences mypy's complaint that the task is not used; once the fix
//! binds the task to a name, mypy with `warn_unused_ignores` reports the comment itself (and
//! pyright's `reportUnnecessaryTypeIgnoreComment` its `reportUnusedCallResult`).

/// The error codes that an unused task raises, by the checker whose comment names them.
const STALE: [(&str, &str); 2] = [
    ("type", "unused-awaitable"),
    ("pyright", "reportUnusedCallResult"),
];

/// The comment (from its `#`) without the codes that silence an unused task, when it names
/// any: `Some("")` when nothing of it is left. Other comments, and other codes, are kept as
/// they are written.
pub fn without_unused_task_codes(comment: &str) -> Option<String> {
    let mut changed = false;
    let mut kept: Vec<String> = Vec::new();
    for segment in comment.split('#').skip(1) {
        match unused_task_codes_removed(segment.trim()) {
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

#[cfg(test)]
mod tests {
    use super::without_unused_task_codes as clean;

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
