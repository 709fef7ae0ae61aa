//! One mechanism for one purpose: the concurrent futures of `run_coroutine_threadsafe` (whose
//! done callback holds their task) join the keeper the strategy writes for the file's tasks,
//! typed for both, rather than a set of their own beside it. `owner`: the set the fix creates
//! on the instance, for the futures of the same class's methods. `helper`: the package's helper
//! where it is typed for them (the package's answer, `project::helper_futures`), else the
//! file's own helper. The instance set only where `X | Y` can stand unquoted in `__init__`
//! (Python 3.10, or `from __future__ import annotations`). A drain at shutdown awaits asyncio's tasks, which a concurrent future is
//! not: with `--drain-on-shutdown` the futures keep their own set.

use super::helper::package;
use super::keeper::{Keeper, UNION_NAME};
use super::mechanism::enclosing_method;
use super::model::ModulePlan;
use crate::detect::Dropped;
use crate::project::helper_futures::takes_futures;
use crate::settings::Strategy;

pub(super) fn join(sites: &[Dropped], keepers: &mut [Keeper], module: &mut ModulePlan) {
    if module.settings.drain_on_shutdown || module.settings.keep_with.is_some() {
        return;
    }
    let src = module.source.text;
    for (site, keeper) in sites.iter().zip(keepers.iter_mut()) {
        if !matches!(keeper, Keeper::Futures(_)) {
            continue;
        }
        // In a function, `X | Y` unquoted is read by type checkers only from Python 3.10, and
        // ruff's default rules want neither its quotes there (UP037) nor a `Union` (FA100):
        // before, the set is typed with a module-level alias, `Union` over both types quoted
        // (evaluated at import, where `asyncio.Future[Any]` raises before 3.9). Before
        // variable annotations (3.6) the futures keep their own set.
        let unquoted = super::declare::pipe_union(module);
        let alias = !unquoted && module.settings.min_python.at_least(3, 6);
        let owned = enclosing_method(site, src).filter(|_| unquoted || alias);
        let owned = owned.filter(|_| !super::outlived::outlives_owner(site, src));
        let owned = owned.and_then(|(class, receiver)| {
            // The set lives on the class whose `__init__` the instance runs.
            let index = super::owner::owned_index(class, src, &module.owners)?;
            let owned = module.owners.get_mut(index)?;
            owned.concurrent = true;
            Some(format!("{receiver}.{}", owned.name))
        });
        if let Some(set) = owned {
            // The instance set alone holds them: the file's other sets keep their type.
            *keeper = Keeper::Futures(set);
            if alias && module.union_alias.is_none() {
                module.union_alias = Some(module.names.fresh(UNION_NAME));
            }
            continue;
        }
        if module.settings.strategy != Strategy::Helper {
            continue;
        }
        let package_helper = module
            .package_helper
            .is_some_and(|h| !h.module.keeps_inline() && takes_futures(h.module, h.facts));
        if package_helper && let Some(function) = package::keeper(site, module) {
            *keeper = Keeper::Call {
                function,
                returns: true,
            };
        } else if let Some(function) = module.helper.clone() {
            *keeper = Keeper::Call {
                function,
                returns: true,
            };
            (module.concurrent, module.futures) = (true, true);
        }
    }
    // The set of futures is declared only where a future is still kept in it.
    let used =
        |set: &String| (keepers.iter()).any(|k| matches!(k, Keeper::Futures(name) if name == set));
    if module.futures_set.as_ref().is_some_and(|set| !used(set)) {
        module.futures_set = None;
    }
}
