//! How a package's modules import each other, read off the files nearest a module that says
//! nothing itself (issue 36's eleventh exam, class 5: Nezuko-Telegram-Bot's
//! `apps/bot/utils/auto_delete.py` imports no module of its project, while every module beside
//! it that does imports absolutely, `from apps.bot.core.cache import ...`). One style per
//! project: the helper is imported as the files already import their package.
//!
//! Read level by level, from the module's folder up to the package's top folder: the first
//! folder whose modules (`*.py` directly in it) import the package at all decides, when they
//! all do it one way. Each folder reads at most [`MAX_FILES`] files, only their column-0
//! imports.

use std::path::Path;

use super::helper_home::module::HelperModule;
use super::path_root::layout::is_identifier;

/// The most files read in one folder.
const MAX_FILES: usize = 200;

/// `Some(true)` where the nearest modules that import the package `name` (whose top folder is
/// `top`) do so only absolutely, `Some(false)` where only relatively, `None` where no folder
/// from the module at `key` up to `top` says, or one says both.
pub fn nearest_style(key: &Path, top: &Path, name: &str) -> Option<bool> {
    let mut folder = key.parent()?;
    loop {
        let (mut absolute, mut relative) = (false, false);
        let mut entries: Vec<_> = (std::fs::read_dir(folder).ok()?.flatten())
            .map(|e| e.path())
            .filter(|p| p != key && p.extension().is_some_and(|e| e == "py") && p.is_file())
            .collect();
        entries.sort();
        for path in entries.iter().take(MAX_FILES) {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let (a, r) = spelled(&text, name);
            absolute |= a;
            relative |= r;
        }
        match (absolute, relative) {
            (true, true) => return None,
            (true, false) => return Some(true),
            (false, true) => return Some(false),
            (false, false) if folder == top || !folder.starts_with(top) => return None,
            (false, false) => folder = folder.parent()?,
        }
    }
}

/// Whether the file's absolute imports (`modules`, their dotted names) prove that the folder
/// holding the helper's top package is on `sys.path` where the file runs: it imports that
/// package, or a package or module beside it, absolutely (Telegram-AI-Bot's `from
/// domain.services import ...` in `adapters/.../save.py`, issue 36's fifteenth exam, class 3).
/// There `from adapters._background import keep_task` resolves as surely as the file's own.
pub fn reaches_helper_absolutely(helper: &HelperModule, modules: &[String]) -> bool {
    let mut names = helper.package.split('.');
    let top = names.next().unwrap_or_default();
    let mut folder = helper.path.parent();
    for _ in names {
        folder = folder.and_then(Path::parent);
    }
    let Some(folder) = folder.filter(|f| f.file_name().is_some_and(|n| n == top)) else {
        return false;
    };
    let Some(parent) = folder.parent() else {
        return false;
    };
    modules.iter().any(|m| {
        let first = m.split('.').next().unwrap_or_default();
        first == top
            || (is_identifier(first)
                && (parent.join(first).join("__init__.py").is_file()
                    || parent.join(format!("{first}.py")).is_file()))
    })
}

/// Whether the text imports the package `name` absolutely, and relatively, at column 0.
fn spelled(text: &str, name: &str) -> (bool, bool) {
    let (mut absolute, mut relative) = (false, false);
    for line in text.lines() {
        let module = match (line.strip_prefix("from "), line.strip_prefix("import ")) {
            (Some(rest), _) | (_, Some(rest)) => rest.trim_start(),
            _ => continue,
        };
        relative |= line.starts_with("from ") && module.starts_with('.');
        let first = module
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next();
        let dotted = module[name.len().min(module.len())..].starts_with('.');
        absolute |= first == Some(name) && (dotted || line.starts_with("from "));
    }
    (absolute, relative)
}

#[cfg(test)]
mod tests {
    use super::spelled;

    #[test]
    fn absolute_and_relative_imports_of_the_package() {
        assert_eq!(
            spelled("from apps.bot.core import x\n", "apps"),
            (true, false)
        );
        assert_eq!(spelled("import apps.bot\n", "apps"), (true, false));
        assert_eq!(
            spelled("import appsx\nfrom . import y\n", "apps"),
            (false, true)
        );
        assert_eq!(spelled("from apps import z\n", "apps"), (true, false));
        assert_eq!(spelled("import apps\n", "apps"), (false, false));
        assert_eq!(
            spelled("    from apps.x import y\n", "apps"),
            (false, false)
        );
    }
}
