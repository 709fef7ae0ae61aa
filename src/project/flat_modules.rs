//! `--strategy helper` in a flat distribution: top-level modules side by side, listed in
//! `py_modules` (dbussy's `setup.py`: `py_modules = ["dbussy", "ravel"]`). No package holds a
//! `_background.py` there, and one beside them would not be installed; each module wrote a
//! private `_keep_task` of its own. Its maintainers wrote one keeper in `dbussy.py`, the module
//! `ravel.py` imports. So does the fix: the home is the listed module that imports none of the
//! others and that another listed module imports; it defines the helper under its public name
//! (`keep_task`), and a listed module that imports the home imports the helper from it, where
//! the home defines it when the run ends (the caller asks).
//!
//! `py_modules` is read from `setup.py` (the list literal its keyword is given), `setup.cfg`
//! (`[options] py_modules`) and `pyproject.toml` (`[tool.setuptools] py-modules`); each folder
//! once per run (see `facts`).

use std::path::Path;

use super::facts::{Flat, ProjectFacts};
use super::path_root::layout::{imported_modules, is_identifier};

/// The home module of the flat distribution the top-level module at `key` is listed in, as a
/// module name (`dbussy`), where the file is the home or imports it.
pub fn home(key: &Path, facts: &ProjectFacts) -> Option<String> {
    let folder = key.parent()?;
    let name = key.file_stem()?.to_str()?;
    if key.extension().is_none_or(|e| e != "py") {
        return None;
    }
    let flat = facts.flat.get_or(folder, || read(folder))?;
    (flat.home == name || flat.importers.iter().any(|i| i == name)).then_some(flat.home)
}

/// Whether `text` defines the helper `function` at its top level: `def keep_task(task...)` that
/// adds the task to a set and discards it when done (not another function of that name).
pub fn defines_helper(text: &str, function: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    lines.iter().enumerate().any(|(at, line)| {
        let body = || lines.iter().skip(at + 1).take(8);
        line.starts_with(&format!("def {function}(task"))
            && body().any(|l| l.contains(".add(task)"))
            && body().any(|l| l.contains("add_done_callback("))
    })
}

/// The flat distribution in `folder`, where its listed modules have one home.
fn read(folder: &Path) -> Option<Flat> {
    let listed: Vec<String> = py_modules(folder)
        .into_iter()
        .filter(|m| is_identifier(m) && folder.join(format!("{m}.py")).is_file())
        .collect();
    if listed.len() < 2 {
        return None;
    }
    // Each listed module: the other listed modules it imports, and whether it makes tasks.
    let modules: Vec<(&String, Vec<&String>, bool)> = (listed.iter())
        .map(|m| {
            let text = std::fs::read(folder.join(format!("{m}.py"))).unwrap_or_default();
            let text = String::from_utf8_lossy(&text);
            let imported = imported_modules(&text);
            let imports = (listed.iter())
                .filter(|other| *other != m)
                .filter(|other| (imported.iter()).any(|i| i.split('.').next() == Some(other)))
                .collect();
            let makes = text.contains("create_task(") || text.contains("ensure_future(");
            (m, imports, makes)
        })
        .collect();
    let mut sinks = modules.iter().filter(|(_, imports, _)| imports.is_empty());
    let (home, _, makes) = sinks.next()?;
    // Two modules that import none of the others: no one home.
    if sinks.next().is_some() || !makes {
        return None;
    }
    let importers: Vec<String> = (modules.iter())
        .filter(|(_, imports, _)| imports.contains(home))
        .map(|(m, _, _)| (*m).clone())
        .collect();
    (!importers.is_empty()).then(|| Flat {
        home: (*home).clone(),
        importers,
    })
}

/// The modules the distribution in `folder` lists, from the first of its files that lists any.
fn py_modules(folder: &Path) -> Vec<String> {
    let read = |file: &str| std::fs::read_to_string(folder.join(file)).unwrap_or_default();
    let from_setup = setup_py(&read("setup.py"));
    if !from_setup.is_empty() {
        return from_setup;
    }
    let from_cfg = setup_cfg(&read("setup.cfg"));
    if !from_cfg.is_empty() {
        return from_cfg;
    }
    pyproject(&read("pyproject.toml"))
}

/// `py_modules = ["a", "b"]` in a `setup.py`, its comments left out: the string literals of the
/// list the keyword is given (none where it is given anything else, a name or a call).
fn setup_py(text: &str) -> Vec<String> {
    let code: String = (text.lines())
        .filter(|line| !line.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    let Some((_, after)) = code.split_once("py_modules") else {
        return Vec::new();
    };
    let Some(list) = after.trim_start().strip_prefix('=') else {
        return Vec::new();
    };
    let Some(list) = list.trim_start().strip_prefix('[') else {
        return Vec::new();
    };
    let Some((list, _)) = list.split_once(']') else {
        return Vec::new();
    };
    (list.split(','))
        .map(|item| item.trim().trim_matches(['"', '\'']).to_owned())
        .filter(|item| !item.is_empty())
        .collect()
}

/// `[options]`'s `py_modules` in a `setup.cfg`: comma- or line-separated names.
fn setup_cfg(text: &str) -> Vec<String> {
    let mut section = "";
    let mut found: Vec<String> = Vec::new();
    let mut in_value = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            section = trimmed;
            in_value = false;
            continue;
        }
        let continued = in_value && line.starts_with([' ', '\t']) && !trimmed.is_empty();
        let value = match trimmed.split_once('=') {
            _ if continued => trimmed,
            Some((key, value)) if section == "[options]" && key.trim() == "py_modules" => {
                in_value = true;
                value
            }
            _ => {
                in_value = false;
                continue;
            }
        };
        let names = value
            .split([',', ' '])
            .map(str::trim)
            .filter(|n| !n.is_empty());
        found.extend(names.map(str::to_owned));
    }
    found
}

/// `[tool.setuptools] py-modules` in a `pyproject.toml`.
fn pyproject(text: &str) -> Vec<String> {
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let modules = (table.get("tool"))
        .and_then(|t| t.get("setuptools"))
        .and_then(|t| t.get("py-modules"))
        .and_then(|m| m.as_array());
    (modules.into_iter().flatten())
        .filter_map(|m| m.as_str().map(str::to_owned))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn the_listed_modules_read_from_each_file() {
        let setup =
            "# py_modules=['commented'],\nsetup(\n    py_modules = [\"dbussy\", 'ravel'],\n)\n";
        assert_eq!(setup_py(setup), ["dbussy", "ravel"]);
        assert!(setup_py("setup(py_modules=MODULES)\n").is_empty());
        assert!(setup_py("# py_modules=['mypackage'],\n").is_empty());
        let cfg = "[metadata]\npy_modules = no\n[options]\npy_modules =\n    a\n    b\nzip_safe = False\n";
        assert_eq!(setup_cfg(cfg), ["a", "b"]);
        assert_eq!(setup_cfg("[options]\npy_modules = a, b\n"), ["a", "b"]);
        let toml = "[tool.setuptools]\npy-modules = [\"a\", \"b\"]\n";
        assert_eq!(pyproject(toml), ["a", "b"]);
    }

    #[test]
    fn the_home_is_the_listed_module_the_others_import() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let facts = ProjectFacts::default();
        let write = |file: &str, code: &str| fs::write(root.join(file), code).unwrap();
        write("setup.py", "setup(py_modules=['core', 'high', 'other'])\n");
        write(
            "core.py",
            "import asyncio\ndef f():\n    asyncio.create_task(w())\n",
        );
        write("high.py", "import core as c\nfrom core import \\\n    X\n");
        write("other.py", "import high\n");
        write("script.py", "import core\n");
        assert_eq!(home(&root.join("core.py"), &facts).as_deref(), Some("core"));
        assert_eq!(home(&root.join("high.py"), &facts).as_deref(), Some("core"));
        // It imports the home only through `high`: its own helper.
        assert_eq!(home(&root.join("other.py"), &facts), None);
        // Not listed: no home.
        assert_eq!(home(&root.join("script.py"), &facts), None);
        // A second module that imports none of the others: no one home.
        let again = tempfile::tempdir().unwrap();
        for file in ["setup.py", "core.py", "high.py"] {
            fs::copy(root.join(file), again.path().join(file)).unwrap();
        }
        fs::write(again.path().join("other.py"), "import asyncio\n").unwrap();
        assert_eq!(home(&again.path().join("core.py"), &facts), None);
        assert_eq!(home(&again.path().join("high.py"), &facts), None);
    }

    #[test]
    fn only_the_helper_itself_is_the_helper() {
        let helper = "def keep_task(task: T) -> T:\n    \"\"\"Keep.\"\"\"\n    _background_tasks.add(task)\n    task.add_done_callback(_background_tasks.discard)\n    return task\n";
        assert!(defines_helper(helper, "keep_task"));
        assert!(!defines_helper(
            "def keep_task(coro):\n    return spawn(coro)\n",
            "keep_task"
        ));
    }
}
