//! Suppression comments: `# noqa`, `# noqa: RUF006`, `# noqa: ASYNC300`, `# undangle: ignore`,
//! ruff's `# ruff: ignore[RUF006]` or `[asyncio-dangling-task]` (on the line, or on its own line
//! above it), and the file-level
//! `# ruff: noqa`, `# ruff: noqa: RUF006` (or `flake8:`) and `# ruff: file-ignore[RUF006]`.

/// Codes that name this check in ruff and flake8-async.
const CODES: [&str; 2] = ["RUF006", "ASYNC300"];

/// True when `comment` (a whole `# …` comment) suppresses a dropped-task finding on its line.
pub fn suppresses(comment: &str) -> bool {
    let lower = comment.to_ascii_lowercase();
    if lower.contains("undangle: ignore") || ruff_ignores(comment) {
        return true;
    }
    // Several directives may share one comment (`# type: ignore  # noqa: E501`).
    for (at, _) in lower.match_indices("noqa") {
        if !lower[..at].trim_end().ends_with('#') {
            continue;
        }
        let rest = &comment[at + "noqa".len()..];
        let Some(codes) = rest.trim_start().strip_prefix(':') else {
            return true; // a bare `# noqa` silences everything on the line
        };
        let listed = codes
            .split(|c: char| c == ',' || c.is_whitespace())
            .map(str::trim)
            .take_while(|code| code.is_empty() || code.chars().all(|c| c.is_ascii_alphanumeric()))
            .filter(|code| !code.is_empty());
        if listed.into_iter().any(|code| CODES.contains(&code)) {
            return true;
        }
    }
    false
}

/// `# ruff: ignore[RUF006]` (codes listed with commas): on a line of code it silences that
/// line; on a line of its own, the next line of code (see [`next_code_row`]). As in ruff, the
/// directive is lower case and a code is named in full.
pub fn ruff_ignores(comment: &str) -> bool {
    directives(comment, "ignore").any(|rest| bracketed_codes(rest).is_some_and(names_check))
}

/// A comment on a line of its own (`column` is where it starts) that silences the check in the
/// whole file: `# ruff: noqa` or `# flake8: noqa` (bare, or with the code listed after a
/// colon), or, at the start of a line, `# ruff: file-ignore[RUF006]` (what the pinned ruff
/// honours).
pub fn suppresses_file(comment: &str, column: usize) -> bool {
    let file_ignore = || {
        column == 0
            && directives(comment, "file-ignore")
                .any(|rest| bracketed_codes(rest).is_some_and(names_check))
    };
    let noqa = |tool: &str| {
        let Some(rest) = comment
            .trim_start_matches('#')
            .trim_start()
            .strip_prefix(tool)
        else {
            return false;
        };
        let Some(rest) = rest.trim_start().strip_prefix(':') else {
            return false;
        };
        let Some(rest) = rest.trim_start().strip_prefix("noqa") else {
            return false;
        };
        let rest = rest.trim();
        match rest.strip_prefix(':') {
            None => rest.is_empty(), // blanket
            Some(codes) => codes
                .split(|c: char| c == ',' || c.is_whitespace())
                .any(|code| CODES.contains(&code)),
        }
    };
    noqa("ruff") || noqa("flake8") || file_ignore()
}

/// The text after each `# ruff: <word>` in the comment (several may share it).
fn directives<'c>(comment: &'c str, word: &'static str) -> impl Iterator<Item = &'c str> {
    comment.match_indices("ruff").filter_map(move |(at, _)| {
        if !comment[..at].trim_end().ends_with('#') {
            return None;
        }
        let rest = comment[at + "ruff".len()..]
            .trim_start()
            .strip_prefix(':')?;
        rest.trim_start().strip_prefix(word)
    })
}

/// The codes of `[A, B]` at the start of `rest` (after optional spaces); `None` when the list is
/// not closed or an entry is not one word (`[RUF006 E501]` is no list to ruff).
fn bracketed_codes(rest: &str) -> Option<Vec<&str>> {
    let inside = rest.trim_start().strip_prefix('[')?;
    let (inside, _) = inside.split_once(']')?;
    let codes: Vec<&str> = inside.split(',').map(str::trim).collect();
    codes
        .iter()
        .all(|code| !code.contains(char::is_whitespace))
        .then_some(codes)
}

/// ruff's name of the rule: its `# ruff: ignore[...]` and `file-ignore[...]` take it as well as
/// the code.
const RULE_NAME: &str = "asyncio-dangling-task";

fn names_check(codes: Vec<&str>) -> bool {
    codes
        .iter()
        .any(|code| CODES.contains(code) || *code == RULE_NAME)
}

/// The row of the first line after `row` that holds code (not blank, not only a comment): the
/// line an own-line `# ruff: ignore[...]` silences.
pub fn next_code_row(src: &str, row: usize) -> Option<usize> {
    src.split('\n')
        .enumerate()
        .skip(row + 1)
        .find(|(_, line)| {
            let line = line.trim();
            !line.is_empty() && !line.starts_with('#')
        })
        .map(|(row, _)| row)
}

#[cfg(test)]
mod tests {
    use super::{next_code_row, ruff_ignores, suppresses, suppresses_file};

    #[test]
    fn forms() {
        assert!(suppresses("# noqa"));
        assert!(suppresses("# NOQA"));
        assert!(suppresses("# noqa: RUF006"));
        assert!(suppresses("# noqa: E501, ASYNC300"));
        assert!(suppresses("# noqa:E501,RUF006"));
        assert!(suppresses("# type: ignore  # noqa"));
        assert!(suppresses("# undangle: ignore"));
        assert!(!suppresses("# noqa: E501"));
        assert!(!suppresses("# see the noqa docs"));
        assert!(!suppresses("# fire and forget"));
    }

    #[test]
    fn ruff_ignore_forms() {
        // What the pinned ruff honours (checked against it in the differential test).
        for honoured in [
            "# ruff: ignore[RUF006]",
            "#ruff:ignore[RUF006]",
            "# ruff:  ignore [RUF006]",
            "# ruff: ignore[RUF006, E501]",
            "# ruff: ignore[E501,RUF006,]",
            "# ruff: ignore[ RUF006 ]",
            "# ruff: ignore[RUF006] because the caller keeps it",
            "# type: ignore  # ruff: ignore[RUF006]",
            "# ruff: ignore[E501] # ruff: ignore[RUF006]",
            "# ruff: ignore[asyncio-dangling-task]",
            "# ruff: ignore[line-too-long, asyncio-dangling-task]",
        ] {
            assert!(ruff_ignores(honoured), "{honoured}");
            assert!(suppresses(honoured), "{honoured}");
        }
        for ignored in [
            "# ruff: ignore[E501]",
            "# ruff: ignore",
            "# ruff: ignore[RUF]",
            "# ruff: ignore[ruf006]",
            "# RUFF: IGNORE[RUF006]",
            "# ruff: ignore[RUF006 E501]",
            "# ruff: ignore[RUF006",
            "# ruff: noqa: RUF006",
            "# ruff: ignore[asyncio-dangling]",
            "# noqa: asyncio-dangling-task",
        ] {
            assert!(!ruff_ignores(ignored), "{ignored}");
            assert!(!suppresses(ignored), "{ignored}");
        }
    }

    #[test]
    fn file_forms() {
        for honoured in [
            "# ruff: noqa",
            "# flake8: noqa",
            "# ruff: noqa: RUF006",
            "#ruff:noqa:RUF006",
            "# ruff : noqa : E501, RUF006",
            "# flake8: noqa: RUF006",
            "# ruff: noqa: RUF006 E501",
            "# ruff: file-ignore[RUF006]",
            "# ruff: file-ignore [E501, RUF006]",
            "# ruff: file-ignore[asyncio-dangling-task]",
        ] {
            assert!(suppresses_file(honoured, 0), "{honoured}");
        }
        for ignored in [
            "# ruff: noqa: E501",
            "# flake8: noqa: E501",
            "# ruff: noqa: RUF",
            "# ruff: noqa: ruf006",
            "# RUFF: NOQA: RUF006",
            "# ruff: file-ignore[E501]",
            "# noqa: RUF006",
            "# ruff: ignore[RUF006]",
        ] {
            assert!(!suppresses_file(ignored, 0), "{ignored}");
        }
        assert!(suppresses_file("# ruff: noqa: RUF006", 4));
        assert!(!suppresses_file("# ruff: file-ignore[RUF006]", 4));
    }

    #[test]
    fn next_line_of_code() {
        let src = "# ruff: ignore[RUF006]\n\n# why\n  f()\ng()\n";
        assert_eq!(next_code_row(src, 0), Some(3));
        assert_eq!(next_code_row(src, 4), None);
    }
}
