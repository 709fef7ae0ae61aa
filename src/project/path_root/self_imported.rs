//! A package that one of its own modules imports by its bare name (issue 36's sixteenth exam,
//! class 2: google_workspace_fastmcp2's `middleware/qdrant_middleware.py` imports `from
//! middleware.qdrant_core.client import ...`). That import resolves only where the folder above
//! the package is on `sys.path`: the package is top-level wherever the project runs, though the
//! folder above holds an `__init__.py` of its own (the repository's). A module of a subpackage
//! that imports only relatively (`qdrant_core/client.py`) belongs to it as well, and its helper
//! goes there: one above would be imported with `from ..._background`, beyond the top-level
//! package ("attempted relative import beyond top-level package"), and a second helper beside
//! it.
//!
//! A bare name proves the package only where no library can own it: Telegram-AI-Bot's
//! `adapters/telegram/rate/base.py` imports `telegram`, python-telegram-bot's name, not its
//! package's. The name must be proven no distribution's the project declares (see
//! `declared`); else the file's top stays where its own imports put it, and its helper is
//! imported as fix36i's rule says (relative only as deep as its own relative imports go).

use std::path::{Path, PathBuf};

use crate::project::facts::{ProjectFacts, SelfImport};
use crate::project::helper_home::shared::package_modules;
use crate::project::path_root::layout::{TopPackage, imported_modules, is_identifier};
use crate::scan::stdlib::is_stdlib;

/// The outermost package on the way from the module at `key` up to (not including) `top` that
/// one of its own modules imports by its bare name, at or above the folder the file's relative
/// imports reach (`climb` dots): the file's top-level package where the name is proven the
/// package's (`Ok`), or only a candidate where a library may own it (`Err`).
pub fn top_below(
    key: &Path,
    top: &Path,
    climb: usize,
    project: Option<&Path>,
    facts: &ProjectFacts,
) -> Option<Result<PathBuf, PathBuf>> {
    let folder = key.parent()?;
    let reached = folder.ancestors().nth(climb.saturating_sub(1))?;
    let (up, said) = (folder.ancestors())
        .take_while(|up| *up != top && up.starts_with(top))
        .filter(|up| reached.starts_with(up))
        .map(|up| (up, imports_itself(up, project, facts)))
        .filter(|(_, said)| *said != SelfImport::No)
        .last()?;
    match said {
        SelfImport::Proven => Some(Ok(up.to_path_buf())),
        _ => Some(Err(up.to_path_buf())),
    }
}

/// The file's top package: `top`, or the package below it that the project imports as
/// top-level (see [`top_below`]), where the file's own imports name neither. Where that
/// package's name may be a library's, the file's top may be either: the helper goes to the
/// package the file's own relative imports reach, where it would be imported deeper than them
/// with nothing that proves `top`'s folder on `sys.path`.
pub fn retop(
    key: &Path,
    top: TopPackage,
    climb: usize,
    modules: &[String],
    project: Option<&Path>,
    facts: &ProjectFacts,
) -> TopPackage {
    let first = top.name.split('.').next();
    if (modules.iter()).any(|m| m.split('.').next() == first) {
        return top;
    }
    let folder = match top_below(key, &top.folder, climb, project, facts) {
        None => return top,
        Some(Ok(folder)) => folder,
        Some(Err(_)) => match reach(key, &top, climb, modules) {
            Some(reached) => reached,
            None => return top,
        },
    };
    match folder.file_name().and_then(|n| n.to_str()) {
        Some(name) => TopPackage {
            name: name.to_owned(),
            folder,
        },
        None => top,
    }
}

/// The package the file's relative imports reach (`climb` ≥ 1), where the helper in `top`
/// would be imported deeper than they go and no absolute import of the file proves `top`'s
/// folder on `sys.path` (fix36i's rule, see `import_style::reaches_helper_absolutely`).
fn reach(key: &Path, top: &TopPackage, climb: usize, modules: &[String]) -> Option<PathBuf> {
    let folder = key.parent()?;
    let reached = folder.ancestors().nth(climb.checked_sub(1)?)?;
    let deeper = crate::project::path_root::layout::depth(key, &top.folder) >= climb;
    let parent = top.folder.parent()?;
    let absolute = modules.iter().any(|m| {
        let first = m.split('.').next().unwrap_or_default();
        is_identifier(first)
            && (parent.join(first).join("__init__.py").is_file()
                || parent.join(format!("{first}.py")).is_file())
    });
    (deeper && !absolute).then(|| reached.to_path_buf())
}

/// What the modules of the package at `package` say of its bare name; read once per package
/// and run.
fn imports_itself(package: &Path, project: Option<&Path>, facts: &ProjectFacts) -> SelfImport {
    let Some(name) = package.file_name().and_then(|n| n.to_str()) else {
        return SelfImport::No;
    };
    if !is_identifier(name) || is_stdlib(name) || !package.join("__init__.py").is_file() {
        return SelfImport::No;
    }
    let read = || {
        let found = package_modules(package).iter().any(|module| {
            let text = std::fs::read_to_string(module).unwrap_or_default();
            (imported_modules(&text).iter()).any(|m| m.split('.').next() == Some(name))
        });
        match found {
            false => SelfImport::No,
            true if crate::project::declared::owned_by_none(package, name, project, facts) => {
                SelfImport::Proven
            }
            true => SelfImport::Unproven,
        }
    };
    facts.self_imported.get_or(package, read)
}

#[cfg(test)]
mod tests {
    use super::top_below;
    use crate::project::facts::ProjectFacts;
    use std::fs;

    #[test]
    fn a_package_that_imports_itself_is_top_level() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let facts = ProjectFacts::default();
        for init in [
            "",
            "middleware/",
            "middleware/core/",
            "other/",
            "other/core/",
            "adapters/",
            "adapters/telegram/",
            "adapters/telegram/chat/",
        ] {
            fs::create_dir_all(root.join(init)).unwrap();
            fs::write(root.join(format!("{init}__init__.py")), "").unwrap();
        }
        fs::write(
            root.join("middleware/qdrant.py"),
            "from middleware.core.client import C\n",
        )
        .unwrap();
        fs::write(root.join("adapters/telegram/rate.py"), "import telegram\n").unwrap();
        fs::write(
            root.join("requirements.txt"),
            "fastmcp[tasks]>=3\npython-telegram-bot==22.8\n",
        )
        .unwrap();
        let top = |file: &str, climb| top_below(&root.join(file), root, climb, Some(root), &facts);
        let middleware = Some(Ok(root.join("middleware")));
        assert_eq!(top("middleware/core/client.py", 0), middleware);
        assert_eq!(top("middleware/core/client.py", 2), middleware);
        // The file's own import reaches above it: the package is not its top.
        assert_eq!(top("middleware/core/client.py", 3), None);
        // Nothing imports `other` by its name.
        assert_eq!(top("other/core/x.py", 0), None);
        // `import telegram` names python-telegram-bot's package, not `adapters/telegram/`.
        let telegram = Some(Err(root.join("adapters/telegram")));
        assert_eq!(top("adapters/telegram/chat/save.py", 1), telegram);
        // A project that declares nothing proves no name is no library's.
        let bare = tempfile::tempdir().unwrap();
        let bare = bare.path();
        for init in ["", "middleware/", "middleware/core/"] {
            fs::create_dir_all(bare.join(init)).unwrap();
            fs::write(bare.join(format!("{init}__init__.py")), "").unwrap();
        }
        fs::write(
            bare.join("middleware/qdrant.py"),
            "import middleware.core\n",
        )
        .unwrap();
        let file = bare.join("middleware/core/client.py");
        let middleware = Some(Err(bare.join("middleware")));
        assert_eq!(top_below(&file, bare, 0, Some(bare), &facts), middleware);
    }
}
