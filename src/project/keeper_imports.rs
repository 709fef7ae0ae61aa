//! Keepers a file may import to fix its sites, when it does not import them yet: the project's
//! `run_bg_task(coro)` in `pkg/async_helpers.py`, which maintainers import where they need it
//! (`from pkg.async_helpers import run_bg_task`).
//!
//! A new import must not change what importing the file does. So it is added only where it
//! cannot make an import cycle or run new package code:
//! - the file already imports the keeper's module (`from pkg.async_helpers import run_in_thread`
//!   gets `run_bg_task` beside it), or
//! - the keeper's module imports nothing but the standard library ([`standalone`]), and the
//!   file already imports from the keeper's package: absolutely (`from pkg.other import x`), or
//!   relatively from a package that holds the keeper (`from . import x`, `from ..sub import y`).
//!
//! Of several keeper modules, the closest to the file is used; two at the same distance are
//! ambiguous, and none is.

use std::path::Path;

use tree_sitter::Node;

use super::keepers::{ImportedKeeper, KeeperImport, KeeperModule};
use super::paths::{is_test_file, relative};
use crate::scan::stdlib::is_stdlib;
use crate::scan::syntax::{split_alias, text};

/// Whether every import of a module's text is of the standard library (or `__future__`): no
/// relative import, no other module of the project. Importing it from anywhere can then make no
/// cycle. Read off the lines, wherever they are (a `try:` or a function too): a line that only
/// looks like an import makes it not standalone, which only costs a keeper unused.
pub fn standalone(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let modules = text.lines().filter_map(|line| {
        let line = line.trim_start();
        let rest = (line.strip_prefix("import ")).or_else(|| line.strip_prefix("from "))?;
        Some(rest.trim_start())
    });
    let mut modules = modules.flat_map(|rest| {
        // `import a, b.c as d` names several; `from x import y` one.
        let names = match rest.split_once(" import") {
            Some((module, _)) => vec![module],
            None => rest.split(',').collect(),
        };
        names.into_iter().map(|n| {
            let n = n.trim().trim_start_matches('(');
            n.split([' ', '.', '\\', '#']).next().unwrap_or("")
        })
    });
    modules.all(|top| {
        matches!(top, "__future__" | "typing_extensions") || (!top.is_empty() && is_stdlib(top))
    })
}

/// What the file's module-level imports say of where it stands: the modules it imports
/// absolutely (`from pkg.other import x` → `pkg.other`) and the most dots of a relative import.
struct Imports {
    absolute: Vec<String>,
    level: usize,
}

impl Imports {
    fn read(imports: &[Node], src: &str) -> Self {
        let mut found = Imports {
            absolute: Vec::new(),
            level: 0,
        };
        let top_level = imports
            .iter()
            .filter(|stmt| stmt.parent().is_some_and(|p| p.kind() == "module"));
        for stmt in top_level {
            let mut cursor = stmt.walk();
            match stmt.kind() {
                "import_statement" => {
                    for name in stmt.children_by_field_name("name", &mut cursor) {
                        found.absolute.push(split_alias(name, src).0.to_owned());
                    }
                }
                "import_from_statement" => {
                    let (level, dotted) = stmt
                        .child_by_field_name("module_name")
                        .map_or((0, ""), |m| relative(text(m, src)));
                    match level {
                        0 => found.absolute.push(dotted.to_owned()),
                        _ => found.level = found.level.max(level),
                    }
                }
                _ => {}
            }
        }
        found
    }
}

/// The keepers of `modules` that `file` may import anew, closest first (see the module's
/// documentation); none where the closest is ambiguous.
pub(super) fn importable(
    modules: &[KeeperModule],
    file: Option<&Path>,
    imports: &[Node],
    src: &str,
) -> Vec<ImportedKeeper> {
    let Some(file) = file else {
        return Vec::new();
    };
    if is_test_file(file, None) {
        return Vec::new(); // test code keeps its tasks its own way, or not at all
    }
    let imports = Imports::read(imports, src);
    let mut candidates: Vec<(usize, &KeeperModule, String)> = (modules.iter())
        .filter(|m| m.file != file && !is_test_file(&m.file, None))
        .filter_map(|m| {
            let absolute = absolute_spelling(m, file, &imports);
            let found = absolute.or_else(|| relative_spelling(m, file, &imports))?;
            Some((found.0, m, found.1))
        })
        .collect();
    candidates.sort_by_key(|(distance, _, _)| *distance);
    let closest = match candidates.as_slice() {
        [] => return Vec::new(),
        [(_, module, spelled), rest @ ..] => match rest.first() {
            Some((distance, _, _)) if *distance == candidates[0].0 => return Vec::new(),
            _ => (*module, spelled.clone()),
        },
    };
    let (module, spelled) = closest;
    (module.keepers.iter())
        .filter(|k| k.class.is_none())
        .map(|keeper| ImportedKeeper {
            spelling: keeper.function.clone(),
            keeper: keeper.clone(),
            // Never before the import, which goes in the header: no site at import time.
            import_end: usize::MAX,
            import: Some(KeeperImport {
                module: spelled.clone(),
                name: keeper.function.clone(),
            }),
        })
        .collect()
}

/// `pkg.async_helpers`, and how far it is from `file`, when the file imports absolutely the
/// keeper's module, or (the module being standalone) from the keeper's package.
fn absolute_spelling(m: &KeeperModule, file: &Path, imports: &Imports) -> Option<(usize, String)> {
    let parts = &m.parts;
    let init = usize::from(m.file.ends_with("__init__.py"));
    // The keeper's module as `file` would name it from each package root above it that also
    // holds `file`, the deepest first.
    let rooted = (0..parts.len()).rev().filter_map(|i| {
        let root = m.file.ancestors().nth(parts.len() - i + init)?;
        file.starts_with(root).then(|| (i, parts[i..].join(".")))
    });
    for (i, dotted) in rooted {
        // Its package: the module's own for an `__init__.py`.
        let package = parts[i..parts.len() - 1 + init].join(".");
        let reaches = |imported: &String| {
            *imported == dotted
                || (m.standalone
                    && !package.is_empty()
                    && (*imported == package || imported.starts_with(&format!("{package}."))))
        };
        if imports.absolute.iter().any(reaches) {
            return Some((distance(&m.file, file), dotted));
        }
    }
    None
}

/// `.helpers` or `..` (a package's `__init__.py`), when the standalone module lies in a package
/// the file already imports from relatively (its own, or one its dots reach).
fn relative_spelling(m: &KeeperModule, file: &Path, imports: &Imports) -> Option<(usize, String)> {
    if !m.standalone || imports.level == 0 {
        return None;
    }
    let folder = m.file.parent()?;
    let home = file.parent()?;
    let up = (0..imports.level).find(|&j| home.ancestors().nth(j) == Some(folder))?;
    let dots = ".".repeat(up + 1);
    let spelled = match m.file.ends_with("__init__.py") {
        true => dots,
        false => format!("{dots}{}", m.parts.last()?),
    };
    Some((distance(&m.file, file), spelled))
}

/// The folders between two files: up from one to the folder they share, and down to the other.
fn distance(a: &Path, b: &Path) -> usize {
    let (a, b) = (a.parent().unwrap_or(a), b.parent().unwrap_or(b));
    let shared = a
        .components()
        .zip(b.components())
        .take_while(|(x, y)| x == y);
    let shared = shared.count();
    a.components().count() + b.components().count() - 2 * shared
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::project::keepers::{KeeperDef, Keywords};
    use crate::scan::syntax::new_parser;

    #[test]
    fn a_module_of_standard_library_imports_is_standalone() {
        let helpers = "import asyncio\nimport concurrent.futures\nfrom typing import (\n    Any,\n)\n\
                       import os, sys\n\ndef f():\n    import json\n";
        assert!(standalone(helpers.as_bytes()));
        assert!(standalone(b"from __future__ import annotations\nx = 1\n"));
        for other in [
            "from . import const\n",
            "from .const import X\n",
            "import asyncio, pkg.const\n",
            "try:\n    import ujson as json\nexcept ImportError:\n    import json\n",
            "def f():\n    from pkg import late\n",
        ] {
            assert!(!standalone(other.as_bytes()), "{other}");
        }
    }

    fn keeper_module(path: &str, standalone: bool) -> KeeperModule {
        let keeper = KeeperDef {
            function: "run_bg".to_owned(),
            class: None,
            returns: false,
            keywords: Keywords::Any,
        };
        KeeperModule::new(PathBuf::from(path), vec![keeper], standalone)
    }

    fn spelled(modules: &[KeeperModule], importer: &str, code: &str) -> Vec<String> {
        let tree = new_parser().parse(code, None).unwrap();
        let root = tree.root_node();
        let mut cursor = root.walk();
        let imports: Vec<Node> = root.named_children(&mut cursor).collect();
        let found = importable(modules, Some(Path::new(importer)), &imports, code);
        (found.into_iter())
            .filter_map(|k| k.import)
            .map(|i| format!("from {} import {}", i.module, i.name))
            .collect()
    }

    #[test]
    fn a_standalone_keeper_is_imported_from_its_package() {
        let modules = [keeper_module("/p/core/async_helpers.py", true)];
        let from_core = "from core.context import Context\n";
        let want = ["from core.async_helpers import run_bg"];
        assert_eq!(spelled(&modules, "/p/app/client.py", from_core), want);
        assert_eq!(spelled(&modules, "/p/core/ui/views.py", from_core), want);
        // Nothing says the file can import `core`: it imports nothing of it.
        assert!(spelled(&modules, "/p/app/client.py", "import os\n").is_empty());
        // Another checkout's `core` is not the one the file imports.
        assert!(spelled(&modules, "/q/app/client.py", from_core).is_empty());
        // Relatively, from a package that holds it.
        let relative = "from .context import Context\n";
        assert_eq!(
            spelled(&modules, "/p/core/views.py", relative),
            ["from .async_helpers import run_bg"]
        );
        assert_eq!(
            spelled(&modules, "/p/core/ui/views.py", "from ..context import C\n"),
            ["from ..async_helpers import run_bg"]
        );
        assert!(spelled(&modules, "/p/core/ui/views.py", relative).is_empty());
        // Test code is left to keep its tasks its own way.
        assert!(spelled(&modules, "/p/app/test_client.py", from_core).is_empty());
    }

    #[test]
    fn a_keeper_module_of_the_project_is_imported_only_where_it_already_is() {
        let modules = [keeper_module("/p/core/util.py", false)];
        assert_eq!(
            spelled(&modules, "/p/app/a.py", "from core.util import other\n"),
            ["from core.util import run_bg"]
        );
        assert!(spelled(&modules, "/p/app/a.py", "from core.context import C\n").is_empty());
        assert!(spelled(&modules, "/p/core/a.py", "from .context import C\n").is_empty());
    }

    #[test]
    fn the_closest_keeper_is_imported_and_two_as_close_are_none() {
        let near = keeper_module("/p/core/ui/spawn.py", true);
        let far = keeper_module("/p/core/async_helpers.py", true);
        let code = "from core.context import C\nfrom core.ui.base import B\n";
        let modules = [far.clone(), near.clone()];
        assert_eq!(
            spelled(&modules, "/p/core/ui/views.py", code),
            ["from core.ui.spawn import run_bg"]
        );
        let twin = keeper_module("/p/core/ui/other.py", true);
        let modules = [near, twin, far];
        assert!(spelled(&modules, "/p/core/ui/views.py", code).is_empty());
    }
}
