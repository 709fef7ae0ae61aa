//! The facts of one parsed file that every task site is judged by: how it imports asyncio,
//! which names are loops, which rows a `noqa` silences, and which of the project's task
//! factories it can call. Gathered in one walk of its statements, before any site is looked at.

use std::collections::HashSet;

use tree_sitter::{Node, Tree};

use super::callee::is_loop_getter_call;
use super::imports::AsyncioNames;
use super::noqa;
use super::task_alias::TaskAlias;
use crate::project::factories::{FactoryIndex, FileFactories};
use crate::scan::asyncio_api::CREATORS;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{StatementsPaths, strip_parens, text};
use crate::settings::Settings;

/// What a file says about the names its task sites use.
pub struct Facts {
    pub names: AsyncioNames,
    /// (function or module id, name) for `name = <loop getter>()`: loops the resolver knows by
    /// origin.
    pub loop_bindings: HashSet<(usize, String)>,
    /// Rows that hold a `# noqa` comment for the rule, or follow an own-line
    /// `# ruff: ignore[RUF006]`.
    pub suppressed_rows: HashSet<usize>,
    /// A file-level `# ruff: noqa: RUF006` (or `# ruff: file-ignore[RUF006]`) silences it all.
    pub suppressed_file: bool,
    /// `--ignore-noqa`: nothing is silenced.
    pub ignore_noqa: bool,
    /// The project's task factories this file can call.
    pub factories: FileFactories,
    /// Locals bound once to an uncalled task function (`create_task = self._loop.create_task`).
    pub task_aliases: Vec<TaskAlias>,
}

impl Facts {
    /// A suppression comment silences a finding whose statement starts on `row`.
    pub fn suppressed(&self, row: usize) -> bool {
        self.suppressed_file || self.suppressed_rows.contains(&row)
    }

    /// The rule by which a `noqa` silences a statement's task, for `check` and `audit` alike:
    /// a comment on the row it starts on, or inside it on its first line (`f(  # noqa` …).
    pub fn silences(&self, stmt: Node, source: &SourceFile) -> bool {
        self.suppressed(stmt.start_position().row)
            || (!self.ignore_noqa && suppressed_inside(stmt, source))
    }

    /// Every spelling of a task creator this file may use: asyncio's, their imported aliases,
    /// its factories' and the configured task functions. Only code that spells one can hold a
    /// task site.
    pub fn spellings<'a>(&'a self, settings: &'a Settings) -> Vec<&'a str> {
        let mut spellings: Vec<&str> = CREATORS.to_vec();
        let imported = self.names.functions.iter().chain(&self.names.classes);
        spellings.extend(imported.map(String::as_str));
        spellings.extend(self.factories.spellings());
        spellings.extend(settings.task_function_names());
        spellings.extend(self.task_aliases.iter().map(|a| a.name.as_str()));
        spellings
    }
}

/// The run's task factories as one file sees them.
#[derive(Clone, Copy)]
pub struct Project<'a> {
    pub factories: &'a FactoryIndex,
    /// The file, canonical (imports are resolved from it), when it has a path.
    pub file: Option<&'a std::path::Path>,
}

/// The facts of a parsed, error-free file, from one walk of its statements.
pub fn gather(tree: &Tree, source: &SourceFile, project: Project, ignore_noqa: bool) -> Facts {
    let src = source.text;
    let root = tree.root_node();
    let mut names = AsyncioNames::default();
    let mut suppressed_rows = HashSet::new();
    let mut suppressed_file = false;
    let mut loop_bindings = HashSet::new();
    let mut imports = Vec::new();
    let look_up_factories = !project.factories.is_empty()
        || !project.factories.handlers.is_empty()
        || project.factories.has_loop_runners()
        || project.factories.has_module_loops()
        || project.factories.has_singletons()
        || project.factories.has_quiet();

    let read = Read::of(root, src);
    for node in read.imports {
        names.add_import(node, src);
        if look_up_factories {
            imports.push(node);
        }
    }
    // `--ignore-noqa`: no comment silences anything.
    for node in read.comments.into_iter().filter(|_| !ignore_noqa) {
        suppressed_file |= note_suppression(node, source, &mut suppressed_rows);
    }
    for path in read.loop_candidates {
        if let Some((&node, ancestors)) = path.split_last() {
            note_loop_binding(node, root, ancestors, src, &mut loop_bindings);
        }
    }

    names.finish();
    names.note_unbound(src);
    let uncalled = super::imports::spelled_uncalled(src.as_bytes());
    if !uncalled.is_empty() {
        super::imports::add_aliases(root, &uncalled, &mut names, src);
    }
    let factories = project.factories.for_file(project.file, &imports, src);
    // `from .shared import LOOP`, where that module binds `LOOP = get_event_loop()`: the
    // module's name is a loop, as one it binds itself.
    for local in &factories.module_loops {
        loop_bindings.insert((root.id(), local.clone()));
    }
    Facts {
        names,
        loop_bindings,
        suppressed_rows,
        suppressed_file,
        ignore_noqa,
        factories,
        task_aliases: super::task_alias::gather(root, src),
    }
}

/// The statements and comments the facts are read from, among those [`walk_statements`]
/// visits, in source order: found from where the text spells what they must hold (`import`,
/// `#`, `_loop`), not by a walk of every statement, which cost a fifth of the language
/// server's time per edit.
#[derive(Debug, Default, PartialEq)]
struct Read<'t> {
    /// `import` and `from … import` statements.
    imports: Vec<Node<'t>>,
    comments: Vec<Node<'t>>,
    /// Expression statements that spell `_loop`, each after its ancestors.
    loop_candidates: Vec<Vec<Node<'t>>>,
}

impl<'t> Read<'t> {
    fn of(root: Node<'t>, src: &str) -> Self {
        let bytes = src.as_bytes();
        let paths = StatementsPaths::new(root);
        // The statement or comment the walk visits around each spelling, once each.
        let visited = |at: usize, len: usize, kinds: &[&str]| {
            let path = paths.path(at..at + len);
            path.last()
                .is_some_and(|n| kinds.contains(&n.kind()))
                .then_some(path)
        };
        let mut seen = HashSet::new();
        let mut found = |spelled: Vec<usize>, len: usize, kinds: &[&str]| {
            let mut paths: Vec<Vec<Node<'t>>> = spelled
                .into_iter()
                .filter_map(|at| visited(at, len, kinds))
                .filter(|path| path.last().is_some_and(|n| seen.insert(n.id())))
                .collect();
            paths.sort_by_key(|path| path.last().map(|n| n.start_byte()));
            paths
        };
        let words = |word: &[u8]| memchr::memmem::find_iter(bytes, word).collect::<Vec<_>>();
        let last =
            |paths: Vec<Vec<Node<'t>>>| paths.iter().filter_map(|p| p.last().copied()).collect();
        Read {
            imports: last(found(
                words(b"import"),
                "import".len(),
                &["import_statement", "import_from_statement"],
            )),
            comments: last(found(
                memchr::memchr_iter(b'#', bytes).collect(),
                1,
                &["comment"],
            )),
            loop_candidates: found(words(b"_loop"), "_loop".len(), &["expression_statement"]),
        }
    }
}

/// Notes `name = <loop getter>()` under the innermost function around it (or the module).
fn note_loop_binding(
    node: Node,
    root: Node,
    ancestors: &[Node],
    src: &str,
    loop_bindings: &mut HashSet<(usize, String)>,
) {
    // Every loop getter's name ends in `_loop`: a statement that does not spell it costs no
    // look at its children (most of a file's statements).
    if memchr::memmem::find(&src.as_bytes()[node.byte_range()], b"_loop").is_none() {
        return;
    }
    let Some(assignment) = node.named_child(0).filter(|n| n.kind() == "assignment") else {
        return;
    };
    let left = assignment.child_by_field_name("left");
    let right = assignment.child_by_field_name("right").map(strip_parens);
    if let (Some(left), Some(right)) = (left, right)
        && left.kind() == "identifier"
        && is_loop_getter_call(right, src)
    {
        let function = ancestors
            .iter()
            .rev()
            .find(|a| a.kind() == "function_definition")
            .map_or(root.id(), |f| f.id());
        loop_bindings.insert((function, text(left, src).to_owned()));
    }
}

/// Notes the rows a comment silences; true when it silences the whole file.
fn note_suppression(comment: Node, source: &SourceFile, rows: &mut HashSet<usize>) -> bool {
    let (src, at) = (source.text, comment.start_position());
    let text = text(comment, src);
    let own_line = src[source.line_start(comment.start_byte())..comment.start_byte()]
        .trim()
        .is_empty();
    if noqa::suppresses(text) {
        rows.insert(at.row);
    }
    if own_line && noqa::ruff_ignores(text) {
        rows.extend(noqa::next_code_row(src, at.row));
    }
    own_line && noqa::suppresses_file(text, at.column)
}

/// A suppression comment inside the statement, on its first line (`f(  # noqa` …).
fn suppressed_inside(stmt: Node, source: &SourceFile) -> bool {
    let start = stmt.start_byte();
    let end = source.line_end(start).min(stmt.end_byte());
    source.text[start..end].match_indices('#').any(|(at, _)| {
        let at = start + at;
        stmt.descendant_for_byte_range(at, at + 1)
            .is_some_and(|n| n.kind() == "comment" && noqa::suppresses(text(n, source.text)))
    })
}

#[cfg(test)]
mod tests {
    use super::Read;
    use crate::scan::asyncio_api::LOOP_GETTERS;

    /// What the facts are read from is what a walk of every statement visits.
    #[test]
    fn the_facts_are_read_from_what_the_walk_visits() {
        let mut texts: Vec<String> = [
            "import asyncio\nfrom a import b  # noqa\nx = 1 # c\n",
            "def f():\n    import os, importlib\n    # c\n    loop = asyncio.get_event_loop()\n    f(x, # c\n      y)\n    s = '# not'\n",
            "class C:\n    def g(self):\n        if x:\n            my_loop = get_running_loop()  # noqa: RUF006\n        return self._loop\n",
            "try:\n    import a\nexcept ImportError:  # c\n    import_ = 1\n",
            "from __future__ import annotations\nx = [\n    1,  # c\n]\n",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut stack = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "py")
                    && let Ok(text) = std::fs::read_to_string(&path)
                {
                    texts.push(text);
                }
            }
        }
        assert!(texts.len() > 10);
        let mut parser = crate::scan::syntax::new_parser();
        for text in &texts {
            let Some(tree) = parser.parse(text, None) else {
                continue;
            };
            let root = tree.root_node();
            let mut walked = Read::default();
            crate::scan::syntax::walk_statements(root, |node, ancestors| match node.kind() {
                "import_statement" | "import_from_statement" => walked.imports.push(node),
                "comment" => walked.comments.push(node),
                "expression_statement"
                    if memchr::memmem::find(&text.as_bytes()[node.byte_range()], b"_loop")
                        .is_some() =>
                {
                    let mut path = ancestors.to_vec();
                    path.push(node);
                    walked.loop_candidates.push(path);
                }
                _ => {}
            });
            assert_eq!(super::Read::of(root, text), walked, "{text}");
        }
    }

    /// `note_loop_binding` skips the statements that do not spell `_loop`.
    #[test]
    fn every_loop_getter_spells_loop() {
        assert!(LOOP_GETTERS.iter().all(|g| g.contains("_loop")));
    }
}
