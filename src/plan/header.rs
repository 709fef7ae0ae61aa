//! The module header: where it ends, which names it binds, and its imports as isort sees them
//! (where isort would put a new import is [`super::import_placement`]'s).
//!
//! The header is the docstring, `__future__` imports, imports, guarded imports (`try:` /
//! `except ImportError:`, `if TYPE_CHECKING:`) and module dunders (`__all__`, `__version__`).
//! Module-level declarations go right after it; an import the fix needs goes inside it, in the
//! section and at the place isort (and ruff's I001, with its defaults) would choose.

use tree_sitter::Node;

use super::isort::{ImportKey, Sorting, forced_to_top, import_key, section_of};
use crate::settings::ImportOrder;
// The planner's files name the imports the fix adds through the header.
pub use super::isort::{NewImport, Section};
use crate::scan::source::SourceFile;
use crate::scan::syntax::split_alias;
use crate::scan::syntax::{statements, text};

/// How a name is available at module level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    /// Bound when the module runs, under this spelling.
    Runtime(String),
    /// Only under `if TYPE_CHECKING:`: good for annotations that are not evaluated.
    TypeCheckingOnly(String),
}

impl Binding {
    pub fn spelling(&self) -> &str {
        match self {
            Binding::Runtime(s) | Binding::TypeCheckingOnly(s) => s,
        }
    }
}

/// One top-level import statement of the header, as isort sees it.
#[derive(Clone)]
pub(super) struct ImportLine<'t> {
    pub(super) stmt: Node<'t>,
    pub(super) section: Section,
    pub(super) key: ImportKey,
}

pub struct Header<'t> {
    /// The last statement of the header, if the module has one.
    pub last: Option<Node<'t>>,
    /// Whether the header ends with an import (isort's `lines-after-imports` then applies).
    pub ends_with_import: bool,
    pub future_annotations: bool,
    /// The module's top-level statements that are plain imports (not inside `try`/`if`).
    pub(super) imports: Vec<ImportLine<'t>>,
    pub(super) root: Node<'t>,
    /// The project's isort settings, which placed the imports there.
    pub(super) order: ImportOrder,
    /// The imports after code the module runs first each silence E402: so do new ones.
    pub(super) late_noqa: bool,
    /// The imports after code the module runs first (`sys.path.insert(...)`), where `imports`
    /// are the ones above it: a new import of a package only these import goes with them.
    pub(super) after_code: Vec<ImportLine<'t>>,
    /// The imports above that code where `imports` are the ones after it: a new standard
    /// library import goes with the standard library there (issue 36, exam36s's `import os` /
    /// `import sys` above `sys.path.insert(...)`), not in the late run.
    pub(super) before_code: Vec<ImportLine<'t>>,
    /// The lines' sections were read from where isort finds their modules (see
    /// [`Header::find_first_party`]): a new first-party import takes them as they are.
    pub(super) sections_found: bool,
}

impl<'t> Header<'t> {
    pub fn read(root: Node<'t>, src: &str, order: &ImportOrder) -> Self {
        let mut last = None;
        let mut ends_with_import = false;
        let mut future_annotations = false;
        let mut imports = Vec::new();
        let mut late_noqa = false;
        let mut after_code = Vec::new();
        let mut before_code = Vec::new();
        let all = statements(root);
        for (i, &stmt) in all.iter().enumerate() {
            let docstring = i == 0 && is_string_statement(stmt);
            let import = is_import_like(stmt);
            if !(docstring || import || is_dunder_assignment(stmt, src)) {
                // `txaio.use_asyncio()` then more imports: the declarations go after those.
                let (late, preamble) = late_imports_end(&all[i..], e402_off(root, src), src);
                last = late.or(last);
                ends_with_import |= last.is_some_and(|l| l.start_byte() >= stmt.start_byte());
                // Code the module runs before those imports on purpose (`_early_init()`): a new
                // import joins the imports after it, never above it (after an `if` or `try`
                // block only, the first block, as isort would).
                // So is a longer preamble the file silences E402 for (a warnings set-up): the
                // imports after it are the file's own, where new ones join.
                if let Some(late) = late
                    && (preamble
                        || all[i..].iter().any(|s| {
                            s.end_byte() <= late.start_byte()
                                && s.kind() == "expression_statement"
                                && s.named_child(0).is_some_and(|c| c.kind() == "call")
                        }))
                {
                    let run = all[i..]
                        .iter()
                        .take_while(|s| s.start_byte() <= late.start_byte())
                        .collect::<Vec<_>>();
                    let first = run
                        .iter()
                        .rposition(|s| !is_import_like(**s))
                        .map_or(0, |p| p + 1);
                    let lines: Vec<ImportLine> = (run[first..].iter())
                        .filter_map(|s| import_line(**s, src, order))
                        .collect();
                    // Only a run with imports of its own to join.
                    if !lines.is_empty() {
                        let above = std::mem::replace(&mut imports, lines);
                        // A preamble the file silences E402 for runs before every import.
                        before_code = if preamble { Vec::new() } else { above };
                        late_noqa = run[first..].iter().all(|s| silences_e402(**s, src));
                    } else {
                        // Other statements after the call: the imports after it, for the new
                        // imports of their packages.
                        let call = run.iter().position(|s| {
                            s.kind() == "expression_statement"
                                && s.named_child(0).is_some_and(|c| c.kind() == "call")
                        });
                        let after = call.map_or(&run[..0], |c| &run[c + 1..]);
                        after_code = (after.iter())
                            .filter_map(|s| import_line(**s, src, order))
                            .collect();
                    }
                }
                break;
            }
            last = Some(stmt);
            ends_with_import = import;
            match stmt.kind() {
                "future_import_statement" => {
                    future_annotations |= text(stmt, src).contains("annotations");
                    imports.push(ImportLine {
                        stmt,
                        section: Section::Future,
                        key: import_key(
                            (true, text(stmt, src)),
                            "__future__",
                            None,
                            Sorting::default(),
                            false,
                        ),
                    });
                }
                "import_statement" | "import_from_statement" => {
                    if let Some(line) = import_line(stmt, src, order) {
                        imports.push(line);
                    }
                }
                _ => {}
            }
        }
        Header {
            last,
            ends_with_import,
            future_annotations,
            imports,
            root,
            order: order.clone(),
            late_noqa,
            after_code,
            before_code,
            sections_found: false,
        }
    }

    /// Reads the sections of the imports of `package` (the top package of a first-party import
    /// the fix adds) as isort places them: first-party where isort finds the module below
    /// `root`, the folder that holds the package, else as the settings name them. A namespace
    /// package's other modules, which the checkout does not hold, stay third-party.
    pub(super) fn find_first_party(&mut self, root: &std::path::Path, package: &str) {
        for line in self.imports.iter_mut().chain(&mut self.after_code) {
            let module = &line.key.4;
            let top = module.split('.').next().unwrap_or(module);
            if top == package
                && line.section == Section::ThirdParty
                && crate::project::isort_src::found_below(root, module)
            {
                line.section = Section::FirstParty;
            }
        }
        self.sections_found = true;
    }

    /// Reads the sections of every import as isort places them where `root` is its source
    /// folder: first-party wherever isort finds the module below it (prompting's `from shared
    /// import settings` beside the new `from validator_api._background import keep_task`,
    /// both top-level packages of the project's folder).
    pub(super) fn find_all_first_party(&mut self, root: &std::path::Path) {
        let tops: Vec<String> = (self.imports.iter().chain(&self.after_code))
            .map(|line| line.key.4.split('.').next().unwrap_or_default().to_owned())
            .collect();
        for top in tops {
            self.find_first_party(root, &top);
        }
        self.sections_found = true;
    }

    /// The header as the imports after code the module runs first see it.
    pub(super) fn after_code_view(&self, src: &str) -> Header<'t> {
        Header {
            imports: self.after_code.clone(),
            late_noqa: (self.after_code.iter()).all(|l| silences_e402(l.stmt, src)),
            after_code: Vec::new(),
            before_code: Vec::new(),
            order: self.order.clone(),
            ..*self
        }
    }

    /// The header as the imports above the code the module runs first see it.
    pub(super) fn before_code_view(&self) -> Header<'t> {
        Header {
            imports: self.before_code.clone(),
            late_noqa: false,
            after_code: Vec::new(),
            before_code: Vec::new(),
            order: self.order.clone(),
            ..*self
        }
    }

    /// The header as the imports of `block` (an `if TYPE_CHECKING:` body) see it: isort
    /// orders them as a block of their own.
    pub(super) fn block_view(&self, block: Node<'t>, src: &str) -> Header<'t> {
        let inner = statements(block);
        Header {
            last: inner.last().copied(),
            ends_with_import: true,
            imports: (inner.iter())
                .filter_map(|s| import_line(*s, src, &self.order))
                .collect(),
            late_noqa: false,
            after_code: Vec::new(),
            before_code: Vec::new(),
            order: self.order.clone(),
            ..*self
        }
    }

    /// Where the declarations go: the start of the line after the header.
    pub fn end(&self, source: &SourceFile) -> Option<usize> {
        self.last.map(|h| source.next_line_start(h.end_byte()))
    }

    /// How `module` (or `module.member` with `member`) is bound by the statements that end
    /// before `before`. Runtime bindings win over `TYPE_CHECKING` ones.
    pub fn binding(
        &self,
        src: &str,
        before: usize,
        module: &str,
        member: Option<&str>,
    ) -> Option<Binding> {
        let mut type_checking = None;
        for stmt in statements(self.root) {
            if stmt.end_byte() > before {
                break;
            }
            let (found, guarded) = match stmt.kind() {
                "import_statement" | "import_from_statement" => {
                    (bound_by(stmt, src, module, member), false)
                }
                "if_statement" | "try_statement" if is_import_like(stmt) => {
                    let checking = stmt.kind() == "if_statement"
                        && stmt
                            .child_by_field_name("condition")
                            .is_some_and(|c| text(c, src).ends_with("TYPE_CHECKING"));
                    let found = first_block(stmt).and_then(|block| {
                        statements(block)
                            .into_iter()
                            .find_map(|inner| bound_by(inner, src, module, member))
                    });
                    (found, checking)
                }
                _ => (None, false),
            };
            match found {
                Some(name) if !guarded => return Some(Binding::Runtime(name)),
                Some(name) => type_checking = type_checking.or(Some(name)),
                None => {}
            }
        }
        type_checking.map(Binding::TypeCheckingOnly)
    }

    /// Whether a top-level `from <module> import ...` of the header, at run time and before
    /// `before`, takes names from `module`.
    pub fn imports_from(&self, src: &str, module: &str, before: usize) -> bool {
        self.imports.iter().any(|line| {
            line.stmt.kind() == "import_from_statement"
                && line.stmt.end_byte() <= before
                && (line.stmt.child_by_field_name("module_name"))
                    .is_some_and(|name| text(name, src) == module)
        })
    }

    /// A top-level import statement, alone on its lines, that binds `module` after the header
    /// (from `after`) and ends before `before`: where declarations that need `module` can go
    /// instead of importing it a second time. Returns the offset of the line after it.
    pub fn late_import(
        &self,
        source: &SourceFile,
        after: usize,
        before: Option<usize>,
        module: &str,
    ) -> Option<usize> {
        let src = source.text;
        statements(self.root)
            .into_iter()
            .skip_while(|stmt| stmt.start_byte() < after)
            .take_while(|stmt| before.is_none_or(|b| stmt.end_byte() <= b))
            .find(|stmt| {
                let (start, end) = (stmt.start_byte(), stmt.end_byte());
                let before = src.get(source.line_start(start)..start).unwrap_or_default();
                let after = src
                    .get(end..source.line_end(end).max(end))
                    .unwrap_or_default();
                let alone = before.trim().is_empty()
                    && after.trim_start().chars().next().is_none_or(|c| c == '#');
                matches!(stmt.kind(), "import_statement" | "import_from_statement")
                    && alone
                    && bound_by(*stmt, src, module, None).is_some()
            })
            .map(|stmt| source.next_line_start(stmt.end_byte()))
    }
}

/// The last import of the imports that follow a few simple statements at the head of
/// `rest` (a call that must run before them, a `sys.path` change, or an `if` / `try` block: an
/// `if sys.version_info ...: from x import y` / `else: def y(...)`, a `try: from x import Y` /
/// `except ImportError: class Y: ...`), if any: one or more runs of such statements, each
/// followed by imports. Neither ruff nor pycodestyle ends the imports at an `if` or a `try`: a
/// declaration above the imports after one would put E402 on each of them. A longer preamble
/// (loops, assignments: a warnings set-up that must run before any import) counts where the
/// file says its imports follow code on purpose, E402 silenced for the file (`e402_off`) or on
/// each of them; then the second value is true.
fn late_imports_end<'t>(rest: &[Node<'t>], e402_off: bool, src: &str) -> (Option<Node<'t>>, bool) {
    let simple = |stmt: &Node| {
        matches!(
            stmt.kind(),
            "expression_statement" | "if_statement" | "try_statement"
        )
    };
    let definition = |stmt: &Node| {
        matches!(
            stmt.kind(),
            "function_definition" | "class_definition" | "decorated_definition"
        )
    };
    let mut found = None;
    let mut preamble = false;
    let mut i = 0;
    while i < rest.len() {
        let filler = rest[i..]
            .iter()
            .take_while(|s| !definition(s) && !is_import_like(**s))
            .count();
        let imports = rest[i + filler..]
            .iter()
            .take_while(|s| is_import_like(**s))
            .count();
        // Bare calls run before the imports after them on purpose, however many (NoneBot's
        // `require("nonebot_plugin_orm")`, one for each plugin imported next): they do not
        // count against the few other statements the imports may follow.
        let counted = rest[i..i + filler]
            .iter()
            .filter(|s| !is_bare_call(**s))
            .count();
        let few = counted <= 3 && rest[i..i + filler].iter().all(simple);
        let run = &rest[i + filler..i + filler + imports];
        let silenced = e402_off || run.iter().all(|s| silences_e402(*s, src));
        if imports == 0 || !(few || silenced) {
            break;
        }
        preamble |= !few;
        found = Some(run[imports - 1]);
        i += filler + imports;
    }
    (found, preamble)
}

/// Whether a comment of the module turns E402 off for the whole file: `# ruff: noqa: E402`
/// (or `flake8:`), or a bare `# ruff: noqa` / `# flake8: noqa`, as ruff reads them.
fn e402_off(root: Node, src: &str) -> bool {
    let mut cursor = root.walk();
    root.children(&mut cursor).any(|c| {
        let comment = text(c, src).trim_start_matches('#').trim_start();
        let rest = (comment.strip_prefix("ruff:"))
            .or_else(|| comment.strip_prefix("flake8:"))
            .map(|r| r.trim_start());
        c.kind() == "comment"
            && rest
                .and_then(|r| r.strip_prefix("noqa"))
                .is_some_and(|codes| {
                    let codes = codes.trim();
                    codes.is_empty()
                        || codes
                            .strip_prefix(':')
                            .is_some_and(|c| c.split([',', ' ']).any(|code| code.trim() == "E402"))
                })
    })
}

/// `require("plugin")`, `_early_init()`: a call statement whose value is dropped.
fn is_bare_call(stmt: Node) -> bool {
    stmt.kind() == "expression_statement"
        && stmt.named_child_count() == 1
        && stmt.named_child(0).is_some_and(|c| c.kind() == "call")
}

fn import_line<'t>(stmt: Node<'t>, src: &str, order: &ImportOrder) -> Option<ImportLine<'t>> {
    let module = match stmt.kind() {
        "import_statement" => {
            let name = stmt.child_by_field_name("name")?;
            let dotted = match name.kind() {
                "aliased_import" => name.child_by_field_name("name")?,
                _ => name,
            };
            text(dotted, src).to_owned()
        }
        _ => text(stmt.child_by_field_name("module_name")?, src).to_owned(),
    };
    let from = stmt.kind() == "import_from_statement";
    let first = from
        .then(|| stmt.child_by_field_name("name"))
        .flatten()
        .map(|name| split_alias(name, src).0);
    Some(ImportLine {
        stmt,
        section: section_of(&module, order),
        key: import_key(
            (from, text(stmt, src)),
            &module,
            first,
            Sorting::of(order),
            forced_to_top(&module, order),
        ),
    })
}

/// The local name an import statement gives `module` (with `member`: `module.member`).
fn bound_by(stmt: Node, src: &str, module: &str, member: Option<&str>) -> Option<String> {
    let mut cursor = stmt.walk();
    match stmt.kind() {
        "import_statement" => stmt
            .children_by_field_name("name", &mut cursor)
            .find_map(|name| {
                let (dotted, alias) = split_alias(name, src);
                let spelled = match alias {
                    Some(alias) if dotted == module => alias.to_owned(),
                    // `import concurrent.futures` spells `concurrent.futures` in full.
                    None if dotted == module || dotted.starts_with(&format!("{module}.")) => {
                        module.to_owned()
                    }
                    _ => return None,
                };
                Some(match member {
                    Some(member) => format!("{spelled}.{member}"),
                    None => spelled,
                })
            }),
        "import_from_statement" => {
            let from = text(stmt.child_by_field_name("module_name")?, src);
            stmt.children_by_field_name("name", &mut cursor)
                .find_map(|name| {
                    let (imported, alias) = split_alias(name, src);
                    let local = alias.unwrap_or(imported).to_owned();
                    match member {
                        Some(member) if from == module && imported == member => Some(local),
                        // `from .compat import asyncio`: a module re-exported under its own name.
                        None if imported == module => Some(local),
                        // `from concurrent import futures`.
                        None if module.strip_prefix(from).and_then(|m| m.strip_prefix('.'))
                            == Some(imported) =>
                        {
                            Some(local)
                        }
                        _ => None,
                    }
                })
        }
        _ => None,
    }
}

pub fn is_string_statement(stmt: Node) -> bool {
    stmt.kind() == "expression_statement"
        && stmt.named_child_count() == 1
        && stmt
            .named_child(0)
            .is_some_and(|n| matches!(n.kind(), "string" | "concatenated_string"))
}

/// Whether the statement's last line ends with `# noqa` or a `# noqa:` naming E402.
pub(super) fn silences_e402(stmt: Node, src: &str) -> bool {
    let rest = src.get(stmt.end_byte()..).unwrap_or_default();
    let line = rest.split('\n').next().unwrap_or_default();
    let Some((_, comment)) = line.split_once('#') else {
        return false;
    };
    let comment = comment.trim();
    match comment.strip_prefix("noqa") {
        Some("") => true,
        Some(codes) => codes.trim_start().starts_with(':') && codes.contains("E402"),
        None => false,
    }
}

/// `__all__ = [...]`, `__version__: str = "1"`, `__all__ += [...]`.
fn is_dunder_assignment(stmt: Node, src: &str) -> bool {
    stmt.kind() == "expression_statement"
        && stmt
            .named_child(0)
            .filter(|n| matches!(n.kind(), "assignment" | "augmented_assignment"))
            .and_then(|a| a.child_by_field_name("left"))
            .is_some_and(|left| {
                let name = text(left, src);
                left.kind() == "identifier" && name.starts_with("__") && name.ends_with("__")
            })
}

pub fn is_import_like(stmt: Node) -> bool {
    match stmt.kind() {
        "import_statement" | "import_from_statement" | "future_import_statement" => true,
        "try_statement" | "if_statement" => {
            // A handler runs only where an import failed: whatever it does (`print("no
            // websockets")`), the block is part of the import section (issue 36, exam36s).
            let blocks = match stmt.kind() {
                "try_statement" => guarded_blocks(stmt),
                _ => blocks(stmt),
            };
            let mut any_import = false;
            let all_fit = blocks.iter().all(|block| {
                statements(*block).into_iter().all(|inner| {
                    let import = is_import_like(inner);
                    any_import |= import;
                    import || is_filler(inner)
                })
            });
            all_fit && any_import
        }
        _ => false,
    }
}

/// Statements that may stand beside imports in a guarded import block.
fn is_filler(stmt: Node) -> bool {
    match stmt.kind() {
        "pass_statement" | "raise_statement" => true,
        "expression_statement" => {
            stmt.named_child(0)
                .is_some_and(|n| n.kind() == "assignment")
                || is_string_statement(stmt)
        }
        _ => false,
    }
}

/// The first suite of a `try` or `if` statement: what runs when nothing fails or the test holds.
fn first_block(stmt: Node) -> Option<Node> {
    blocks(stmt).into_iter().next()
}

/// The suites of a `try` statement but its `except` handlers'.
fn guarded_blocks(stmt: Node) -> Vec<Node> {
    let mut cursor = stmt.walk();
    let handlers: Vec<Node> = (stmt.named_children(&mut cursor))
        .filter(|c| matches!(c.kind(), "except_clause" | "except_group_clause"))
        .collect();
    let handled = |block: &Node| (block.parent()).is_some_and(|p| handlers.contains(&p));
    blocks(stmt).into_iter().filter(|b| !handled(b)).collect()
}

/// The suites of a `try` or `if` statement, its clauses' included.
fn blocks(stmt: Node) -> Vec<Node> {
    let mut found = Vec::new();
    let mut cursor = stmt.walk();
    for child in stmt.named_children(&mut cursor) {
        if child.kind() == "block" {
            found.push(child);
        } else if child.kind().ends_with("_clause") {
            let mut inner = child.walk();
            found.extend(
                child
                    .named_children(&mut inner)
                    .filter(|n| n.kind() == "block"),
            );
        }
    }
    found
}
