//! Where isort would put the imports the fix adds: in an import of the same module already
//! there, in the section they belong to, or in a section of their own between the others.

use tree_sitter::Node;

use super::header::{Header, ImportLine, is_string_statement, silences_e402};
use super::isort::{NewImport, Section, Sorting, member_key, single_lines};
use super::isort_grid::grid_import;
use crate::plan::edit::Edit;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{split_alias, statements, text};
use crate::settings::Grid;

impl Header<'_> {
    /// The edits that add `new` (in isort's order) where isort would put them. `fallback` is
    /// where declarations go when the module has no import block.
    pub fn add_imports(
        &self,
        new: &[NewImport],
        source: &SourceFile,
        line_length: usize,
        fallback: usize,
    ) -> Vec<Edit> {
        // An import of a package that only the imports after `sys.path.insert(...)` import
        // goes with them: above that call it may not be importable.
        let top = |module: &str| module.split('.').next().unwrap_or(module).to_owned();
        let imported = |lines: &[ImportLine], module: &str| {
            lines
                .iter()
                .any(|l| !module.is_empty() && top(&l.key.4) == top(module))
        };
        let (late, new): (Vec<NewImport>, Vec<NewImport>) = new.iter().cloned().partition(|i| {
            !i.module.starts_with('.')
                && imported(&self.after_code, &i.module)
                && !imported(&self.imports, &i.module)
        });
        let (later_edits, new) = self.before_later_imports(new, source);
        // The standard library joins its imports above that code, which it needs not follow;
        // where there are none, the imports there, unless the file silences E402 for its late
        // run (it chose to import after that code): elsewhere one more import after code.
        let stdlib = |i: &NewImport| i.section == Section::StandardLibrary;
        let above = !self.before_code.is_empty() && !self.late_noqa;
        let (early, new): (Vec<NewImport>, Vec<NewImport>) = new.into_iter().partition(|i| {
            stdlib(i) && (above || self.before_code.iter().any(|l| l.section == i.section))
        });
        let mut late_edits = later_edits;
        if !early.is_empty() {
            let before_code = self.before_code_view();
            late_edits = before_code.add_imports(&early, source, line_length, fallback);
        }
        if !late.is_empty() {
            let after_code = self.after_code_view(source.text);
            late_edits.extend(after_code.add_imports(&late, source, line_length, fallback));
        }
        let mut edits = Vec::new();
        let new = &new[..];
        let silenced: Vec<NewImport>;
        let new = match self.late_noqa {
            true => {
                silenced = (new.iter().cloned())
                    .map(|mut i| {
                        i.comment = i.comment.or_else(|| Some("noqa: E402".to_owned()));
                        i
                    })
                    .collect();
                &silenced[..]
            }
            false => new,
        };
        // Imports of a section the module lacks go in together: one new block, not one each.
        let mut fresh: Vec<&NewImport> = Vec::new();
        for import in new {
            match self.join_existing(import, source, line_length) {
                Some(edit) => edits.push((edit, import.section)),
                None => fresh.push(import),
            }
        }
        let sorting = Sorting::of(&self.order);
        for section in fresh.chunk_by(|a, b| a.section == b.section) {
            // A new section holds both kinds in groups of their own, as isort writes them: a
            // blank line between them under `lines_between_types` (panel's helper module).
            let apart = sorting.types_apart && sorting.kinds_apart();
            let mut statements = String::new();
            for (i, import) in section.iter().enumerate() {
                if i > 0 {
                    statements.push_str(source.eol);
                    let kind = |i: &NewImport| i.key().0;
                    if apart
                        && import.section != Section::Future
                        && kind(section[i - 1]) != kind(import)
                    {
                        statements.push_str(source.eol);
                    }
                }
                statements.push_str(&import.statement());
            }
            let edit = self.new_section(section[0], &statements, source, fallback);
            edits.push((edit, section[0].section));
        }
        // Imports inserted at one place go in their sections' order (a new section before the
        // line of a later one that a joining import goes before, or after the last import).
        edits.sort_by_key(|(edit, section)| (edit.start, *section));
        late_edits.extend(edits.into_iter().map(|(edit, _)| edit));
        late_edits
    }

    /// The edit that adds `new` to an import, or to the section, already there.
    fn join_existing(
        &self,
        new: &NewImport,
        source: &SourceFile,
        line_length: usize,
    ) -> Option<Edit> {
        let src = source.text;
        let eol = source.eol;
        let statement = new.statement();
        let sorting = Sorting::of(&self.order);
        // `from typing import Optional` already there: add the names to it, as isort merges them.
        if !new.names.is_empty()
            && new.comment.is_none()
            && !single_lines(&new.module, &self.order)
            && let Some(existing) = self.imports.iter().find(|line| {
                line.stmt.kind() == "import_from_statement"
                    && line.key.3 == new.module.to_lowercase()
                    && !text(line.stmt, src).contains(" as ")
                    && !text(line.stmt, src).contains('\\')
            })
            && let Some(edit) = merge_names(
                existing.stmt,
                &new.names,
                source,
                (line_length, self.order.grid),
                sorting,
            )
        {
            return Some(edit);
        }
        let key = new.key();
        let section: Vec<&ImportLine> = self
            .imports
            .iter()
            .filter(|line| self.section_for(line, new) == new.section)
            .collect();
        // The two kinds in groups of their own (`from_first`, or `lines_between_types` alone):
        // a line joins those of its own kind, or starts its kind's group, after the other's
        // (a blank line between them where the project sets `lines_between_types`).
        let kinds_apart = sorting.kinds_apart() && new.section != Section::Future;
        let gap = match sorting.types_apart {
            true => eol,
            false => "",
        };
        let same: Vec<&ImportLine> = match kinds_apart {
            true => section
                .iter()
                .copied()
                .filter(|l| l.key.0 == key.0)
                .collect(),
            false => section.clone(),
        };
        if kinds_apart && same.is_empty() && !section.is_empty() {
            return Some(match key.0 {
                // The later kind (`import` under `from_first`) after the last line.
                true => Edit::insertion(
                    source.next_line_start(section[section.len() - 1].stmt.end_byte()),
                    format!("{gap}{statement}{eol}"),
                ),
                false => Edit::insertion(
                    source.line_start(section[0].stmt.start_byte()),
                    format!("{statement}{eol}{gap}"),
                ),
            });
        }
        if let Some(next) = same.iter().find(|line| line.key > key) {
            // Above the comment that labels `next` (`# storages`), as isort keeps a comment with
            // the import below it; after the import before that comment where one of the
            // section ends just above it, past blank lines.
            let label = label_start(source, next.stmt);
            let at = match label < source.line_start(next.stmt.start_byte()) {
                true => self.end_above(source, label, new).unwrap_or(label),
                false => label,
            };
            // Right above a labelled group the import starts its own: isort (profile black)
            // leaves a blank line between it and the label.
            let gap = match at == label && label < source.line_start(next.stmt.start_byte()) {
                true => eol,
                false => "",
            };
            return Some(Edit::insertion(at, format!("{statement}{eol}{gap}")));
        }
        same.last().map(|last| {
            Edit::insertion(
                source.next_line_start(last.stmt.end_byte()),
                format!("{}{statement}{eol}", newline_if_missing(source, last.stmt)),
            )
        })
    }

    /// Where an import of `new`'s section ends on the last code line above `at` (blank lines
    /// between): the start of the line after it.
    fn end_above(&self, source: &SourceFile, at: usize, new: &NewImport) -> Option<usize> {
        let mut line = at;
        while line > 0 {
            line = source.line_start(line - 1);
            if !source.is_blank_line(line) {
                break;
            }
        }
        let previous = self
            .imports
            .iter()
            .find(|l| source.line_start(l.stmt.end_byte()) == line && line < at)?;
        (self.section_for(previous, new) == new.section)
            .then(|| source.next_line_start(previous.stmt.end_byte()))
    }

    /// The section of an existing import line, as `new` sees it: the project's own package is
    /// first-party, so its existing imports count as that section.
    fn section_for(&self, line: &ImportLine, new: &NewImport) -> Section {
        let top = |module: &str| module.split('.').next().unwrap_or(module).to_owned();
        if new.section == Section::FirstParty
            && !self.sections_found
            && top(&line.key.4) == top(&new.module)
        {
            Section::FirstParty
        } else {
            line.section
        }
    }

    /// The edit that adds `statements`, a section of their own (`new`'s), between the sections
    /// around it.
    fn new_section(
        &self,
        new: &NewImport,
        statements: &str,
        source: &SourceFile,
        fallback: usize,
    ) -> Edit {
        let src = source.text;
        let eol = source.eol;
        if let Some(next) =
            (self.imports.iter()).find(|line| self.section_for(line, new) > new.section)
        {
            return Edit::insertion(
                label_start(source, next.stmt),
                format!("{statements}{eol}{eol}"),
            );
        }
        if let Some(previous) = self.imports.last() {
            return Edit::insertion(
                source.next_line_start(previous.stmt.end_byte()),
                format!(
                    "{}{eol}{statements}{eol}",
                    newline_if_missing(source, previous.stmt)
                ),
            );
        }
        let at_docstring = self.last.is_some_and(is_string_statement);
        let before = if at_docstring { eol } else { "" };
        let prefix = if fallback == src.len() && !src.is_empty() && !src.ends_with('\n') {
            eol
        } else {
            ""
        };
        Edit::insertion(fallback, format!("{prefix}{before}{statements}{eol}"))
    }
}

/// The start of the comment lines right above `stmt` that label it (`# storages`), else of its
/// own line. Not the comments that open the file (a coding line, a shebang, a licence): an
/// import above them could break them.
fn label_start(source: &SourceFile, stmt: Node) -> usize {
    let own = source.line_start(stmt.start_byte());
    let mut start = own;
    while start > 0 {
        let above = source.line_start(start - 1);
        let line = source.text[above..start].trim();
        if !line.starts_with('#') {
            break;
        }
        start = above;
    }
    match start == 0 {
        true => own,
        false => start,
    }
}

/// A line break when `stmt` ends the file without one.
fn newline_if_missing<'a>(source: &SourceFile<'a>, stmt: Node) -> &'static str {
    let end = source.next_line_start(stmt.end_byte());
    if end == source.text.len() && !source.text.ends_with('\n') {
        source.eol
    } else {
        ""
    }
}

/// Adds `names` to `from module import a, b`, sorted as isort sorts members (after them when
/// the names there are not in that order); wrapped in
/// parentheses one name a line when the line would grow past the line length, or in isort's
/// grid where the project's isort wraps so ([`grid_import`]).
fn merge_names(
    stmt: Node,
    names: &[String],
    source: &SourceFile,
    (line_length, grid): (usize, Option<Grid>),
    sorting: Sorting,
) -> Option<Edit> {
    let src = source.text;
    let module = stmt.child_by_field_name("module_name")?;
    let mut cursor = stmt.walk();
    let existing: Vec<&str> = stmt
        .children_by_field_name("name", &mut cursor)
        .map(|n| text(n, src))
        .collect();
    if existing.is_empty() || text(stmt, src).contains('#') {
        return None;
    }
    let mut all: Vec<String> = existing.iter().map(|s| (*s).to_owned()).collect();
    for name in names {
        if !all.contains(name) {
            all.push(name.clone());
        }
    }
    // A project whose names are in isort's order keeps it; another keeps its own order, with
    // the new names last (re-sorting its line would be a change of its own).
    let sorted = existing
        .windows(2)
        .all(|pair| member_key(pair[0], sorting) <= member_key(pair[1], sorting));
    if sorted {
        all.sort_by_key(|a| member_key(a, sorting));
    }
    let head = format!("from {} import ", text(module, src));
    let one_line = format!("{head}{}", all.join(", "));
    let multi_line = text(stmt, src).contains('\n');
    let trailing_comma = text(stmt, src).trim_end_matches([')', ' ', '\t', '\r', '\n']);
    let in_grid = grid.and_then(|grid| {
        let had_comma = trailing_comma.ends_with(',');
        grid_import(&head, &all, grid, line_length, (had_comma, source.eol))
    });
    let content = if let Some(content) = in_grid {
        content
    } else if one_line.chars().count() <= line_length && !multi_line {
        one_line
    } else {
        // In the statement's own layout: its names' indent, and its closing parenthesis where
        // it stands (`    )` in the hanging style).
        let eol = source.eol;
        let line_prefix = |at: usize| {
            let prefix = &src[source.line_start(at)..at];
            Some(prefix.to_owned()).filter(|p| p.trim().is_empty())
        };
        let mut cursor = stmt.walk();
        let first = stmt.children_by_field_name("name", &mut cursor).next();
        let indent = (first.and_then(|name| line_prefix(name.start_byte())))
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| "    ".to_owned());
        let close = (text(stmt, src).ends_with(')'))
            .then(|| line_prefix(stmt.end_byte() - 1))
            .flatten()
            .unwrap_or_default();
        let mut wrapped = format!("{head}({eol}");
        for name in &all {
            wrapped.push_str(&format!("{indent}{name},{eol}"));
        }
        wrapped.push_str(&close);
        wrapped.push(')');
        wrapped
    };
    Some(Edit::replacement(
        stmt.start_byte(),
        stmt.end_byte(),
        content,
    ))
}

impl<'t> Header<'t> {
    /// The edits that add the imports of `new` whose package the file imports only further
    /// down, after more code (kutai's run.py imports `src.` only below its
    /// `sys.path.insert(...)` and the set-up after it): above that code it may not be
    /// importable, so each goes just before the file's first import of it. The standard library
    /// is importable anywhere, so its imports stay in the header. The rest of `new` is returned.
    fn before_later_imports(
        &self,
        new: Vec<NewImport>,
        source: &SourceFile,
    ) -> (Vec<Edit>, Vec<NewImport>) {
        let src = source.text;
        let top = |module: &str| module.split('.').next().unwrap_or(module).to_owned();
        let mut edits = Vec::new();
        let mut rest = Vec::new();
        for mut import in new {
            let imported_above = (self.imports.iter())
                .any(|l| !import.module.is_empty() && top(&l.key.4) == top(&import.module));
            let std = crate::scan::stdlib::is_stdlib(&top(&import.module));
            let later = (!import.module.starts_with('.') && !imported_above && !std)
                .then(|| self.later_import_of(src, &top(&import.module)))
                .flatten();
            let Some((stmt, silenced)) = later else {
                rest.push(import);
                continue;
            };
            if silenced {
                import.comment = import.comment.or_else(|| Some("noqa: E402".to_owned()));
            }
            let at = source.line_start(stmt.start_byte());
            edits.push(Edit::insertion(
                at,
                format!("{}{}", import.statement(), source.eol),
            ));
        }
        (edits, rest)
    }

    /// The first top-level import after the header's imports that imports from the package
    /// `top` (kutai's `from src.app.config import ...` below its `sys.path.insert(...)` and
    /// more code), and whether it silences E402: a new import of that package is importable
    /// only from there, not in the header above that code.
    fn later_import_of(&self, src: &str, top: &str) -> Option<(Node<'t>, bool)> {
        let end = (self.imports.iter().chain(&self.after_code))
            .map(|l| l.stmt.end_byte())
            .max()?;
        let of_package = |name: Node| {
            let dotted = split_alias(name, src).0;
            dotted.split('.').next() == Some(top)
        };
        statements(self.root)
            .into_iter()
            .filter(|s| s.start_byte() >= end && starts_line(*s, src))
            .find(|s| match s.kind() {
                "import_from_statement" => s
                    .child_by_field_name("module_name")
                    .is_some_and(|m| m.kind() == "dotted_name" && of_package(m)),
                "import_statement" => {
                    let mut cursor = s.walk();
                    s.children_by_field_name("name", &mut cursor)
                        .any(of_package)
                }
                _ => false,
            })
            .map(|s| (s, silences_e402(s, src)))
    }
}

/// Whether `stmt` begins its line (not after a `;`), so a line inserted above it runs first.
fn starts_line(stmt: Node, src: &str) -> bool {
    let before = src.get(..stmt.start_byte()).unwrap_or_default();
    before
        .rsplit('\n')
        .next()
        .is_some_and(|l| l.trim().is_empty())
}
