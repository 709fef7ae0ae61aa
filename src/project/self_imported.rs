//! A package that one of its own modules imports by its bare name (issue 36's sixteenth exam,
//! class 2: google_workspace_fastmcp2's `middleware/qdrant_middleware.py` imports `from
//! middleware.qdrant_core.client import ...`). That import resolves only where the folder above
//! the package is on `sys.path`: the package is top-level wherever the project runs, though the
//! folder above holds an `__init__.py` of its own (the repository's). A module of a subpackage
//! that imports only relatively (`qdrant_core/client.py`) belongs to it as well, and its helper
//! goes there: one above would be imported with `from ..._background`, beyond the top-level
//! package ("attempted relative import beyond top-level package"), and a second helper beside
//! it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::layout::{TopPackage, imported_modules, is_identifier};
use super::shared_helper::package_modules;
use crate::scan::stdlib::is_stdlib;

/// Package folder → whether one of its modules imports it by its bare name.
static SELF_IMPORTED: Mutex<Option<HashMap<PathBuf, bool>>> = Mutex::new(None);

/// The outermost package on the way from the module at `key` up to (not including) `top` that
/// one of its own modules imports by its bare name, at or above the folder the file's relative
/// imports reach (`climb` dots): the file's top-level package.
pub fn top_below(key: &Path, top: &Path, climb: usize) -> Option<PathBuf> {
    let folder = key.parent()?;
    let reached = folder.ancestors().nth(climb.saturating_sub(1))?;
    (folder.ancestors())
        .take_while(|up| *up != top && up.starts_with(top))
        .filter(|up| reached.starts_with(up))
        .filter(|up| imports_itself(up))
        .last()
        .map(Path::to_path_buf)
}

/// The file's top package: `top`, or the package below it that the project imports as
/// top-level (see [`top_below`]), where the file's own imports name neither.
pub fn retop(key: &Path, top: TopPackage, climb: usize, modules: &[String]) -> TopPackage {
    let first = top.name.split('.').next();
    if (modules.iter()).any(|m| m.split('.').next() == first) {
        return top;
    }
    let Some(folder) = top_below(key, &top.folder, climb) else {
        return top;
    };
    match folder.file_name().and_then(|n| n.to_str()) {
        Some(name) => TopPackage {
            name: name.to_owned(),
            folder,
        },
        None => top,
    }
}

/// Whether a module of the package at `package` imports it by its bare name; read once per
/// package and run.
fn imports_itself(package: &Path) -> bool {
    let Some(name) = package.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if !is_identifier(name) || is_stdlib(name) || !package.join("__init__.py").is_file() {
        return false;
    }
    let mut cache = SELF_IMPORTED.lock().unwrap_or_else(|e| e.into_inner());
    let cache = cache.get_or_insert_with(HashMap::new);
    if let Some(&known) = cache.get(package) {
        return known;
    }
    let found = package_modules(package).iter().any(|module| {
        let text = std::fs::read_to_string(module).unwrap_or_default();
        (imported_modules(&text).iter()).any(|m| m.split('.').next() == Some(name))
    });
    cache.insert(package.to_path_buf(), found);
    found
}

#[cfg(test)]
mod tests {
    use super::top_below;
    use std::fs;

    #[test]
    fn a_package_that_imports_itself_is_top_level() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for init in [
            "",
            "middleware/",
            "middleware/core/",
            "other/",
            "other/core/",
        ] {
            fs::create_dir_all(root.join(init)).unwrap();
            fs::write(root.join(format!("{init}__init__.py")), "").unwrap();
        }
        fs::write(
            root.join("middleware/qdrant.py"),
            "from middleware.core.client import C\n",
        )
        .unwrap();
        let file = root.join("middleware/core/client.py");
        assert_eq!(top_below(&file, root, 0), Some(root.join("middleware")));
        assert_eq!(top_below(&file, root, 2), Some(root.join("middleware")));
        // The file's own import reaches above it: the package is not its top.
        assert_eq!(top_below(&file, root, 3), None);
        // Nothing imports `other` by its name.
        assert_eq!(top_below(&root.join("other/core/x.py"), root, 0), None);
    }
}
