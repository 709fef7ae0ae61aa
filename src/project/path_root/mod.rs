//! Where a file's import root lies, as the project's own absolute imports prove it: the folder
//! on `sys.path` where the project runs, and so the top package a helper of `--strategy helper`
//! is imported from. A folder whose modules import its children by their bare names is on
//! `sys.path`, whatever `__init__.py` it holds; a namespace folder (no `__init__.py`) that the
//! file's own imports spell from an import root is a package of that name.
//!
//! This module reads only the files it is asked about; what a caller caches across files (see
//! `facts`) it hands in. `layout` answers the rest of the question from here.

pub(crate) mod import_root;
pub(crate) mod layout;
pub(crate) mod namespace_span;
pub(crate) mod portion;
pub(crate) mod self_imported;

use std::path::{Path, PathBuf};

use crate::scan::stdlib::is_stdlib;

/// A file's top package: its folder and its dotted name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopPackage {
    pub folder: PathBuf,
    pub name: String,
}

/// Module names that are no evidence: the project's build and test scaffolding.
const SCAFFOLDING: [&str; 3] = ["setup", "conftest", "noxfile"];

/// The most top-level modules of one folder read for [`names_children`].
const MAX_MODULES: usize = 200;

/// The outermost package of the chain from `folder` up to (not including) `top` that the
/// file's imports name as a top-level package, with the module they import there on disk (its
/// first part: a checkout may hold only some of the package's files):
/// the folder above it is then where imports begin, though it holds an `__init__.py` (a
/// project folder with a stray one, `backend/` above `backend/streams_explorer/`).
pub(super) fn rooted_inside<'p>(
    folder: &'p Path,
    top: &Path,
    modules: &[String],
) -> Option<&'p Path> {
    let resolves = |package: &Path| {
        let name = package.file_name()?.to_str()?;
        let found = modules.iter().any(|m| {
            let Some(rest) = m.strip_prefix(name) else {
                return false;
            };
            let Some(rest) = rest.strip_prefix('.') else {
                // `import io` names the standard library's module, not a subpackage `io/`
                // (panel's `panel/io/`): imports are absolute.
                return rest.is_empty() && !is_stdlib(name);
            };
            // Its first part on disk: a module or a subpackage of the folder.
            let first = package.join(rest.split('.').next().unwrap_or(""));
            first.with_extension("py").is_file() || first.is_dir()
        });
        found.then_some(())
    };
    folder
        .ancestors()
        .take_while(|up| *up != top)
        .filter(|up| resolves(up).is_some())
        .last()
}

/// The top package below a stray `__init__.py` (issue 36's exam36y: pumpfun-bonkfun-bot's
/// `src/__init__.py` above `src/core/`, whose modules import `utils.logger` from `src/utils/`;
/// MaiBot-Discord-Adapter's root `__init__.py`, whose `main.py` imports `src.logger`): the
/// folder inside `top` (the top of the chain of regular packages over `folder`) whose parent is
/// proven on `sys.path`, by the file's own imports (`modules`) or by `rooted`, whether a
/// top-level module of a folder imports its children so (see [`names_children`]; the caller
/// caches it). The outermost such folder, and none that the file's relative imports (`climb`
/// dots) climb out of: a relative import above the top-level package fails.
pub(super) fn below_stray_init<'p>(
    folder: &'p Path,
    top: &Path,
    (modules, climb): (&[String], usize),
    rooted: impl Fn(&Path) -> bool,
) -> Option<&'p Path> {
    let mut found = None;
    let mut child = folder;
    for (levels, up) in folder.ancestors().enumerate().skip(1) {
        if !up.starts_with(top) {
            break;
        }
        if climb <= levels && (names_child(up, modules, None) || rooted(up)) {
            found = Some(child);
        }
        child = up;
    }
    found
}

/// Whether a top-level module of `folder` (one of its first [`MAX_MODULES`], scaffolding and
/// dunder modules aside) imports a child of the folder by its bare name (see [`names_child`]):
/// it runs with the folder on `sys.path`.
pub(super) fn names_children(folder: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return false;
    };
    let mut modules: Vec<PathBuf> = (entries.flatten().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "py") && p.is_file())
        .collect();
    modules.sort();
    let stem = |p: &Path| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned);
    modules.iter().take(MAX_MODULES).any(|module| {
        let Some(own) = stem(module) else {
            return false;
        };
        if own.starts_with("__") || SCAFFOLDING.contains(&own.as_str()) {
            return false;
        }
        let text = std::fs::read_to_string(module).unwrap_or_default();
        names_child(folder, &bare_imports(&text), Some(&own))
    })
}

/// Whether one of `modules` names a child of `folder` (not `own`) by its bare name and a module
/// of that child on disk (`utils.logger` → `utils/logger.py`): two parts at least, neither the
/// standard library's nor scaffolding, so that no installed library of one name is taken for
/// the folder's child.
fn names_child(folder: &Path, modules: &[String], own: Option<&str>) -> bool {
    modules.iter().any(|m| {
        let mut parts = m.split('.');
        let (Some(first), Some(second)) = (parts.next(), parts.next()) else {
            return false;
        };
        is_identifier(first)
            && is_identifier(second)
            && own != Some(first)
            && !is_stdlib(first)
            && !SCAFFOLDING.contains(&first)
            && has_module(&folder.join(first), second)
    })
}

/// The namespace folder that holds the module at `key`, named from the import root of `roots`
/// it lies in, where every folder between them has no `__init__.py` (nor is one of
/// `namespace`) and the file's own imports (`modules`) spell one of them from that root with a
/// module there on disk (subhft's `src/hft_platform/services/system.py` imports
/// `hft_platform.services.bootstrap`; `market_data.py` beside it `hft_platform.events`): the
/// folder is the package `hft_platform.services` where the file runs. Its folder and dotted
/// name; `None` where nothing proves it.
pub(super) fn namespace_folder(
    key: &Path,
    modules: &[String],
    roots: &[PathBuf],
    namespace: &[PathBuf],
) -> Option<(PathBuf, String)> {
    let folder = key.parent()?;
    let root = (roots.iter())
        .filter(|root| folder.starts_with(root) && folder != root.as_path())
        .max_by_key(|root| root.components().count())?;
    let inside: Vec<&str> = (folder.strip_prefix(root).ok()?.iter())
        .map(|p| p.to_str())
        .collect::<Option<_>>()?;
    if !inside.iter().all(|p| is_identifier(p)) || inside.first().is_none_or(|f| is_stdlib(f)) {
        return None;
    }
    let mut between = root.clone();
    for part in &inside {
        between.push(part);
        if is_package(&between, namespace) {
            return None;
        }
    }
    let own = key.file_stem()?.to_str()?;
    let proven = modules.iter().any(|m| {
        let parts: Vec<&str> = m.split('.').collect();
        let same = parts
            .iter()
            .zip(&inside)
            .take_while(|(a, b)| a == b)
            .count();
        let Some(next) = parts.get(same).filter(|_| same > 0) else {
            return false;
        };
        let at = (inside[..same].iter()).fold(root.clone(), |p, part| p.join(part));
        let itself = same == inside.len() && *next == own;
        parts.iter().all(|p| is_identifier(p)) && !itself && has_module(&at, next)
    });
    proven.then(|| (folder.to_path_buf(), inside.join(".")))
}

/// Whether `folder` is a package: it holds an `__init__.py`, or it is one of `namespace` (ruff's
/// `namespace-packages`, as keys), which ruff takes for packages.
pub(super) fn is_package(folder: &Path, namespace: &[PathBuf]) -> bool {
    folder.join("__init__.py").is_file() || namespace.iter().any(|n| n == folder)
}

/// The dotted names a module imports absolutely at any depth: at its top level, in a `try:`
/// block (`from memory_metrics import ...`, optional), or in a function (a lazy import). Each
/// one names the module as the application's import root reaches it.
pub(super) fn bare_imports(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().map(str::trim_start).collect();
    imported_modules(&lines.join("\n"))
}

/// `folder` holds the module `name`: `name.py`, `name.pyi`, a subpackage `name/` (regular or
/// namespace), or an extension module (`name.cpython-312-x86_64-linux-gnu.so`, `name.pyd`).
pub(super) fn has_module(folder: &Path, name: &str) -> bool {
    if name.is_empty() {
        return false;
    }
    let source = ["py", "pyi"]
        .iter()
        .any(|ext| folder.join(format!("{name}.{ext}")).is_file());
    source
        || folder.join(name).is_dir()
        || std::fs::read_dir(folder).is_ok_and(|entries| {
            entries.flatten().any(|entry| {
                let file = entry.file_name();
                let file = file.to_string_lossy();
                file.strip_prefix(name).is_some_and(|rest| {
                    rest.starts_with('.') && (rest.ends_with(".so") || rest.ends_with(".pyd"))
                })
            })
        })
}

/// The dotted names of a module's absolute imports at its top level, in their order: `from
/// a.b import c` → `a.b`, `import d.e as f, g` → `d.e`, `g`.
pub fn imported_modules(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for line in text.lines() {
        let names: Vec<&str> = match (line.strip_prefix("from "), line.strip_prefix("import ")) {
            (Some(rest), _) => rest.split(" import").next().into_iter().collect(),
            (_, Some(rest)) => rest.split(',').collect(),
            _ => continue,
        };
        for name in names {
            let dotted = name
                .trim()
                .split([' ', '#', '\\', '('])
                .next()
                .unwrap_or("");
            if !dotted.is_empty() && !dotted.starts_with('.') && !found.iter().any(|f| f == dotted)
            {
                found.push(dotted.to_owned());
            }
        }
    }
    found
}

pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, file: &str, code: &str) {
        let path = root.join(file);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("writable");
        std::fs::write(path, code).expect("writable");
    }

    #[test]
    fn a_folder_whose_modules_import_its_children_bare_is_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        for init in ["__init__.py", "core/__init__.py", "utils/__init__.py"] {
            write(&src, init, "");
        }
        write(&src, "utils/logger.py", "");
        let folder = src.join("core");
        let below = |modules: &[&str], climb: usize, rooted: bool| {
            let modules: Vec<String> = modules.iter().map(|m| (*m).to_owned()).collect();
            below_stray_init(&folder, &src, (&modules, climb), |_| rooted).map(Path::to_owned)
        };
        // The file's own import of a sibling package's module, or a top-level module's.
        assert_eq!(below(&["utils.logger"], 0, false), Some(folder.clone()));
        assert_eq!(below(&["asyncio"], 0, true), Some(folder.clone()));
        // A single name, the standard library's, one not on disk, or a relative import that
        // climbs out of `core`: no proof.
        assert_eq!(
            below(&["utils", "json.decoder", "utils.missing"], 0, false),
            None
        );
        assert_eq!(below(&["utils.logger"], 2, false), None);
        write(
            &src,
            "cli.py",
            "import config\nfrom utils.logger import get\n",
        );
        assert!(names_children(&src));
        write(
            &src,
            "cli.py",
            "from .utils.logger import get\nimport config\n",
        );
        assert!(!names_children(&src));
    }

    #[test]
    fn a_namespace_folder_is_named_from_its_import_root_where_its_imports_spell_it() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        write(&src, "hft/events.py", "");
        write(&src, "hft/services/boot.py", "");
        let key = src.join("hft/services/system.py");
        let roots = [dir.path().to_owned(), src.clone()];
        let found = |modules: &[&str]| {
            let modules: Vec<String> = modules.iter().map(|m| (*m).to_owned()).collect();
            namespace_folder(&key, &modules, &roots, &[]).map(|(_, name)| name)
        };
        let name = Some("hft.services".to_owned());
        assert_eq!(found(&["hft.services.boot"]), name);
        assert_eq!(found(&["hft.events"]), name);
        // Itself, a module not there, or nothing of the tree: no proof.
        assert_eq!(
            found(&["hft.services.system", "hft.missing", "asyncio"]),
            None
        );
        // A regular package on the way is another rule's.
        write(&src, "hft/__init__.py", "");
        assert_eq!(found(&["hft.services.boot"]), None);
    }
}
