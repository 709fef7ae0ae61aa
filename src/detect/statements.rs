//! Detection: the statements of a parsed file that drop a task.

use std::collections::HashSet;

use memchr::memmem;
use tree_sitter::{Node, Tree};

use super::callee::{Resolver, is_loop_getter_call};
use super::dropped_task::{self, Site};
use super::imports::AsyncioNames;
use super::noqa;
use super::placement::{Placement, placement};
use super::scope::Scopes;
use super::task_site::TaskSite;
use crate::project::factories::{FactoryIndex, FileFactories};
use crate::scan::asyncio_api::{TASK_CLASS, TASK_FUNCTIONS, THREADSAFE_RUNNER};
use crate::scan::source::SourceFile;
use crate::scan::syntax::{strip_parens, text, walk_statements};
use crate::settings::Settings;

/// Everything detection learned about one file; the planner reuses it.
pub struct Detection<'t, 's> {
    pub sites: Vec<Site<'t>>,
    pub names: AsyncioNames,
    pub scopes: Scopes<'s>,
    /// (function or module id, name) for `name = <loop getter>()`: loops the resolver knows by
    /// origin.
    pub loop_bindings: HashSet<(usize, String)>,
    /// Rows that hold a `# noqa` comment for the rule, or follow an own-line
    /// `# ruff: ignore[RUF006]`.
    pub suppressed_rows: HashSet<usize>,
    /// A file-level `# ruff: noqa: RUF006` (or `# ruff: file-ignore[RUF006]`) silences it all.
    pub suppressed_file: bool,
    /// The project's task factories this file can call.
    pub factories: FileFactories,
    /// Every task site of the file, dropped or not, in source order ([`super::analyse`] fills
    /// it in).
    pub inventory: Vec<TaskSite<'t>>,
}

impl Detection<'_, '_> {
    /// A suppression comment silences a finding whose statement starts on `row`.
    pub fn suppressed(&self, row: usize) -> bool {
        self.suppressed_file || self.suppressed_rows.contains(&row)
    }
}

/// The run's task factories as one file sees them.
#[derive(Clone, Copy)]
pub struct Project<'a> {
    pub factories: &'a FactoryIndex,
    /// The file, canonical (imports are resolved from it), when it has a path.
    pub file: Option<&'a std::path::Path>,
}

struct Candidate<'t> {
    stmt: Node<'t>,
    placement: Placement<'t>,
    /// Where the ids of its enclosing functions (innermost first, then the module) sit in the
    /// shared arena: one allocation for all statements instead of one each.
    functions: std::ops::Range<usize>,
    /// The innermost class around it, for `self.method()` calls.
    class: Option<Node<'t>>,
}

/// Finds the dropped tasks in a parsed, error-free file.
pub fn detect<'t, 's>(
    tree: &'t Tree,
    source: &SourceFile<'s>,
    settings: &Settings,
    project: Project,
) -> Detection<'t, 's> {
    let src = source.text;
    let root = tree.root_node();
    let mut names = AsyncioNames::default();
    let mut candidates = Vec::new();
    let mut suppressed_rows = HashSet::new();
    let mut suppressed_file = false;
    // (function or module id, name) for `name = <loop getter>()`.
    let mut loop_bindings = HashSet::new();
    let mut function_ids = Vec::new();
    let mut imports = Vec::new();
    let look_up_factories = !project.factories.is_empty();

    walk_statements(root, |node, ancestors| match node.kind() {
        "import_statement" | "import_from_statement" => {
            names.add_import(node, src);
            if look_up_factories {
                imports.push(node);
            }
        }
        "comment" => {
            suppressed_file |= note_suppression(node, source, &mut suppressed_rows);
        }
        // `return loop.call_later(1, lambda: create_task(...))`: the lambda's task is dropped
        // whatever becomes of the handle (`callback-return`, the only shape looked for there).
        "expression_statement" | "return_statement" => candidates.push(candidate(
            node,
            root,
            ancestors,
            src,
            &mut function_ids,
            &mut loop_bindings,
        )),
        _ => {}
    });

    names.finish();
    let factories = project.factories.for_file(project.file, &imports, src);
    let finders = spellings(&names, &factories, settings);
    let mentions_task = |node: Node| {
        let bytes = &src.as_bytes()[node.byte_range()];
        finders.iter().any(|f| f.find(bytes).is_some())
    };

    let mut scopes = Scopes::default();
    let mut sites = Vec::new();
    for candidate in candidates {
        let stmt = candidate.stmt;
        if !mentions_task(stmt) {
            continue;
        }
        if suppressed_file
            || suppressed_rows.contains(&stmt.start_position().row)
            || suppressed_inside(stmt, source)
        {
            continue;
        }
        let loop_bound = |ident: Node| {
            let name = text(ident, src).to_owned();
            function_ids[candidate.functions.clone()]
                .iter()
                .any(|&id| loop_bindings.contains(&(id, name.clone())))
        };
        let class = candidate
            .class
            .and_then(|c| c.child_by_field_name("name"))
            .map(|n| text(n, src));
        let resolver = Resolver {
            names: &names,
            settings,
            loop_bound: &loop_bound,
            factories: &factories,
            class,
        };
        if let Some(site) =
            dropped_task::classify(stmt, candidate.placement, src, &resolver, &mut scopes)
        {
            sites.push(site);
        }
    }
    Detection {
        sites,
        names,
        scopes,
        loop_bindings,
        suppressed_rows,
        suppressed_file,
        factories,
        inventory: Vec::new(),
    }
}

/// Only statements that spell a task function (or an imported alias of one) can drop a task:
/// a finder for each spelling.
fn spellings<'a>(
    names: &'a AsyncioNames,
    factories: &'a FileFactories,
    settings: &'a Settings,
) -> Vec<memmem::Finder<'a>> {
    let mut spellings: Vec<&str> = TASK_FUNCTIONS.to_vec();
    spellings.extend([TASK_CLASS, THREADSAFE_RUNNER]);
    spellings.extend(factories.spellings());
    let imported = names.functions.iter().chain(&names.classes);
    spellings.extend(imported.map(String::as_str));
    spellings.extend(settings.task_function_names());
    spellings.into_iter().map(memmem::Finder::new).collect()
}

/// An expression statement as a candidate site, noting `name = <loop getter>()` on the way.
fn candidate<'t>(
    node: Node<'t>,
    root: Node<'t>,
    ancestors: &[Node<'t>],
    src: &str,
    function_ids: &mut Vec<usize>,
    loop_bindings: &mut HashSet<(usize, String)>,
) -> Candidate<'t> {
    let start = function_ids.len();
    push_enclosing_functions(function_ids, root, ancestors);
    if let Some(assignment) = node.named_child(0).filter(|n| n.kind() == "assignment") {
        let left = assignment.child_by_field_name("left");
        let right = assignment.child_by_field_name("right").map(strip_parens);
        if let (Some(left), Some(right)) = (left, right)
            && left.kind() == "identifier"
            && is_loop_getter_call(right, src)
        {
            loop_bindings.insert((function_ids[start], text(left, src).to_owned()));
        }
    }
    Candidate {
        stmt: node,
        placement: placement(node, root, ancestors),
        functions: start..function_ids.len(),
        class: ancestors
            .iter()
            .rev()
            .find(|a| a.kind() == "class_definition")
            .copied(),
    }
}

fn push_enclosing_functions(ids: &mut Vec<usize>, root: Node, ancestors: &[Node]) {
    let functions = ancestors
        .iter()
        .rev()
        .filter(|a| a.kind() == "function_definition");
    ids.extend(functions.map(|a| a.id()));
    ids.push(root.id());
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
