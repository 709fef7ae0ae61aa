//! Suppression comments: `# noqa`, `# noqa: RUF006`, `# noqa: ASYNC300`, `# undangle: ignore`,
//! ruff's `# ruff: ignore[RUF006]` or `[asyncio-dangling-task]` (on the line, or on its own line
//! above it), and the file-level
//! `# ruff: noqa`, `# ruff: noqa: RUF006` (or `flake8:`) and `# ruff: file-ignore[RUF006]`.

/// Codes that name this check in ruff and flake8-async.
const CODES: [&str; 2] = ["RUF006", "ASYNC300"];

/// True when `comment` (a whole `# …` comment) suppresses a dropped-task finding on its line.
/// A `# noqa` is read as ruff's lexer reads it (`ruff_linter/src/noqa.rs`, held to ruff itself
/// in `tests/it/noqa_ruff.rs`): only the first `# noqa` of the comment counts, and one that does
/// not parse (`# noqaRUF006`, `# noqa: RUF006 E501x`) silences nothing.
pub fn suppresses(comment: &str) -> bool {
    let lower = comment.to_ascii_lowercase();
    if lower.contains("undangle: ignore") || ruff_ignores(comment) {
        return true;
    }
    inline_directive(comment).is_some_and(Directive::names_check)
}

/// What a `noqa` directive silences.
#[derive(Debug, PartialEq, Eq)]
enum Directive<'c> {
    /// A bare `# noqa` (or `# noqa` followed by text that is no code list).
    All,
    /// `# noqa: A1, B2`.
    Codes(Vec<&'c str>),
}

impl Directive<'_> {
    fn names_check(self) -> bool {
        match self {
            Directive::All => true,
            // ASYNC300 is flake8-async's code for the same check: not ruff's, but honoured.
            Directive::Codes(codes) => codes.iter().any(|code| CODES.contains(code)),
        }
    }
}

/// The first `# noqa` directive of a comment, as ruff lexes it: `#`, whitespace, `noqa` in any
/// case, then the directive. `None` where there is none or it does not parse.
fn inline_directive(comment: &str) -> Option<Directive<'_>> {
    let mut rest = comment;
    loop {
        rest = rest[rest.find('#')? + 1..].trim_start();
        if is_noqa(rest) {
            return directive(&rest["noqa".len()..]);
        }
    }
}

/// A file-level `# ruff: noqa` or `# flake8: noqa` directive of a comment, as ruff lexes it:
/// `#\s*(ruff|flake8)\s*:\s*noqa` (the tool's name in lower case, `noqa` in any case).
fn file_directive(comment: &str) -> Option<Directive<'_>> {
    let mut rest = comment;
    loop {
        rest = rest[rest.find('#')? + 1..].trim_start();
        let Some(after) = ["ruff", "flake8"]
            .iter()
            .find_map(|tool| rest.strip_prefix(tool))
        else {
            continue;
        };
        let Some(after) = after.trim_start().strip_prefix(':') else {
            continue;
        };
        let after = after.trim_start();
        if is_noqa(after) {
            return directive(&after["noqa".len()..]);
        }
    }
}

fn is_noqa(text: &str) -> bool {
    text.get(..4)
        .is_some_and(|w| w.eq_ignore_ascii_case("noqa"))
}

/// The directive after `noqa`: the end of the comment or another `#` is a blanket one, so is
/// whitespace followed by anything but `:`; `:` (after optional whitespace) opens a code list,
/// which must hold a code; any other character (`# noqaX`) is no directive.
fn directive(after: &str) -> Option<Directive<'_>> {
    let codes = match after.chars().next() {
        None | Some('#') => return Some(Directive::All),
        Some(':') => &after[1..],
        Some(c) if c.is_whitespace() => match after.trim_start().strip_prefix(':') {
            Some(codes) => codes,
            None => return Some(Directive::All),
        },
        Some(_) => return None,
    };
    let codes = lex_codes(codes)?;
    (!codes.is_empty()).then_some(Directive::Codes(codes))
}

/// ruff's code list: codes (upper-case letters, then digits) separated by commas or whitespace,
/// or joined (`E501RUF006`, with a warning); it ends at the first word that is no code (the
/// comment's own text) or another `#`. `None` where ruff fails the directive: a code followed
/// by a character that neither separates nor starts a code (`RUF006x`, `RUF006;`), or joined
/// to a word that is no code (`E501RUF`).
fn lex_codes(mut text: &str) -> Option<Vec<&str>> {
    let mut codes = Vec::new();
    let mut joined = false;
    loop {
        text = text.trim_start();
        if let Some(after) = text.strip_prefix(',') {
            text = after;
            continue;
        }
        if !text.starts_with(|c: char| c.is_ascii_uppercase()) {
            return Some(codes); // the end, or the comment's own text
        }
        let letters = text.len()
            - text
                .trim_start_matches(|c: char| c.is_ascii_uppercase())
                .len();
        let digits = text[letters..].len()
            - text[letters..]
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len();
        if digits == 0 {
            return (!joined).then_some(codes);
        }
        let (code, after) = text.split_at(letters + digits);
        codes.push(code);
        text = after;
        joined = match text.chars().next() {
            None => return Some(codes),
            Some(',') => {
                text = &text[1..];
                false
            }
            Some(c) if c.is_whitespace() || c == '#' => false,
            Some(c) if c.is_ascii_uppercase() => true,
            Some(_) => return None,
        };
    }
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
    file_directive(comment).is_some_and(Directive::names_check) || file_ignore()
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
        // As ruff's lexer: joined codes count, the first `noqa` alone counts, the list ends at
        // the first word that is no code, and a directive that does not parse silences nothing.
        assert!(suppresses("# noqa: E501RUF006"));
        assert!(suppresses("# noqa: RUF006# why"));
        assert!(suppresses("# noqa - RUF006"));
        assert!(suppresses("# fire # noqa"));
        assert!(!suppresses("# noqa: E501 because RUF006"));
        assert!(!suppresses("# noqa: E501 # noqa: RUF006"));
        assert!(!suppresses("# noqaRUF006"));
        assert!(!suppresses("# noqa-RUF006"));
        assert!(!suppresses("# noqa: RUF006 E501x"));
        assert!(!suppresses("# noqa: E501;RUF006"));
        assert!(!suppresses("# noqa: RUF006E501x"));
        assert!(!suppresses("# noqa:"));
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
        // ruff: `noqa` in any case, the directive after another comment, text after a bare one.
        assert!(suppresses_file("# ruff: NOQA: RUF006", 0));
        assert!(suppresses_file("# why # ruff: noqa", 0));
        assert!(suppresses_file("# ruff: noqa because", 0));
        assert!(!suppresses_file("# ruff: noqa: E501 RUF006x", 0));
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
