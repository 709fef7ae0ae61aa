//! One helper for an application of several top packages side by side (issue 36's eleventh
//! exam, class 4: music-bot's `bot/` and `webapp/`, whose `webapp/api.py` imports `from
//! bot.config import settings` and more of `bot` at its top). Each package got its own
//! `_background.py`, the same module twice; one in `bot/`, the package the other already
//! imports, serves both.
//!
//! The packages a top package imports at column 0 among its siblings (folders with an
//! `__init__.py` beside it), and theirs in turn, are read; the home is the one of them that
//! imports none of the others, where exactly one does and it makes tasks itself (`webapp` →
//! `bot`; `recommender` → `bot`; `bot` imports no sibling: its own). A package that makes no
//! task (a generated or vendored one, modal's `modal_proto`) is no home. A circle, or two packages that each import nothing of the
//! rest, and every package keeps its own helper; so does one that has its `_background.py`
//! already. Each package reads at most [`MAX_FILES`]
//! modules, once per run (see `facts`).

use std::path::{Path, PathBuf};

use super::facts::{Package, ProjectFacts};
use super::layout::{TopPackage, imported_modules, is_identifier};

/// The most modules of one package read.
pub(super) const MAX_FILES: usize = 400;
/// The most packages followed from one.
const MAX_PACKAGES: usize = 8;

/// The sibling top package whose helper `top` shares, where it is another one (the caller
/// keeps a package's own helper module where it has one).
pub fn shared_home(top: &TopPackage, facts: &ProjectFacts) -> Option<TopPackage> {
    let parent = top.folder.parent()?;
    let mut reached: Vec<String> = vec![top.name.clone()];
    let mut next = 0;
    while next < reached.len() && reached.len() <= MAX_PACKAGES {
        for sibling in package(parent, &reached[next], facts).imports {
            if !reached.contains(&sibling) {
                reached.push(sibling);
            }
        }
        next += 1;
    }
    if reached.len() == 1 || reached.len() > MAX_PACKAGES {
        return None;
    }
    // The packages that import none of the others reached: exactly one is the home.
    let mut sinks = reached.iter().filter(|name| {
        (package(parent, name, facts).imports.iter()).all(|imported| !reached.contains(imported))
    });
    let home = sinks.next()?;
    // A package that makes no task needs no helper of its own (modal's generated
    // `modal_proto`, googlechat's vendored client `maugclib`): not the home.
    if sinks.next().is_some() || *home == top.name || !package(parent, home, facts).makes_tasks {
        return None;
    }
    Some(TopPackage {
        folder: parent.join(home),
        name: home.clone(),
    })
}

/// What the modules of the package `name` in `parent` say (see [`Package`]).
fn package(parent: &Path, name: &str, facts: &ProjectFacts) -> Package {
    let folder = parent.join(name);
    facts
        .packages
        .get_or(&folder, || read(parent, name, &folder))
}

fn read(parent: &Path, name: &str, folder: &Path) -> Package {
    let mut found = Package::default();
    for module in package_modules(folder) {
        let text = std::fs::read_to_string(&module).unwrap_or_default();
        found.makes_tasks |= text.contains("create_task(") || text.contains("ensure_future(");
        for imported in imported_modules(&text) {
            let first = imported.split('.').next().unwrap_or_default();
            let sibling = first != name
                && is_identifier(first)
                && parent.join(first).join("__init__.py").is_file();
            if sibling && !found.imports.iter().any(|f| f == first) {
                found.imports.push(first.to_owned());
            }
        }
    }
    found.imports.sort();
    found
}

/// The package's modules, its subpackages' included, in path order, at most [`MAX_FILES`].
pub(super) fn package_modules(folder: &Path) -> Vec<PathBuf> {
    let mut modules = Vec::new();
    let mut folders = vec![folder.to_path_buf()];
    while let Some(dir) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if modules.len() >= MAX_FILES {
                return modules;
            }
            if path.is_dir() && path.join("__init__.py").is_file() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "py") && path.is_file() {
                modules.push(path);
            }
        }
    }
    modules
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::facts::write_file;

    #[test]
    fn the_package_the_others_import_is_the_home() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |file: &str, code: &str| write_file(root, file, code);
        let facts = ProjectFacts::default();
        write("bot/__init__.py", "");
        write("bot/config.py", "import os\n");
        write("bot/db.py", "def save():\n    asyncio.create_task(w())\n");
        write("webapp/__init__.py", "");
        write(
            "webapp/api.py",
            "from bot.config import settings\nfrom recommender import r\n",
        );
        write("recommender/__init__.py", "");
        write("recommender/dj.py", "import bot.config\n");
        // A circle: neither is the home.
        write("a/__init__.py", "");
        write("a/m.py", "from b import x\n");
        write("b/__init__.py", "");
        write("b/m.py", "def f():\n    pass\nfrom a import y\n");
        let top = |name: &str| TopPackage {
            folder: root.join(name),
            name: name.to_owned(),
        };
        assert_eq!(shared_home(&top("webapp"), &facts), Some(top("bot")));
        assert_eq!(shared_home(&top("recommender"), &facts), Some(top("bot")));
        assert_eq!(shared_home(&top("bot"), &facts), None);
        assert_eq!(shared_home(&top("a"), &facts), None);
        // The package imported makes no task: not the home.
        write("app/__init__.py", "");
        write("app/m.py", "from proto import x\n");
        write("proto/__init__.py", "");
        write("proto/x.py", "X = 1\n");
        assert_eq!(shared_home(&top("app"), &facts), None);
    }
}
