//! `diff` output: a unified diff that `git apply` and `patch -p1` accept.

use std::io::{self, Write};

use similar::{ChangeTag, TextDiff};

use super::{ADDED, HUNK, PATH, REMOVED};

pub fn file(out: &mut impl Write, path: &str, old: &str, new: &str) -> io::Result<()> {
    let diff = TextDiff::from_lines(old, new);
    writeln!(out, "{PATH}--- a/{path}{PATH:#}")?;
    writeln!(out, "{PATH}+++ b/{path}{PATH:#}")?;
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        writeln!(out, "{HUNK}{}{HUNK:#}", hunk.header())?;
        for change in hunk.iter_changes() {
            let (sign, style) = match change.tag() {
                ChangeTag::Delete => ('-', REMOVED),
                ChangeTag::Insert => ('+', ADDED),
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
    let mut out = anstream::AutoStream::never(Vec::new());
    // Writing into memory cannot fail.
    let _ = file(&mut out, path, old, new);
    String::from_utf8_lossy(&out.into_inner()).into_owned()
}
