//! `--strategy helper` in a package: one helper for the whole package, in a module of its own
//! (`_background.py` beside the top package's `__init__.py`) that imports only the standard
//! library, and imported where a site uses it. Maintainers write it once and import it (zigpy's
//! `zigpy.util`, HAP-python's `pyhap.util`, pySwitchbot's `switchbot.helpers`), not a copy in
//! every file. Code outside the package that imports it shares it too (see `outside_helper`):
//! its tests, where the module is there already or the fix of the package's own code writes it
//! (the run knows which, `app::worker::package_helper`: tests are fixed last), and its scripts
//! and examples, which import it only where it is there already. Else they keep their tasks
//! inline: a private module is not added to a published package only so that code outside it
//! imports it.

use std::path::{Path, PathBuf};

use crate::project::facts::ProjectFacts;
use crate::project::helper_home::member;
use crate::project::helper_home::module::shadows_library;
use crate::project::helper_home::module::{FUNCTION, HelperModule, MODULE_FILE};
use crate::project::helper_home::module::{helper_there, private_home, shared_home, up_from};
use crate::project::helper_home::outside::{Outside, outside_helper};
use crate::project::helper_home::run_as::run_by_path;
use crate::project::helper_home::unpackaged;
use crate::project::path_root::import_root;
use crate::project::path_root::layout::{self, TopPackage, imported_modules, top_package};
use crate::project::path_root::{namespace_span, portion, self_imported};
use crate::project::paths::is_test_file;
use crate::project::{file_key, flat_modules, import_style};
use crate::settings::{Settings, Strategy};

/// `--strategy helper`: the helper module of the package that holds `path` (as walked), or of
/// the package it imports when it is a test or a script outside the package, if there is one
/// and no `_background.py` of another kind is in its way (one that does not define the helper,
/// or imports more than the standard library). Unless the run `creates` files, only a module
/// that is there already. What it reads of the project's other files is kept in `facts`.
pub fn locate(
    path: &Path,
    settings: &Settings,
    creates: bool,
    facts: &ProjectFacts,
) -> Option<HelperModule> {
    if settings.strategy != Strategy::Helper {
        return None;
    }
    let key = file_key(path);
    let root = settings.source.as_deref().and_then(Path::parent);
    if is_test_file(&key, root) {
        // Test code imports the package it tests, private modules included: its helper too,
        // in a project whose folder is known (its settings'), the package inside it.
        let root = file_key(root?);
        return outside_helper(path, &key, Outside::Test(&root), creates, facts);
    }
    // The file's own imports name its package (see `layout`); unread, it names none.
    let bytes = std::fs::read(&key).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    let (modules, climb) = (imported_modules(&text), layout::relative_climb(&text));
    let (roots, project) = (import_roots(settings, root), root.map(file_key));
    let namespace = namespace_keys(settings);
    if let Some(flat) = flat_helper(path, &key, facts) {
        return Some(flat);
    }
    let found = home_package(
        &key,
        (&modules, climb),
        &roots,
        project.as_deref(),
        &namespace,
        facts,
    );
    let spans = found.as_ref().is_some_and(|(_, spans)| *spans);
    let Some(top) = found.map(|(top, _)| top) else {
        let outside = || outside_helper(path, &key, Outside::Script, creates, facts);
        let (file, spots) = (
            (path, key.as_path(), text.as_ref()),
            (project.as_deref(), &namespace[..], &roots[..]),
        );
        return unpackaged::helper(file, &modules, spots, facts, creates, outside);
    };
    if shadows_library(&top, project.as_deref(), facts) {
        return None;
    }
    // A distribution inside the package (a workspace member): its helper stays in it.
    if let Some(member) = member::helper(path, &key, &top, (&modules, climb), creates) {
        return member;
    }
    let depth = layout::depth(&key, &top.folder);
    if let Some(rooted) = import_root::named_package(path, &top, depth, &namespace, facts, creates)
    {
        return rooted;
    }
    // A module that imports its own package absolutely runs only where the package is
    // importable: there the helper's absolute import resolves as surely.
    let script = run_by_path(&key, &text)
        && !(modules.iter()).any(|m| m.split('.').next() == Some(top.name.as_str()));
    let absolute = spelled_absolutely(&key, &top, (&modules, climb), spans);
    if let Some(home) = shared_home(&top, facts).filter(|h| private_home(&h.folder).is_none()) {
        // Up to the folder the top package's dotted name resolves from (`backend.app`: two).
        let levels = depth + 1 + top.name.matches('.').count();
        return shared_module(path, levels, home, script, creates);
    }
    let Some(home) = private_home(&top.folder) else {
        return Some(HelperModule {
            path: up_from(path, depth).join(MODULE_FILE),
            package: top.name,
            depth,
            exists: helper_there(&top.folder, creates)?,
            outside: false,
            absolute,
            script,
            unnamed: false,
            flat: false,
            own: false,
        });
    };
    // In the private subpackage: a module there reaches the helper as its sibling; a public
    // one, which re-exports the private code, imports it absolutely.
    let folder = top.folder.join(&home);
    let inside = key.starts_with(&folder);
    Some(HelperModule {
        path: up_from(path, depth).join(&home).join(MODULE_FILE),
        package: format!("{}.{home}", top.name),
        depth: match inside {
            true => layout::depth(&key, &folder),
            false => 0,
        },
        exists: helper_there(&folder, creates)?,
        outside: false,
        absolute: !inside,
        script,
        unnamed: false,
        flat: false,
        own: false,
    })
}

/// Whether the module at `key` imports the helper of its top package `top` absolutely: it names
/// neither its package nor a sibling, and its neighbours import the package absolutely; it
/// imports through the project's own namespace folder; or it was reached across a namespace
/// folder that its package's modules import through (`spans`).
fn spelled_absolutely(
    key: &Path,
    top: &TopPackage,
    (modules, climb): (&[String], usize),
    spans: bool,
) -> bool {
    let names_none =
        climb == 0 && !(modules.iter()).any(|m| m.split('.').next() == Some(&top.name));
    (names_none && import_style::nearest_style(key, &top.folder, &top.name) == Some(true))
        || (climb == 0 && layout::through_own_namespace(top, modules))
        || spans
}

/// The package whose helper the module at `key` imports, its top package as `layout` finds it
/// read again: the namespace portion around it that its modules prove a package (see
/// `path_root::portion`), the regular package above the namespace folder over it that its modules
/// import through (see `namespace_span`; `true`: the helper is imported absolutely), or the
/// package below it that the project imports as top-level (see `self_imported`).
fn home_package(
    key: &Path,
    (modules, climb): (&[String], usize),
    roots: &[PathBuf],
    project: Option<&Path>,
    namespace: &[PathBuf],
    facts: &ProjectFacts,
) -> Option<(TopPackage, bool)> {
    let top = top_package(key, modules, climb, roots, project, namespace, facts);
    let portion = portion::portion_top(key, top.as_ref(), roots, project, namespace, facts);
    let outer = |top: &TopPackage| namespace_span::outer_package(top, project, namespace, facts);
    match (portion, top) {
        (Some(portion), _) => Some((portion, false)),
        (None, Some(top)) => match outer(&top) {
            Some(outer) => Some((outer, true)),
            None => Some((
                self_imported::retop(key, top, climb, modules, project, facts),
                false,
            )),
        },
        // The project's own folder, a package without a name (see `layout::unnamed_top`).
        (None, None) => {
            let folder = layout::unnamed_top(key, namespace)?;
            let unnamed = TopPackage {
                folder: folder.clone(),
                name: String::new(),
            };
            let top = self_imported::retop(key, unnamed, climb, modules, project, facts);
            (top.folder != folder).then_some((top, false))
        }
    }
}

/// The helper of the flat distribution the top-level module at `key` is listed in (see
/// `flat_modules`): the home module's, or the file's own where it is the home. Where the home
/// does not define it yet, whether it will when the run ends is the caller's to ask.
fn flat_helper(path: &Path, key: &Path, facts: &ProjectFacts) -> Option<HelperModule> {
    let home = flat_modules::home(key, facts)?;
    let own = key.file_stem().is_some_and(|stem| stem == home.as_str());
    let home_path = path.with_file_name(format!("{home}.py"));
    let text = std::fs::read(key.with_file_name(format!("{home}.py"))).unwrap_or_default();
    let exists = flat_modules::defines_helper(&String::from_utf8_lossy(&text), FUNCTION);
    Some(HelperModule {
        flat: true,
        own,
        ..HelperModule::absolute(home_path, home, exists)
    })
}

/// The helper module of `home`, the package beside the file's top package that it shares,
/// imported absolutely (`from bot._background import keep_task`); `levels` up from the file is
/// the folder both packages' names resolve from.
fn shared_module(
    path: &Path,
    levels: usize,
    home: TopPackage,
    script: bool,
    creates: bool,
) -> Option<HelperModule> {
    let folder = home.name.replace('.', "/");
    let exists = helper_there(&home.folder, creates)?;
    let module = up_from(path, levels).join(folder).join(MODULE_FILE);
    Some(HelperModule {
        script,
        ..HelperModule::absolute(module, home.name, exists)
    })
}

/// ruff's `namespace-packages`, as keys.
fn namespace_keys(settings: &Settings) -> Vec<PathBuf> {
    (settings.namespace_packages.iter())
        .map(|n| file_key(n))
        .collect()
}

/// The folders a package's dotted name starts from: ruff's `src`, else the project's folder
/// and its `src/` (ruff's default), as keys.
fn import_roots(settings: &Settings, project: Option<&Path>) -> Vec<PathBuf> {
    let roots = match (&settings.import_roots[..], project) {
        ([], Some(project)) => vec![project.to_owned(), project.join("src")],
        (roots, _) => roots.to_vec(),
    };
    roots.iter().map(|r| file_key(r)).collect()
}

#[cfg(test)]
mod package_tests {
    use super::*;
    use std::fs;

    #[test]
    fn the_module_is_beside_the_top_packages_init() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("pkg/sub")).unwrap();
        fs::create_dir_all(root.join("scripts")).unwrap();
        fs::write(root.join("pkg/__init__.py"), "").unwrap();
        fs::write(root.join("pkg/sub/__init__.py"), "").unwrap();
        let settings = Settings {
            strategy: Strategy::Helper,
            source: Some(root.join("pyproject.toml")),
            ..Settings::default()
        };
        let locate =
            |file: &str| locate(&root.join(file), &settings, true, &ProjectFacts::default());
        let deep = locate("pkg/sub/b.py").unwrap();
        assert_eq!(deep.path, root.join("pkg/_background.py"));
        assert_eq!(deep.spelling(true), ".._background");
        assert_eq!(deep.spelling(false), "pkg._background");
        assert!(!deep.exists);
        let near = locate("pkg/a.py").unwrap();
        assert_eq!(near.spelling(true), "._background");
        assert!(locate("scripts/run.py").is_none());
        assert!(locate("pkg/test_a.py").is_none());

        fs::write(
            root.join("pkg/_background.py"),
            "import asyncio\n\n\ndef keep_task(task):\n    return task\n",
        )
        .unwrap();
        assert!(locate("pkg/a.py").unwrap().exists);
        // The project's own `_background.py`, of something else: not ours to extend.
        fs::write(root.join("pkg/_background.py"), "from . import jobs\n").unwrap();
        assert!(locate("pkg/a.py").is_none());
    }

    #[test]
    fn a_script_imports_the_helper_of_a_package_it_imports() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for folder in ["pkg", "tools/deep/er/est", "lib/inner"] {
            fs::create_dir_all(root.join(folder)).unwrap();
        }
        for init in ["pkg", "lib", "lib/inner"] {
            fs::write(root.join(init).join("__init__.py"), "").unwrap();
        }
        let settings = Settings {
            strategy: Strategy::Helper,
            ..Settings::default()
        };
        let script = |file: &str, code: &str| {
            fs::write(root.join(file), code).unwrap();
            locate(&root.join(file), &settings, true, &ProjectFacts::default())
        };
        let beside = script(
            "run.py",
            "import os
from pkg.work import w
",
        )
        .unwrap();
        assert_eq!(beside.path, root.join("pkg/_background.py"));
        assert_eq!(beside.spelling(false), "pkg._background");
        // The package has no helper yet: the script keeps its tasks inline.
        assert!(beside.keeps_inline());
        let above = script(
            "tools/run.py",
            "import sys
import pkg.work as w
",
        )
        .unwrap();
        assert_eq!(above.path, root.join("pkg/_background.py"));
        // Too far up, no package imported, or only a subpackage's name.
        assert!(
            script(
                "tools/deep/er/est/run.py",
                "from pkg import w
"
            )
            .is_none()
        );
        assert!(
            script(
                "tools/run.py",
                "import os
"
            )
            .is_none()
        );
        assert!(
            script(
                "run.py",
                "from inner import x
"
            )
            .is_none()
        );
        fs::write(
            root.join("pkg/_background.py"),
            "def keep_task(task):\n    return task\n",
        )
        .unwrap();
        assert!(
            !script("run.py", "from pkg import w\n")
                .unwrap()
                .keeps_inline()
        );
    }

    #[test]
    fn a_test_imports_the_helper_of_the_package_it_tests() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for folder in ["src/pkg", "test/io_tests", "tests"] {
            fs::create_dir_all(root.join(folder)).unwrap();
        }
        for init in ["src/pkg", "test", "tests"] {
            fs::write(root.join(init).join("__init__.py"), "").unwrap();
        }
        let settings = Settings {
            strategy: Strategy::Helper,
            source: Some(root.join("pyproject.toml")),
            ..Settings::default()
        };
        let file = |file: &str, code: &str| {
            fs::write(root.join(file), code).unwrap();
            locate(&root.join(file), &settings, true, &ProjectFacts::default())
        };
        // Two folders down, in a test package, the package under `src/`: imported absolutely,
        // found as a module that may be written (the run decides whether the test imports it).
        let deep = file(
            "test/io_tests/tunnel_test.py",
            "from . import x\nfrom pkg import t\n",
        );
        let deep = deep.unwrap();
        assert_eq!(deep.path, root.join("src/pkg/_background.py"));
        assert!(deep.absolute && !deep.keeps_inline());
        // Not a package of the project: none. The test's own package is not the one it tests.
        assert!(file("tests/test_a.py", "import pytest\n").is_none());
        let own_first = file(
            "tests/test_b.py",
            "from tests import h\nfrom pkg import t\n",
        );
        assert_eq!(own_first.unwrap().package, "pkg");
        // A test inside the package it tests (`src/pkg/tests/`).
        fs::create_dir_all(root.join("src/pkg/tests")).unwrap();
        fs::write(root.join("src/pkg/tests/__init__.py"), "").unwrap();
        let inside = file(
            "src/pkg/tests/test_c.py",
            "from pkg.tests import h\nimport pkg\n",
        );
        assert_eq!(inside.unwrap().path, root.join("src/pkg/_background.py"));
        // A project whose folder is unknown (no settings): its tests keep their own helper.
        let unknown = Settings {
            source: None,
            ..settings.clone()
        };
        assert!(
            locate(
                &root.join("tests/test_b.py"),
                &unknown,
                true,
                &ProjectFacts::default()
            )
            .is_none()
        );
        // A script beside `src/` finds it there too, and keeps its tasks inline while it has none.
        assert!(file("run.py", "import pkg\n").unwrap().keeps_inline());
    }
}
