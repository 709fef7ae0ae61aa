//! The module header: where it ends, which names it binds, and where isort would put a new import.
//!
//! The header is the docstring, `__future__` imports, imports, guarded imports (`try:` /
//! `except ImportError:`, `if TYPE_CHECKING:`) and module dunders (`__all__`, `__version__`).
//! Module-level declarations go right after it; an import the fix needs goes inside it, in the
//! section and at the place isort (and ruff's I001, with its defaults) would choose.

use tree_sitter::Node;

use crate::plan::edit::Edit;
use crate::scan::source::SourceFile;
use crate::scan::syntax::split_alias;
use crate::scan::syntax::{statements, text};

/// Standard-library top-level modules (CPython 3.13's `sys.stdlib_module_names`, public ones),
/// for isort's sections.
const STDLIB: &[&str] = &[
    "abc",
    "argparse",
    "array",
    "ast",
    "asyncio",
    "atexit",
    "base64",
    "bdb",
    "binascii",
    "bisect",
    "builtins",
    "bz2",
    "calendar",
    "cmath",
    "cmd",
    "code",
    "codecs",
    "codeop",
    "collections",
    "colorsys",
    "compileall",
    "concurrent",
    "configparser",
    "contextlib",
    "contextvars",
    "copy",
    "copyreg",
    "cProfile",
    "csv",
    "ctypes",
    "curses",
    "dataclasses",
    "datetime",
    "dbm",
    "decimal",
    "difflib",
    "dis",
    "doctest",
    "email",
    "encodings",
    "enum",
    "errno",
    "faulthandler",
    "fcntl",
    "filecmp",
    "fileinput",
    "fnmatch",
    "fractions",
    "ftplib",
    "functools",
    "gc",
    "getopt",
    "getpass",
    "gettext",
    "glob",
    "graphlib",
    "grp",
    "gzip",
    "hashlib",
    "heapq",
    "hmac",
    "html",
    "http",
    "imaplib",
    "importlib",
    "inspect",
    "io",
    "ipaddress",
    "itertools",
    "json",
    "keyword",
    "linecache",
    "locale",
    "logging",
    "lzma",
    "mailbox",
    "marshal",
    "math",
    "mimetypes",
    "mmap",
    "modulefinder",
    "multiprocessing",
    "netrc",
    "numbers",
    "operator",
    "optparse",
    "os",
    "pathlib",
    "pdb",
    "pickle",
    "pickletools",
    "pkgutil",
    "platform",
    "plistlib",
    "poplib",
    "posix",
    "pprint",
    "profile",
    "pstats",
    "pty",
    "pwd",
    "py_compile",
    "pyclbr",
    "pydoc",
    "queue",
    "quopri",
    "random",
    "re",
    "readline",
    "reprlib",
    "resource",
    "rlcompleter",
    "runpy",
    "sched",
    "secrets",
    "select",
    "selectors",
    "shelve",
    "shlex",
    "shutil",
    "signal",
    "site",
    "smtplib",
    "socket",
    "socketserver",
    "sqlite3",
    "ssl",
    "stat",
    "statistics",
    "string",
    "stringprep",
    "struct",
    "subprocess",
    "symtable",
    "sys",
    "sysconfig",
    "syslog",
    "tabnanny",
    "tarfile",
    "tempfile",
    "termios",
    "textwrap",
    "threading",
    "time",
    "timeit",
    "tkinter",
    "token",
    "tokenize",
    "tomllib",
    "trace",
    "traceback",
    "tracemalloc",
    "tty",
    "turtle",
    "types",
    "typing",
    "unicodedata",
    "unittest",
    "urllib",
    "uuid",
    "venv",
    "warnings",
    "wave",
    "weakref",
    "webbrowser",
    "winreg",
    "wsgiref",
    "xml",
    "xmlrpc",
    "zipapp",
    "zipfile",
    "zipimport",
    "zlib",
    "zoneinfo",
    "_thread",
    "__future__",
];

/// isort's sections, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Future,
    StandardLibrary,
    ThirdParty,
    FirstParty,
    Local,
}

pub fn section_of(module: &str) -> Section {
    if module.starts_with('.') {
        return Section::Local;
    }
    let top = module.split('.').next().unwrap_or(module);
    match top {
        "__future__" => Section::Future,
        _ if STDLIB.contains(&top) => Section::StandardLibrary,
        _ => Section::ThirdParty,
    }
}

/// An import the fix adds: `import asyncio`, or `from typing import Any, TypeVar`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewImport {
    pub module: String,
    /// Empty for `import module`.
    pub names: Vec<String>,
    pub section: Section,
    /// A trailing comment, such as a `noqa` for an import used only in a type comment.
    pub comment: Option<String>,
}

impl NewImport {
    pub fn module(module: &str) -> Self {
        NewImport {
            module: module.to_owned(),
            names: Vec::new(),
            section: section_of(module),
            comment: None,
        }
    }

    pub fn from(module: &str, names: &[&str], section: Section) -> Self {
        let mut names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        names.sort_by_key(|a| member_key(a));
        NewImport {
            module: module.to_owned(),
            names,
            section,
            comment: None,
        }
    }

    pub fn statement(&self) -> String {
        let statement = if self.names.is_empty() {
            format!("import {}", self.module)
        } else {
            format!("from {} import {}", self.module, self.names.join(", "))
        };
        match &self.comment {
            Some(comment) => format!("{statement}  # {comment}"),
            None => statement,
        }
    }

    /// isort's order within a section: `import x` before `from x import y`, then by module.
    pub fn key(&self) -> (bool, String, String) {
        (
            !self.names.is_empty(),
            self.module.to_lowercase(),
            self.module.clone(),
        )
    }
}

/// isort's `order-by-type` for imported members: CONSTANTS, then Classes, then functions.
fn member_key(name: &str) -> (u8, String, String) {
    let kind = if name.len() > 1 && name.chars().all(|c| !c.is_lowercase()) {
        0
    } else if name.starts_with(|c: char| c.is_uppercase()) {
        1
    } else {
        2
    };
    (kind, name.to_lowercase(), name.to_owned())
}

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
struct ImportLine<'t> {
    stmt: Node<'t>,
    section: Section,
    key: (bool, String, String),
}

pub struct Header<'t> {
    /// The last statement of the header, if the module has one.
    pub last: Option<Node<'t>>,
    /// Whether the header ends with an import (isort's `lines-after-imports` then applies).
    pub ends_with_import: bool,
    pub future_annotations: bool,
    /// The module's top-level statements that are plain imports (not inside `try`/`if`).
    imports: Vec<ImportLine<'t>>,
    root: Node<'t>,
}

impl<'t> Header<'t> {
    pub fn read(root: Node<'t>, src: &str) -> Self {
        let mut last = None;
        let mut ends_with_import = false;
        let mut future_annotations = false;
        let mut imports = Vec::new();
        let all = statements(root);
        for (i, &stmt) in all.iter().enumerate() {
            let docstring = i == 0 && is_string_statement(stmt);
            let import = is_import_like(stmt);
            if !(docstring || import || is_dunder_assignment(stmt, src)) {
                // `txaio.use_asyncio()` then more imports: the declarations go after those
                // (new imports still join the first block).
                last = late_imports_end(&all[i..]).or(last);
                ends_with_import |= last.is_some_and(|l| l.start_byte() >= stmt.start_byte());
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
                        key: (true, "__future__".into(), "__future__".into()),
                    });
                }
                "import_statement" | "import_from_statement" => {
                    if let Some(line) = import_line(stmt, src) {
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

    /// The edits that add `new` (in isort's order) where isort would put them. `fallback` is
    /// where declarations go when the module has no import block.
    pub fn add_imports(
        &self,
        new: &[NewImport],
        source: &SourceFile,
        line_length: usize,
        fallback: usize,
    ) -> Vec<Edit> {
        let mut edits = Vec::new();
        // Imports of a section the module lacks go in together: one new block, not one each.
        let mut fresh: Vec<&NewImport> = Vec::new();
        for import in new {
            match self.join_existing(import, source, line_length) {
                Some(edit) => edits.push(edit),
                None => fresh.push(import),
            }
        }
        for section in fresh.chunk_by(|a, b| a.section == b.section) {
            let statements: Vec<String> = section.iter().map(|i| i.statement()).collect();
            let statements = statements.join(source.eol);
            edits.push(self.new_section(section[0], &statements, source, fallback));
        }
        edits
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
        // `from typing import Optional` already there: add the names to it, as isort merges them.
        if !new.names.is_empty()
            && new.comment.is_none()
            && let Some(existing) = self.imports.iter().find(|line| {
                line.stmt.kind() == "import_from_statement"
                    && line.key.1 == new.module.to_lowercase()
                    && !text(line.stmt, src).contains(" as ")
                    && !text(line.stmt, src).contains('\\')
            })
            && let Some(edit) = merge_names(existing.stmt, &new.names, source, line_length)
        {
            return Some(edit);
        }
        let key = new.key();
        let same: Vec<&ImportLine> = self
            .imports
            .iter()
            .filter(|line| self.section_for(line, new) == new.section)
            .collect();
        if let Some(next) = same.iter().find(|line| line.key > key) {
            return Some(Edit::insertion(
                source.line_start(next.stmt.start_byte()),
                format!("{statement}{eol}"),
            ));
        }
        same.last().map(|last| {
            Edit::insertion(
                source.next_line_start(last.stmt.end_byte()),
                format!("{}{statement}{eol}", newline_if_missing(source, last.stmt)),
            )
        })
    }

    /// The section of an existing import line, as `new` sees it: the project's own package is
    /// first-party, so its existing imports count as that section.
    fn section_for(&self, line: &ImportLine, new: &NewImport) -> Section {
        let top = |module: &str| module.split('.').next().unwrap_or(module).to_owned();
        if new.section == Section::FirstParty && top(&line.key.2) == top(&new.module) {
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
                source.line_start(next.stmt.start_byte()),
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

/// The last import of the imports that follow a few simple statements at the head of
/// `rest` (a call that must run before them, a `sys.path` change), if any: one or more runs
/// of simple statements, each followed by imports.
fn late_imports_end<'t>(rest: &[Node<'t>]) -> Option<Node<'t>> {
    let simple = |stmt: &Node| stmt.kind() == "expression_statement";
    let mut found = None;
    let mut i = 0;
    while i < rest.len() {
        let filler = rest[i..]
            .iter()
            .take_while(|s| simple(s) && !is_import_like(**s))
            .count();
        let imports = rest[i + filler..]
            .iter()
            .take_while(|s| is_import_like(**s))
            .count();
        if filler > 3 || imports == 0 {
            break;
        }
        found = Some(rest[i + filler + imports - 1]);
        i += filler + imports;
    }
    found
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

/// Adds `names` to `from module import a, b`, sorted as isort sorts members; wrapped in
/// parentheses one name a line when the line would grow past the line length.
fn merge_names(
    stmt: Node,
    names: &[String],
    source: &SourceFile,
    line_length: usize,
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
    all.sort_by_key(|a| member_key(a));
    let head = format!("from {} import ", text(module, src));
    let one_line = format!("{head}{}", all.join(", "));
    let multi_line = text(stmt, src).contains('\n');
    let content = if one_line.chars().count() <= line_length && !multi_line {
        one_line
    } else {
        let eol = source.eol;
        let mut wrapped = format!("{head}({eol}");
        for name in &all {
            wrapped.push_str(&format!("    {name},{eol}"));
        }
        wrapped.push(')');
        wrapped
    };
    Some(Edit::replacement(
        stmt.start_byte(),
        stmt.end_byte(),
        content,
    ))
}

fn import_line<'t>(stmt: Node<'t>, src: &str) -> Option<ImportLine<'t>> {
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
    Some(ImportLine {
        stmt,
        section: section_of(&module),
        key: (
            stmt.kind() == "import_from_statement",
            module.to_lowercase(),
            module,
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
                    None if dotted == module || dotted.starts_with(&format!("{module}.")) => {
                        module.split('.').next().unwrap_or(module).to_owned()
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
            let blocks = blocks(stmt);
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
