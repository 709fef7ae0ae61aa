//! Names a package's `__init__.py` re-exports (issue 35, exam35r's cyraft: `from .node import
//! Node as Node` in `pkg/__init__.py`, and a test's `from pkg import Node`): the module and name
//! an import of the package's name stands for, so that a proof which resolves an imported name
//! to the module that defines it follows the package to that module, as it does for `from
//! pkg.node import Node`.
//!
//! The walk keeps only the paths of the packages' `__init__.py` files; one is read and parsed
//! the first time an import of a file with a dropped site names its package, and its table kept.
//! A name is re-exported only when one top-level `from m import name [as local]` binds it and
//! nothing else in the file spells it as a name (an assignment, a `def`, a `del`, a second
//! import, an import inside `try` or `if`): a name rebound anywhere in the package proves
//! nothing. A package with `from m import *` re-exports nothing (the star may rebind any name,
//! and the resolution does not read stars).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::paths::{Bound, import_bindings, module_parts};
use tree_sitter::Node;

use crate::scan::lexer::{Token, TokenKind, lex};
use crate::scan::source::SourceFile;
use crate::scan::syntax::{new_parser, parse_ranges, text, walk};

/// The walk's packages by their last name.
pub type Packages = rustc_hash::FxHashMap<String, Vec<Arc<Package>>>;

/// What a package re-exports a name as: the module its import names, seen from the package's
/// `__init__.py` (`level` dots up, `dotted`), and the name there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reexport {
    pub level: usize,
    pub dotted: String,
    pub name: String,
}

/// One package of the walk: its `__init__.py`, read the first time an import names it.
#[derive(Debug)]
pub struct Package {
    /// The `__init__.py`, canonical.
    pub file: PathBuf,
    /// Where the walk read it.
    path: PathBuf,
    parts: OnceLock<Vec<String>>,
    table: OnceLock<HashMap<String, Reexport>>,
}

impl Package {
    pub fn new(file: PathBuf, path: PathBuf) -> Self {
        Package {
            file,
            path,
            parts: OnceLock::new(),
            table: OnceLock::new(),
        }
    }

    /// The package's module names ([`module_parts`]), split the first time asked.
    pub fn parts(&self) -> &[String] {
        self.parts.get_or_init(|| module_parts(&self.file))
    }

    /// What the package re-exports `name` as, its `__init__.py` read now if not yet.
    pub fn reexport(&self, name: &str) -> Option<&Reexport> {
        let read = || {
            let bytes = std::fs::read(&self.path).unwrap_or_default();
            let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
            (crate::scan::source::decode(bytes).ok()).map_or_else(HashMap::new, table)
        };
        self.table.get_or_init(read).get(name)
    }
}

/// The names the package's text `src` re-exports.
pub fn table(src: &str) -> HashMap<String, Reexport> {
    // Cheap: most packages import nothing by name.
    if !src.contains("import") {
        return HashMap::new();
    }
    // A package can be megabytes of class definitions (telethon's `tl/types/__init__.py`, 2.9
    // MB, was 40% of `check` on the corpus): parse only its top-level imports, and read the
    // other spellings of their names off the tokens. Text the lexer cannot follow is parsed whole.
    match lexed_table(src) {
        Some(found) => found,
        None => parsed_table(src),
    }
}

/// [`table`] from a whole parse.
fn parsed_table(src: &str) -> HashMap<String, Reexport> {
    let Some(tree) = new_parser().parse(src, None) else {
        return HashMap::new();
    };
    let root = tree.root_node();
    let Some(mut found) = bindings(root, src) else {
        return HashMap::new();
    };
    // Any other spelling of a name as a name (outside the top-level imports by name, whose
    // second binding the count in `bindings` sees) may rebind it: such a name is not re-exported.
    let mut spelled: Vec<&str> = Vec::new();
    walk(root, |node| {
        let top_import = node.kind() == "import_from_statement" && node.parent() == Some(root);
        if node.kind() == "identifier" && found.contains_key(text(node, src)) {
            spelled.push(text(node, src));
        }
        !top_import
    });
    found.retain(|local, _| !spelled.contains(&&**local));
    found
}

/// [`table`] from the tokens: the logical lines that begin a line with `from` are the top-level
/// imports by name (a `;` before a `from` is left to the whole parse); only they are parsed, and
/// a name spelled by any other token is rebound. An f-string that holds the name counts as a
/// spelling (its fields are code). `None` when the lexer cannot follow the text.
fn lexed_table(src: &str) -> Option<HashMap<String, Reexport>> {
    let bytes = src.as_bytes();
    let lexed = lex(bytes).ok()?;
    let word = |t: &Token, w: &[u8]| t.kind == TokenKind::Name && t.text(bytes) == w;
    let mut top = Vec::new();
    let mut ranges = Vec::new();
    for (i, line) in lexed.lines.iter().enumerate() {
        let tokens = lexed.line(i);
        let semicolon_from =
            (tokens.windows(2)).any(|p| p[0].is_op(bytes, b';') && word(&p[1], b"from"));
        if semicolon_from {
            return None;
        }
        let [first, second, ..] = tokens else {
            continue;
        };
        let at_line_start = first.start == 0 || bytes[first.start - 1] == b'\n';
        if at_line_start && word(first, b"from") && !word(second, b"__future__") {
            top.push(line.clone());
            // With its line break: without one, the parser reads on into the next range.
            let last = tokens[tokens.len() - 1].end;
            let end = memchr::memchr(b'\n', &bytes[last..]).map_or(bytes.len(), |i| last + i + 1);
            ranges.push(first.start..end);
        }
    }
    if ranges.is_empty() {
        return Some(HashMap::new());
    }
    let source = SourceFile::new(src);
    let tree = parse_ranges(&mut new_parser(), &source, &ranges)?;
    let mut found = bindings(tree.root_node(), src)?;
    let mut next_top = 0;
    for (t, token) in lexed.tokens.iter().enumerate() {
        while next_top < top.len() && top[next_top].end <= t {
            next_top += 1;
        }
        if next_top < top.len() && top[next_top].contains(&t) {
            continue;
        }
        let spelling = token.text(bytes);
        match token.kind {
            TokenKind::Name => {
                if let Ok(name) = std::str::from_utf8(spelling) {
                    found.remove(name);
                }
            }
            TokenKind::Str if is_fstring(spelling) => {
                found.retain(|local, _| !contains_word(spelling, local.as_bytes()));
            }
            _ => {}
        }
    }
    Some(found)
}

/// The top-level imports by name of `root` (a module): each name bound once, as what it
/// re-exports; `None` when one is a star (it may rebind any name).
fn bindings(root: Node, src: &str) -> Option<HashMap<String, Reexport>> {
    let mut found = HashMap::new();
    let mut cursor = root.walk();
    let mut bound: HashMap<&str, usize> = HashMap::new();
    let mut star = false;
    for stmt in root.named_children(&mut cursor) {
        if stmt.kind() != "import_from_statement" {
            continue;
        }
        import_bindings(&stmt, src, |b| match b {
            Bound::Name {
                level,
                dotted,
                name,
                local,
            } => {
                *bound.entry(local).or_default() += 1;
                let reexport = Reexport {
                    level,
                    dotted: dotted.to_owned(),
                    name: name.to_owned(),
                };
                found.insert(local.to_owned(), reexport);
            }
            Bound::Star { .. } => star = true,
            Bound::Module { .. } => {}
        });
    }
    if star {
        return None;
    }
    found.retain(|local: &String, _| bound.get(local.as_str()) == Some(&1));
    Some(found)
}

/// A string token with an `f` among its prefix letters.
fn is_fstring(token: &[u8]) -> bool {
    let prefix = token.iter().take_while(|b| b.is_ascii_alphabetic());
    prefix.into_iter().any(|b| b.eq_ignore_ascii_case(&b'f'))
}

/// `word` stands in `text` with no word byte on either side.
fn contains_word(text: &[u8], word: &[u8]) -> bool {
    let is_word =
        |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80);
    memchr::memmem::find_iter(text, word)
        .any(|at| (at == 0 || !is_word(text.get(at - 1))) && !is_word(text.get(at + word.len())))
}

/// Follows `name` imported from the module `dotted` (`level` dots up from `from`) through the
/// packages that re-export it (one hop or a chain; each package once): the module and name
/// that last re-export names, and the file its import is seen from. `None` when the first
/// module is not one package that re-exports the name.
pub fn follow(
    packages: &Packages,
    from: Option<&Path>,
    level: usize,
    dotted: &str,
    name: &str,
) -> Option<(PathBuf, Reexport)> {
    let mut at: (Option<PathBuf>, Reexport) = (
        from.map(Path::to_owned),
        Reexport {
            level,
            dotted: dotted.to_owned(),
            name: name.to_owned(),
        },
    );
    let mut seen: Vec<PathBuf> = Vec::new();
    loop {
        let (file, wanted) = &at;
        let Some(package) = one_package(packages, file.as_deref(), wanted) else {
            break;
        };
        // A cycle (`a` re-exports from `b`, `b` from `a`) proves nothing.
        if seen.contains(&package.file) {
            return None;
        }
        let Some(next) = package.reexport(&wanted.name) else {
            break;
        };
        seen.push(package.file.clone());
        at = (Some(package.file.clone()), next.clone());
    }
    match at {
        (Some(file), reexport) if !seen.is_empty() => Some((file, reexport)),
        _ => None,
    }
}

/// An import by name as [`defining`] looks for it: `from <dotted> import name`, `level` dots
/// up, seen from `file` (the importer, or the package whose re-export it follows).
#[derive(Debug, Clone, Copy)]
pub struct Import<'a> {
    pub file: Option<&'a Path>,
    pub level: usize,
    pub dotted: &'a str,
    pub name: &'a str,
}

/// The modules of `modules` where `from <dotted> import name` (`level` dots up, seen from
/// `file`) finds a name that `defines` accepts, each with the name it has there: the modules
/// the import names, or, when none of them defines it, those the packages' re-exports lead to
/// ([`follow`]). The one resolution of an imported name that the project's indexes share.
pub fn defining<'m, M>(
    packages: &Packages,
    modules: &'m [M],
    parts_of: impl Fn(&M) -> &[String],
    file: Option<&Path>,
    (level, dotted, name): (usize, &str, &str),
    defines: impl Fn(&M, &Import) -> bool,
) -> Vec<(&'m M, String)> {
    let found = |import: &Import| defined_by(modules, &parts_of, import, &defines);
    resolve(packages, file, (level, dotted, name), found)
}

/// What `found` gives for `from <dotted> import name` (`level` dots up, seen from `file`), or,
/// when it gives nothing, what it gives for the import the packages' re-exports lead to
/// ([`follow`]): the order of resolution of an imported name, over any way of finding it in a
/// module ([`defining`] over a slice of modules; the quiet coroutines read theirs lazily).
pub fn resolve<T>(
    packages: &Packages,
    file: Option<&Path>,
    (level, dotted, name): (usize, &str, &str),
    found: impl Fn(&Import) -> Vec<T>,
) -> Vec<T> {
    let import = Import {
        file,
        level,
        dotted,
        name,
    };
    let own = found(&import);
    if !own.is_empty() || packages.is_empty() {
        return own;
    }
    let Some((from, to)) = follow(packages, file, level, dotted, name) else {
        return own;
    };
    let import = Import {
        file: Some(&from),
        level: to.level,
        dotted: &to.dotted,
        name: &to.name,
    };
    found(&import)
}

/// The modules `import` names that `defines` accepts, each with the name it has there.
fn defined_by<'m, M>(
    modules: &'m [M],
    parts_of: impl Fn(&M) -> &[String],
    import: &Import,
    defines: impl Fn(&M, &Import) -> bool,
) -> Vec<(&'m M, String)> {
    let named = super::paths::named_by(modules, parts_of, import.file, import.level, import.dotted);
    (named.into_iter())
        .filter(|m| defines(m, import))
        .map(|m| (m, import.name.to_owned()))
        .collect()
}

/// The one package of the walk that the import of `wanted` names, seen from `file`.
fn one_package<'p>(
    packages: &'p Packages,
    file: Option<&Path>,
    wanted: &Reexport,
) -> Option<&'p Arc<Package>> {
    let last = super::paths::last_named(file, wanted.level, &wanted.dotted)?;
    let same = packages.get(&last)?;
    let named = super::paths::named_by(same, |p| p.parts(), file, wanted.level, &wanted.dotted);
    match named[..] {
        [package] => Some(package),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(src: &str) -> Vec<(String, usize, String, String)> {
        let mut found: Vec<_> = (table(src).into_iter())
            .map(|(k, r)| (k, r.level, r.dotted, r.name))
            .collect();
        found.sort();
        found
    }

    /// A top-level import by name re-exports it, aliased or not, relative or absolute.
    #[test]
    fn a_package_reexports_the_names_it_imports() {
        let src =
            "from .node import Node as Node\nfrom pkg.log import Log\nfrom .a import B as C\n";
        assert_eq!(
            names(src),
            [
                ("C".into(), 1, "a".into(), "B".into()),
                ("Log".into(), 0, "pkg.log".into(), "Log".into()),
                ("Node".into(), 1, "node".into(), "Node".into()),
            ]
        );
    }

    /// A name bound again (or guarded, or under a star) is not re-exported.
    #[test]
    fn a_rebound_name_is_not_reexported() {
        assert!(names("from .node import Node\nNode = None\n").is_empty());
        assert!(names("from .node import Node\nfrom .other import Node\n").is_empty());
        assert!(names("from .node import Node\ndef Node(): pass\n").is_empty());
        assert!(names("from .node import Node\ndel Node\n").is_empty());
        let guarded = "try:\n    from .node import Node\nexcept ImportError:\n    Node = None\n";
        assert!(names(guarded).is_empty());
        assert!(names("from .node import Node\nfrom .other import *\n").is_empty());
        let all = "from .node import Node\n__all__ = [\"Node\"]\n";
        assert_eq!(names(all).len(), 1);
    }

    /// The tokens' reading gives the whole parse's table, and falls back to it where it
    /// cannot follow the text.
    #[test]
    fn the_tokens_read_what_the_parse_reads() {
        let sources = [
            "from .node import Node\nclass A:\n    x = 1\n",
            "from .node import (\n    Node,  # the node\n    Edge as E,\n)\nprint(E)\n",
            "from .node import Node\nif x:\n    from .b import Node\n",
            "from .node import Node\nobj.Node = 1\n",
            "from .node import Node\nx = \"Node\"  # Node\n",
            "from __future__ import annotations\nfrom .a import annotations\n",
            "from .a import b\r\nfrom .c import d\r\n",
            "import os\nfrom os import path\nfrom . import x, y\n",
            "from .a import b\nif c: from .d import e\n",
        ];
        for src in sources {
            assert_eq!(lexed_table(src), Some(parsed_table(src)), "{src:?}");
        }
        // An f-string's fields are code: the name spelled there is not re-exported.
        assert!(names("from .a import b\nx = f\"{b}\"\n").is_empty());
        // A `from` after a `;` is left to the whole parse, as a lone CR is.
        assert_eq!(lexed_table("x = 1; from .a import b\n"), None);
        assert_eq!(names("x = 1; from .a import b\n").len(), 1);
        assert_eq!(lexed_table("from .a import b\rfrom .c import d\r"), None);
    }
}
