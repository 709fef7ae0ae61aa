//! What the audit reads once per file and asks again for each task site: the facts of a block,
//! the classes joined in one hierarchy, the module's function definitions.

use std::collections::HashMap;
use std::ops::Range;

use super::class_lines::Squeezed;
use super::coroutine::Names;
use super::facts::{self, Facts};
use super::hierarchy::Classes;
use super::shutdown::Found;
use crate::detect::task_site::TaskSite;
use crate::project::handlers::FileHandlers;
use crate::scan::source::SourceFile;

/// A holder, whether it is the module's name, and its scopes.
pub(super) type HolderKey = (String, bool, Vec<Range<usize>>);

/// What the descriptions of one file share: the facts of each block, read once.
pub(super) struct Context<'a, 's> {
    pub(super) source: &'a SourceFile<'s>,
    pub(super) facts: HashMap<(usize, usize), Facts>,
    pub(super) definitions: Option<HashMap<String, usize>>,
    pub(super) names: Names,
    pub(super) classes: Option<Classes>,
    /// The summaries of the functions the file can call (another file's done callback).
    pub(super) handlers: Option<&'a FileHandlers>,
    /// Whether the file spells `Cleanup` (`self.addCleanup(...)`), looked for once.
    cleanups: Option<bool>,
    /// The lines of each block without their whitespace, made once.
    squeezed: HashMap<(usize, usize), Squeezed>,
    /// Each function's own identifiers, listed once (see `branches`).
    pub(super) own_names: super::branches::OwnNames,
    /// Each name's reads in each function's body, listed once (see `one_branch`).
    pub(super) branch_reads: super::one_branch::Reads,
    /// Each class's unfilled-slot note, made once (see `unfilled_slot`).
    pub(super) notes: super::unfilled_slot::Notes,
    /// What a holder's scopes do to it (see `shutdown_at`), by holder, whether it is the
    /// module's name, and scopes: read once for all its sites.
    pub(super) in_scopes: HashMap<HolderKey, (Found, Option<usize>)>,
    /// Whether a holder's scopes empty it or fill it once (see `lifecycle`), read once.
    pub(super) emptied: HashMap<(String, Vec<Range<usize>>), bool>,
    /// Whether a function makes its holder anew and returns it (see `lifecycle`), by the
    /// function's start and the holder, read once.
    pub(super) made_and_returned: HashMap<(usize, String), bool>,
    /// Each function's awaits of a local and its ways out (see `early`), listed once.
    pub(super) early: super::early::Known,
    /// The methods of a class that stop its task (see `replaced`), read once per class.
    pub(super) stops: crate::project::state::stopped::Stops,
}

impl<'a, 's> Context<'a, 's> {
    pub(super) fn new(source: &'a SourceFile<'s>, handlers: Option<&'a FileHandlers>) -> Self {
        Context {
            source,
            facts: HashMap::new(),
            definitions: None,
            names: Names::default(),
            classes: None,
            handlers,
            cleanups: None,
            squeezed: HashMap::new(),
            own_names: Default::default(),
            branch_reads: Default::default(),
            notes: Default::default(),
            in_scopes: HashMap::new(),
            emptied: HashMap::new(),
            made_and_returned: HashMap::new(),
            early: Default::default(),
            stops: Default::default(),
        }
    }

    /// Whether the file may register a test's cleanup (see [`super::cleanups`]).
    pub(super) fn has_cleanups(&mut self) -> bool {
        let text = self.source.text.as_bytes();
        *(self.cleanups).get_or_insert_with(|| memchr::memmem::find(text, b"Cleanup").is_some())
    }

    pub(super) fn facts(&mut self, block: &Range<usize>) -> &Facts {
        let text = self.source.text.as_bytes();
        self.facts
            .entry((block.start, block.end))
            .or_insert_with(|| Facts::read(text.get(block.clone()).unwrap_or_default()))
    }

    /// The lines of `block` without their whitespace (see [`super::class_lines`]).
    pub(super) fn squeezed(&mut self, block: &Range<usize>) -> &Squeezed {
        let text = self.source.text;
        (self.squeezed.entry(super::class_lines::key(block)))
            .or_insert_with(|| Squeezed::of(text.get(block.clone()).unwrap_or_default()))
    }

    /// Where the site's holder lives: its owner's class (or the module), and for `self.x` the
    /// other classes of the file joined with that class in one hierarchy, whose `self` is the
    /// same object (a sibling mixin's `close()`).
    pub(super) fn scopes(&mut self, site: &TaskSite) -> Vec<Range<usize>> {
        let (Some(holder), Some(scope)) = (site.holder.as_deref(), site.owner_scope.clone()) else {
            return Vec::new();
        };
        // A parameter's container: its function and the callers that hand it on.
        if let Some(scopes) = super::passed_in::scopes(site, self.source.text) {
            return scopes;
        }
        let mut scopes = vec![scope.clone()];
        if holder.starts_with("self.") || holder.starts_with("cls.") {
            let src = self.source.text;
            let classes = self.classes.get_or_insert_with(|| Classes::read(src));
            scopes.extend(classes.joined(&scope));
        }
        scopes
    }

    /// The class around `at` (the innermost) and the classes joined with it.
    pub(super) fn classes_at(&mut self, at: usize) -> Vec<Range<usize>> {
        let src = self.source.text;
        let classes = self.classes.get_or_insert_with(|| Classes::read(src));
        classes.around(at)
    }

    /// The text of `def name(...)` in the module.
    pub(super) fn function_body(&mut self, name: &str) -> Option<&str> {
        let src = self.source.text;
        src.get(self.function_at(name)?)
    }

    /// Where the first `def name(...)` of the module is, from its `def` to its end.
    pub(super) fn function_at(&mut self, name: &str) -> Option<Range<usize>> {
        let src = self.source.text;
        let start = *self
            .definitions
            .get_or_insert_with(|| facts::definitions(src))
            .get(name)?;
        Some(start..facts::function_end(src, start))
    }
}

/// Where the holder's class awaits a future the task's coroutine sets as its last step.
pub(super) fn signalled(
    site: &TaskSite,
    context: &mut Context,
    scopes: &[Range<usize>],
) -> Option<usize> {
    let src = context.source.text;
    let (method, attributes) = super::signal::coroutine_method(site, src)?;
    let def = context.function_body(method)?.to_owned();
    super::signal::awaited_signal(&attributes, &def, src, scopes)
}
