//! What the planners share: the names the fix writes, a site's keeper, the strategy interface,
//! and the module's plan that keepers fill in.

use tree_sitter::Node;

use super::header::{Header, NewImport};
use super::keeper::{FUTURES_SET_NAME, HELPER_NAME, Keeper, OwnedSet, SET_NAME};
use super::mechanism::Mechanisms;
use crate::detect::Dropped;
use crate::detect::scope::UsedNames;
use crate::project::facts::ProjectFacts;
use crate::project::helper_home::HelperModule;
use crate::project::keepers::ImportedKeeper;
use crate::scan::source::SourceFile;
use crate::settings::Settings;

/// `--strategy helper` in a package: the package's helper module as the file reaches it, and
/// the run's facts of the project, which say what the helper keeps (see
/// `project::helper_futures`).
#[derive(Debug, Clone, Copy)]
pub struct PackageHelper<'a> {
    pub module: &'a HelperModule,
    pub facts: &'a ProjectFacts,
}

/// A strategy: which keeper a site gets when the file has none of its own.
pub trait Planner {
    fn keeper<'t>(&self, site: &Dropped<'t>, module: &mut ModulePlan<'_, '_, 't>) -> Keeper;
}

/// What the file needs declared, filled in as keepers are handed out.
pub struct ModulePlan<'a, 's, 't> {
    pub source: &'a SourceFile<'s>,
    pub root: Node<'t>,
    pub settings: &'a Settings,
    pub header: Header<'t>,
    /// The module-level set's name, once a keeper uses it (and whether it must be declared).
    pub(super) module_set: Option<(String, bool)>,
    /// The module-level helper's name, once a keeper uses it.
    pub(super) helper: Option<String>,
    /// The module-level set of concurrent futures, once a keeper uses it.
    pub(super) futures_set: Option<String>,
    pub imports: Vec<NewImport>,
    /// Sets to create in `__init__` of owning classes.
    pub owners: Vec<OwnedSet<'t>>,
    pub(super) mechanisms: Mechanisms<'t>,
    /// Some site may keep a plain Future: the sets hold `Future[Any]` rather than `Task[object]`.
    pub futures: bool,
    /// A task's local is typed `Task[Any]` (see `awaitable_callee`): the sets hold `Task[Any]`.
    pub any_result: bool,
    /// The fix's own keepers (its sets, its helper) hold concurrent futures too: typed for
    /// `asyncio.Future[Any]` or `concurrent.futures.Future[Any]`.
    pub concurrent: bool,
    /// The name of the type alias of both futures (`_Background = Union[...]`), where an
    /// instance set holds both below Python 3.10 (see `futures.rs`).
    pub(super) union_alias: Option<String>,
    /// The first statement that runs at import time and needs a declaration above it.
    pub first_import_time: Option<Node<'t>>,
    /// The done callback that logs failures, when the fix's own keeping code uses it.
    pub log: Option<String>,
    /// The quote of the strings the fix writes (docstrings are always `\"\"\"`, as in the
    /// formatters).
    pub quote: char,
    pub(super) names: UsedNames<'t, 's>,
    /// `--strategy helper` in a package: the package's helper module, and the helper's name
    /// here once a keeper uses it (imported, not declared).
    pub(super) package_helper: Option<PackageHelper<'a>>,
    pub(super) package_helper_used: Option<String>,
    /// The singleton classes of other files, as the module's imports spell them (see
    /// [`crate::project::singletons`]).
    pub(super) singletons: &'a [String],
    /// The run's classes built only for one call (see [`crate::project::per_call`]).
    pub(super) per_call: Option<&'a std::collections::HashSet<String>>,
}

impl<'a, 's, 't> ModulePlan<'a, 's, 't> {
    /// The plan of a module with nothing declared yet.
    pub(super) fn new(
        source: &'a SourceFile<'s>,
        root: Node<'t>,
        settings: &'a Settings,
        imported: &[ImportedKeeper],
        package_helper: Option<PackageHelper<'a>>,
    ) -> Self {
        let src = source.text;
        ModulePlan {
            source,
            root,
            settings,
            header: Header::read(root, src, &settings.import_order),
            module_set: None,
            helper: None,
            futures_set: None,
            imports: Vec::new(),
            owners: Vec::new(),
            mechanisms: Mechanisms::find(root, src, imported),
            futures: false,
            any_result: false,
            concurrent: false,
            union_alias: None,
            first_import_time: None,
            log: None,
            quote: settings.quote.unwrap_or('"'),
            names: UsedNames::new(root, src),
            package_helper,
            package_helper_used: None,
            singletons: &[],
            per_call: None,
        }
    }
}

impl<'s> ModulePlan<'_, 's, '_> {
    /// The module set (reused if the file has one), declared if need be.
    pub fn module_set(&mut self) -> String {
        if let Some((name, _)) = &self.module_set {
            return name.clone();
        }
        let (name, declare) = match self.mechanisms.reusable_set(self.first_import_time) {
            Some(existing) => (existing, false),
            None => (self.names.fresh(SET_NAME), true),
        };
        self.module_set = Some((name.clone(), declare));
        name
    }

    /// The module's set of concurrent futures, always declared anew.
    pub fn futures_set(&mut self) -> String {
        let names = &mut self.names;
        self.futures_set
            .get_or_insert_with(|| names.fresh(FUTURES_SET_NAME))
            .clone()
    }

    /// The module's helper function, declared next to the module set.
    pub fn helper(&mut self) -> String {
        if let Some(name) = &self.helper {
            return name.clone();
        }
        self.module_set();
        // The home of a flat distribution's helper defines it for the modules beside it.
        let public = crate::project::helper_home::FUNCTION;
        let home =
            self.package_helper.is_some_and(|h| h.module.own) && !self.names.contains(public);
        let name = match home {
            true => public.to_owned(),
            false => self.names.fresh(HELPER_NAME),
        };
        self.helper = Some(name.clone());
        name
    }
}
