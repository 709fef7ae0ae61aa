//! Tasks kept by their own coroutine (issue 35, class 9): the task of a dropping statement runs
//! a coroutine of the checked code that binds `asyncio.current_task()` to something that
//! outlives the call (see [`crate::project::self_stores`]). Which coroutine it runs is what the
//! creating call says (`create_task(worker.run())`, with `worker`'s class known), or, for a task
//! factory's result, what the factory's own call says; never a guess by the method's name.
//!
//! - Stored before the coroutine's first suspension point, on every path: the task is held from
//!   its first step. Kept, by that holder, whatever the kind (ruff's RUF006 is overruled, and
//!   `audit` says by what).
//! - Stored later, or on some paths only: it may be collected before. A preview kind's finding
//!   becomes `unknown` (`check` is silent); a stable kind's stays reported, as RUF006 reports it,
//!   and its evidence says why the store does not keep it.

use std::path::PathBuf;
use std::sync::Arc;

use super::facts::Facts;
use super::kinds::Kind;
use super::task_site::{Creator, Reference, TaskSite};
use super::verdict::Verdict;
use crate::project::self_stores::{self, Holder, SelfStore, SelfStores};
use crate::scan::source::SourceFile;

/// Marks the dropped sites whose coroutine stores its own task.
pub fn mark(tree: &tree_sitter::Tree, source: &SourceFile, facts: &Facts, sites: &mut [TaskSite]) {
    let src = source.text;
    let project = &facts.factories.self_stores;
    // The file's own coroutines, also when it is analysed alone (standard input, the server).
    let own = crate::scan::current_task::may_store(src.as_bytes()).then(|| {
        let mut own = SelfStores::default();
        own.add(self_stores::of_tree(
            tree.root_node(),
            src,
            PathBuf::new(),
            "",
        ));
        own.finish();
        own
    });
    let factories = &facts.factories.refs;
    if own.is_none() && project.is_empty() && factories.iter().all(|f| f.stores_itself.is_none()) {
        return;
    }
    for site in sites.iter_mut() {
        let Verdict::Dropped(Some(drop)) = site.verdict else {
            continue;
        };
        let store = match drop.factory.filter(|_| drop.kind == Kind::FactoryResult) {
            Some(at) => factories.get(at).and_then(|f| f.stores_itself.clone()),
            None if site.creator == Creator::TaskGroup => None,
            None => {
                let function = site.enclosing.last().copied();
                let function = function.filter(|f| f.kind() == "function_definition");
                let wanted = |name: &str| {
                    project.names(name) || own.as_ref().is_some_and(|own| own.names(name))
                };
                let coroutine = self_stores::coroutine_named(site.call, function, src, wanted);
                coroutine.and_then(|c| {
                    // A method: by its class, anywhere in the project; a plain function: this
                    // file's own.
                    let in_project = c.class.as_ref().and_then(|_| project.find(&c, None));
                    let here = own
                        .as_ref()
                        .and_then(|own| own.find(&c, Some(&PathBuf::new())));
                    in_project.or(here).cloned().map(Arc::new)
                })
            }
        };
        let Some(store) = store else {
            continue;
        };
        if store.from_first_step() {
            keep(site, &store);
        } else {
            if drop.kind.rule().is_preview() {
                let why = format!("the task may be dropped: {}", store.too_late());
                site.verdict = Verdict::Unknown(why);
            }
            site.stores_itself = Some(store.too_late());
        }
    }
}

/// The site's task is held by what its coroutine stores it in, from its first step.
fn keep(site: &mut TaskSite, store: &SelfStore) {
    site.verdict = Verdict::Kept {
        by: Some(store.keeps()),
    };
    site.reference = match store.holder {
        Holder::Attribute => Reference::Attribute,
        Holder::Collection => Reference::Collection,
        Holder::Module => Reference::Module,
    };
    site.holder = Some(store.target.clone());
    site.owner = Some(match (&store.class, store.target.strip_prefix("self.")) {
        (Some(class), Some(attribute)) => format!("{class}.{attribute}"),
        _ => store.target.clone(),
    });
    site.owner_scope = None;
    // The holder is in the coroutine's code, not in the text around the site.
    site.shutdown_unknown = true;
}
