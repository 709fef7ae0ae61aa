//! A new name in a literal `__slots__`: in the quote of the entries there, on a line of its own
//! where each entry has one, and in its place when the entries are sorted as ruff's RUF023
//! sorts them (a natural sort: runs of digits compare as numbers), else at the end.

use std::cmp::Ordering;

use tree_sitter::Node;

use crate::plan::edit::Edit;
use crate::scan::source::SourceFile;

/// The edit that adds `name` to the `slots` tuple or list.
/// `width` is the project's line length: an entry that would end past it on the last line of
/// several entries goes on a line of its own, under the first entry of that line.
pub fn added_slot(source: &SourceFile, slots: Node, name: &str, quote: char, width: usize) -> Edit {
    let mut cursor = slots.walk();
    let entries: Vec<Node> = slots
        .named_children(&mut cursor)
        .filter(|n| n.kind() == "string")
        .collect();
    // In the quote of the entries already there.
    let quote = entries
        .last()
        .and_then(|l| l.child(0))
        .and_then(|start| source.text[start.byte_range()].chars().last())
        .filter(|q| matches!(q, '"' | '\''))
        .unwrap_or(quote);
    let quoted = format!("{quote}{name}{quote}");
    let values: Vec<&str> = entries.iter().map(|e| value(source.text, *e)).collect();
    let sorted = values
        .windows(2)
        .all(|w| natural(w[0], w[1]) != Ordering::Greater);
    let before = match sorted {
        true => values
            .iter()
            .position(|v| natural(v, name) == Ordering::Greater),
        false => None,
    };
    if let Some(edit) = exploded(source, slots, &entries, &quoted, before, width) {
        return edit;
    }
    if let Some(next) = before.map(|i| entries[i]) {
        return match source.starts_line(next.start_byte()) {
            true => Edit::insertion(
                source.line_start(next.start_byte()),
                format!(
                    "{}{quoted},{}",
                    source.indentation(next.start_byte()),
                    source.eol
                ),
            ),
            false => Edit::insertion(next.start_byte(), format!("{quoted}, ")),
        };
    }
    match entries.last() {
        // One entry a line (the formatter's layout after a trailing comma): one more line.
        Some(last) if source.starts_line(last.start_byte()) => {
            let indent = source.indentation(last.start_byte());
            let rest = &source.text[last.end_byte()..source.line_end(last.end_byte())];
            let after_comma = rest.trim_start().strip_prefix(',').map(str::trim_start);
            match after_comma.is_some_and(|r| r.is_empty() || r.starts_with('#')) {
                true => Edit::insertion(
                    source.next_line_start(last.end_byte()),
                    format!("{indent}{quoted},{}", source.eol),
                ),
                false => {
                    Edit::insertion(last.end_byte(), format!(",{}{indent}{quoted}", source.eol))
                }
            }
        }
        Some(last) => {
            let end = source.line_end(last.end_byte());
            let line = &source.text[source.line_start(last.start_byte())..end];
            let first = entries
                .iter()
                .find(|e| source.line_start(e.start_byte()) == source.line_start(last.start_byte()))
                .unwrap_or(last);
            let before = &source.text[source.line_start(first.start_byte())..first.start_byte()];
            let wrapped = entries.len() > 1
                && entries.first().is_some_and(|e| e.id() != first.id())
                && line.chars().count() + quoted.chars().count() + 2 > width;
            match wrapped {
                // Aligned under the line's first entry, as the entries above are.
                true => {
                    let align: String = before
                        .chars()
                        .map(|c| if c == '\t' { '\t' } else { ' ' })
                        .collect();
                    Edit::insertion(last.end_byte(), format!(",{}{align}{quoted}", source.eol))
                }
                false => Edit::insertion(last.end_byte(), format!(", {quoted}")),
            }
        }
        None if slots.kind() == "tuple" => {
            Edit::insertion(slots.start_byte() + 1, format!("{quoted},"))
        }
        None => Edit::insertion(slots.start_byte() + 1, quoted),
    }
}

/// A one-line literal rewritten whole, as Black and ruff format leave it (issue 36's eleventh
/// exam, class 6: discord-music-bot's `__slots__`, 104 characters with the new name at Black's
/// 88). Past `width`: one entry a line, indented one level (four spaces) under the statement,
/// each with its comma, the bracket on its own line. A one-tuple `("bot",)`: its comma is
/// syntax, but after a second entry it is a magic trailing comma that explodes the tuple, so
/// the entries are joined without it. `None` where the literal spans lines, holds a comment or
/// anything but strings, or is indented with tabs, and where neither applies: today's edit.
fn exploded(
    source: &SourceFile,
    slots: Node,
    entries: &[Node],
    quoted: &str,
    before: Option<usize>,
    width: usize,
) -> Option<Edit> {
    let (start, end) = (slots.start_byte(), slots.end_byte());
    let one_line = source.line_start(start) == source.line_start(end);
    let line = &source.text[source.line_start(start)..source.line_end(end)];
    let too_long = line.chars().count() + quoted.chars().count() + 2 > width;
    let only_strings = slots.named_child_count() == entries.len();
    let indent = source.indentation(start);
    let literal = &source.text[start..end];
    let one_tuple = slots.kind() == "tuple"
        && entries.len() == 1
        && literal[..literal.len() - 1].trim_end().ends_with(',');
    if entries.is_empty() || !one_line || !only_strings || indent.contains('\t') {
        return None;
    }
    let (open, close) = (literal.get(..1)?, literal.get(literal.len() - 1..)?);
    if !matches!((open, close), ("(", ")") | ("[", "]")) || !(too_long || one_tuple) {
        return None;
    }
    let mut texts: Vec<&str> = entries
        .iter()
        .map(|e| &source.text[e.byte_range()])
        .collect();
    texts.insert(before.unwrap_or(texts.len()), quoted);
    if !too_long {
        return Some(Edit::replacement(
            start,
            end,
            format!("{open}{}{close}", texts.join(", ")),
        ));
    }
    let eol = source.eol;
    let mut text = format!("{open}{eol}");
    for entry in texts {
        text.push_str(&format!("{indent}    {entry},{eol}"));
    }
    text.push_str(&format!("{indent}{close}"));
    Some(Edit::replacement(start, end, text))
}

/// The text of a plain string literal (its quotes and prefix left out).
fn value<'s>(src: &'s str, string: Node) -> &'s str {
    let raw = &src[string.byte_range()];
    raw.trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .trim_matches(|c| c == '"' || c == '\'')
}

/// Natural order: runs of digits compare as numbers, the rest byte by byte.
fn natural(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let run = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
                let (m, n) = (run(a), run(b));
                let (da, db) = (&a[..m], &b[..n]);
                let (ta, tb) = (trim_zeros(da), trim_zeros(db));
                let by_number = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb));
                if by_number != Ordering::Equal {
                    return by_number;
                }
                (a, b) = (&a[m..], &b[n..]);
            }
            (Some(x), Some(y)) if x != y => return x.cmp(y),
            _ => (a, b) = (&a[1..], &b[1..]),
        }
    }
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().take_while(|&&c| c == b'0').count();
    &digits[zeros..]
}

#[cfg(test)]
mod tests {
    use super::natural;
    use std::cmp::Ordering::*;

    #[test]
    fn natural_order_is_rufs() {
        // As ruff 0.17's RUF023 fix orders them.
        let order = [
            "Zed",
            "_Cap",
            "__dunder",
            "_background_tasks",
            "_loop",
            "name",
            "x9",
            "x10",
        ];
        for w in order.windows(2) {
            assert_eq!(natural(w[0], w[1]), Less, "{} < {}", w[0], w[1]);
        }
    }
}
