//! The fate of tasks kept in locals, decided by the reads that follow in their function (one
//! walk per function): awaited, returned, stored, passed on, handled by the frame, or lost.

use std::collections::HashMap;
use std::ops::Range;

use tree_sitter::Node;

use super::closure_reads::{in_closure, looked_at_after_closures, own_read};
use super::follow::{
    Use, binding_statement, closure_frame, handed_to_cancel, is_local_container, keep_in, usage,
};
use super::memo::Memo;
use super::task_site::{Creator, Reference, TaskSite};
use crate::scan::syntax::{strip_parens, text, walk_with_ancestors};

/// A task kept in a local: (site index, name, function, where its binding ends, the id of the
/// block that binds it).
pub(super) type Pending<'t> = (usize, String, Node<'t>, usize, usize);

/// Decides the fate of tasks kept in locals from the reads that follow in their function, one
/// walk per function.
pub(super) fn resolve_locals<'t>(
    sites: &mut [TaskSite<'t>],
    pending: &[Pending<'t>],
    memo: &mut Memo,
) {
    let mut by_function: HashMap<usize, Vec<usize>> = HashMap::new();
    for (p, entry) in pending.iter().enumerate() {
        by_function.entry(entry.2.id()).or_default().push(p);
    }
    let mut functions: Vec<&Vec<usize>> = by_function.values().collect();
    functions.sort();
    let mut aliases: Vec<Alias<'t>> = Vec::new();
    for group in functions {
        let reads = reads_in_function(group, pending, memo);
        for (slot, &p) in group.iter().enumerate() {
            if let Some(alias) = alias_of(&pending[p], &reads, slot, memo) {
                aliases.push(alias);
            }
            let site = &mut sites[pending[p].0];
            // `self._t = task = create_task(...)`: the store is one more use of the task.
            let chained = chained_store(site.call).map(|outer| {
                let mut uses = reads.uses[slot].clone();
                uses.push((Use::Assigned(outer), false));
                uses
            });
            let local = LocalReads {
                uses: chained.as_deref().unwrap_or(&reads.uses[slot]),
                nodes: &reads.nodes[slot],
                exits: &reads.exits[slot],
                plain_returns: reads.plain_returns[slot],
                rebound: reads.rebound[slot],
            };
            settle_local(site, &local, memo);
        }
    }
    follow_aliases(sites, aliases, memo);
}

/// A second local bound to a pending local's tasks (`pending = set(tasks)`, `other = task`),
/// with the first local's own reads but that binding.
struct Alias<'t> {
    entry: Pending<'t>,
    uses: Vec<(Use<'t>, bool)>,
    nodes: Vec<Node<'t>>,
    exits: Vec<Option<Range<usize>>>,
}

/// The second local a pending local's tasks are bound to, when the first is read otherwise only
/// where the frame keeps nothing past the read (its methods called, `len`, `enumerate`, a test):
/// a built-in that holds the same elements (`set(tasks)`, `list(tasks)`) or the name itself,
/// bound to a plain local of the same function, whose own reads then decide (the language:
/// both names refer to the same tasks).
fn alias_of<'t>(
    entry: &Pending<'t>,
    reads: &Reads<'t>,
    slot: usize,
    memo: &mut Memo,
) -> Option<Alias<'t>> {
    let uses = &reads.uses[slot];
    let mut target = None;
    for (i, (used, nested)) in uses.iter().enumerate() {
        match used {
            _ if *nested => return None,
            Use::Assigned(t) if strip_parens(*t).kind() == "identifier" && target.is_none() => {
                target = Some((i, strip_parens(*t)));
            }
            Use::Handled | Use::Method | Use::Other => {}
            _ => return None,
        }
    }
    let (at, target) = target?;
    let name = text(target, memo.src);
    let function = entry.2;
    let binding = (target.parent()).filter(|p| p.kind() == "assignment")?;
    let mut scope = binding.parent();
    while let Some(node) = scope.filter(|n| n.kind() != "function_definition") {
        scope = node.parent();
    }
    let block = (binding.parent())
        .and_then(|statement| statement.parent())
        .filter(|b| matches!(b.kind(), "block" | "module"))?;
    let own = scope.is_some_and(|f| f.id() == function.id())
        && name != entry.1
        && !memo.declares_global(function, name)
        && !memo.declares_nonlocal(function, name);
    own.then(|| Alias {
        entry: (
            entry.0,
            name.to_owned(),
            function,
            binding.end_byte(),
            block.id(),
        ),
        uses: without(uses, at),
        nodes: without(&reads.nodes[slot], at),
        exits: without(&reads.exits[slot], at),
    })
}

/// `items` without the one at `at`.
fn without<T: Clone>(items: &[T], at: usize) -> Vec<T> {
    let mut rest = items.to_vec();
    rest.remove(at);
    rest
}

/// Settles again each site whose local is bound to a second local, from both locals' reads,
/// where the second local's reads keep, wait for or handle the tasks in the frame (a second
/// local returned, passed on or read in a closure stays as the first binding left it: passed).
fn follow_aliases<'t>(sites: &mut [TaskSite<'t>], aliases: Vec<Alias<'t>>, memo: &mut Memo) {
    let entries: Vec<Pending<'t>> = aliases.iter().map(|a| a.entry.clone()).collect();
    for (p, alias) in aliases.into_iter().enumerate() {
        let reads = reads_in_function(&[p], &entries, memo);
        let (second, nodes, exits) = (&reads.uses[0], &reads.nodes[0], &reads.exits[0]);
        let decides = second.iter().any(|(u, _)| {
            matches!(
                u,
                Use::Awaited | Use::Retrieved | Use::Handled | Use::AddedTo(_)
            )
        });
        let keeps_nothing_else = second
            .iter()
            .all(|(u, nested)| !nested && !matches!(u, Use::Passed | Use::Returned));
        if !decides || !keeps_nothing_else {
            continue;
        }
        let uses = [alias.uses, second.clone()].concat();
        let all_nodes = [alias.nodes, nodes.clone()].concat();
        let all_exits = [alias.exits, exits.clone()].concat();
        let local = LocalReads {
            uses: &uses,
            nodes: &all_nodes,
            exits: &all_exits,
            plain_returns: false,
            rebound: None,
        };
        let site = &mut sites[alias.entry.0];
        // The first settling read the binding as a hand-off: the second local decides now,
        // and the audit reads its waits and cancels by its name.
        site.reference = Reference::Local;
        site.local = Some(alias.entry.1);
        site.local_from = Some(alias.entry.3);
        settle_local(site, &local, memo);
    }
}

/// The attribute (or item) an outer target of a chained assignment stores the call's task in
/// (`self._t = task = create_task(...)`).
fn chained_store(call: Node) -> Option<Node> {
    let mut inner = crate::scan::syntax::outside_parens(call);
    let mut stores = None;
    while let Some(outer) = inner.parent().filter(|p| p.kind() == "assignment") {
        if outer.child_by_field_name("right").map(|r| r.id()) != Some(inner.id()) {
            break;
        }
        let target = outer.child_by_field_name("left")?;
        if matches!(strip_parens(target).kind(), "attribute" | "subscript") {
            stores = Some(target);
        }
        inner = outer;
    }
    stores
}

/// What the reads of a function's pending locals found, one entry per local.
struct Reads<'t> {
    /// The uses of its later reads, and whether each is inside a nested function or lambda.
    uses: Vec<Vec<(Use<'t>, bool)>>,
    /// The name read, per use.
    nodes: Vec<Vec<Node<'t>>>,
    /// Per use, the block around it after which the function leaves (`raise`, `return`): an
    /// await there says nothing of the path that goes on.
    exits: Vec<Vec<Option<Range<usize>>>>,
    /// Whether every read that returns the task is a plain `return name`.
    plain_returns: Vec<bool>,
    /// Where the name is bound again, in code that runs after the first binding (the same
    /// block, or one inside it): reads from there on see another value.
    rebound: Vec<Option<usize>>,
    /// Bound again by a `for` target (`for x in ...`): later reads see another value, but the
    /// `rebound` kind, which fixes an assignment, is not told.
    shadowed: Vec<bool>,
}

/// One pending local's part of [`Reads`].
struct LocalReads<'a, 't> {
    uses: &'a [(Use<'t>, bool)],
    nodes: &'a [Node<'t>],
    exits: &'a [Option<Range<usize>>],
    plain_returns: bool,
    rebound: Option<usize>,
}

/// The reads of the pending locals `group` (indices into `pending`) of one function, in one
/// walk of it.
fn reads_in_function<'t>(group: &[usize], pending: &[Pending<'t>], memo: &mut Memo) -> Reads<'t> {
    let src = memo.src;
    let function = pending[group[0]].2;
    let mut reads = Reads {
        uses: vec![Vec::new(); group.len()],
        nodes: vec![Vec::new(); group.len()],
        exits: vec![Vec::new(); group.len()],
        plain_returns: vec![true; group.len()],
        rebound: vec![None; group.len()],
        shadowed: vec![false; group.len()],
    };
    // Per name: its slots in the order their bindings end, how many of them a read has
    // reached, and those reached and not bound again (the only ones a read can concern:
    // scanning every slot per read would grow with the square of a function's locals).
    let mut by_name: HashMap<&str, (Vec<usize>, usize, Vec<usize>)> = HashMap::new();
    for (slot, &p) in group.iter().enumerate() {
        let (order, _, _) = by_name.entry(pending[p].1.as_str()).or_default();
        order.push(slot);
    }
    for (order, _, _) in by_name.values_mut() {
        order.sort_by_key(|&slot| pending[group[slot]].3);
    }
    walk_with_ancestors(function, |node, ancestors, field| {
        if node.kind() != "identifier" {
            return true;
        }
        let parent = ancestors.last().map_or("", |p| p.kind());
        let field = field.name();
        if matches!(
            (parent, field),
            ("attribute", Some("attribute")) | ("keyword_argument", Some("name"))
        ) {
            return true;
        }
        let name = text(node, src);
        let followed = by_name.get_mut(name);
        let Some((order, reached, live)) =
            followed.filter(|_| !in_own_scope(function, ancestors, name, memo))
        else {
            return true;
        };
        let at = node.start_byte();
        while let Some(&slot) = order.get(*reached) {
            if pending[group[slot]].3 > at {
                break;
            }
            live.push(slot);
            *reached += 1;
        }
        live.retain(|&slot| reads.rebound[slot].is_none() && !reads.shadowed[slot]);
        for &slot in live.iter() {
            let block = pending[group[slot]].4;
            // `x = ...` and `for x in ...` bind the name again: what follows reads another value.
            if matches!(parent, "assignment" | "for_statement") && field == Some("left") {
                let inside = ancestors.iter().any(|a| a.id() == block);
                match parent {
                    "assignment" if inside => reads.rebound[slot] = Some(at),
                    _ if inside => reads.shadowed[slot] = true,
                    _ => {}
                }
                continue;
            }
            // A read inside a nested function or lambda keeps the task in a closure; one in
            // the block that binds the name is not nested (a `nonlocal` binding in an inner
            // function, read there).
            let below = ancestors
                .iter()
                .position(|a| a.id() == block)
                .map_or(1, |at| at + 1);
            let used = match usage(node, ancestors, src) {
                Use::Passed | Use::Other if handed_to_cancel(node, ancestors, src) => Use::Handled,
                // `if t.done(): t.exception()`: read only once done, it waits for nothing.
                Use::Retrieved if once_done(ancestors, name, src) => Use::Handled,
                used => used,
            };
            let bound = pending[group[slot]].3;
            let nested = in_closure(ancestors, below, (name, &used), bound, memo);
            // Read by a nested function the frame awaits, or hands on to cancel: its own read.
            let own = own_read(node, ancestors, below, pending[group[slot]].3, &used, src);
            let nested = nested && !own;
            if matches!(used, Use::Returned) && parent != "return_statement" {
                reads.plain_returns[slot] = false;
            }
            let exits = (matches!(used, Use::Awaited | Use::Retrieved))
                .then(|| leaves_after(node, ancestors))
                .flatten();
            reads.uses[slot].push((used, nested));
            reads.nodes[slot].push(node);
            reads.exits[slot].push(exits);
        }
        true
    });
    reads
}

/// The language: a name a nested function binds (with no `nonlocal`) is that function's own
/// local, wherever it is read there: not the one `function` binds.
fn in_own_scope<'s>(
    function: Node,
    ancestors: &[Node],
    name: &'s str,
    memo: &mut Memo<'s>,
) -> bool {
    let inner = ancestors.iter().skip_while(|a| a.id() != function.id());
    let mut scopes =
        (inner.skip(1)).filter(|a| matches!(a.kind(), "function_definition" | "lambda"));
    scopes.any(|a| memo.binds_own(*a, name))
}

/// Returned, and read otherwise only to call its methods or look at it, or handed to a function
/// of the module that keeps no reference to it (see [`super::inert`]).
fn only_returned(local: &LocalReads, src: &str) -> bool {
    let inert =
        |i: usize| (local.nodes.get(i)).is_some_and(|n| super::inert::handed_to_inert(*n, src));
    local.uses.iter().enumerate().all(|(i, (u, nested))| {
        !nested
            && (matches!(u, Use::Returned | Use::Method | Use::Other)
                || matches!(u, Use::Passed) && inert(i))
    })
}

/// Assignment targets that store the task on something else: an attribute, an item, and
/// `setattr(obj, "name", task)`.
const STORING_TARGETS: [&str; 3] = ["attribute", "subscript", "call"];

/// The fate of one task kept in a local, from the strongest of its later reads.
fn settle_local<'t>(site: &mut TaskSite<'t>, local: &LocalReads<'_, 't>, memo: &mut Memo) {
    // `asyncio.wait(tasks.keys())` waits for the tasks a dict holds as its keys.
    let keyed = super::dict_keys::keyed_reads(site.call, local.uses, local.nodes, memo.src);
    let uses = keyed.as_deref().unwrap_or(local.uses);
    // `for name, task in tasks: await task` awaits the task a tuple put in the container.
    let unpacked = super::unpacked::awaited_by_unpacking(site.call, uses, local.nodes, memo.src);
    let reads = unpacked.as_deref().unwrap_or(uses);
    let ancestors_of_function = site.enclosing.clone();
    // Stored on an object (`self._tasks.add(task)`, `self.x = task`) or in a collection of the
    // module (`_background.add(task)`): that owner keeps it, even when the function also
    // returns it (whose caller may drop it).
    let module_holders = module_holders(reads, &ancestors_of_function, memo);
    let stored = |u: &Use| match u {
        Use::Assigned(target) => STORING_TARGETS.contains(&strip_parens(*target).kind()),
        Use::AddedTo(holder) => {
            holder.kind() == "attribute" || module_holders.contains(&holder.start_byte())
        }
        _ => false,
    };
    // An await (or a read of `result()`) in a branch that leaves the function holds the
    // task only on that branch: a store on an object after that branch, on the path that
    // goes on, keeps it (hikari's shard: `if not ready: t.result(); raise ...` then
    // `self._t = t`). A store made before the branch was made before the await too: the
    // await still waits for the task there (livekit's `self._t = t` then `try: await t;
    // return`).
    let after = |branch: &Range<usize>| {
        reads.iter().any(|(u, nested)| match u {
            Use::Assigned(n) | Use::AddedTo(n) if !nested && stored(u) => {
                n.start_byte() >= branch.end
            }
            _ => false,
        })
    };
    let exits = |i: usize| (local.exits.get(i).and_then(Option::as_ref)).is_some_and(after);
    let rank = |(i, u): &(usize, &(Use, bool))| match u {
        (_, true) => 50,
        (Use::Awaited | Use::Retrieved, _) if exits(*i) => 15,
        (Use::Awaited | Use::Retrieved, _) => 0,
        (used, false) if stored(used) => 10,
        (Use::Returned, _) => 20,
        (Use::Assigned(_), _) | (Use::AddedTo(_), _) => 30,
        (Use::Passed, _) => 40,
        (Use::Handled, _) => 60,
        (Use::Method | Use::Statement | Use::Other, _) => 90,
    };
    // `nonlocal t; t = create_task(...)`: the variable is the enclosing function's, whose
    // frame holds the task until it returns, whether or not it reads it again.
    let in_outer_frame = local.rebound.is_none() && nonlocal_binding(site, memo);
    let best = reads.iter().enumerate().min_by_key(rank).map(|(_, u)| *u);
    let Some(best) = best else {
        site.rebound_at = local.rebound;
        site.held_by_frame = in_outer_frame || outlives(site, local, memo.src, memo);
        held_by_runner(site, memo);
        return;
    };
    match best {
        // A closure also holds the variable, but the frame itself looks at the task after it,
        // as in `Use::Handled` below: the frame holds it until then.
        (_, true) if looked_at_after_closures(local.uses, local.nodes) => site.held_by_frame = true,
        (_, true) => site.reference = Reference::Passed,
        (Use::Passed, false) => {
            site.reference = Reference::Passed;
            site.held_across =
                super::held_across::held_across(local.uses, local.nodes, local.rebound);
        }
        (Use::Retrieved, _) if only_looked_at(site, local) => outcome_read(site),
        (Use::Awaited | Use::Retrieved, _) => site.reference = Reference::Awaited,
        (Use::Returned, _) => {
            site.reference = Reference::Returned;
            if only_returned(local, memo.src) && local.plain_returns && local.rebound.is_none() {
                site.factory_return = binding_statement(site);
            }
        }
        (Use::AddedTo(holder), _) => {
            keep_in(site, holder, &ancestors_of_function, memo);
            site.in_local_container = is_local_container(holder, &ancestors_of_function, memo)
                || closure_frame(holder, &ancestors_of_function, memo).is_some();
            site.reference = Reference::Collection;
        }
        (Use::Assigned(target), _) => {
            // `self._task = task`: the attribute keeps it; `other = task`: passed on.
            site.reference = match STORING_TARGETS.contains(&strip_parens(target).kind()) {
                true => super::follow::assigned(site, target, &ancestors_of_function, memo),
                false => Reference::Passed,
            };
        }
        // Kept in the local until the function cancels or inspects it there.
        (Use::Handled, _) => site.held_by_frame = true,
        (Use::Method | Use::Statement | Use::Other, _) => {
            let tested_only = |i: usize| unpacked.is_none() && tests_none_at(local, i, memo.src);
            settle_unkept(site, local, reads, tested_only, in_outer_frame, memo);
        }
    }
}

/// Whether the local's `i`th read is an identity test against `None`.
fn tests_none_at(local: &LocalReads, i: usize, src: &str) -> bool {
    (local.nodes.get(i)).is_some_and(|n| super::follow::tests_none(*n, src))
}

/// A local read only by its methods, statements or other reads that keep nothing: the
/// callback-only shape when every read is a method call or a `None` test (`tested_only`) and
/// one is a done callback; held by the frame where the frame outlives the task.
fn settle_unkept(
    site: &mut TaskSite,
    local: &LocalReads,
    reads: &[(Use, bool)],
    tested_only: impl Fn(usize) -> bool,
    in_outer_frame: bool,
    memo: &mut Memo,
) {
    // `if t is not None:` compares identity: it keeps nothing and reads no outcome. At least
    // one done callback: a task only tested is not this shape.
    site.callback_only = (reads.iter().enumerate())
        .all(|(i, (u, _))| matches!(u, Use::Method) || tested_only(i))
        && reads.iter().any(|(u, _)| matches!(u, Use::Method));
    site.rebound_at = local.rebound;
    let src = memo.src;
    let name = site.local.as_deref().unwrap_or_default();
    site.held_by_frame = in_outer_frame
        || outlives(site, local, src, memo)
        || (site.callback_only && super::frame::waits_for_its_callback(site.statement, name, src));
    held_by_runner(site, memo);
}

/// A task's `result()` waits for nothing (asyncio raises `InvalidStateError` while it runs):
/// read with no await, the task is the local's, its outcome read there.
fn outcome_read(site: &mut TaskSite) {
    site.reference = Reference::Local;
    site.held_by_frame = true;
    site.outcome_read = true;
}

/// Every read of the local calls one of its methods or tests it (`t.done()`, `t.result()`,
/// `assert t.done()`): nothing else can wait for it (a call it is handed to, a cancelling
/// helper, an `await`). A `concurrent.futures.Future`'s `result()` blocks until it is done: a
/// wait.
fn only_looked_at(site: &TaskSite, local: &LocalReads) -> bool {
    if site.creator == Creator::Threadsafe {
        return false;
    }
    let on_the_task = |n: Option<&Node>| {
        n.and_then(|n| n.parent())
            .is_some_and(|p| p.kind() == "attribute")
    };
    (local.uses.iter().zip(0..)).all(|((u, nested), i)| {
        !nested
            && match u {
                Use::Retrieved | Use::Method | Use::Other => true,
                Use::Handled => on_the_task(local.nodes.get(i)),
                _ => false,
            }
    })
}

/// The frame outlives the task's use (see [`super::frame::outlives`]); for a local bound again
/// later, only a frame that never gets past a statement.
fn outlives(site: &TaskSite, local: &LocalReads, src: &str, memo: &mut Memo) -> bool {
    match local.rebound {
        Some(_) => super::frame::outlives_bound_again(site.statement, src, &mut memo.endless_loops),
        None => super::frame::outlives(site.statement, src, &mut memo.endless_loops),
    }
}

/// A local held by its frame while a function of the checked code runs the loop: which.
fn held_by_runner(site: &mut TaskSite, memo: &Memo) {
    if site.held_by_frame && !memo.endless_loops.runners.is_empty() {
        site.frame_runner =
            super::frame::loop_runner_after(site.statement, memo.src, &memo.endless_loops);
    }
}

/// The read is in the body of an `if` (inside its function) whose condition asks `name.done()`
/// (not `not name.done()`): it looks at a task already done.
fn once_done(ancestors: &[Node], name: &str, src: &str) -> bool {
    let asked = format!("{name}.done()");
    for (i, a) in ancestors.iter().enumerate().rev() {
        match a.kind() {
            "function_definition" | "lambda" => return false,
            "if_statement" => {
                let body = ancestors.get(i + 1).map(|c| c.id());
                let consequence = a.child_by_field_name("consequence").map(|c| c.id());
                let condition: String = (a.child_by_field_name("condition"))
                    .map(|c| text(c, src).split_whitespace().collect())
                    .unwrap_or_default();
                if body.is_some()
                    && body == consequence
                    && condition.contains(&asked)
                    && !condition.contains(&format!("not{asked}"))
                {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// Where the reads add the task to a collection of the module (the holder's offset).
fn module_holders(reads: &[(Use, bool)], ancestors: &[Node], memo: &mut Memo) -> Vec<usize> {
    let function = (ancestors.iter().rev()).find(|a| a.kind() == "function_definition");
    (reads.iter())
        .filter_map(|(u, _)| match u {
            Use::AddedTo(holder) if module_collection(*holder, function.copied(), memo) => {
                Some(holder.start_byte())
            }
            _ => None,
        })
        .collect()
}

/// `holder` in `holder.add(t)` is a name of the module (bound at its top level) that the
/// function does not bind for itself (or declares `global`): the module keeps what it holds.
fn module_collection(holder: Node, function: Option<Node>, memo: &mut Memo) -> bool {
    let (Some(function), "identifier") = (function, holder.kind()) else {
        return false;
    };
    let name = text(holder, memo.src);
    memo.declared_at_module(name)
        && (!memo.assigns(function, name) || memo.declares_global(function, name))
}

/// The site binds a variable its function declares `nonlocal`.
fn nonlocal_binding(site: &TaskSite, memo: &mut Memo) -> bool {
    let innermost = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition");
    match (site.closure_frame, innermost, site.local.as_deref()) {
        (Some(_), Some(function), Some(name)) => memo.declares_nonlocal(*function, name),
        _ => false,
    }
}

/// The innermost block around `node` inside its function (a branch, not the body itself) that
/// goes on, after the statement that holds it, to a `raise` or `return` at its own level: the
/// function leaves on that path.
fn leaves_after(node: Node, ancestors: &[Node]) -> Option<Range<usize>> {
    let function = |n: &Node| matches!(n.kind(), "function_definition" | "lambda");
    let mut child = node;
    for (i, &parent) in ancestors.iter().enumerate().rev() {
        if function(&parent) || i.checked_sub(1).is_some_and(|j| function(&ancestors[j])) {
            break;
        }
        if parent.kind() == "block" {
            let mut next = child.next_named_sibling();
            while let Some(statement) = next {
                if matches!(statement.kind(), "raise_statement" | "return_statement") {
                    return Some(parent.byte_range());
                }
                next = statement.next_named_sibling();
            }
        }
        child = parent;
    }
    None
}
