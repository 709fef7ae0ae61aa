//! `diff` output: a unified diff that `git apply` and `patch -p1` accept.

use std::io::{self, Write};

use similar::{ChangeTag, TextDiff};

use super::{ADDED, HUNK, PATH, REMOVED};

/// The diff of one file; styled with ANSI codes when `colour`, the lines themselves untouched.
pub fn file(
    out: &mut impl Write,
    path: &str,
    old: &str,
    new: &str,
    colour: bool,
) -> io::Result<()> {
    let paint = |style: anstyle::Style| if colour { style } else { anstyle::Style::new() };
    let (path_style, hunk_style) = (paint(PATH), paint(HUNK));
    let (removed, added) = (paint(REMOVED), paint(ADDED));
    let diff = TextDiff::from_lines(old, new);
    writeln!(out, "{path_style}--- a/{path}{path_style:#}")?;
    writeln!(out, "{path_style}+++ b/{path}{path_style:#}")?;
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        writeln!(out, "{hunk_style}{}{hunk_style:#}", hunk.header())?;
        for change in hunk.iter_changes() {
            let (sign, style) = match change.tag() {
                ChangeTag::Delete => ('-', removed),
                ChangeTag::Insert => ('+', added),
                ChangeTag::Equal => (' ', anstyle::Style::new()),
            };
            let line = change.value();
            // Keep the line's own terminator (CRLF stays CRLF) outside the colour codes.
            let body = line.trim_end_matches(['\n', '\r']);
            write!(out, "{style}{sign}{body}{style:#}{}", &line[body.len()..])?;
            if change.missing_newline() {
                writeln!(out)?;
                writeln!(out, "\\ No newline at end of file")?;
            }
        }
    }
    Ok(())
}

/// The same diff as plain text, for callers that want a string rather than a terminal stream.
pub fn plain(path: &str, old: &str, new: &str) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = file(&mut out, path, old, new, false);
    String::from_utf8_lossy(&out).into_owned()
}
