//! `diff` output: a unified diff that `git apply` and `patch -p1` accept.

use std::io::{self, Write};

use similar::udiff::UnifiedHunkHeader;
use similar::{ChangeTag, DiffableStr, group_diff_ops};

use super::line_diff::line_ops;
use super::{ADDED, HUNK, PATH, REMOVED};

/// The diff of one file; styled with ANSI codes when `colour`, the lines themselves untouched.
pub fn file(
    out: &mut impl Write,
    path: &[u8],
    old: &str,
    new: &str,
    colour: bool,
) -> io::Result<()> {
    let paint = |style: anstyle::Style| if colour { style } else { anstyle::Style::new() };
    let (path_style, hunk_style) = (paint(PATH), paint(HUNK));
    let (removed, added) = (paint(REMOVED), paint(ADDED));
    let (old_lines, new_lines) = (old.tokenize_lines(), new.tokenize_lines());
    let name = |side: &[u8]| git_quoted(&[side, path].concat());
    let (old_name, new_name) = (name(b"a/"), name(b"b/"));
    writeln!(out, "{path_style}--- {old_name}{path_style:#}")?;
    writeln!(out, "{path_style}+++ {new_name}{path_style:#}")?;
    for hunk in group_diff_ops(line_ops(&old_lines, &new_lines), 3) {
        writeln!(
            out,
            "{hunk_style}{}{hunk_style:#}",
            UnifiedHunkHeader::new(&hunk)
        )?;
        for change in hunk
            .iter()
            .flat_map(|op| op.iter_changes(&old_lines, &new_lines))
        {
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

/// The diff that creates a file holding `text`: from `/dev/null`, as `git apply` and `patch -p1`
/// take a new file.
pub fn new_file(out: &mut impl Write, path: &[u8], text: &str, colour: bool) -> io::Result<()> {
    let paint = |style: anstyle::Style| if colour { style } else { anstyle::Style::new() };
    let (path_style, hunk_style, added) = (paint(PATH), paint(HUNK), paint(ADDED));
    let new_name = git_quoted(&[b"b/", path].concat());
    writeln!(out, "{path_style}--- /dev/null{path_style:#}")?;
    writeln!(out, "{path_style}+++ {new_name}{path_style:#}")?;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    writeln!(
        out,
        "{hunk_style}@@ -0,0 +1,{} @@{hunk_style:#}",
        lines.len()
    )?;
    for line in lines {
        let body = line.trim_end_matches(['\n', '\r']);
        write!(out, "{added}+{body}{added:#}{}", &line[body.len()..])?;
    }
    Ok(())
}

/// A path as git writes it in a diff header (`core.quotePath`): as it is when plain, else in
/// double quotes with C escapes and octal bytes, so that `git apply` finds the same file.
pub fn git_quoted(path: &[u8]) -> String {
    let plain = path
        .iter()
        .all(|&b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\');
    if plain {
        return String::from_utf8_lossy(path).into_owned();
    }
    let mut quoted = String::from("\"");
    for &byte in path {
        match byte {
            b'"' => quoted.push_str("\\\""),
            b'\\' => quoted.push_str("\\\\"),
            b'\t' => quoted.push_str("\\t"),
            b'\n' => quoted.push_str("\\n"),
            b'\r' => quoted.push_str("\\r"),
            0x20..0x7f => quoted.push(char::from(byte)),
            _ => quoted.push_str(&format!("\\{byte:03o}")),
        }
    }
    quoted.push('"');
    quoted
}

/// The same diff as plain text, for callers that want a string rather than a terminal stream.
pub fn plain(path: &str, old: &str, new: &str) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = file(&mut out, path.as_bytes(), old, new, false);
    String::from_utf8_lossy(&out).into_owned()
}
