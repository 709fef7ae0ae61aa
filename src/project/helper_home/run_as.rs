//! How the application runs a module, which decides how the module can import the helper: as
//! a top-level module of a folder on `sys.path` (its neighbours import it by its bare name), or
//! by its path (`python pkg/sample.py`), where no import of its package resolves.

use std::path::{Path, PathBuf};

use crate::project::path_root::layout::{imported_modules, is_identifier};

/// Whether the module imports a module of its own folder by its bare name (`from device import
/// ZigManDevice` beside `device.py`, `from modules.zones import Z` beside `modules/`): the
/// application runs with that folder on `sys.path`, its modules top-level ones, whatever
/// `__init__.py` the folder holds (issue 36's eleventh exam, class 3: ZigBee-Matter-Manager's
/// `main.py` imports `core`). A relative import raises there ("attempted relative import with
/// no known parent package"); `from _background import keep_task` is the one that works.
pub(crate) fn imports_its_folder(key: &Path, modules: &[String]) -> bool {
    let Some(folder) = key.parent() else {
        return false;
    };
    let own = key.file_stem().and_then(|s| s.to_str());
    let imports_sibling = modules.iter().any(|m| {
        let first = m.split('.').next().unwrap_or_default();
        is_identifier(first)
            && own != Some(first)
            && (folder.join(format!("{first}.py")).is_file() || folder.join(first).is_dir())
    });
    // Or a module beside it imports this one so (`core.py`'s `from device import ...`).
    imports_sibling || own.is_some_and(|own| imported_by_a_sibling(key, folder, own))
}

/// Whether a module of `folder` (one of its first 200) imports the module `own` by its bare name.
fn imported_by_a_sibling(key: &Path, folder: &Path, own: &str) -> bool {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return false;
    };
    let mut siblings: Vec<PathBuf> = (entries.flatten().map(|e| e.path()))
        .filter(|p| p != key && p.extension().is_some_and(|e| e == "py"))
        .collect();
    siblings.sort();
    siblings.iter().take(200).any(|p| {
        let text = std::fs::read_to_string(p).unwrap_or_default();
        imported_modules(&text)
            .iter()
            .any(|m| m.split('.').next() == Some(own))
    })
}

/// Whether a module of a package may be run by its path (`python hello/sample.py`, as
/// temporalio/samples-python's README runs each sample), where `sys.path[0]` is its own folder:
/// a relative import fails there ("attempted relative import with no known parent package"),
/// and an absolute one of its package resolves only if something puts the package's parent on
/// the path. It has a module-level `if __name__ == "__main__":` and no relative import of its
/// own (and, as `helper_home::locate` asks, no absolute import of its own package: one that has it runs only
/// where the package is importable, and imports the helper absolutely). A module that imports relatively cannot be run so, only as `python -m pkg.module`,
/// where the package's helper imports as its other imports do; nor can `__main__.py`, which
/// runs as its package's.
pub fn run_by_path(path: &Path, text: &str) -> bool {
    if path.file_name().is_some_and(|n| n == "__main__.py") {
        return false;
    }
    let guard = text.lines().any(|line| {
        let squeezed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        line.starts_with("if")
            && ["__name__==\"__main__\"", "__name__=='__main__'"]
                .iter()
                .any(|g| squeezed.starts_with(&format!("if{g}")))
    });
    let relative = text.lines().any(|line| {
        let line = line.trim_start();
        line.strip_prefix("from").is_some_and(|rest| {
            rest.starts_with(char::is_whitespace) && rest.trim_start().starts_with('.')
        })
    });
    guard && !relative
}
