//! Suppression comments: `# noqa`, `# noqa: RUF006`, `# noqa: ASYNC300` and `# undangle: ignore`.

/// Codes that name this check in ruff and flake8-async.
const CODES: [&str; 2] = ["RUF006", "ASYNC300"];

/// True when `comment` (a whole `# …` comment) suppresses a dropped-task finding.
pub fn suppresses(comment: &str) -> bool {
    let lower = comment.to_ascii_lowercase();
    if lower.contains("undangle: ignore") {
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

#[cfg(test)]
mod tests {
    use super::suppresses;

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
}
