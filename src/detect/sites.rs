//! The one walk that lists every task-creation site of a file, with what happens to its
//! reference.
//!
//! A statement that drops the task it creates is classified as the walk reaches it (see
//! [`super::dropped_task::classify`]: `check` reports it and `fix` plans from it), just before
//! the walk reaches its call; every other call that creates a task is followed from where it
//! stands: awaited, returned, stored on an attribute, added to a collection, bound at module
//! level, handed to a task group, passed on, or kept in a local whose later reads decide its
//! fate ([`super::locals`], then [`super::lost`]). `audit` renders the whole list;
//! [`crate::audit::lifecycle`] adds shutdown, exceptions, risk and action.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::already_kept::already_kept;
use super::callee::{Resolver, last_name};
use super::dropped::Dropped;
use super::dropped_task;
use super::facts::Facts;
use super::follow::{Use, assignment_end, follow, usage};
use super::frame::EndlessLoops;
use super::handoff::handed_callable;
use super::locals::{Pending, resolve_locals};
use super::memo::Memo;
use super::placement::placement;
use super::scope::Scopes;
use super::task_site::{Creator, Reference, TaskSite};
use super::verdict::Verdict;
use crate::project::attributes::Attributes;
use crate::scan::asyncio_api::is_handoff_method;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{strip_parens, text, walk_around};
use crate::settings::Settings;

/// Every task-creation site of a parsed, error-free file, in source order, and the scopes'
/// names that classifying them read (the planner reads them again).
pub fn enumerate<'t, 's>(
    tree: &'t tree_sitter::Tree,
    source: &SourceFile<'s>,
    settings: &Settings,
    facts: &Facts,
) -> (Vec<TaskSite<'t>>, Scopes<'s>) {
    let src = source.text;
    let root = tree.root_node();
    let runners = &facts.factories.loop_runners;
    let mut walk = Walk {
        src,
        source,
        root,
        settings,
        facts,
        drops: HashMap::new(),
        silenced: HashSet::new(),
        scopes: Scopes::default(),
        task_groups: HashSet::new(),
        sites: Vec::new(),
        pending: Vec::new(),
        memo: Memo::new(src),
        attributes: RefCell::new(Attributes::new(src)),
    };
    // Only a file that can call a function of the checked code that runs the loop pays for
    // the copies.
    if !runners.is_empty() {
        walk.memo.endless_loops = EndlessLoops::with_runners(runners);
        walk.scopes.endless_loops = EndlessLoops::with_runners(runners);
    }
    // Only the paths down to a spelling of a task creator are walked: the rest of the tree
    // cannot hold a site.
    let mentions = mentions(src, &facts.spellings(settings));
    walk_around(root, &mentions, |node, ancestors| match node.kind() {
        // Visited before the calls inside them.
        "expression_statement" | "return_statement" => walk.statement(node, ancestors),
        "as_pattern" => walk.task_group_alias(node),
        "call" => walk.call(node, ancestors),
        _ => {}
    });
    // A statement's drop is always taken by its call: the walk reaches every call it holds.
    debug_assert!(walk.drops.is_empty(), "a drop whose call was not listed");
    resolve_locals(&mut walk.sites, &walk.pending, &mut walk.memo);
    (walk.sites, walk.scopes)
}

/// Where the source spells a task creator, sorted.
fn mentions(src: &str, spellings: &[&str]) -> Vec<usize> {
    let mut mentions: Vec<usize> = spellings
        .iter()
        .flat_map(|s| memchr::memmem::find_iter(src.as_bytes(), s.as_bytes()))
        .collect();
    mentions.sort_unstable();
    mentions
}

/// What the resolver of names needs at a node: the functions around it (for loops bound by
/// `name = get_running_loop()`) and its class (for `self.method()` factories).
fn with_resolver<R>(
    facts: &Facts,
    settings: &Settings,
    root: Node,
    ancestors: &[Node],
    attributes: &RefCell<Attributes>,
    src: &str,
    then: impl FnOnce(&Resolver) -> R,
) -> R {
    let ids = enclosing_ids(root, ancestors);
    let loop_bound = |ident: Node| {
        let name = text(ident, src).to_owned();
        ids.iter()
            .any(|&id| facts.loop_bindings.contains(&(id, name.clone())))
    };
    let class = ancestors
        .iter()
        .rev()
        .find(|a| a.kind() == "class_definition")
        .and_then(|c| c.child_by_field_name("name"))
        .map(|n| text(n, src));
    // A local alias of a task function, bound in the innermost function around the use and
    // before it.
    let innermost = ancestors
        .iter()
        .rev()
        .find(|a| matches!(a.kind(), "function_definition" | "lambda"))
        .map(|f| f.id());
    let alias_value = |ident: Node| {
        let name = text(ident, src);
        let alias = facts.task_aliases.iter().find(|a| {
            Some(a.function) == innermost && a.name == name && a.value.end < ident.start_byte()
        })?;
        Some(alias.value.clone())
    };
    let resolver = Resolver {
        names: &facts.names,
        settings,
        loop_bound: &loop_bound,
        factories: &facts.factories,
        class,
        alias_value: &alias_value,
        loop_attribute: &|receiver| attributes.borrow_mut().is_loop(receiver),
    };
    then(&resolver)
}

/// The walk: what it has found so far.
struct Walk<'a, 't, 's> {
    src: &'s str,
    source: &'a SourceFile<'s>,
    root: Node<'t>,
    settings: &'a Settings,
    facts: &'a Facts,
    /// The drops of the statements walked so far, by their call's node id, until the walk
    /// reaches that call.
    drops: HashMap<usize, Dropped<'t>>,
    /// The calls among those whose statement a `noqa` silences: dropped all the same, with no
    /// kind for `check` to report.
    silenced: HashSet<usize>,
    scopes: Scopes<'s>,
    /// The names `async with asyncio.TaskGroup() as tg:` binds.
    task_groups: HashSet<String>,
    sites: Vec<TaskSite<'t>>,
    /// Locals whose fate their later reads decide: (site index, name, function, after byte).
    pending: Vec<Pending<'t>>,
    memo: Memo<'s>,
    /// The classes' bindings of `self` attributes (is `self.<attr>` a loop?), read once each.
    attributes: RefCell<Attributes<'s>>,
}

impl<'t, 's> Walk<'_, 't, 's> {
    /// An expression or `return` statement: the task it drops, if it drops one (marked
    /// silenced where a `noqa` silences it), for its call to take when the walk reaches it.
    fn statement(&mut self, stmt: Node<'t>, ancestors: &[Node<'t>]) {
        let facts = self.facts;
        let silenced = facts.silences(stmt, self.source);
        let (src, root, scopes) = (self.src, self.root, &mut self.scopes);
        let placement = placement(stmt, root, ancestors);
        let found = with_resolver(
            facts,
            self.settings,
            root,
            ancestors,
            &self.attributes,
            src,
            |resolver| dropped_task::classify(stmt, placement, src, resolver, scopes),
        );
        if let Some(found) = found {
            if silenced {
                self.silenced.insert(found.call.id());
            }
            self.drops.insert(found.call.id(), found);
        }
    }

    /// `async with asyncio.TaskGroup() as tg:` makes `tg.create_task` a group's task.
    fn task_group_alias(&mut self, node: Node<'t>) {
        let src = self.src;
        let value = node.named_child(0).map(strip_parens);
        let alias = node.child_by_field_name("alias");
        if let (Some(value), Some(alias)) = (value, alias)
            && value.kind() == "call"
            && value
                .child_by_field_name("function")
                .and_then(|f| last_name(f, src))
                .is_some_and(|n| n.ends_with("TaskGroup"))
        {
            self.task_groups.insert(text(alias, src).trim().to_owned());
        }
    }

    /// A call: a site when it creates a task, followed from where it stands.
    fn call(&mut self, node: Node<'t>, ancestors: &[Node<'t>]) {
        let (creator, undecided) = match self.creator(node, ancestors) {
            Some(creator) => (creator, None),
            None => match self.undecided(node, ancestors) {
                Some(why) => (Creator::Task, Some(why)),
                None => return,
            },
        };
        let enclosing: Vec<Node> = ancestors
            .iter()
            .filter(|a| matches!(a.kind(), "function_definition" | "class_definition"))
            .copied()
            .collect();
        let mut site = TaskSite {
            call: node,
            statement: simple_statement(node, ancestors),
            creator,
            reference: Reference::Passed,
            holder: None,
            owner: None,
            owner_scope: None,
            shutdown_unknown: false,
            local: None,
            local_from: None,
            outcome_read: false,
            enclosing,
            verdict: Verdict::Kept { by: None },
            suppressed: false,
            silenced_kind: None,
            callback_only: false,
            in_local_container: false,
            held_by_frame: false,
            held_across: None,
            lost_next_turn: None,
            in_slot: false,
            finishes_at_once: creator == Creator::Threadsafe
                && super::handoff::finishes_at_once(node, self.src),
            open_proof: None,
            not_a_task: false,
            waits_on: None,
            never_runs: None,
            frame_runner: None,
            closure_frame: None,
            unguarded_rebind: false,
            rebound_at: None,
            factory_return: None,
            stores_itself: None,
            weakly_held: None,
            awaited_by_callee: false,
            cancelled_by_callee: None,
        };
        let row = node.start_position().row;
        if let Some(why) = undecided {
            // Whatever it returns is dropped; whether that is a task is not known.
            site.reference = Reference::Dropped;
            site.verdict = Verdict::Unknown(why);
        } else if let Some(found) = self.drops.remove(&node.id()) {
            site.reference = Reference::Dropped;
            site.local = found.target.map(|t| text(t, self.src).to_owned());
            // `_ = create_task(...)  # noqa: RUF006` is no keeper.
            let silenced = self.silenced.remove(&node.id());
            site.mark_dropped(found, silenced);
        } else if creator == Creator::Handoff {
            // The loop drops what the handed callable returns, whatever the call's statement
            // does with the handle.
            site.reference = Reference::Dropped;
            site.suppressed = self.silenced(&site, row);
        } else {
            let used = usage(node, ancestors, self.src);
            self.follow(&mut site, used, ancestors);
            if matches!(used, Use::Statement | Use::Method | Use::Retrieved)
                && site.reference == Reference::Dropped
            {
                site.suppressed = self.silenced(&site, row);
            }
        }
        self.sites.push(site);
    }

    /// A dropped task `check` does not report for a `noqa`: its statement silenced by check's
    /// rule, or the row of its call.
    fn silenced(&self, site: &TaskSite, row: usize) -> bool {
        self.facts.suppressed(row) || self.facts.silences(site.statement, self.source)
    }

    /// A statement that drops what a project function returns, where that is a task on some
    /// paths only and the call's arguments do not say which: why (an `unknown` site, which
    /// `check` does not report).
    fn undecided(&self, node: Node<'t>, ancestors: &[Node<'t>]) -> Option<String> {
        let (src, facts) = (self.src, self.facts);
        if facts.factories.is_empty() {
            return None;
        }
        // An `async def` factory's task is the result of the await around the call.
        let awaited = ancestors.split_last().filter(|(a, _)| a.kind() == "await");
        let (root, settings) = (self.root, self.settings);
        let why = with_resolver(
            facts,
            settings,
            root,
            ancestors,
            &self.attributes,
            src,
            |resolver| resolver.undecided_factory(node, awaited.is_some(), src),
        )?;
        let dropped = match awaited {
            Some((&value, around)) => usage(value, around, src),
            None => usage(node, ancestors, src),
        };
        matches!(dropped, Use::Statement).then_some(why)
    }

    /// What creates the task of the call, if it creates one that is listed.
    fn creator(&self, node: Node<'t>, ancestors: &[Node<'t>]) -> Option<Creator> {
        let (src, facts) = (self.src, self.facts);
        let dropped = self.drops.contains_key(&node.id());
        // `ensure_future(task)` of a task its scope already keeps creates nothing: it returns
        // that task, whose own site is listed where it was created.
        let scope = ancestors
            .iter()
            .rev()
            .find(|a| a.kind() == "function_definition")
            .copied()
            .unwrap_or(self.root);
        with_resolver(
            facts,
            self.settings,
            self.root,
            ancestors,
            &self.attributes,
            src,
            |resolver| {
                // An `async def` factory's task is the result of the await: listed when its
                // statement drops it (`await spawn()` as a statement), not followed.
                let async_factory = resolver
                    .factory_of(node, src)
                    .is_some_and(|f| facts.factories.refs[f].is_async);
                // `ensure_future(create_task(...))` returns the inner task as it is: one site,
                // the outer call's, whose use is the task's.
                let wrapped = ancestors.len().checked_sub(2).is_some_and(|i| {
                    ancestors[i + 1].kind() == "argument_list"
                        && super::follow::wrapped_by_ensure_future(ancestors[i], src)
                            .is_some_and(|inner| inner.id() == node.id())
                });
                let creator = match async_factory {
                    true => dropped.then_some(Creator::Task),
                    false if wrapped && !dropped => None,
                    false => creator(node, src, resolver, &self.task_groups),
                }?;
                let is_task = |n: Node| resolver.is_task_call(n, src);
                (dropped || !already_kept(node, scope, src, &is_task)).then_some(creator)
            },
        )
    }

    /// Follows a task that its statement does not drop from how the call is used.
    fn follow(&mut self, site: &mut TaskSite<'t>, used: Use<'t>, ancestors: &[Node<'t>]) {
        let node = site.call;
        follow(site, used, ancestors, &mut self.memo);
        // `return <call>`, the call itself the value.
        if matches!(used, Use::Returned)
            && site.statement.kind() == "return_statement"
            && site.statement.named_child(0).map(strip_parens) == Some(node)
        {
            site.factory_return = Some(site.statement);
        }
        // `await tg.create_task(c())` on a group whose `create_task` is a coroutine: the
        // group keeps the task the awaited coroutine returns.
        let awaited_method = site.creator == Creator::TaskGroup
            && site.reference == Reference::Awaited
            && super::group_create::async_create(node, self.src, self.facts);
        if site.creator == Creator::TaskGroup
            && (site.reference != Reference::Awaited || awaited_method)
        {
            site.reference = Reference::TaskGroup;
            site.holder = None;
            site.owner = None;
        }
        if site.reference == Reference::Local
            && let Some(name) = site.local.clone()
            && let Some(function) = site.closure_frame.as_ref().or_else(|| {
                site.enclosing
                    .iter()
                    .rev()
                    .find(|n| n.kind() == "function_definition")
            })
        {
            let after = assignment_end(node, ancestors);
            let block = ancestors
                .iter()
                .rev()
                .find(|a| matches!(a.kind(), "block" | "module"))
                .map_or(0, |b| b.id());
            let index = self.sites.len();
            self.pending.push((index, name, *function, after, block));
        }
    }
}

/// The innermost simple statement around `node` (read off the walk: tree-sitter's parent
/// lookup searches down from the root).
fn simple_statement<'t>(node: Node<'t>, ancestors: &[Node<'t>]) -> Node<'t> {
    let compound = |kind: &str| {
        matches!(
            kind,
            "if_statement"
                | "for_statement"
                | "while_statement"
                | "with_statement"
                | "try_statement"
                | "match_statement"
        )
    };
    for &a in ancestors.iter().rev() {
        if matches!(a.kind(), "block" | "module") || compound(a.kind()) {
            break;
        }
        if a.kind().ends_with("_statement") {
            return a;
        }
    }
    node
}

/// The ids of the functions around a node (innermost first), then the module's: where the
/// resolver looks for `name = get_running_loop()`.
fn enclosing_ids(root: Node, ancestors: &[Node]) -> Vec<usize> {
    let mut ids: Vec<usize> = ancestors
        .iter()
        .rev()
        .filter(|a| a.kind() == "function_definition")
        .map(|a| a.id())
        .collect();
    ids.push(root.id());
    ids
}

fn creator(
    call: Node,
    src: &str,
    resolver: &Resolver,
    task_groups: &HashSet<String>,
) -> Option<Creator> {
    let function = call.child_by_field_name("function")?;
    let name = last_name(function, src)?;
    let object = function.child_by_field_name("object").map(strip_parens);
    match name {
        "create_task" if object.is_some_and(|o| is_task_group(o, src, task_groups)) => {
            Some(Creator::TaskGroup)
        }
        // A Task made by its class is no factory's task (see `factory::defined`).
        _ if resolver.is_task_class(function, src) => Some(Creator::TaskClass),
        _ if resolver.is_task_call(call, src) => Some(Creator::Task),
        "run_coroutine_threadsafe" if object.is_none_or(|o| resolver.is_asyncio_module(o, src)) => {
            Some(Creator::Threadsafe)
        }
        _ if is_handoff_method(name.as_bytes())
            && object.is_some_and(|o| resolver.is_loop(o, src))
            && handed_callable(call, src)
                .is_some_and(|a| resolver.is_task_function(strip_parens(a), src)) =>
        {
            Some(Creator::Handoff)
        }
        _ => None,
    }
}

/// `tg`, a name bound by `async with TaskGroup() as …`, or an attribute named like a group.
fn is_task_group(receiver: Node, src: &str, task_groups: &HashSet<String>) -> bool {
    let name = match receiver.kind() {
        "identifier" => text(receiver, src),
        "attribute" => receiver
            .child_by_field_name("attribute")
            .map_or("", |a| text(a, src)),
        _ => return false,
    };
    let lower = name.to_ascii_lowercase();
    task_groups.contains(text(receiver, src))
        || lower == "tg"
        || lower.ends_with("_tg")
        || lower.contains("task_group")
        || lower.contains("taskgroup")
}
