//! Rewrites each dropped-task statement into statements that keep the task in the set.
//!
//! A statement alone on its lines is replaced in place, and the new lines go after its last line,
//! so a trailing comment stays with the original code. Statements that share a line (`a; b`, or
//! `if x: a`) are expanded into one statement a line, since a `for` loop or a sequence of
//! statements cannot always follow a `;` or a one-line suite's colon.

use std::collections::{BTreeMap, HashMap};

use tree_sitter::Node;

use super::TASK_NAME;
use crate::detect::scope::Scopes;
use crate::detect::{Kind, Site};
use crate::edit::Edit;
use crate::source::SourceFile;
use crate::syntax::{statements, text};

/// One new line of code, `depth` levels deeper than the statement it replaces.
struct Line {
    depth: usize,
    code: String,
}

impl Line {
    fn at(depth: usize, code: String) -> Self {
        Line { depth, code }
    }
}

pub fn sites<'s>(
    source: &SourceFile<'s>,
    sites: &[Site],
    set: &str,
    unit: &str,
    scopes: &mut Scopes<'s>,
) -> Vec<Edit> {
    let src = source.text;
    let mut edits = Vec::new();
    // Statements that share a line with another, by the start of their line group.
    let mut groups: BTreeMap<usize, Vec<Node>> = BTreeMap::new();
    let mut rewritten: HashMap<usize, Vec<Line>> = HashMap::new();

    for site in sites {
        let temp = scopes.names(site.placement.scope, src).fresh(TASK_NAME);
        let lines = site_lines(site, src, &temp, set);
        match line_group(site, source) {
            None => edits.extend(in_place(site.stmt, lines, source, unit)),
            Some(group) => {
                rewritten.insert(site.stmt.id(), lines);
                groups.entry(group[0].start_byte()).or_insert(group);
            }
        }
    }
    for group in groups.into_values() {
        edits.push(expand_group(&group, &mut rewritten, source, unit));
    }
    edits
}

/// The code that replaces one site's statement.
fn site_lines(site: &Site, src: &str, temp: &str, set: &str) -> Vec<Line> {
    let keep = |name: &str| {
        [
            Line::at(0, format!("{set}.add({name})")),
            Line::at(0, format!("{name}.add_done_callback({set}.discard)")),
        ]
    };
    let mut lines = Vec::new();
    match site.kind {
        Kind::Bare => {
            lines.push(Line::at(0, format!("{temp} = {}", text(site.stmt, src))));
            lines.extend(keep(temp));
        }
        Kind::ChainedCallback => {
            // `<task call>.add_done_callback(cb)`: keep the call and the callback as written.
            let object = site
                .expr
                .child_by_field_name("function")
                .and_then(|f| f.child_by_field_name("object"))
                .unwrap_or(site.call);
            let tail = &src[object.end_byte()..site.expr.end_byte()];
            lines.push(Line::at(0, format!("{temp} = {}", text(object, src))));
            lines.extend(keep(temp));
            lines.push(Line::at(0, format!("{temp}{tail}")));
        }
        Kind::Comprehension => {
            let comprehension = text(site.expr, src);
            let as_list = match site.expr.kind() {
                "list_comprehension" => comprehension.to_owned(),
                _ => format!("[{}]", &comprehension[1..comprehension.len() - 1]),
            };
            lines.push(Line::at(0, format!("for {temp} in {as_list}:")));
            lines.extend(keep(temp).map(|line| Line::at(1, line.code)));
        }
        Kind::UnusedAssignment => {
            let target = site.target.unwrap_or(site.call);
            let name = text(target, src);
            let statement = text(site.stmt, src);
            if name == "_" {
                // `_` reads as "ignored"; give the task a real name.
                let at = target.start_byte() - site.stmt.start_byte();
                let renamed = format!("{}{temp}{}", &statement[..at], &statement[at + 1..]);
                lines.push(Line::at(0, renamed));
                lines.extend(keep(temp));
            } else {
                lines.push(Line::at(0, statement.to_owned()));
                lines.extend(keep(name));
            }
        }
    }
    lines
}

/// Joins lines at `indent`, the first line without it (it takes the statement's place).
fn render(lines: &[Line], indent: &str, unit: &str, eol: &str) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str(eol);
            out.push_str(indent);
            out.push_str(&unit.repeat(line.depth));
        }
        out.push_str(&line.code);
    }
    out
}

/// A statement alone on its lines: replace it, then add the rest after its last line.
fn in_place(stmt: Node, lines: Vec<Line>, source: &SourceFile, unit: &str) -> [Edit; 2] {
    let indent = source.indentation(stmt.start_byte());
    let (first, rest) = lines.split_at(1);
    // A redundant `;` after the statement would end up inside the new lines: drop it.
    let line_end = source.line_end(stmt.end_byte());
    let trailing = &source.text[stmt.end_byte()..line_end];
    let mut end = stmt.end_byte();
    if let Some(semicolon) = trailing.find(';')
        && trailing[..semicolon].trim().is_empty()
    {
        end += semicolon + 1;
    }
    let mut after = String::new();
    for line in rest {
        after.push_str(source.eol);
        after.push_str(indent);
        after.push_str(&unit.repeat(line.depth));
        after.push_str(&line.code);
    }
    [
        Edit::replacement(stmt.start_byte(), end, first[0].code.clone()),
        Edit::insertion(line_end, after),
    ]
}

/// The statements that share a line with the site's (itself included), or `None` when it has its
/// lines to itself.
fn line_group<'t>(site: &Site<'t>, source: &SourceFile) -> Option<Vec<Node<'t>>> {
    let stmt = site.stmt;
    if alone_on_its_lines(stmt, source) {
        return None;
    }
    let siblings = statements(site.placement.parent);
    let index = siblings.iter().position(|s| s.id() == stmt.id())?;
    let joined = |a: &Node, b: &Node| source.row(a.end_byte()) == source.row(b.start_byte());
    let mut first = index;
    while first > 0 && joined(&siblings[first - 1], &siblings[first]) {
        first -= 1;
    }
    let mut last = index;
    while last + 1 < siblings.len() && joined(&siblings[last], &siblings[last + 1]) {
        last += 1;
    }
    Some(siblings[first..=last].to_vec())
}

/// Only blanks before the statement on its first line, and after it on its last line nothing but
/// blanks, one `;` and a comment.
fn alone_on_its_lines(stmt: Node, source: &SourceFile) -> bool {
    let after = &source.text[stmt.end_byte()..source.line_end(stmt.end_byte())];
    let after = after.trim_start();
    let after = after.strip_prefix(';').unwrap_or(after).trim_start();
    source.starts_line(stmt.start_byte()) && (after.is_empty() || after.starts_with('#'))
}

/// One edit that puts each statement of a group on its own line.
fn expand_group(
    group: &[Node],
    rewritten: &mut HashMap<usize, Vec<Line>>,
    source: &SourceFile,
    unit: &str,
) -> Edit {
    let first = group[0];
    let last = group[group.len() - 1];
    let header_indent = source.indentation(first.start_byte());
    let one_line_suite = !source.starts_line(first.start_byte());
    let (start, indent) = if one_line_suite {
        // `if x: a; b` → the suite moves below the header, one level deeper.
        let before = &source.text[..first.start_byte()];
        let start = before.trim_end_matches([' ', '\t']).len();
        (start, format!("{header_indent}{unit}"))
    } else {
        (first.start_byte(), header_indent.to_owned())
    };
    let eol = source.eol;
    let mut content = String::new();
    let mut end = last.end_byte();
    if one_line_suite {
        // `else: a()  # why` → the comment speaks for the clause: keep it on the header line.
        let line_end = source.line_end(end);
        let trailing = source.text[end..line_end].trim_start();
        let trailing = trailing.strip_prefix(';').unwrap_or(trailing).trim_start();
        if trailing.starts_with('#') {
            content.push_str("  ");
            content.push_str(trailing.trim_end());
            end = line_end;
        }
    }
    for (i, stmt) in group.iter().enumerate() {
        if one_line_suite || i > 0 {
            content.push_str(eol);
            content.push_str(&indent);
        }
        match rewritten.remove(&stmt.id()) {
            Some(lines) => content.push_str(&render(&lines, &indent, unit, eol)),
            None => content.push_str(text(*stmt, source.text)),
        }
    }
    Edit::replacement(start, end, content)
}
