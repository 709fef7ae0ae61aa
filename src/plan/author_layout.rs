//! Whether a statement the fix rewrites is laid out again or keeps its author's layout: the
//! formatter's split is redone where the project formats (or the file shows it was formatted),
//! or where a linter it runs (E501) would report the new lines; else the author's stays.

use tree_sitter::Node;

use super::wrap;
use crate::scan::source::SourceFile;
use crate::scan::syntax::text;

/// Where the project has no formatter: whether the statement is laid out again all the same,
/// as the file's layout or a linter the project runs shows ([`formatters_layout`],
/// [`passes_e501`]). `shape`: the indentation unit, the line length, COM812 checked.
pub(super) fn shown<'a>(
    stmt: Node,
    source: &SourceFile,
    lines: impl Iterator<Item = (usize, &'a str)>,
    shape: (&str, usize, bool),
    e501: Option<usize>,
) -> bool {
    formatters_layout(stmt, source, shape) || passes_e501(lines, stmt, source, shape.0, e501)
}

/// Whether a line of `lines` (each at its depth), written in `stmt`'s place as they stand, passes E501's limit
/// where the project checks it and `stmt` kept to it.
fn passes_e501<'a>(
    mut lines: impl Iterator<Item = (usize, &'a str)>,
    stmt: Node,
    source: &SourceFile,
    unit: &str,
    e501: Option<usize>,
) -> bool {
    let Some(limit) = e501.filter(|&limit| fits(stmt, source, limit)) else {
        return false;
    };
    let indent = wrap::width(source.indentation(stmt.start_byte()));
    lines.any(|(depth, code)| {
        let first = indent + depth * wrap::width(unit);
        let mut rows = code.lines().map(|row| row.chars().count());
        let first_row = rows.next().unwrap_or(0) + first;
        first_row > limit || rows.any(|width| width > limit)
    })
}

/// A multi-line statement that would not fit on one line, with its trailing comment: the
/// formatter's split, not the author's.
pub(super) fn split_by_the_formatter(stmt: Node, source: &SourceFile, line_length: usize) -> bool {
    let code = text(stmt, source.text);
    let limit = line_length.saturating_sub(trailing_comment_width(stmt, source));
    wrap::join(code)
        .is_some_and(|joined| !wrap::fits_at(&joined, source.indentation(stmt.start_byte()), limit))
}

/// Whether the statement is laid out exactly as the formatter splits its joined line.
fn formatters_layout(
    stmt: Node,
    source: &SourceFile,
    (unit, line_length, trailing_comma): (&str, usize, bool),
) -> bool {
    let code = text(stmt, source.text).replace("\r\n", "\n");
    let indent = source.indentation(stmt.start_byte());
    let shape = (unit, "\n", trailing_comma);
    let tail = trailing_comment_width(stmt, source);
    wrap::join(&code).is_some_and(|joined| {
        wrap::fit_before_comment(&joined, indent, shape, (line_length, tail)) == code
    })
}

/// The columns the comment after the statement on its last line takes ([`wrap::comment_width`]).
pub(super) fn trailing_comment_width(stmt: Node, source: &SourceFile) -> usize {
    let line_end = source.line_end(stmt.end_byte());
    wrap::comment_width(&source.text[stmt.end_byte()..line_end])
}

/// Whether every line of the statement keeps to the line length (its first line counted from
/// the start of its line; only the statement's own text is read, however long the line).
pub(super) fn fits(stmt: Node, source: &SourceFile, line_length: usize) -> bool {
    let start = stmt.start_byte();
    let before = source.line_col(start).1 - 1;
    text(stmt, source.text)
        .lines()
        .enumerate()
        .all(|(i, line)| line.chars().count() + if i == 0 { before } else { 0 } <= line_length)
}
