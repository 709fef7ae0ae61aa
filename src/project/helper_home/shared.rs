//! One helper for an application of several top packages side by side (issue 36's eleventh
//! exam, class 4: music-bot's `bot/` and `webapp/`, whose `webapp/api.py` imports `from
//! bot.config import settings` and more of `bot` at its top). Each package got its own
//! `_background.py`, the same module twice; one in `bot/`, the package the other already
//! imports, serves both.
//!
//! The packages a top package imports at column 0 among its siblings (folders with an
//! `__init__.py` beside it), and theirs in turn, are read; the home is the one of them that
//! makes tasks and imports none of the others that do, where exactly one does (`webapp` → `bot`;
//! `recommender` → `bot`; `bot` imports no sibling: its own). A package that makes no task (a
//! generated or vendored one, modal's `modal_proto`) is no home, nor a rival to one that does
//! (vajra-stream's settings package `config`, beside its `core`). A circle, or two packages
//! that make tasks and each import nothing of the rest, and every package keeps its own
//! helper; so does one that has its `_background.py` already. Each package reads at most
//! [`MAX_FILES`] modules, once per run (see `facts`).
//!
//! A package that imports its siblings only in its functions (tomcounsell/ai's `worker/`, whose
//! `main()` and callbacks import `agent.session_state` and more of `agent`, issue 36's
//! seventeenth exam) runs only where they are importable too: those imports count as well,
//! except one in a `try:` block (an optional import) or under `if TYPE_CHECKING:`. The home
//! found so is used only where the packages it is imported from reach it at import time
//! already, or its `__init__.py` imports nothing but the standard library: the new import at
//! the top of a module then runs none of the project's code earlier than before, and the
//! helper module imports only the standard library, so no import cycle can follow. Where the
//! imports in functions make a circle, or the home's `__init__.py` imports more, the packages
//! keep what their top-level imports alone give.
//!
//! Where the packages reached have no such home (`agent` imports `config` and `models`, which
//! make no task), the one sibling a package imports itself among those that make tasks is its
//! home, under the same import-time condition, where that one keeps its own helper and
//! nothing it reaches leads back: `worker` → `agent`.
//!
//! A package of a namespace folder (vajra-stream's `backend/app/`, `backend/` without an
//! `__init__.py`) is a sibling of the top packages where its dotted name resolves (the root,
//! beside `core/`), keyed `backend/app`: `backend.app` imports `core`, so `core` is its home.

use std::path::{Path, PathBuf};

use tree_sitter::Node;

use crate::project::facts::{Package, ProjectFacts};
use crate::project::path_root::layout::{TopPackage, imported_modules, is_identifier};
use crate::scan::stdlib::is_stdlib;
use crate::scan::syntax::{new_parser, walk};

/// The most modules of one package read.
pub(crate) const MAX_FILES: usize = 400;
/// The most packages followed from one.
const MAX_PACKAGES: usize = 8;

/// The sibling top package whose helper `top` shares, where it is another one (the caller
/// keeps a package's own helper module where it has one).
pub fn shared_home(top: &TopPackage, facts: &ProjectFacts) -> Option<TopPackage> {
    // A package of a namespace folder (vajra-stream's `backend.app`: `backend/` has no
    // `__init__.py`) sits beside the top packages of the folder its dotted name resolves from,
    // under the key `backend/app`.
    let dots = top.name.matches('.').count();
    let parent = top.folder.ancestors().nth(dots + 1)?;
    let home = shared_name(parent, &top.name.replace('.', "/"), 0, facts)?;
    Some(TopPackage {
        folder: parent.join(&home),
        name: home.replace('/', "."),
    })
}

/// The sibling of `name` in `parent` that the dotted module `imported` lies in: a top package
/// (`core` for `core.context`), or a package of a namespace folder (`backend/app` for
/// `backend.app.api`); `None` for `name` itself and anything else.
fn sibling_of(parent: &Path, name: &str, imported: &str) -> Option<String> {
    let mut parts = imported.split('.');
    let first = parts.next().filter(|f| is_identifier(f))?;
    let key = match parent.join(first).join("__init__.py").is_file() {
        true => first.to_owned(),
        false => {
            let second = parts.next().filter(|s| is_identifier(s))?;
            let namespace = parent.join(first);
            let package = namespace.join(second).join("__init__.py").is_file();
            (package && namespace.is_dir()).then(|| format!("{first}/{second}"))?
        }
    };
    (key != name).then_some(key)
}

/// [`shared_home`] by name, `depth` packages along a chain of [`direct_home`]s.
fn shared_name(parent: &Path, name: &str, depth: usize, facts: &ProjectFacts) -> Option<String> {
    sink_home(parent, name, facts).or_else(|| direct_home(parent, name, depth, facts))
}

/// The home where the packages `name` reaches have exactly one that imports none of the others.
fn sink_home(parent: &Path, name: &str, facts: &ProjectFacts) -> Option<String> {
    let eager = reached(parent, name, false, facts);
    // A home that imports in functions reach: one that `name`'s import reaches already, or one
    // whose import runs nothing of the project.
    let lazy =
        reached(parent, name, true, facts).and_then(|all| home_of(parent, name, &all, true, facts));
    match lazy {
        Some(home) if eager.as_ref().is_some_and(|e| e.contains(&home)) => Some(home),
        Some(home) if package(parent, &home, facts).inert => Some(home),
        _ => home_of(parent, name, &eager?, false, facts),
    }
}

/// The one sibling that `name` itself imports (at its top or in its functions) among those
/// that make tasks, where none of the packages it reaches leads back to `name`, it shares no
/// other's helper itself, and `name`'s import reaches it already or its import runs nothing of
/// the project (tomcounsell/ai: `worker` imports `agent`, which imports `config` and `models`,
/// which make no task).
fn direct_home(parent: &Path, name: &str, depth: usize, facts: &ProjectFacts) -> Option<String> {
    let found = package(parent, name, facts);
    let mut makers = (found.imports.iter().chain(&found.lazy))
        .filter(|imported| !imported.contains('/'))
        .filter(|imported| package(parent, imported, facts).makes_tasks);
    let home = makers.next()?;
    if makers.next().is_some() || depth >= MAX_PACKAGES {
        return None;
    }
    let back = reached(parent, home, true, facts).is_none_or(|r| r.iter().any(|n| n == name));
    let eager = reached(parent, name, false, facts).is_some_and(|e| e.contains(home));
    if back || !(eager || package(parent, home, facts).inert) {
        return None;
    }
    match shared_name(parent, home, depth + 1, facts) {
        None => Some(home.clone()),
        Some(_) => None,
    }
}

/// The packages `name`'s modules import among its siblings, and theirs in turn (at column 0, or
/// also in functions where `lazy`), `name` first; `None` where they are too many.
fn reached(parent: &Path, name: &str, lazy: bool, facts: &ProjectFacts) -> Option<Vec<String>> {
    let mut reached: Vec<String> = vec![name.to_owned()];
    let mut next = 0;
    while next < reached.len() && reached.len() <= MAX_PACKAGES {
        let found = package(parent, &reached[next], facts);
        let lazily = found.lazy.iter().filter(|_| lazy);
        for sibling in found.imports.iter().chain(lazily) {
            if !reached.contains(sibling) {
                reached.push(sibling.clone());
            }
        }
        next += 1;
    }
    (reached.len() <= MAX_PACKAGES).then_some(reached)
}

/// The one package of `reached` that makes tasks and imports none of the others that do,
/// where it is not `top`.
fn home_of(
    parent: &Path,
    top: &str,
    reached: &[String],
    lazy: bool,
    facts: &ProjectFacts,
) -> Option<String> {
    // A package that makes no task needs no helper of its own (modal's generated
    // `modal_proto`, googlechat's vendored client `maugclib`, vajra-stream's `config`): not
    // the home, and no rival to the one that does, whatever either imports of it.
    let makers: Vec<&String> = (reached.iter())
        .filter(|name| package(parent, name, facts).makes_tasks)
        .collect();
    // A package of a namespace folder is its own distribution (`corp.store`, `corp.web`): no
    // home for another.
    let mut sinks = (makers.iter())
        .filter(|name| !name.contains('/'))
        .filter(|name| {
            let found = package(parent, name, facts);
            let lazily = found.lazy.iter().filter(|_| lazy);
            (found.imports.iter().chain(lazily)).all(|imported| !makers.contains(&imported))
        });
    let home = *sinks.next()?;
    if sinks.next().is_some() || home == top {
        return None;
    }
    Some(home.clone())
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
    let sibling = |imported: &str| sibling_of(parent, name, imported);
    let mut texts = Vec::new();
    for module in package_modules(folder) {
        let text = std::fs::read_to_string(&module).unwrap_or_default();
        found.makes_tasks |= text.contains("create_task(") || text.contains("ensure_future(");
        for imported in imported_modules(&text) {
            let Some(first) = sibling(&imported) else {
                continue;
            };
            if !found.imports.contains(&first) {
                found.imports.push(first);
            }
        }
        texts.push(text);
    }
    for text in &texts {
        for first in lazy_imports(text, &sibling) {
            if !found.imports.contains(&first) && !found.lazy.contains(&first) {
                found.lazy.push(first);
            }
        }
    }
    found.imports.sort();
    found.lazy.sort();
    found.inert = inert(&folder.join("__init__.py"));
    found
}

/// The first names of the packages for which `sibling` holds that the module `text` imports in
/// a function, outside any `try:` block and `if TYPE_CHECKING:`: the function runs only where
/// they are importable. Only a module with an indented import of one is parsed.
fn lazy_imports(text: &str, sibling: &impl Fn(&str) -> Option<String>) -> Vec<String> {
    let indented: Vec<&str> = (text.lines())
        .filter(|line| line.starts_with([' ', '\t']))
        .map(str::trim_start)
        .collect();
    let named = |dotted: &String| sibling(dotted);
    if !imported_modules(&indented.join("\n"))
        .iter()
        .any(|m| named(m).is_some())
    {
        return Vec::new();
    }
    let Some(tree) = new_parser().parse(text, None) else {
        return Vec::new();
    };
    let mut found: Vec<String> = Vec::new();
    walk(tree.root_node(), |node| {
        let import = matches!(node.kind(), "import_statement" | "import_from_statement");
        if import && in_function_unguarded(node, text) {
            let spelled = text.get(node.byte_range()).unwrap_or_default();
            for first in imported_modules(spelled).iter().filter_map(named) {
                if !found.contains(&first) {
                    found.push(first);
                }
            }
        }
        !import
    });
    found
}

/// Whether `node` lies in a function, and in no `try:` statement (any of its clauses) nor an
/// `if` that tests `TYPE_CHECKING`.
fn in_function_unguarded(node: Node, text: &str) -> bool {
    let mut in_function = false;
    let mut around = node.parent();
    while let Some(block) = around {
        match block.kind() {
            "function_definition" => in_function = true,
            "try_statement" => return false,
            "if_statement" => {
                let test = block.child_by_field_name("condition");
                let spelled = test
                    .and_then(|t| text.get(t.byte_range()))
                    .unwrap_or_default();
                if spelled.contains("TYPE_CHECKING") {
                    return false;
                }
            }
            _ => {}
        }
        around = block.parent();
    }
    in_function
}

/// Whether the `__init__.py` at `path` imports nothing but the standard library, at any depth
/// (none of its imports relative): importing its package runs none of the project's code.
fn inert(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    let lines: Vec<&str> = text.lines().map(str::trim_start).collect();
    let relative = lines.iter().any(|line| line.starts_with("from ."));
    let joined = lines.join("\n");
    let modules = imported_modules(&joined);
    !relative
        && modules
            .iter()
            .all(|m| is_stdlib(m.split('.').next().unwrap_or_default()))
}

/// The package's modules, its subpackages' included, in path order, at most [`MAX_FILES`].
pub(crate) fn package_modules(folder: &Path) -> Vec<PathBuf> {
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
        // vajra-stream: a settings package that makes no task is no rival to the home, though
        // the home imports it and imports the package back in a function.
        write("conf/__init__.py", "");
        write("conf/s.py", "X = 1\n");
        write(
            "engine/run.py",
            "import conf.s\n\ndef go():\n    asyncio.create_task(w())\n    from mods import m\n",
        );
        write("engine/__init__.py", "");
        write("mods/__init__.py", "");
        write(
            "mods/m.py",
            "from engine.run import go\nimport conf.s\n\ndef f():\n    asyncio.create_task(w())\n",
        );
        assert_eq!(shared_home(&top("mods"), &facts), Some(top("engine")));
        assert_eq!(shared_home(&top("engine"), &facts), None);
    }

    #[test]
    fn imports_in_functions_name_the_home_whose_import_runs_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |file: &str, code: &str| write_file(root, file, code);
        let facts = ProjectFacts::default();
        let top = |name: &str| TopPackage {
            folder: root.join(name),
            name: name.to_owned(),
        };
        // tomcounsell/ai: `worker` imports `agent` only in its functions.
        write("agent/__init__.py", "");
        write("agent/run.py", "def go():\n    asyncio.create_task(w())\n");
        write("worker/__init__.py", "");
        write(
            "worker/__main__.py",
            "import asyncio\n\ndef main(\n    a,\n) -> None:\n    \"\"\"Doc.\n\nfrom x\"\"\"\n    from agent.run import go\n",
        );
        assert_eq!(shared_home(&top("worker"), &facts), Some(top("agent")));
        assert_eq!(shared_home(&top("agent"), &facts), None);
        // Optional (in a `try:`), or for the type checker only: no proof.
        write("opt/__init__.py", "");
        write(
            "opt/m.py",
            "def f():\n    try:\n        import agent.run\n    except ImportError:\n        pass\n",
        );
        write("typed/__init__.py", "");
        write(
            "typed/m.py",
            "def f():\n    if TYPE_CHECKING:\n        from agent import run\n",
        );
        assert_eq!(shared_home(&top("opt"), &facts), None);
        assert_eq!(shared_home(&top("typed"), &facts), None);
        // A home whose `__init__.py` imports the project's code: importing it at the top
        // would run that code earlier. Its own helper stays.
        write("core/__init__.py", "from .loop import run\n");
        write("core/loop.py", "def run():\n    asyncio.create_task(w())\n");
        write("cli/__init__.py", "");
        write("cli/m.py", "def main():\n    import core\n");
        assert_eq!(shared_home(&top("cli"), &facts), None);
        // One that its top-level imports reach already is the home as before.
        write("api/__init__.py", "");
        write(
            "api/m.py",
            "import core\n\ndef f():\n    import core.loop\n",
        );
        assert_eq!(shared_home(&top("api"), &facts), Some(top("core")));
        // A circle of imports in functions: each keeps what its top-level imports give.
        write("web/__init__.py", "");
        write("web/m.py", "from bot import x\n");
        write("bot/__init__.py", "");
        write(
            "bot/m.py",
            "def f():\n    asyncio.create_task(w())\n    from web import app\n",
        );
        assert_eq!(shared_home(&top("web"), &facts), Some(top("bot")));
        assert_eq!(shared_home(&top("bot"), &facts), None);
        // The home imports packages that make no task (tomcounsell/ai's `agent` imports
        // `config` and `models`): the one the package imports itself that makes tasks.
        write("cfg/__init__.py", "");
        write("cfg/s.py", "X = 1\n");
        write("svc/__init__.py", "");
        write(
            "svc/m.py",
            "import cfg.s\n\ndef f():\n    asyncio.create_task(w())\n",
        );
        write("job/__init__.py", "");
        write(
            "job/m.py",
            "def main():\n    import cfg.s\n    from svc import m\n",
        );
        assert_eq!(shared_home(&top("job"), &facts), Some(top("svc")));
        assert_eq!(shared_home(&top("svc"), &facts), None);
    }
}
