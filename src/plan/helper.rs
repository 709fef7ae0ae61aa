//! `helper`: one small module-level function next to the set keeps a task and returns it, so each
//! site becomes a one-line wrap of its call. `keep-with`: the project's own function, imported,
//! or a method of `self`; called with the task, or with the coroutine.

use tree_sitter::Node;

use super::header::{NewImport, Section};
use super::keeper::Keeper;
use super::mechanism;
use super::model::{ModulePlan, Planner};
use super::objects;
use super::spawn::{Keywords, spawnable};
use crate::detect::{Dropped, Shape};
use crate::scan::contracts::{FrameworkKeeper, Release, framework_keeper};
use crate::scan::syntax::{statements, text};
use crate::settings::{KeepWith as KeepWithSetting, Takes};

pub struct Helper;

impl Planner for Helper {
    fn keeper<'t>(&self, site: &Dropped<'t>, module: &mut ModulePlan<'_, '_, 't>) -> Keeper {
        // The package's one helper, imported; else, in a script whose package has none yet,
        // the asyncio documentation's keep inline; else the file's own.
        if let Some(function) = package::keeper(site, module) {
            return Keeper::Call {
                function,
                returns: true,
            };
        }
        let inline = module
            .package_helper
            .is_some_and(|h| h.module.keeps_inline());
        if inline && site.shape() != Shape::Lambda {
            return Keeper::Set(module.module_set());
        }
        Keeper::Call {
            function: module.helper(),
            returns: true,
        }
    }
}

/// `[tool.undangle] keep-with = "package.module:function"` (or `"self.method"`), taking the task
/// or the coroutine.
pub struct KeepWith {
    function: String,
    takes: Takes,
    /// A method of `self`: usable in the methods of a class that defines it.
    method: bool,
    /// A method of an object in scope at the site (`hass.async_create_task`).
    in_scope: bool,
    /// A framework's own keeper, called as its contract says (`framework.rs`).
    framework: Option<&'static FrameworkKeeper>,
    /// The import to add, unless the file defines or imports the function itself.
    import: Option<NewImport>,
    /// For the sites the keeper cannot take: the strategy's planner.
    fallback: Box<dyn Planner>,
}

impl KeepWith {
    /// The planner, or why the keeper cannot be used: a definition in this file whose body
    /// contradicts what `keep-with` says it takes.
    pub fn new(
        setting: &KeepWithSetting,
        module: &ModulePlan,
        fallback: Box<dyn Planner>,
    ) -> Result<Self, String> {
        let src = module.source.text;
        let function = &setting.function;
        let at = module.source.text.len();
        keeper_contract(module.root, src, setting)?;
        framework_contract(setting, module.settings.home_assistant)?;
        let definitions = definitions_of(module.root, src, function, setting.is_method());
        let defined_here = !setting.is_method() && !definitions.is_empty();
        let imported = setting.is_method()
            || setting.in_scope
            || module
                .header
                .binding(src, at, &setting.module, Some(function))
                .is_some_and(|b| matches!(b, super::header::Binding::Runtime(_)));
        let order = &module.settings.import_order;
        // The project's own code: isort's first-party section, unless its settings say else.
        let import = (!defined_here && !imported)
            .then(|| NewImport::from(&setting.module, &[function], Section::FirstParty, order))
            .and_then(|one| one.into_iter().next());
        Ok(KeepWith {
            function: function.clone(),
            takes: setting.takes,
            method: setting.is_method(),
            in_scope: setting.in_scope,
            framework: framework_keeper(function),
            import,
            fallback,
        })
    }

    /// How the keeper is called at this site: `spawn`, or `self._spawn` in a method of a class
    /// that defines `_spawn`; `None` where it cannot be.
    fn callee(&self, site: &Dropped, src: &str) -> Option<String> {
        if self.in_scope {
            let (object, method) = self.function.split_once('.')?;
            let spelled = super::framework::object_in_scope(site, src, object)?;
            return Some(format!("{spelled}.{method}"));
        }
        if !self.method {
            return Some(self.function.clone());
        }
        let (class, receiver) = mechanism::enclosing_method(site, src)?;
        // A method of an object the instance holds: bound in `__init__`, before the site.
        if let Some((attribute, _)) = self.function.split_once('.') {
            let bound = objects::bound_in_init(class, attribute, site, src);
            return bound.then(|| format!("{receiver}.{}", self.function));
        }
        let body = class.child_by_field_name("body")?;
        let defines = !definitions_of(body, src, &self.function, false).is_empty();
        defines.then(|| format!("{receiver}.{}", self.function))
    }
}

impl Planner for KeepWith {
    fn keeper<'t>(&self, site: &Dropped<'t>, module: &mut ModulePlan<'_, '_, 't>) -> Keeper {
        let src = module.source.text;
        let contract = (module.settings.home_assistant, module.quote);
        let keeper =
            self.callee(site, src)
                .and_then(|function| match (self.framework, self.takes) {
                    (Some(framework), _) => {
                        let (object, _) = function.rsplit_once('.')?;
                        super::framework::call(framework, object, site, src, contract)
                    }
                    (None, takes) => match takes {
                        // Its body may not be in this file: whether it returns the task is unknown.
                        Takes::Task => Some(Keeper::Call {
                            function,
                            returns: false,
                        }),
                        Takes::Coroutine => spawnable(site, src, &Keywords::None, false)
                            .then_some(Keeper::Spawn(function)),
                    },
                });
        match keeper {
            Some(keeper) => {
                if let Some(import) = &self.import
                    && !module.imports.contains(import)
                {
                    module.imports.push(import.clone());
                }
                keeper
            }
            // A lambda holds no statements: its call is wrapped in the helper.
            None if site.shape() == Shape::Lambda => Helper.keeper(site, module),
            None => self.fallback.keeper(site, module),
        }
    }
}

/// Whether the definitions of the `keep-with` keeper in this module (its methods' in its classes,
/// for `self.method`) agree with what it is declared to take; `Err` names it and says why not.
pub fn keeper_contract(root: Node, src: &str, setting: &KeepWithSetting) -> Result<(), String> {
    let definitions = definitions_of(root, src, &setting.function, setting.is_method());
    for def in definitions {
        super::keeper_contract::check_contract(def, src, setting.takes, setting.is_method())
            .map_err(|body| {
                format!(
                    "keep-with `{}` is declared to take a {}, but its definition at line {} {body}",
                    setting.spelling(),
                    match setting.takes {
                        Takes::Task => "task",
                        Takes::Coroutine => "coroutine",
                    },
                    def.start_position().row + 1,
                )
            })?;
    }
    Ok(())
}

/// Whether a `keep-with` keeper that is a framework's own (`hass.async_create_background_task`)
/// can be called as declared: with the coroutine where it takes no task, in a release the
/// project declares (`home_assistant`, the oldest it declares), and not one that keeps only a
/// task named uniquely. What else it needs (`hass` first, a task name) the fix passes. `Err`
/// says why not: a call as declared would raise `TypeError` or keep nothing.
pub fn framework_contract(
    setting: &KeepWithSetting,
    home_assistant: Option<Release>,
) -> Result<(), String> {
    let Some(keeper) = framework_keeper(&setting.function) else {
        return Ok(());
    };
    let named = format!(
        "keep-with `{}` is {}'s `{}`",
        setting.spelling(),
        keeper.framework,
        keeper.qualified
    );
    if keeper.keeps_only_named {
        return Err(format!(
            "{named}, which keeps a task only under a name of its own (a second task of that \
             name replaces the first)"
        ));
    }
    if setting.takes == Takes::Task && !keeper.takes_task {
        return Err(format!(
            "{named}, which takes a coroutine (declare `takes = \"coroutine\"`)"
        ));
    }
    match (keeper.since, home_assistant) {
        (Some(Release(year, month)), Some(declared)) if declared < Release(year, month) => {
            Err(format!(
                "{named}, which Home Assistant {year}.{month} added, but the project declares \
                 Home Assistant {}.{}",
                declared.0, declared.1
            ))
        }
        _ => Ok(()),
    }
}

/// The functions named `name` defined directly in `block` (a module or a class body).
fn definitions_of<'t>(block: Node<'t>, src: &str, name: &str, methods: bool) -> Vec<Node<'t>> {
    let direct = |block: Node<'t>| -> Vec<Node<'t>> {
        statements(block)
            .into_iter()
            .map(mechanism::definition)
            .filter(|d| d.kind() == "function_definition")
            .filter(|d| {
                d.child_by_field_name("name")
                    .is_some_and(|n| text(n, src) == name)
            })
            .collect()
    };
    if !methods {
        return direct(block);
    }
    statements(block)
        .into_iter()
        .map(mechanism::definition)
        .filter(|d| d.kind() == "class_definition")
        .filter_map(|c| c.child_by_field_name("body"))
        .flat_map(direct)
        .collect()
}

/// `--strategy helper` in a package (see [`crate::project::keeper_imports`]): the sites call the
/// package's one helper, imported from its module, which the fix writes when it is not there
/// yet: the same set and helper a file would declare, in a module of their own.
pub(super) mod package {
    use crate::detect::Dropped;
    use crate::plan::declare;
    use crate::plan::edit::{self, NewFile};
    use crate::plan::isort::{NewImport, Section};
    use crate::plan::keeper::LOG_NAME;
    use crate::plan::model::{ModulePlan, PackageHelper};
    use crate::project::helper_home::{FUNCTION, HelperModule};
    use crate::project::isort_src::is_source_folder;
    use crate::project::license_header::Header;
    use crate::scan::source::SourceFile;
    use crate::scan::syntax::{new_parser, statements, text};
    use crate::settings::Settings;

    /// The module's docstring, its first line.
    const DOCSTRING: &str = "\"\"\"Keep background tasks alive until they are done.\"\"\"\n";

    /// The package helper's name for this site, its import added once; `None` where the site
    /// keeps the file's own helper: at import time above the end of the header's imports (the
    /// new import would come after it), when the file already declares one, drains at shutdown
    /// (its drain names the file's set), or binds the helper's name to something else; or a
    /// script's, whose package has none yet.
    pub(crate) fn keeper(site: &Dropped, module: &mut ModulePlan) -> Option<String> {
        // The home of a flat distribution's helper writes its own (see `ModulePlan::helper`).
        let helper =
            (module.package_helper.map(|h| h.module)).filter(|h| !h.keeps_inline() && !h.own)?;
        if let Some(name) = &module.package_helper_used {
            return Some(name.clone());
        }
        // A site at import time after the header (an `if __name__ == "__main__":` block at the
        // end) runs once the header's imports, the new one among them, have run.
        let start = site.placement.top_level.start_byte();
        let header_end = module.header.end(module.source);
        let before_header = header_end.is_none_or(|end| end > start);
        if (site.placement.import_time && before_header)
            || module.helper.is_some()
            || module.settings.drain_on_shutdown
        {
            return None;
        }
        let src = module.source.text;
        // ruff's TID252 may ban the relative spelling: `from .._background` under "parents".
        let allowed = module.settings.relative_imports.allow(helper.depth + 1);
        // A package without a name (the project's folder) is reached relatively or not at all.
        if helper.unnamed && !helper.absolute && !allowed {
            return None;
        }
        // Relative only as deep as the file's own relative imports go (isort and ruff's TID252
        // read them so): deeper, absolutely where the file's imports prove the package's folder
        // is on `sys.path` (a five-dot `from ....._background` beside `from .title import t`).
        let deeper = (1..=helper.depth).contains(&relative_dots(module));
        let reaches = || {
            let modules = crate::project::path_root::imported_modules(src);
            crate::project::import_style::reaches_helper_absolutely(helper, &modules)
        };
        let relative = !helper.absolute
            && allowed
            && (helper.unnamed || spelled_relatively(module, &helper.package));
        let by_reach = relative && deeper && !helper.unnamed && !helper.flat && reaches();
        let relative = relative && !by_reach;
        // A `__main__` block may be run as a script (`python file.py`), where a new relative
        // import fails: only where the file imports relatively already.
        if site.placement.import_time && relative && !imports_relatively(module) {
            return None;
        }
        let spelling = helper.spelling(relative);
        let bound = module
            .header
            .binding(src, src.len(), &spelling, Some(FUNCTION));
        match bound {
            Some(crate::plan::header::Binding::Runtime(name)) => {
                module.package_helper_used = Some(name.clone());
                return Some(name);
            }
            Some(_) => return None,
            None if module.names.contains(FUNCTION) => return None,
            None => {}
        }
        let section = match relative {
            true => Section::Local,
            false if helper.unnamed || by_reach => beside_section(module, helper),
            false => Section::FirstParty,
        };
        let order = &module.settings.import_order;
        for new in NewImport::from(&spelling, &[FUNCTION], section, order) {
            if !module.imports.contains(&new) {
                module.imports.push(new);
            }
        }
        module.package_helper_used = Some(FUNCTION.to_owned());
        Some(FUNCTION.to_owned())
    }

    /// Whether the new import is relative: not where the file imports a module of its own
    /// package absolutely (`import pkg.util`, `from robotsix_chat.chat.conversation import C`),
    /// as the package's modules are then reached, even beside relative imports of its siblings
    /// (`from ._shared import x`: the helper is not written `from ...._background`); else where
    /// the file imports relatively (`from . import x`; Wavelink's `import wavelink` beside
    /// `from .backoff import Backoff` names the package, not a module of it); else absolutely
    /// where it names its package at all, and relatively where it names none (right whatever
    /// folder the package is imported from).
    fn spelled_relatively(module: &ModulePlan, package: &str) -> bool {
        let src = module.source.text;
        let (mut relative, mut names_package) = (false, false);
        for stmt in statements(module.root) {
            let named = match stmt.kind() {
                "import_from_statement" => stmt.child_by_field_name("module_name"),
                "import_statement" => stmt.child_by_field_name("name"),
                _ => None,
            };
            let Some(named) = named else { continue };
            let dotted = text(named, src);
            relative |= dotted.starts_with('.');
            match dotted.split(' ').next().unwrap_or("").strip_prefix(package) {
                Some(rest) if rest.starts_with('.') => return false,
                Some("") => names_package = true,
                _ => {}
            }
        }
        relative || !names_package
    }

    /// The section of the helper's absolute import, where the file's imports of the folder
    /// that holds its top package prove that folder is on `sys.path`: the section isort gives
    /// those imports (`from rtp import Transport` beside `from _background import keep_task`;
    /// `from domain.services import add` beside `from adapters._background import keep_task`),
    /// else first-party.
    fn beside_section(module: &mut ModulePlan, helper: &HelperModule) -> Section {
        let mut folder = helper.path.parent();
        for _ in 0..usize::from(!helper.unnamed) * helper.package.split('.').count() {
            folder = folder.and_then(std::path::Path::parent);
        }
        let Some(folder) = folder else {
            return Section::FirstParty;
        };
        if is_source_folder(module.settings, folder) {
            // So are the file's imports of the folder's other modules, which join its block.
            module.header.find_all_first_party(folder);
            return Section::FirstParty;
        }
        let beside = |name: &str| {
            folder.join(format!("{name}.py")).is_file()
                || folder.join(name).join("__init__.py").is_file()
        };
        (module.header.imports.iter())
            .find(|line| beside(line.key.4.split('.').next().unwrap_or_default()))
            .map_or(Section::FirstParty, |line| line.section)
    }

    /// Whether the file has a relative import of its own.
    fn imports_relatively(module: &ModulePlan) -> bool {
        relative_dots(module) > 0
    }

    /// The most leading dots of the file's own relative imports at its top level (0: none).
    fn relative_dots(module: &ModulePlan) -> usize {
        let src = module.source.text;
        (statements(module.root).into_iter())
            .filter(|stmt| stmt.kind() == "import_from_statement")
            .filter_map(|stmt| stmt.child_by_field_name("module_name"))
            .map(|name| text(name, src).bytes().take_while(|&b| b == b'.').count())
            .max()
            .unwrap_or(0)
    }

    /// The helper module to write: what a file with only the docstring would declare for one site
    /// of `--strategy helper`, under the package's settings (its Python, quotes, line length).
    pub(crate) fn new_module(package: PackageHelper, settings: &Settings) -> Box<NewFile> {
        let helper = package.module;
        let concurrent = crate::project::helper_futures::takes_futures(helper, package.facts);
        let header = crate::project::license_header::of_package(&helper.path);
        // A new module's UTF-8 declaration is one more UP009 where the project's ruff checks it.
        let header = match settings.utf8_pragma_rule {
            true => header.and_then(|h| h.without_utf8_pragma()),
            false => header,
        };
        // Where the project has no formatter at all (none run, no Black or ruff settings, which
        // format to double quotes), the package's own habit says which quote.
        let mut settings = settings.clone();
        if settings.quote.is_none() && settings.tools.formatter.is_none() {
            settings.quote = crate::project::package_quote::of_package(&helper.path);
        }
        Box::new(NewFile {
            path: helper.path.clone(),
            text: module_text(&settings, concurrent, header.as_ref()).unwrap_or_default(),
        })
    }

    /// `concurrent`: the package hands it concurrent futures too. `header`: the lines every
    /// module of the package opens with (its license), copied above the docstring, or in its
    /// place where they end with a docstring of their own.
    fn module_text(
        settings: &Settings,
        concurrent: bool,
        header: Option<&Header>,
    ) -> Option<String> {
        let mut settings = settings.clone();
        settings.drain_on_shutdown = false; // a drain is registered by the code that starts the loop
        // The imports the project's ruff (I002) or isort adds to every module, where they keep
        // the module importable from anywhere (the standard library's, `__future__`'s).
        let required: Vec<&String> = (settings.required_imports.iter())
            .filter(|line| crate::project::keeper_imports::standalone(line.as_bytes()))
            .collect();
        let mut start = match header {
            Some(header) if header.docstring => header.text.trim_end().to_owned() + "\n",
            Some(header) => format!("{}{DOCSTRING}", header.text),
            None => DOCSTRING.to_owned(),
        };
        if !required.is_empty() {
            start.push('\n');
            for line in required {
                start.push_str(line.trim());
                start.push('\n');
            }
        }
        let source = SourceFile::new(&start);
        let tree = new_parser().parse(&start, None)?;
        let mut module = ModulePlan::new(&source, tree.root_node(), &settings, &[], None);
        // Whatever the files hand it: tasks, and futures of `ensure_future`.
        module.futures = true;
        module.concurrent = concurrent;
        module.helper = Some(FUNCTION.to_owned());
        module.module_set();
        if settings.log_exceptions {
            module.log = Some(LOG_NAME.to_owned());
        }
        let edits = declare::declarations(&mut module, "    ");
        edit::apply(&start, edits).ok()
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_module_holds_the_set_and_the_helper() {
            let text = module_text(&Settings::default(), false, None).unwrap();
            assert!(text.starts_with(DOCSTRING), "{text}");
            assert!(text.contains("\ndef keep_task("), "{text}");
            assert!(text.contains("_background_tasks.add(task)"), "{text}");
            assert!(crate::project::keeper_imports::standalone(text.as_bytes()));
        }

        #[test]
        fn imports_only_annotations_use_go_under_type_checking_where_ruff_checks_tc003() {
            // marimo (exam36f class 3): TC selected, `typing` exempt, the future import required.
            let settings = Settings {
                required_imports: vec!["from __future__ import annotations".to_owned()],
                type_checking_exempt: Some(vec!["typing".to_owned()]),
                ..Settings::default()
            };
            let text = module_text(&settings, true, None).unwrap();
            let block = "\nif TYPE_CHECKING:\n    import asyncio\n    import concurrent.futures\n";
            assert!(text.contains(block), "{text}");
            assert!(
                text.contains("\nfrom typing import TYPE_CHECKING, Any"),
                "{text}"
            );
            // Without it the annotations are strings (never evaluated either), and so is the
            // `TypeVar`'s bound.
            let settings = Settings {
                type_checking_exempt: Some(vec!["typing".to_owned()]),
                ..Settings::default()
            };
            let text = module_text(&settings, true, None).unwrap();
            assert!(text.contains(block), "{text}");
            assert!(text.contains("_background_tasks: \"set["), "{text}");
        }

        #[test]
        fn the_module_carries_the_required_imports_and_the_license() {
            let settings = Settings {
                required_imports: vec![
                    "from __future__ import annotations".to_owned(),
                    "import numpy".to_owned(),
                ],
                ..Settings::default()
            };
            let header = Header {
                text: "# License: MIT\n# Copyright © 2023 Someone\n\n".to_owned(),
                docstring: false,
            };
            let text = module_text(&settings, false, Some(&header)).unwrap();
            assert!(
                text.starts_with(&format!(
                    "{}{DOCSTRING}\nfrom __future__ import annotations\n\nimport asyncio\n",
                    header.text
                )),
                "{text}"
            );
            assert!(!text.contains("numpy"), "{text}");
        }
    }
}
