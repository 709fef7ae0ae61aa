//! The fix planner: dropped-task sites in, byte-range edits out.
//!
//! Each site gets a [`Keeper`]: what keeps its task alive. The file's own mechanism comes first
//! (a set that already gets `add` + `add_done_callback(<set>.discard)`, or a function that does
//! that to its argument); otherwise the strategy's [`Planner`], chosen once from the settings,
//! decides. The keepers then say what the module needs declared (a set, a helper function, an
//! import, a set on the owning instance), and [`declare`] writes it.

mod annotation;
mod author_layout;
mod awaitable_callee;
mod class_scope;
mod class_tasks;
mod declare;
mod declared_attribute;
mod drain;
mod drainer;
pub mod edit;
mod framework;
mod function_set;
mod futures;
mod guarded_import;
mod header;
mod helper;
mod ignores;
mod import_placement;
mod inline;
mod isort;
mod isort_grid;
mod keeper;
mod keeper_contract;
mod keeper_function;
mod line_groups;
mod logger;
mod mechanism;
mod model;
mod module_lines;
mod names;
mod object_set;
mod objects;
mod outlived;
mod owner;
mod per_call;
mod reentry;
mod rewrite;
mod set_name;
mod site_parts;
mod slots;
mod spawn;
mod telegram;
mod type_checking;
mod unused_import;
mod unused_owner;
mod wrap;

use tree_sitter::Node;

use crate::detect::scope::Scopes;
use crate::detect::{Dropped, Shape};
use crate::plan::edit::{Edit, FilePlan};
use crate::project::factories::FileFactories;
use crate::project::keepers::{ImportedKeeper, KeeperImport};
use crate::scan::source::SourceFile;
use crate::scan::syntax::{first_element, text, walk_statements};
use crate::settings::{Settings, Strategy};
pub use helper::{framework_contract, keeper_contract};
use objects::Holders;
pub use objects::coroutine_keepers;
pub use reentry::singleton_classes;

pub use keeper::{Keeper, LOG_NAME};
pub use model::{ModulePlan, PackageHelper, Planner};

/// Plans the edits that fix every fixable site in the file, grouped per site. An empty plan when
/// there is nothing to fix.
/// It takes the dropped sites and filters them where they are (a file may hold tens of
/// thousands), the scopes' names the analysis read, and what its imports bring in of other
/// project files (their keepers, their singleton classes).
pub fn plan<'s>(
    source: &SourceFile<'s>,
    root: Node,
    mut sites: Vec<Dropped<'_>>,
    mut scopes: Scopes<'s>,
    settings: &Settings,
    project: &FileFactories,
    package_helper: Option<PackageHelper>,
) -> FilePlan {
    let imported = project.keepers.as_slice();
    // A task a factory returns is kept inside the factory (a `FactoryReturn` site).
    sites.retain(|site| site.unfixable.is_none() && site.factory.is_none());
    if sites.is_empty() {
        return FilePlan::default();
    }
    let src = source.text;
    let mut module = ModulePlan::new(source, root, settings, imported, package_helper);
    module.singletons = &project.singletons;
    module.per_call = Some(&project.per_call);
    module.futures = sites.iter().any(|s| may_be_future(s, src));
    module.first_import_time = sites
        .iter()
        .filter(|s| s.placement.import_time)
        .map(|s| s.placement.top_level)
        .min_by_key(|n| n.start_byte());
    module.quote = settings.quote.unwrap_or_else(|| file_quote(root, src));
    let planner = match planner(settings, &module) {
        Ok(planner) => planner,
        Err(refused) => {
            return FilePlan {
                refused: Some(refused),
                ..FilePlan::default()
            };
        }
    };
    let mut keepers = choose_keepers(&sites, imported, planner.as_ref(), &mut module);
    owner::apart_from_module_set(&sites, &mut keepers, &mut module);
    futures::join(&sites, &mut keepers, &mut module);

    // Failures are logged by the keeping code the fix writes: its sets and its helper, not a
    // project's own keeper.
    let writes_keeping_code = module.helper.is_some()
        || keepers
            .iter()
            .any(|k| matches!(k, Keeper::Set(_) | Keeper::SetRemoving(_) | Keeper::List(_)));
    if settings.log_exceptions && writes_keeping_code {
        module.log = Some(module.names.fresh(LOG_NAME));
    }
    let unit = indent_unit(source, root);
    let local_types = awaitable_callee::local_types(&sites, &keepers, &mut module);
    let task_types: Vec<Option<&str>> = local_types.iter().map(Option::as_deref).collect();
    let fixes = rewrite::sites(
        source,
        &sites,
        &keepers,
        &unit,
        rewrite::Limits {
            line_length: settings.line_length,
            e501: settings.e501_limit(),
            trailing_comma: settings.trailing_comma_rule,
            formatter: settings.tools.formatter.is_some(),
        },
        &mut scopes,
        rewrite::Written {
            log: module.log.as_deref(),
            task_types: &task_types,
        },
    );
    let mut shared = declare::declarations(&mut module, &unit);
    let edits: Vec<Edit> = (fixes.iter().flat_map(|f| f.edits.iter()))
        .chain(&shared)
        .cloned()
        .collect();
    shared.extend(unused_import::removal(root, src, &edits));
    let creates = (module.package_helper_used.as_ref())
        .zip(package_helper.filter(|h| !h.module.exists && !h.module.flat))
        .map(|(_, helper)| helper::package::new_module(helper, settings));
    FilePlan {
        fixes,
        shared,
        refused: None,
        creates,
    }
}

/// What keeps each site's task: the file's own keepers (its class's, the module's), then a
/// method of an object the instance holds, then a function of another file the module imports
/// (the closest first), else the strategy's.
fn choose_keepers<'t>(
    sites: &[Dropped<'t>],
    imported: &[ImportedKeeper],
    planner: &dyn Planner,
    module: &mut ModulePlan<'_, '_, 't>,
) -> Vec<Keeper> {
    let (root, src, settings) = (module.root, module.source.text, module.settings);
    let holders = Holders::find(root, src, imported);
    let mut imports: Vec<KeeperImport> = Vec::new();
    let mut set_classes = std::collections::HashMap::new();
    let mut own_keeper = |site: &Dropped| {
        let mechanisms = &module.mechanisms;
        let imported = || {
            let keeper = mechanisms.imported_keeper(site, src)?;
            if let Some(import) = &keeper.import {
                // The name the import would bind is taken here: the keeper cannot be spelled.
                if module.names.contains(&import.name) {
                    return None;
                }
                // ruff's TID252 bans this relative spelling here (`from ..util import spawn`
                // under "parents"): the file keeps its tasks the strategy's way instead.
                let dots = import.module.len() - import.module.trim_start_matches('.').len();
                if dots > 0 && !settings.relative_imports.allow(dots) {
                    return None;
                }
                imports.push(import.clone());
            }
            Some(Keeper::Spawn(keeper.spelling.clone()))
        };
        // The attribute the class declares for this very task comes before any shared keeper.
        (declared_attribute::declared_attribute(site, src).map(Keeper::Attribute))
            .or_else(|| mechanisms.keeper_for(site, src))
            .or_else(|| object_set::object_set(site, src, &mut set_classes).map(Keeper::Set))
            .or_else(|| holders.keeper_for(site, src))
            .or_else(imported)
    };
    let own: Vec<Option<Keeper>> = sites.iter().map(&mut own_keeper).collect();
    for import in &imports {
        add_keeper_import(import, module);
    }
    // A framework's own keeper, where its object is in scope: before the strategy, after the
    // project's own keepers and the keeper the settings name.
    let home_assistant =
        settings.keep_with.is_none() && framework::imports_home_assistant(root, src);
    let quote = module.quote;
    let telegram = (settings.keep_with.is_none())
        .then(|| telegram::release(settings.pins))
        .flatten()
        .filter(|_| framework::imports(root, src, "telegram"));
    let framework = |site: &Dropped| {
        let home_assistant = home_assistant
            .then(|| framework::keeper(site, src, settings.home_assistant, quote))
            .flatten();
        home_assistant.or_else(|| {
            telegram.and_then(|release| telegram::keeper(site, src, Some(release), quote))
        })
    };
    (sites.iter().zip(own))
        .map(|(site, own)| match own {
            // Only `run_coroutine_threadsafe(...)` is a fixable hand-off: its concurrent future
            // holds the task.
            _ if site.shape() == Shape::Future => Keeper::Futures(module.futures_set()),
            // A lambda holds no statements: its call is wrapped in a keeping function (the
            // file's own, keep-with's, or the helper), whatever the strategy.
            Some(keeper @ (Keeper::Call { .. } | Keeper::Spawn(_)))
                if site.shape() == Shape::Lambda =>
            {
                keeper
            }
            _ if site.shape() == Shape::Lambda && settings.keep_with.is_none() => {
                framework(site).unwrap_or_else(|| helper::Helper.keeper(site, module))
            }
            _ if site.shape() == Shape::Lambda => planner.keeper(site, module),
            Some(keeper) => keeper,
            None => framework(site).unwrap_or_else(|| planner.keeper(site, module)),
        })
        .collect()
}

/// `from pkg.async_helpers import run_bg_task`, once, for a keeper the file did not import:
/// with the project's own imports (first-party, or local for a relative one) unless its
/// settings say else.
fn add_keeper_import(import: &KeeperImport, module: &mut ModulePlan) {
    let section = match import.module.starts_with('.') {
        true => isort::Section::Local,
        false => isort::Section::FirstParty,
    };
    let order = &module.settings.import_order;
    for new in isort::NewImport::from(&import.module, &[&import.name], section, order) {
        if !module.imports.contains(&new) {
            module.imports.push(new);
        }
    }
}

/// The strategy chosen once for the file: keep-with's keeper (with the strategy for the sites it
/// cannot take), or the strategy; `Err` when the keeper defined here contradicts its declaration.
fn planner(settings: &Settings, module: &ModulePlan) -> Result<Box<dyn Planner>, String> {
    let strategy: Box<dyn Planner> = match settings.strategy {
        Strategy::Inline => Box::new(inline::Inline),
        Strategy::Helper => Box::new(helper::Helper),
        Strategy::Owner => Box::new(owner::Owner),
    };
    Ok(match &settings.keep_with {
        Some(keep_with) => Box::new(helper::KeepWith::new(keep_with, module, strategy)?),
        None => strategy,
    })
}

/// Whether the site may keep a plain Future rather than a Task: `ensure_future` of something that
/// is not a coroutine call, or a target annotated as a Future. Tasks are covariant in their
/// result and fit `set[Task[object]]`; Futures are invariant and need `set[Future[Any]]`.
fn may_be_future(site: &Dropped, src: &str) -> bool {
    let ensure_future = site
        .call
        .child_by_field_name("function")
        .is_some_and(|f| text(f, src).ends_with("ensure_future"));
    let argument = site
        .call
        .child_by_field_name("arguments")
        .and_then(first_element);
    let coroutine_call = argument.is_some_and(|a| matches!(a.kind(), "call" | "await"));
    let annotated_future = site
        .expr
        .child_by_field_name("type")
        .is_some_and(|t| text(t, src).contains("Future"));
    (ensure_future && !coroutine_call) || annotated_future
}

/// The quote of the file's first string that is not triple-quoted (as ruff's Stylist reads
/// it), else `"`.
fn file_quote(root: Node, src: &str) -> char {
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        if node.kind() == "string_start" {
            let quotes = text(node, src).trim_start_matches(|c: char| c.is_ascii_alphabetic());
            if let (Some(quote @ ('"' | '\'')), 1) = (quotes.chars().next(), quotes.len()) {
                return quote;
            }
        }
        if cursor.goto_first_child() || cursor.goto_next_sibling() {
            continue;
        }
        loop {
            if !cursor.goto_parent() {
                return '"';
            }
            if cursor.goto_next_sibling() {
                break;
            }
        }
    }
}

/// One level of indentation as the file writes it (four spaces when it has no indented block).
fn indent_unit(source: &SourceFile, root: Node) -> String {
    let mut unit = None;
    walk_statements(root, |node, ancestors| {
        let [.., header, block] = ancestors else {
            return;
        };
        if unit.is_some() || block.kind() != "block" || !source.starts_line(block.start_byte()) {
            return;
        }
        let inner = source.indentation(node.start_byte());
        let outer = source.indentation(header.start_byte());
        if let Some(step) = inner.strip_prefix(outer).filter(|s| !s.is_empty()) {
            unit = Some(step.to_owned());
        }
    });
    unit.unwrap_or_else(|| "    ".to_owned())
}
