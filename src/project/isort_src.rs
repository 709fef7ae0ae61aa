//! isort's first-party rule for a module no setting names: the module is found below one of
//! its `src_paths` (`isort/place.py`, `_src_path`). A folder with no `__init__.py` and no Python
//! file of its own, or whose `__init__.py` declares a namespace (`pkg_resources` /
//! `pkgutil`), is a namespace package (`auto_identify_namespace_packages`, on by default): isort
//! looks inside it for the next part of the name, so `nonebot.exception` is not first-party
//! where the checkout holds only `nonebot/adapters/onebot/`, while `nonebot.adapters.onebot.x`
//! and `nonebot` itself are.

use std::fs;
use std::path::Path;

use crate::settings::Settings;

/// The extensions isort counts as Python files (`supported_extensions`).
const EXTENSIONS: [&str; 4] = ["py", "pyi", "pyx", "pxd"];

/// Whether `folder` is isort's and ruff's source folder (their `src`, by default the project's
/// folder and its `src`): its modules are first-party, whatever the header read. Without a
/// settings file the tools' project is the folder they run in: the repository's root, where
/// pre-commit and CI run them (kesha-tg-bot, a folder of root modules, exam36t).
pub fn is_source_folder(settings: &Settings, folder: &Path) -> bool {
    let project = (settings.source.as_deref().and_then(Path::parent)).or_else(|| {
        (folder.ancestors()).find(|dir| dir.join(".git").exists() || dir.join(".hg").is_dir())
    });
    let sources = match (&settings.import_roots[..], project) {
        ([], Some(project)) => vec![project.to_owned(), project.join("src")],
        (roots, _) => roots.to_vec(),
    };
    let key = super::file_key(folder);
    sources.iter().any(|s| super::file_key(s) == key)
}

/// Whether isort finds `module` (absolute, dotted) below the source folder `root`.
pub fn found_below(root: &Path, module: &str) -> bool {
    let mut folder = root.to_path_buf();
    let mut parts = module.split('.').peekable();
    while let Some(part) = parts.next() {
        if part.is_empty() {
            return false;
        }
        let path = folder.join(part);
        if parts.peek().is_some() && is_namespace(&path) {
            folder = path;
            continue;
        }
        return is_module(&path) || path.is_dir();
    }
    false
}

/// isort's `_is_module`: a Python file of that name, or a folder with an `__init__.py`.
fn is_module(path: &Path) -> bool {
    EXTENSIONS
        .iter()
        .any(|ext| path.with_extension(ext).is_file())
        || path.join("__init__.py").is_file()
}

/// isort's `_is_namespace_package`.
fn is_namespace(path: &Path) -> bool {
    if !path.is_dir() {
        return false;
    }
    let init = path.join("__init__.py");
    if !init.is_file() {
        let Ok(entries) = fs::read_dir(path) else {
            return false;
        };
        return !entries.flatten().any(|entry| {
            let name = entry.file_name().to_string_lossy().to_lowercase();
            let ext = Path::new(&name).extension().and_then(|e| e.to_str());
            ext.is_some_and(|e| EXTENSIONS.contains(&e))
                || name == "setup.cfg"
                || name == "pyproject.toml"
        });
    }
    let Ok(start) = fs::read(&init) else {
        return false;
    };
    let start = &start[..start.len().min(4096)];
    let markers: [&[u8]; 4] = [
        b"__import__('pkg_resources').declare_namespace(__name__)",
        b"__import__(\"pkg_resources\").declare_namespace(__name__)",
        b"__path__ = __import__('pkgutil').extend_path(__path__, __name__)",
        b"__path__ = __import__(\"pkgutil\").extend_path(__path__, __name__)",
    ];
    markers
        .iter()
        .any(|m| start.windows(m.len()).any(|w| w == *m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_namespace_folder_is_looked_into() {
        let dir = std::env::temp_dir().join(format!("isort-src-{}", std::process::id()));
        let package = dir.join("nonebot/adapters/onebot");
        fs::create_dir_all(&package).unwrap();
        fs::write(package.join("__init__.py"), "").unwrap();
        fs::write(package.join("store.py"), "").unwrap();
        assert!(found_below(&dir, "nonebot"));
        assert!(found_below(&dir, "nonebot.adapters"));
        assert!(found_below(&dir, "nonebot.adapters.onebot.store"));
        assert!(found_below(&dir, "nonebot.adapters.onebot._background"));
        assert!(!found_below(&dir, "nonebot.exception"));
        assert!(!found_below(&dir, "nonebot.adapters.console"));
        assert!(!found_below(&dir, "other"));
        // A regular package is not looked into: anything below it is its own.
        fs::write(dir.join("nonebot/__init__.py"), "").unwrap();
        assert!(found_below(&dir, "nonebot.exception"));
        fs::remove_dir_all(&dir).unwrap();
    }
}
