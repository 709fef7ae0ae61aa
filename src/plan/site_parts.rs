//! The parts of a site's statement that its rewrite reuses: the task call taken out of it, the
//! statement with the call named, a chained call's object and tail, an assignment's target, the
//! statement bound to a name, the statement with its call wrapped in a keeper's.

use crate::detect::Dropped;
use crate::scan::syntax::text;

/// `named` (`task = <call>`), the call taken out of its statement: its continuation lines
/// moved from the call's indentation to the statement's, where it now stands.
pub(super) fn hoisted_call(site: &Dropped, src: &str, named: String) -> String {
    let indentation = |at: usize| {
        let line = &src[src[..at].rfind('\n').map_or(0, |i| i + 1)..];
        let width = line.len() - line.trim_start_matches([' ', '\t']).len();
        &line[..width]
    };
    let (from, to) = (
        indentation(site.call.start_byte()),
        indentation(site.stmt.start_byte()),
    );
    let mut lines = named.split('\n');
    let mut out = lines.next().unwrap_or_default().to_owned();
    for line in lines {
        out.push('\n');
        match line.strip_prefix(from) {
            Some(rest) if !rest.is_empty() => {
                out.push_str(to);
                out.push_str(rest);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// The statement with its task call replaced by `temp` (`tasks.append(task)`).
pub(super) fn with_call_named(site: &Dropped, src: &str, temp: &str) -> String {
    let stmt = site.stmt.byte_range();
    let call = site.call.byte_range();
    format!(
        "{}{temp}{}",
        &src[stmt.start..call.start],
        &src[call.end..stmt.end]
    )
}

/// `<task call>.add_done_callback(cb)` → the call, and `.add_done_callback(cb)` as written.
pub(super) fn chained_parts<'s>(site: &Dropped, src: &'s str) -> (&'s str, &'s str) {
    let object = site
        .expr
        .child_by_field_name("function")
        .and_then(|f| f.child_by_field_name("object"))
        .unwrap_or(site.call);
    (
        text(object, src),
        &src[object.end_byte()..site.expr.end_byte()],
    )
}

/// The assignment as written (with `_` renamed to a real name), and the name.
pub(super) fn assignment_parts(site: &Dropped, src: &str, temp: &str) -> (String, String) {
    let target = site.target.unwrap_or(site.call);
    let name = text(target, src);
    let statement = text(site.stmt, src);
    if name == "_" {
        // `_` reads as "ignored"; give the task a real name.
        let at = target.start_byte() - site.stmt.start_byte();
        let renamed = format!("{}{temp}{}", &statement[..at], &statement[at + 1..]);
        (renamed, temp.to_owned())
    } else {
        (statement.to_owned(), name.to_owned())
    }
}

/// `{prefix}{code}`, where `code` starts at `column` of its line: a continuation line aligned
/// with an opening bracket of the first line (visual indentation, as pycodestyle's E127/E128
/// check it) moves right with the bracket; a hanging indent stays where it is.
fn prefixed(prefix: &str, code: &str, column: usize) -> String {
    let mut lines = code.split('\n');
    let first = lines.next().unwrap_or_default();
    let opens: Vec<usize> = (first.char_indices())
        // A bracket that ends its line opens a hanging indent, not a visual one.
        .filter(|&(at, c)| {
            let after = first.get(at + 1..).unwrap_or_default().trim_start();
            matches!(c, '(' | '[' | '{') && !after.is_empty() && !after.starts_with('#')
        })
        .map(|(at, _)| column + at)
        .collect();
    let mut out = format!("{prefix}{first}");
    for line in lines {
        out.push('\n');
        let indent = line.len() - line.trim_start_matches(' ').len();
        let aligned =
            !line.trim().is_empty() && opens.iter().any(|&o| indent == o || indent == o + 1);
        if aligned {
            out.push_str(&" ".repeat(prefix.len()));
        }
        out.push_str(line);
    }
    out
}

/// The statement bound to `name` (`name = <statement>`).
pub(super) fn bound(site: &Dropped, src: &str, name: &str) -> String {
    let column = site.stmt.start_position().column;
    prefixed(&format!("{name} = "), text(site.stmt, src), column)
}

/// The statement with its task call wrapped in `function(...)`.
///
/// A call written on several lines ends up inside `function(` and `)` one level deeper, as the
/// formatter lays it out, when nothing follows it in the statement.
pub(super) fn wrapped_statement(site: &Dropped, src: &str, function: &str, unit: &str) -> String {
    let stmt = site.stmt.byte_range();
    let call = site.call.byte_range();
    let (before, call_text, after) = (
        &src[stmt.start..call.start],
        &src[call.clone()],
        &src[call.end..stmt.end],
    );
    let line_start = src[..stmt.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &src[line_start..stmt.start];
    // Only for a statement that starts its line: one in a one-line suite moves when expanded.
    let starts_line = indent.bytes().all(|b| b == b' ' || b == b'\t');
    if call_text.contains('\n') && after.is_empty() && starts_line {
        let eol = if src[stmt.clone()].contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let nested = call_text.replace(eol, &format!("{eol}{unit}"));
        return format!("{before}{function}({eol}{indent}{unit}{nested}{eol}{indent})");
    }
    format!("{before}{function}({call_text}){after}")
}
