//! Files as keys: imports of task factories are matched on them.

use std::path::{Component, Path, PathBuf};

use tree_sitter::Node;

use crate::scan::syntax::{split_alias, text};

/// The path as one key for every spelling a run may meet (`./pkg/../pkg/a.py`): absolute, with
/// `.` and `..` resolved by name. Imports of factories are matched on it.
pub fn file_key(path: &Path) -> PathBuf {
    // The walk gives absolute paths without `.` or `..` whenever the roots are: those are keys
    // already (checked on the bytes, which is cheaper than splitting the path into components).
    if path.is_absolute() && !has_dot_component(path.as_os_str().as_encoded_bytes()) {
        return path.to_owned();
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut key = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                key.pop();
            }
            other => key.push(other),
        }
    }
    key
}

/// Whether `file` is test code, as pytest finds it: `test_*.py`, `*_test.py`, `conftest.py`, or
/// a file below a `tests` or `test` folder of the project at `root`. Folders above the root
/// are not asked: a checkout under `~/tests/` is not all test code.
pub fn is_test_file(file: &Path, root: Option<&Path>) -> bool {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = name.strip_suffix(".py").unwrap_or("");
    if stem.starts_with("test_") || stem.ends_with("_test") || stem == "conftest" {
        return true;
    }
    let Some(inside) = root.and_then(|root| file.strip_prefix(root).ok()) else {
        return false;
    };
    let folders = inside.parent().into_iter().flat_map(Path::components);
    folders
        .into_iter()
        .any(|c| matches!(c.as_os_str().to_str(), Some("tests" | "test")))
}

/// Whether a `/`-separated path has a `.` or `..` component (or a `//`, which the components
/// would fold).
fn has_dot_component(bytes: &[u8]) -> bool {
    cfg!(windows)
        || bytes.ends_with(b"/.")
        || bytes.ends_with(b"/..")
        || memchr::memmem::find(bytes, b"/./").is_some()
        || memchr::memmem::find(bytes, b"/../").is_some()
        || memchr::memmem::find(bytes, b"//").is_some()
        || bytes.ends_with(b"/")
}

/// The file's path as module names: `/src/pkg/tasks.py` → `src`, `pkg`, `tasks`; a package's
/// `__init__.py` stands for the package.
pub(super) fn module_parts(file: &Path) -> Vec<String> {
    let mut parts: Vec<String> = file
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if let Some(last) = parts.last_mut()
        && let Some(stem) = last.strip_suffix(".py")
    {
        *last = stem.to_owned();
    }
    if parts.last().is_some_and(|p| p == "__init__") {
        parts.pop();
    }
    parts
}

/// The last of [`module_parts`] (`tasks` for `/src/pkg/tasks.py`, `pkg` for its `__init__.py`),
/// read from the path's end: an index of thousands of modules wants only this name, and
/// gathering every part of each path cost more than the rest of its build.
pub(super) fn last_module_part(file: &Path) -> Option<String> {
    let mut normal = file.components().rev().filter_map(|c| match c {
        Component::Normal(part) => Some(part),
        _ => None,
    });
    let last = normal.next()?.to_string_lossy();
    let last = last.strip_suffix(".py").unwrap_or(&last);
    match last {
        "__init__" => normal.next().map(|p| p.to_string_lossy().into_owned()),
        _ => Some(last.to_owned()),
    }
}

/// `Path`'s order (component by component) of two paths [`file_key`] made: absolute, with no
/// `.`, `..`, `//` or trailing `/`, so that their bytes, a `/` below any other byte, compare as
/// their components do. Sorting thousands of paths as `Path`s split both into components at
/// every comparison (150M instructions for the large tree's quiet-coroutine modules), and a key
/// kept per path raised the peak by 2 MB.
pub(super) fn file_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    if cfg!(windows) {
        return a.cmp(b);
    }
    let (x, y) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    let shorter = x.len().min(y.len());
    let mut at = 0;
    while at + 8 <= shorter && x[at..at + 8] == y[at..at + 8] {
        at += 8;
    }
    while at < shorter && x[at] == y[at] {
        at += 1;
    }
    let rank = |b: u8| match b {
        b'/' => 0,
        other => u16::from(other) + 1,
    };
    match (x.get(at), y.get(at)) {
        (Some(&p), Some(&q)) => rank(p).cmp(&rank(q)),
        _ => x.len().cmp(&y.len()),
    }
}

/// `..pkg.tasks` → (2, "pkg.tasks").
pub(super) fn relative(module: &str) -> (usize, &str) {
    let module = module.trim();
    let dots = module.len() - module.trim_start_matches('.').len();
    (dots, module[dots..].trim())
}

/// The modules of `modules` (each known by its parts, see [`module_parts`]) that a (possibly
/// relative) import names, seen from `file`.
pub(super) fn named_by<'m, M>(
    modules: &'m [M],
    parts_of: impl Fn(&M) -> &[String],
    file: Option<&Path>,
    level: usize,
    dotted: &str,
) -> Vec<&'m M> {
    let parts: Vec<&str> = dotted.split('.').filter(|p| !p.is_empty()).collect();
    if level == 0 {
        // Absolute: the module's path ends with the dotted name. The project may be checked
        // from anywhere, so the package root is not known; the end of the path is.
        if parts.is_empty() {
            return Vec::new();
        }
        let ends_with = |own: &[String]| {
            own.len() >= parts.len()
                && own[own.len() - parts.len()..]
                    .iter()
                    .zip(&parts)
                    .all(|(a, b)| a == b)
        };
        return modules.iter().filter(|m| ends_with(parts_of(m))).collect();
    }
    let Some(file) = file else {
        return Vec::new();
    };
    let mut base = module_parts(file);
    // The importer's own name, then one package per extra dot (`__init__.py` is already its
    // package).
    let is_package = file.file_name().is_some_and(|n| n == "__init__.py");
    let up = level - 1 + usize::from(!is_package);
    if up > base.len() {
        return Vec::new();
    }
    base.truncate(base.len() - up);
    base.extend(parts.iter().map(|p| (*p).to_owned()));
    modules.iter().filter(|m| parts_of(m) == base).collect()
}

/// The last name of the module a (possibly relative) import names, seen from `file` (`""` for
/// a module of no name): every module [`named_by`] gives ends with it. `None` when it names
/// none.
pub(super) fn last_named(file: Option<&Path>, level: usize, dotted: &str) -> Option<String> {
    if let Some(last) = dotted.rsplit('.').find(|p| !p.is_empty()) {
        return Some(last.to_owned());
    }
    if level == 0 {
        return None;
    }
    // `from . import f`: the importer's package, as [`named_by`] climbs to it.
    let mut base = module_parts(file?);
    let is_package = file?.file_name().is_some_and(|n| n == "__init__.py");
    let up = level - 1 + usize::from(!is_package);
    if up > base.len() {
        return None;
    }
    base.truncate(base.len() - up);
    Some(base.pop().unwrap_or_default())
}

/// Whether the import statement `stmt` may name a module whose last name `is_last` accepts,
/// before its bindings are read: every module [`named_by`] gives for an absolute import ends
/// with a name the statement spells as a word, and a relative one (`from . import f`) may name
/// its package by the dots alone. Reading every import's bindings for every index was most of
/// what resolving a file's imports cost.
pub(super) fn may_name(stmt: &Node, src: &str, is_last: impl Fn(&str) -> bool) -> bool {
    let relative =
        (stmt.child_by_field_name("module_name")).is_some_and(|m| text(m, src).starts_with('.'));
    let separator = |c: char| !(c.is_alphanumeric() || c == '_');
    relative || text(*stmt, src).split(separator).any(is_last)
}

/// What one import statement binds, in the order the statement binds it: the one reading of
/// an import that the factories', the summaries' and the keepers' indexes share.
pub(super) enum Bound<'s> {
    /// `import a.b [as x]`, and `from pkg import util [as u]` (`pkg.util`, a module of the
    /// package): the module `dotted`, `level` dots up, bound to `local`.
    Module {
        level: usize,
        dotted: String,
        local: &'s str,
    },
    /// `from m import name [as local]`: a name of the module `dotted`.
    Name {
        level: usize,
        dotted: &'s str,
        name: &'s str,
        local: &'s str,
    },
    /// `from m import *`.
    Star { level: usize, dotted: &'s str },
}

/// Calls `each` with what `stmt` binds (nothing for a statement that is not an import). A
/// `from` import's names come after its `*`, each name before the submodule it may also be.
pub(super) fn import_bindings<'s>(stmt: &Node, src: &'s str, mut each: impl FnMut(Bound<'s>)) {
    let mut cursor = stmt.walk();
    match stmt.kind() {
        "import_statement" => {
            for name in stmt.children_by_field_name("name", &mut cursor) {
                let (dotted, alias) = split_alias(name, src);
                let local = alias.unwrap_or(dotted);
                let dotted = dotted.to_owned();
                each(Bound::Module {
                    level: 0,
                    dotted,
                    local,
                });
            }
        }
        "import_from_statement" => {
            let (level, dotted) = stmt
                .child_by_field_name("module_name")
                .map_or((0, ""), |m| relative(text(m, src)));
            let mut inner = stmt.walk();
            if (stmt.named_children(&mut inner)).any(|c| c.kind() == "wildcard_import") {
                each(Bound::Star { level, dotted });
            }
            for name in stmt.children_by_field_name("name", &mut cursor) {
                let (imported, alias) = split_alias(name, src);
                let local = alias.unwrap_or(imported);
                each(Bound::Name {
                    level,
                    dotted,
                    name: imported,
                    local,
                });
                let submodule = match dotted.is_empty() {
                    true => imported.to_owned(),
                    false => format!("{dotted}.{imported}"),
                };
                each(Bound::Module {
                    level,
                    dotted: submodule,
                    local,
                });
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`file_order`] orders the paths [`file_key`] makes as `Path` does, and
    /// [`last_module_part`] is the last of [`module_parts`].
    #[test]
    fn path_keys_keep_the_order_of_paths() {
        let paths = [
            "/p/a/b.py",
            "/p/a-b/c.py",
            "/p/a.b/c.py",
            "/p/a/__init__.py",
            "/p/a",
            "/p/ab",
            "/p/a/b/c.py",
            "/p//a/./b.py",
            "p/a.py",
            "./p/a.py",
            "../p/a.py",
            "/p/x.py/__init__.py",
            "/p/__init__.py",
            "__init__.py",
            "/p/é/a.py",
            "/p/z/a.py",
            "/p/a/b/c/d/e/f/g/h.py",
            "/p/a/b/c/d/e/f/g/h/i.py",
            "/p/a/b/c/d/e/f/g/",
            "/p/a/b/c/d/e/f/g-",
            "/",
            "",
        ];
        for a in paths {
            for b in paths {
                let (ka, kb) = (file_key(Path::new(a)), file_key(Path::new(b)));
                assert_eq!(file_order(&ka, &kb), ka.cmp(&kb), "{a} {b}");
            }
            let path = Path::new(a);
            assert_eq!(
                last_module_part(path),
                module_parts(path).last().cloned(),
                "{a}"
            );
        }
    }

    /// Every module [`named_by`] gives ends with the name [`last_named`] gives: the lazy index
    /// of quiet coroutines looks among those alone.
    #[test]
    fn the_modules_an_import_names_end_with_its_last_name() {
        let files = [
            "/p/pkg/__init__.py",
            "/p/pkg/tasks.py",
            "/p/pkg/sub/__init__.py",
            "/p/pkg/sub/tasks.py",
            "/p/tasks.py",
            "/p/__init__.py",
        ];
        let modules: Vec<Vec<String>> = files.iter().map(|f| module_parts(Path::new(f))).collect();
        let imports = [
            (0, "tasks"),
            (0, "pkg.tasks"),
            (0, "pkg"),
            (0, ""),
            (1, ""),
            (2, ""),
            (3, ""),
            (9, ""),
            (1, "tasks"),
            (2, "sub.tasks"),
            (1, "sub"),
        ];
        for importer in files.iter().map(Path::new) {
            for (level, dotted) in imports {
                let named = named_by(&modules, |m| m, Some(importer), level, dotted);
                let last = last_named(Some(importer), level, dotted);
                let why = format!("{importer:?} {level} {dotted:?}");
                assert!(named.is_empty() || last.is_some(), "{why}");
                for parts in named {
                    let own = parts.last().cloned().unwrap_or_default();
                    assert_eq!(Some(own), last, "{why}");
                }
            }
        }
    }

    #[test]
    fn test_files_are_named_or_placed_as_pytest_finds_them() {
        let root = Some(Path::new("/home/u/tests/proj"));
        for (path, test) in [
            ("/home/u/tests/proj/tests/helpers.py", true),
            ("/home/u/tests/proj/pkg/test/helpers.py", true),
            ("/home/u/tests/proj/pkg/test_spawn.py", true),
            ("/home/u/tests/proj/pkg/spawn_test.py", true),
            ("/home/u/tests/proj/conftest.py", true),
            ("/home/u/tests/proj/pkg/spawn.py", false),
            ("/home/u/tests/proj/pkg/testing.py", false),
            ("/home/u/tests/proj/pkg/tests.py", false),
        ] {
            assert_eq!(is_test_file(Path::new(path), root), test, "{path}");
        }
        // Without a project root only the name counts.
        assert!(!is_test_file(Path::new("/x/tests/a.py"), None));
    }

    /// The shortcut gives the key the components would.
    #[test]
    fn shortcut_agrees_with_the_components() {
        for path in [
            "/a/b/c.py",
            "/a/.hidden/c.py",
            "/a/./b/c.py",
            "/a/b/../c.py",
            "/a//b/c.py",
            "/a/b/",
            "/a/b/.",
            "/a/b/..",
            "/..foo/b.py",
        ] {
            let path = Path::new(path);
            let mut slow = PathBuf::new();
            for component in path.components() {
                match component {
                    Component::CurDir => {}
                    Component::ParentDir => {
                        slow.pop();
                    }
                    other => slow.push(other),
                }
            }
            assert_eq!(file_key(path), slow, "{}", path.display());
        }
    }
}
