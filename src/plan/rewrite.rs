//! Rewrites each dropped-task statement into statements that keep the task in the set.
//!
//! A statement alone on its lines is replaced in place, and the new lines go after its last line,
//! so a trailing comment stays with the original code. Statements that share a line (`a; b`, or
//! `if x: a`) are expanded into one statement a line, since a `for` loop or a sequence of
//! statements cannot always follow a `;` or a one-line suite's colon.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use tree_sitter::Node;

use super::author_layout::{self, fits, split_by_the_formatter, trailing_comment_width};
use super::awaitable_callee;
use super::ignores::{self, Stale};
use super::keeper::{FUTURE_NAME, Keeper, TASK_NAME};
use super::line_groups::LineGroups;
use super::site_parts::{
    assignment_parts, bound, chained_parts, hoisted_call, with_call_named, wrapped_statement,
};
use super::spawn::{framework_statement, spawned_statement};
use super::wrap;
use crate::detect::scope::{ScopeNames, Scopes};
use crate::detect::{Dropped, Kind, Shape};
use crate::plan::edit::{Edit, SiteFix};
use crate::scan::source::SourceFile;
use crate::scan::span::Span;
use crate::scan::syntax::text;

/// One new line of code, `depth` levels deeper than the statement it replaces.
struct Line {
    depth: usize,
    code: String,
    /// Wrapped when too long: only where the original statement kept to the line length.
    wrap: bool,
    /// Joined onto one line when it fits: where the original was split only because it was too
    /// long (as the formatter splits), so the shorter new line is joined as the formatter would.
    reflow: bool,
    /// Where the original passed the line length but kept to flake8's E501 limit: wrapped at
    /// that limit if the new line passes it (`task = ` makes it longer).
    e501: Option<usize>,
    /// Columns of the comment that follows the line (the statement's trailing comment): the
    /// formatters count it when they decide whether a line fits.
    tail: usize,
}

impl Line {
    fn at(depth: usize, code: String) -> Self {
        Line {
            depth,
            code,
            wrap: true,
            reflow: false,
            e501: None,
            tail: 0,
        }
    }
}

/// The lengths the rewritten lines keep to: the code's, and flake8's E501 limit if any.
#[derive(Clone, Copy)]
pub struct Limits {
    pub line_length: usize,
    pub e501: Option<usize>,
    /// COM812 is checked (see [`wrap::fit`]).
    pub trailing_comma: bool,
    /// The project runs a formatter or has its settings: a multi-line statement's layout is
    /// the formatter's, laid out again as it would; else it is the author's, kept.
    pub formatter: bool,
}

/// What the new lines name beyond the keeper: the callback that logs failures, and a site's
/// task local's type where mypy cannot infer it (one a site: see `awaitable_callee.rs`).
pub struct Written<'a> {
    pub log: Option<&'a str>,
    pub task_types: &'a [Option<&'a str>],
}

pub fn sites<'s>(
    source: &SourceFile<'s>,
    sites: &[Dropped],
    keepers: &[Keeper],
    unit: &str,
    limits: Limits,
    scopes: &mut Scopes<'s>,
    written: Written,
) -> Vec<SiteFix> {
    let mut bound_locals = HashSet::new();
    let line_length = limits.line_length;
    let src = source.text;
    let mut fixes = Vec::new();
    // Where the finding of a site stands; a factory's `return` is no finding of its own.
    let finding_at = |site: &Dropped| {
        (site.kind != Kind::FactoryReturn).then(|| source.span(site.stmt.byte_range()))
    };
    let mut group_sites: HashMap<usize, Vec<Span>> = HashMap::new();
    // Statements that share a line with another, by the start of their line group.
    let mut groups: BTreeMap<usize, Rc<Vec<Node>>> = BTreeMap::new();
    let mut rewritten: HashMap<usize, Vec<Line>> = HashMap::new();

    let fit = Fit { unit, limits };
    let mut line_groups = LineGroups::default();
    for (index, (site, keeper)) in sites.iter().zip(keepers).enumerate() {
        let temp = task_local(site, keeper, src, scopes);
        let mut lines = site_lines(site, src, &temp, keeper, &fit, written.log);
        let (first, task_type) = (lines.first_mut(), written.task_types.get(index));
        let first = (first.map(|l| &mut l.code), task_type.copied().flatten());
        awaitable_callee::type_first_local(site, (&temp, keeper), first, &mut bound_locals);
        if !fits(site.stmt, source, line_length) {
            let e501 = (limits.e501).filter(|&limit| fits(site.stmt, source, limit));
            lines.iter_mut().for_each(|line| {
                line.wrap = false;
                line.e501 = e501;
            });
        }
        if split_by_the_formatter(site.stmt, source, line_length) {
            // With no formatter, what no longer fits on one line keeps its author's layout,
            // unless that layout is the formatter's own (the file was formatted all the same)
            // or a linter the project runs (E501) would report the new lines as they stand.
            let rows = lines.iter().map(|line| (line.depth, line.code.as_str()));
            let shape = (unit, line_length, limits.trailing_comma);
            let relaid = limits.formatter
                || author_layout::shown(site.stmt, source, rows, shape, limits.e501);
            for line in lines.iter_mut().filter(|line| !line.reflow) {
                line.reflow = true;
                line.wrap &= relaid;
            }
        }
        // The statement's trailing comment stays after the first new line.
        if let Some(first) = lines.first_mut() {
            first.tail = trailing_comment_width(site.stmt, source);
        }
        // The task is now bound to a name, or the local it was assigned to is now read: a
        // comment that silenced its being unused is stale.
        let stale = Stale {
            unused_task: lines.first().is_some_and(|l| {
                l.code.starts_with(&format!("{temp} = "))
                    || l.code.starts_with(&format!("{temp}: "))
            }),
            unused_local: reads_target(site, &lines, src),
            // Only `--ignore-noqa` fixes a site that a comment silenced.
            kept_task: true,
        };
        match line_groups.of(site, source) {
            None => {
                let mut edits = in_place(site.stmt, lines, source, &fit, stale).to_vec();
                // A comment above that only says the task is dropped is stale once it is kept.
                let above = ignores::dropped_comment_above(&site.stmt, source);
                edits.extend(above.map(|r| Edit::replacement(r.start, r.end, "")));
                fixes.push(SiteFix {
                    sites: finding_at(site).into_iter().collect(),
                    edits,
                });
            }
            Some(group) => {
                rewritten.insert(site.stmt.id(), lines);
                let first = group[0].start_byte();
                group_sites
                    .entry(first)
                    .or_default()
                    .extend(finding_at(site));
                groups.entry(first).or_insert(group);
            }
        }
    }
    for (first, group) in groups {
        fixes.push(SiteFix {
            sites: group_sites.remove(&first).unwrap_or_default(),
            edits: vec![expand_group(&group, &mut rewritten, source, &fit)],
        });
    }
    fixes
}

/// The local a site's task is bound to (see [`local_name`]); none for a keeper that takes the
/// coroutine.
fn task_local<'s>(
    site: &Dropped,
    keeper: &Keeper,
    src: &'s str,
    scopes: &mut Scopes<'s>,
) -> String {
    let temp = match keeper {
        Keeper::Futures(_) => FUTURE_NAME,
        _ => TASK_NAME,
    };
    match keeper {
        Keeper::Spawn(_) | Keeper::Framework { .. } | Keeper::Attribute(_) => String::new(),
        _ => local_name(site, src, temp, scopes.names(site.placement.scope, src)),
    }
}

/// The local a site's task is bound to: `task`, or where the scope uses that name already, one
/// named after its coroutine function, as a maintainer names a second task (`_mark_terminal(...)`
/// → `mark_terminal_task`); `task_1` only where neither is free.
fn local_name(site: &Dropped, src: &str, base: &str, names: &ScopeNames) -> String {
    if !names.all.contains(base) {
        return base.to_owned();
    }
    let named = super::framework::coroutine_call(site)
        .and_then(|call| super::framework::task_name(call, src))
        .map(|function| format!("{function}_{base}"));
    match named {
        Some(named) if !names.all.contains(named.as_str()) => named,
        _ => names.fresh(base),
    }
}

/// The code that replaces one site's statement.
fn site_lines(
    site: &Dropped,
    src: &str,
    temp: &str,
    keeper: &Keeper,
    fit: &Fit,
    log: Option<&str>,
) -> Vec<Line> {
    match keeper {
        Keeper::Set(set) => set_lines(site, src, temp, (set, "add", "discard"), log),
        Keeper::SetRemoving(set) => set_lines(site, src, temp, (set, "add", "remove"), log),
        Keeper::List(list) => set_lines(site, src, temp, (list, "append", "remove"), log),
        Keeper::Queue(put) => kept_lines(site, src, temp, &|n| {
            vec![Line::at(0, format!("{put}({n})"))]
        }),
        // The log callback takes asyncio's tasks.
        Keeper::Futures(set) => set_lines(site, src, temp, (set, "add", "discard"), None),
        Keeper::Call { function, returns } => {
            call_lines(site, src, temp, (function, *returns), fit)
        }
        Keeper::Spawn(function) => vec![Line::at(0, spawned_statement(site, src, function))],
        // Only a bare call statement is given one (see `declared_attribute.rs`).
        Keeper::Attribute(attribute) => vec![Line::at(0, bound(site, src, attribute))],
        Keeper::Framework {
            function,
            before,
            after,
        } => vec![Line::at(
            0,
            framework_statement(site, src, (function, before, after)),
        )],
    }
}

/// A call on several lines that fit the line length, but would not one level deeper inside
/// `function(...)`: it is named first instead, and keeps its lines as they are.
fn too_long_nested(site: &Dropped, src: &str, fit: &Fit) -> bool {
    let call = &src[site.call.byte_range()];
    let stmt = site.stmt.byte_range();
    let alone = stmt == site.call.byte_range();
    let inner = || call.lines().skip(1).map(wrap::width);
    let unit = wrap::width(fit.unit);
    alone
        && call.contains('\n')
        && inner().all(|w| w <= fit.limits.line_length)
        && inner().any(|w| w + unit > fit.limits.line_length)
}

fn call_lines(
    site: &Dropped,
    src: &str,
    temp: &str,
    (function, returns): (&str, bool),
    fit: &Fit,
) -> Vec<Line> {
    let unit = fit.unit;
    match site.shape() {
        Shape::Call if too_long_nested(site, src, fit) => vec![
            Line::at(0, format!("{temp} = {}", text(site.call, src))),
            Line::at(0, format!("{function}({temp})")),
        ],
        // A keeper that returns nothing cannot stand where the task is used: the container
        // would get `None` (which a `WeakSet` refuses). Name the task, keep it, use the name.
        // So is a call on several lines inside a container (`asyncio.wait([...])`): wrapped
        // where it stands, it would keep its old deep lines.
        Shape::Held if !returns || text(site.call, src).contains('\n') => {
            // A keeper that returns the task keeps it in the assignment: its result used, as
            // mypy's `unused-awaitable` wants.
            let named = match returns {
                true => format!("{temp} = {function}({})", text(site.call, src)),
                false => format!("{temp} = {}", text(site.call, src)),
            };
            let mut hoisted = Line::at(0, hoisted_call(site, src, named));
            hoisted.wrap = !hoisted.code.contains('#');
            hoisted.reflow = true;
            let keep = (!returns).then(|| Line::at(0, format!("{function}({temp})")));
            let rest = Line::at(0, with_call_named(site, src, temp));
            std::iter::once(hoisted).chain(keep).chain([rest]).collect()
        }
        // The wrapped call stands where the call stood: every shape keeps its meaning. (Hand-offs
        // are never planned: they are unfixable, or kept in their factory.)
        Shape::Call | Shape::Future | Shape::Comprehension | Shape::Held | Shape::Lambda => {
            vec![Line::at(0, wrapped_statement(site, src, function, unit))]
        }
        Shape::Chained | Shape::Named | Shape::Return if returns => {
            vec![Line::at(0, wrapped_statement(site, src, function, unit))]
        }
        // `return <call>` in a factory: name the task, keep it, return it.
        Shape::Return => vec![
            Line::at(0, format!("{temp} = {}", text(site.expr, src))),
            Line::at(0, format!("{function}({temp})")),
            Line::at(0, format!("return {temp}")),
        ],
        Shape::Chained => {
            let (object, tail) = chained_parts(site, src);
            vec![
                Line::at(0, format!("{temp} = {object}")),
                Line::at(0, format!("{function}({temp})")),
                Line::at(0, format!("{temp}{tail}")),
            ]
        }
        Shape::Named => {
            let (statement, name) = assignment_parts(site, src, temp);
            vec![
                Line::at(0, statement),
                Line::at(0, format!("{function}({name})")),
            ]
        }
    }
}

fn set_lines(
    site: &Dropped,
    src: &str,
    temp: &str,
    (set, add, done): (&str, &str, &str),
    log: Option<&str>,
) -> Vec<Line> {
    let keep = |name: &str| {
        let mut lines = vec![
            Line::at(0, format!("{set}.{add}({name})")),
            Line::at(0, format!("{name}.add_done_callback({set}.{done})")),
        ];
        if let Some(log) = log {
            lines.push(Line::at(0, format!("{name}.add_done_callback({log})")));
        }
        lines
    };
    kept_lines(site, src, temp, &keep)
}

/// The site's statement with its task named, then `keep`'s lines for that name.
fn kept_lines(
    site: &Dropped,
    src: &str,
    temp: &str,
    keep: &dyn Fn(&str) -> Vec<Line>,
) -> Vec<Line> {
    let mut lines = Vec::new();
    match site.shape() {
        // `future = run_coroutine_threadsafe(...)` never read: keep it where it is named.
        Shape::Future if site.target.is_some() => {
            let (statement, name) = assignment_parts(site, src, temp);
            lines.push(Line::at(0, statement));
            lines.extend(keep(&name));
        }
        // Never planned (the factory's own return is), but a bare call is what it holds.
        Shape::Call | Shape::Future => {
            lines.push(Line::at(0, bound(site, src, temp)));
            lines.extend(keep(temp));
        }
        Shape::Return => {
            lines.push(Line::at(0, format!("{temp} = {}", text(site.expr, src))));
            lines.extend(keep(temp));
            lines.push(Line::at(0, format!("return {temp}")));
        }
        Shape::Chained => {
            // `<task call>.add_done_callback(cb)`: keep the call and the callback as written.
            let (object, tail) = chained_parts(site, src);
            lines.push(Line::at(0, format!("{temp} = {object}")));
            lines.extend(keep(temp));
            lines.push(Line::at(0, format!("{temp}{tail}")));
        }
        Shape::Comprehension => {
            let comprehension = text(site.expr, src);
            let as_list = match site.expr.kind() {
                "list_comprehension" => comprehension.to_owned(),
                _ => format!("[{}]", &comprehension[1..comprehension.len() - 1]),
            };
            lines.push(Line::at(0, format!("for {temp} in {as_list}:")));
            lines.extend(keep(temp).into_iter().map(|line| Line::at(1, line.code)));
        }
        // Also `task = <call>` then `weak.add(task)`: keep it where it is named.
        Shape::Named => {
            let (statement, name) = assignment_parts(site, src, temp);
            lines.push(Line::at(0, statement));
            lines.extend(keep(&name));
        }
        // Never planned: a lambda's task is kept by a function (see `plan`). Left as written.
        Shape::Lambda => lines.push(Line::at(0, text(site.stmt, src).to_owned())),
        // `tasks.append(<call>)`, `await asyncio.wait([<call>], timeout=5)`: name the task, keep
        // it, then use it as before.
        Shape::Held => {
            let mut named = format!("{temp} = {}", text(site.call, src));
            let mut rest = with_call_named(site, src, temp);
            // A pylint/noqa/type comment about the call goes with it.
            if let Some((moved, comment)) = ignores::call_pragma(site, src) {
                named = format!("{named}  {comment}");
                // In `rest`, `temp` stands where the call was.
                let call = site.call.byte_range();
                let start = call.start - site.stmt.start_byte() + temp.len();
                let at = |byte: usize| start + (byte - call.end);
                rest.replace_range(at(moved.start)..at(moved.end), "");
            }
            let mut hoisted = Line::at(0, hoisted_call(site, src, named));
            hoisted.wrap = !hoisted.code.contains('#');
            // Laid out again where it now stands, as the formatter would.
            hoisted.reflow = true;
            lines.push(hoisted);
            lines.extend(keep(temp));
            lines.push(Line::at(0, rest));
        }
    }
    lines
}

/// How new lines are indented and kept within the line length.
struct Fit<'a> {
    unit: &'a str,
    limits: Limits,
}

impl Fit<'_> {
    /// The line's code at `indent`, wrapped as the formatter would when it is too long.
    fn line(&self, line: &Line, indent: &str, eol: &str) -> String {
        let (line_length, shape) = (
            self.limits.line_length,
            (self.unit, eol, self.limits.trailing_comma),
        );
        // Joined when it fits; else split again as the formatter splits what does not.
        if line.reflow
            && let Some(joined) = wrap::join(&line.code)
        {
            if wrap::fits_at(&joined, indent, line_length.saturating_sub(line.tail)) {
                return joined;
            }
            if line.wrap {
                return wrap::fit_before_comment(&joined, indent, shape, (line_length, line.tail));
            }
        }
        if !line.wrap {
            let single = !line.code.contains(['\n', '#']);
            return match line.e501 {
                Some(limit) if single && !wrap::fits_at(&line.code, indent, limit) => {
                    wrap::fit(&line.code, indent, shape, limit)
                }
                _ => line.code.clone(),
            };
        }
        wrap::fit(&line.code, indent, shape, line_length)
    }
}

/// Joins lines at `indent`, the first line without it (it takes the statement's place).
fn render(lines: &[Line], indent: &str, fit: &Fit, eol: &str) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let line_indent = format!("{indent}{}", fit.unit.repeat(line.depth));
        if i > 0 {
            out.push_str(eol);
            out.push_str(&line_indent);
        }
        out.push_str(&fit.line(line, &line_indent, eol));
    }
    out
}

/// A statement alone on its lines: replace it, then add the rest after its last line. A
/// comment on a one-line statement loses the codes that the new code makes `stale`.
fn in_place(
    stmt: Node,
    lines: Vec<Line>,
    source: &SourceFile,
    fit: &Fit,
    stale: Stale,
) -> [Edit; 2] {
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
    let eol = source.eol;
    let mut after = String::new();
    for line in rest {
        let line_indent = format!("{indent}{}", fit.unit.repeat(line.depth));
        after.push_str(eol);
        after.push_str(&line_indent);
        after.push_str(&fit.line(line, &line_indent, eol));
    }
    let one_line = stmt.start_position().row == stmt.end_position().row;
    let stale = (one_line)
        .then(|| {
            let rest = &source.text[end..line_end];
            let hash = rest.find('#')?;
            let cleaned = ignores::without_stale_codes(&rest[hash..], stale)?;
            Some(match cleaned.is_empty() {
                true => String::new(),
                false => format!("{}{cleaned}", &rest[..hash]),
            })
        })
        .flatten();
    [
        Edit::replacement(stmt.start_byte(), end, fit.line(&first[0], indent, eol)),
        match stale {
            Some(comment) => Edit::replacement(end, line_end, comment + &after),
            None => Edit::insertion(line_end, after),
        },
    ]
}

/// Whether the site's statement assigns the task to a plain name that the new lines after it
/// read (`t = create_task(...)`, then `_background_tasks.add(t)`).
fn reads_target(site: &Dropped, lines: &[Line], src: &str) -> bool {
    let Some(name) = site.target.filter(|t| t.kind() == "identifier") else {
        return false;
    };
    let name = text(name, src);
    let word = |c: char| c.is_alphanumeric() || c == '_';
    lines.iter().skip(1).any(|line| {
        line.code.match_indices(name).any(|(at, _)| {
            !line.code[..at].ends_with(word) && !line.code[at + name.len()..].starts_with(word)
        })
    })
}

/// One edit that puts each statement of a group on its own line.
fn expand_group(
    group: &[Node],
    rewritten: &mut HashMap<usize, Vec<Line>>,
    source: &SourceFile,
    fit: &Fit,
) -> Edit {
    let unit = fit.unit;
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
            Some(lines) => content.push_str(&render(&lines, &indent, fit, eol)),
            None => content.push_str(text(*stmt, source.text)),
        }
    }
    Edit::replacement(start, end, content)
}
