//! A regular package below a folder without an `__init__.py` inside a regular package (issue
//! 36's twenty-third exam, class 3: Gaia's `gaia/tasks/defined_tasks/weather/processing/`, where
//! `weather/` has none and `defined_tasks/` has one). The chain of `__init__.py` files stops at
//! `processing/`, so its modules wrote a `_background.py` of their own beside `gaia/`'s: two
//! helpers in one distribution. Where the package's own modules import a module through the
//! namespace folder by its full dotted name (`from gaia.tasks.defined_tasks.weather.weather_task
//! import D`, at any depth: a lazy import runs where the module runs), the folder is imported as
//! a namespace subpackage of `gaia` wherever they run, and `processing` is
//! `gaia.tasks.defined_tasks.weather.processing`: `gaia`'s helper serves it, imported as those
//! modules import the package (`from gaia._background import keep_task`).
//!
//! Without such an import nothing proves where the folder is imported from (it may be run with
//! `weather/` on `sys.path`), and the package keeps its own helper. An import in a `try:`
//! statement that catches `ImportError` proves nothing either (an optional import); the module's
//! other imports still count.

use std::path::{Path, PathBuf};

use crate::project::facts::ProjectFacts;
use crate::project::helper_home::shared::package_modules;
use crate::project::path_root::layout::{TopPackage, imported_modules, is_identifier};
use crate::project::path_root::{bare_imports, is_package};
use crate::scan::stdlib::is_stdlib;
use crate::scan::syntax::{new_parser, walk};
use tree_sitter::Node;

/// The regular package above the namespace folder over `top` (the top of the file's chain of
/// regular packages, named by its folder), where `top`'s own modules import through that folder
/// (see the module's documentation); inside `project` where it is known.
pub fn outer_package(
    top: &TopPackage,
    project: Option<&Path>,
    namespace: &[PathBuf],
    facts: &ProjectFacts,
) -> Option<TopPackage> {
    let span = top.folder.parent()?;
    let package = |f: &Path| is_package(f, namespace);
    let named = top.folder.file_name().and_then(|n| n.to_str()) == Some(top.name.as_str());
    if !named || package(span) || project.is_some_and(|p| !span.starts_with(p) || span == p) {
        return None;
    }
    let outer = facts
        .spans
        .get_or(&top.folder, || imports_through(&top.folder, span))?;
    let inside = project.is_none_or(|p| outer.folder.starts_with(p) && outer.folder != p);
    inside.then_some(outer)
}

/// The regular package that a module of the package at `top` names in an import through the
/// namespace folder `span` just above it (`gaia.tasks.defined_tasks.weather.weather_task`, the
/// folder names matching the dotted name's parts, and the module below `span` there).
fn imports_through(top: &Path, span: &Path) -> Option<TopPackage> {
    let through = |module: &str| {
        let parts: Vec<&str> = module.split('.').collect();
        let last = parts.len().checked_sub(1)?;
        // `span`'s part: the one whose folders above match the parts before it.
        let at = (1..last).rev().find(|&at| {
            (0..=at).all(|i| {
                let up = span.ancestors().nth(i);
                up.and_then(|u| u.file_name()).and_then(|n| n.to_str()) == Some(parts[at - i])
            })
        })?;
        let below = parts[at + 1];
        let there = span.join(format!("{below}.py")).is_file() || span.join(below).is_dir();
        let outer = span.ancestors().nth(at)?;
        let name = parts[0];
        let regular = outer.join("__init__.py").is_file();
        (there && regular && parts.iter().all(|p| is_identifier(p)) && !is_stdlib(name)).then(
            || TopPackage {
                folder: outer.to_path_buf(),
                name: name.to_owned(),
            },
        )
    };
    package_modules(top).iter().find_map(|module| {
        let text = std::fs::read_to_string(module).unwrap_or_default();
        unguarded_imports(&text).iter().find_map(|m| through(m))
    })
}

/// The dotted names a module imports absolutely at any depth (a lazy import in a function runs
/// where the module runs), but for those in a `try:` statement that catches `ImportError` or
/// `ModuleNotFoundError` (any of its clauses): an optional import proves nothing.
fn unguarded_imports(text: &str) -> Vec<String> {
    if !text.contains("ImportError") && !text.contains("ModuleNotFoundError") {
        return bare_imports(text);
    }
    let Some(tree) = new_parser().parse(text, None) else {
        return imported_modules(text);
    };
    let mut found: Vec<String> = Vec::new();
    walk(tree.root_node(), |node| {
        let import = matches!(node.kind(), "import_statement" | "import_from_statement");
        if import && !guarded(node, text) {
            let spelled = text.get(node.byte_range()).unwrap_or_default();
            let spelled: Vec<&str> = spelled.lines().map(str::trim_start).collect();
            for module in imported_modules(&spelled.join("\n")) {
                if !found.contains(&module) {
                    found.push(module);
                }
            }
        }
        !import
    });
    found
}

/// Whether `node` lies in a `try:` statement one of whose `except` clauses names `ImportError`
/// or `ModuleNotFoundError`.
fn guarded(node: Node, text: &str) -> bool {
    let mut around = node.parent();
    while let Some(block) = around {
        if block.kind() == "try_statement" {
            let mut cursor = block.walk();
            let catches = block.children(&mut cursor).any(|clause| {
                let spelled = text.get(clause.byte_range()).unwrap_or_default();
                let head = spelled.split(':').next().unwrap_or_default();
                clause.kind() == "except_clause"
                    && (head.contains("ImportError") || head.contains("ModuleNotFoundError"))
            });
            if catches {
                return true;
            }
        }
        around = block.parent();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::facts::write_file;

    #[test]
    fn a_package_below_a_namespace_folder_is_its_outer_packages_when_imported_through_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |file: &str, code: &str| write_file(root, file, code);
        for init in ["gaia", "gaia/tasks", "gaia/tasks/weather/processing"] {
            write(&format!("{init}/__init__.py"), "");
        }
        write("gaia/tasks/weather/task.py", "");
        let top = |folder: &str, name: &str| TopPackage {
            folder: root.join(folder),
            name: name.to_owned(),
        };
        let processing = top("gaia/tasks/weather/processing", "processing");
        let outer = || outer_package(&processing, Some(root), &[], &ProjectFacts::default());
        // Nothing imports through `weather/`: the package keeps its own.
        write(
            "gaia/tasks/weather/processing/work.py",
            "from ..task import D\n",
        );
        assert_eq!(outer(), None);
        // Lazily, in a function: `gaia`'s.
        let lazy = "def f():\n    from gaia.tasks.weather.task import D\n";
        write("gaia/tasks/weather/processing/work.py", lazy);
        assert_eq!(outer(), Some(top("gaia", "gaia")));
        // Guarded by `except ImportError`: only a top-level import counts.
        let guarded =
            "try:\n    from gaia.tasks.weather.task import D\nexcept ImportError:\n    pass\n";
        write("gaia/tasks/weather/processing/work.py", guarded);
        assert_eq!(outer(), None);
        // The guard is the `try:` statement's, not the file's: a lazy import beside an optional
        // one still counts.
        let both = format!("{guarded}def f():\n    from gaia.tasks.weather.task import D\n");
        write("gaia/tasks/weather/processing/work.py", &both);
        assert_eq!(outer(), Some(top("gaia", "gaia")));
        let other = "try:\n    from gaia.tasks.weather.task import D\nexcept KeyError:\n    pass\n";
        write("gaia/tasks/weather/processing/work.py", other);
        assert_eq!(outer(), Some(top("gaia", "gaia")));
        // A name that does not resolve there, or stops above the namespace folder.
        write(
            "gaia/tasks/weather/processing/work.py",
            "import gaia.tasks.weather.nothing\n",
        );
        assert_eq!(outer(), None);
        write(
            "gaia/tasks/weather/processing/work.py",
            "from gaia.tasks import t\n",
        );
        assert_eq!(outer(), None);
        // A regular package over the top: no namespace folder between.
        write(
            "gaia/tasks/weather/processing/work.py",
            "from gaia.tasks.weather.task import D\n",
        );
        assert_eq!(outer(), Some(top("gaia", "gaia")));
        write("gaia/tasks/weather/__init__.py", "");
        assert_eq!(outer(), None);
    }
}
