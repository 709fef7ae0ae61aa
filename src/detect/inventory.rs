//! The inventory: every task-creation site in a file, with what happens to its reference.
//!
//! The dropped ones are exactly detection's sites (`check` reports them and `fix` plans from
//! them); every other call that creates a task is followed from where it stands: awaited,
//! returned, stored on an attribute, added to a collection, bound at module level, handed to a
//! task group, passed on, or kept in a local whose later reads decide its fate. `audit` renders
//! the whole list; [`crate::audit::lifecycle`] adds shutdown, exceptions, risk and action.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use tree_sitter::Node;

use super::callee::{Resolver, last_name};
use super::dropped_task::{Kind, already_kept, first_argument};
use super::memo::Memo;
use super::statements::Detection;
use crate::scan::asyncio_api::is_handoff_method;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{strip_parens, text, walk_with_ancestors};
use crate::settings::Settings;

/// What happens to a task's reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reference {
    Dropped,
    Awaited,
    Returned,
    Attribute,
    Collection,
    Module,
    TaskGroup,
    Passed,
    Local,
}

impl Reference {
    pub const ALL: [Reference; 9] = [
        Reference::Dropped,
        Reference::Awaited,
        Reference::Returned,
        Reference::Attribute,
        Reference::Collection,
        Reference::Module,
        Reference::TaskGroup,
        Reference::Passed,
        Reference::Local,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reference::Dropped => "dropped",
            Reference::Awaited => "awaited",
            Reference::Returned => "returned",
            Reference::Attribute => "attribute",
            Reference::Collection => "collection",
            Reference::Module => "module",
            Reference::TaskGroup => "task-group",
            Reference::Passed => "passed",
            Reference::Local => "local",
        }
    }
}

/// Which kind of call creates the task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Creator {
    /// What detection reports when dropped: asyncio's functions, a loop's `create_task`, a
    /// configured task function.
    Task,
    /// `tg.create_task(...)` on a `TaskGroup`: the group keeps and awaits it.
    TaskGroup,
    /// `asyncio.Task(coro)`.
    TaskClass,
    /// `asyncio.run_coroutine_threadsafe(coro, loop)`: its concurrent Future holds the task.
    Threadsafe,
    /// `loop.call_soon_threadsafe(loop.create_task, coro)`: the loop creates the task later and
    /// drops it.
    Handoff,
}

/// One task-creation site, as nodes; [`crate::audit::lifecycle`] turns it into plain data.
#[derive(Debug, Clone)]
pub struct TaskSite<'t> {
    pub call: Node<'t>,
    /// The simple statement that holds the call (the call itself in a compound statement's
    /// header).
    pub statement: Node<'t>,
    pub creator: Creator,
    pub reference: Reference,
    /// The expression that holds the reference, as written (`self._task`, `_tasks`), if kept.
    pub holder: Option<String>,
    /// The holder qualified for the report (`Scheduler._task`, `module._tasks`).
    pub owner: Option<String>,
    /// The text where the holder lives (its class, or the module), as a byte range.
    pub owner_scope: Option<Range<usize>>,
    /// The local the task was first bound to, if any.
    pub local: Option<String>,
    /// Enclosing classes and functions, outermost first.
    pub enclosing: Vec<Node<'t>>,
    /// For dropped tasks: detection's kind, and why it is not fixed, if it is not.
    pub kind: Option<Kind>,
    pub unfixable: Option<&'static str>,
    /// A `# noqa` comment silences the dropped task.
    pub suppressed: bool,
    /// Only `add_done_callback`, `cancel` and the like read the local: it dies with the frame.
    pub callback_only: bool,
    /// The function rebinds the attribute with no look at the task it held.
    pub unguarded_rebind: bool,
    /// The collection holding the task is a container made in the function: it dies with the
    /// frame, so it cannot grow forever.
    pub in_local_container: bool,
    /// A local bound again (at this offset) before anything kept the task it held.
    pub rebound_at: Option<usize>,
    /// The task is returned and nothing else keeps it: the statement that creates (`return
    /// <call>`) or binds it (`task = <call>` … `return task`), where a fix of the function's
    /// callers would keep it. See [`super::factory`].
    pub factory_return: Option<Node<'t>>,
}

/// How one occurrence of a task (the call itself, or a later read of its name) is used.
#[derive(Debug, Clone, Copy)]
enum Use<'t> {
    Awaited,
    Returned,
    /// A statement of its own: nothing keeps it.
    Statement,
    /// The value of an assignment (or walrus) to this target.
    Assigned(Node<'t>),
    /// Given to `holder.add(...)`, `holder.append(...)` and the like.
    AddedTo(Node<'t>),
    /// An argument of some other call.
    Passed,
    /// `task.method(...)`: a method call on the task itself.
    Method,
    /// `task.result()` / `task.exception()`: the outcome is read, so the task is done (or the
    /// caller waits for it, as with the future of `run_coroutine_threadsafe`).
    Retrieved,
    /// Read without being kept (compared, iterated, tested).
    Other,
}

/// Calls whose argument is awaited with the call (`await asyncio.gather(*tasks)`).
const AWAITING: [&str; 6] = [
    "gather",
    "wait",
    "wait_for",
    "shield",
    "as_completed",
    "timeout",
];
/// Methods that put their argument into a container.
const ADDING: [&str; 8] = [
    "add",
    "append",
    "appendleft",
    "insert",
    "put_nowait",
    "setdefault",
    "extend",
    "update",
];

/// Lists every task-creation site of a parsed, error-free file, in source order.
pub fn inventory<'t>(
    tree: &'t tree_sitter::Tree,
    source: &SourceFile,
    settings: &Settings,
    detection: &Detection<'t, '_>,
) -> Vec<TaskSite<'t>> {
    let src = source.text;
    let root = tree.root_node();
    // Tasks lost in a local (`rebound`, `dying-container`) are followed like any other: their
    // kind is set once the locals are resolved.
    let lost_in_local = |kind: Kind| matches!(kind, Kind::Rebound | Kind::DyingContainer);
    let dropped: HashMap<usize, usize> = detection
        .sites
        .iter()
        .enumerate()
        .filter(|(_, site)| !lost_in_local(site.kind))
        .map(|(i, site)| (site.call.id(), i))
        .collect();
    let mut task_groups: HashSet<String> = HashSet::new();
    let mut sites = Vec::new();
    // Locals whose fate their later reads decide: (site index, name, function, after byte).
    let mut pending: Vec<Pending<'t>> = Vec::new();
    let mut memo = Memo::new(src);

    // Only the paths down to a spelling of a task creator are walked: the rest of the tree
    // cannot hold a site.
    let mut spellings: Vec<&str> = vec![
        "create_task",
        "ensure_future",
        "Task",
        "run_coroutine_threadsafe",
    ];
    spellings.extend(detection.names.functions.iter().map(String::as_str));
    spellings.extend(detection.factories.spellings());
    spellings.extend(
        settings
            .task_functions
            .iter()
            .map(|f| f.rsplit('.').next().unwrap_or(f)),
    );
    let mut mentions: Vec<usize> = spellings
        .iter()
        .flat_map(|s| memchr::memmem::find_iter(src.as_bytes(), s.as_bytes()))
        .collect();
    mentions.sort_unstable();
    let holds_mention = |node: Node| {
        let first = mentions.partition_point(|&at| at < node.start_byte());
        mentions.get(first).is_some_and(|&at| at < node.end_byte())
    };

    walk_with_ancestors(root, |node, ancestors, _| {
        if !holds_mention(node) {
            return false;
        }
        match node.kind() {
            // `async with asyncio.TaskGroup() as tg:` makes `tg.create_task` a group's task.
            "as_pattern" => {
                let value = node.named_child(0).map(strip_parens);
                let alias = node.child_by_field_name("alias");
                if let (Some(value), Some(alias)) = (value, alias)
                    && value.kind() == "call"
                    && value
                        .child_by_field_name("function")
                        .and_then(|f| last_name(f, src))
                        .is_some_and(|n| n.ends_with("TaskGroup"))
                {
                    task_groups.insert(text(alias, src).trim().to_owned());
                }
            }
            "call" => {
                let ids = enclosing_ids(root, ancestors);
                let loop_bound = |ident: Node| {
                    let name = text(ident, src).to_owned();
                    ids.iter()
                        .any(|&id| detection.loop_bindings.contains(&(id, name.clone())))
                };
                let class = ancestors
                    .iter()
                    .rev()
                    .find(|a| a.kind() == "class_definition")
                    .and_then(|c| c.child_by_field_name("name"))
                    .map(|n| text(n, src));
                let resolver = Resolver {
                    names: &detection.names,
                    settings,
                    loop_bound: &loop_bound,
                    factories: &detection.factories,
                    class,
                };
                // An `async def` factory's task is the result of the await: listed when
                // detection found it dropped (`await spawn()` as a statement), not followed.
                let async_factory = resolver
                    .factory_of(node, src)
                    .is_some_and(|f| detection.factories.refs[f].is_async);
                let creator = match async_factory {
                    true => dropped.contains_key(&node.id()).then_some(Creator::Task),
                    false => creator(node, src, &resolver, &task_groups),
                };
                let Some(creator) = creator else {
                    return true;
                };
                // `ensure_future(task)` of a task its scope already keeps creates nothing: it
                // returns that task, whose own site is listed where it was created.
                let scope = ancestors
                    .iter()
                    .rev()
                    .find(|a| a.kind() == "function_definition")
                    .copied()
                    .unwrap_or(root);
                if !dropped.contains_key(&node.id()) && already_kept(node, scope, src) {
                    return true;
                }
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
                    local: None,
                    enclosing,
                    kind: None,
                    unfixable: None,
                    suppressed: false,
                    callback_only: false,
                    in_local_container: false,
                    unguarded_rebind: false,
                    rebound_at: None,
                    factory_return: None,
                };
                if let Some(&i) = dropped.get(&node.id()) {
                    let found = &detection.sites[i];
                    site.reference = Reference::Dropped;
                    site.kind = Some(found.kind);
                    site.unfixable = found.unfixable;
                    site.local = found.target.map(|t| text(t, src).to_owned());
                } else if creator == Creator::Handoff {
                    // The loop drops what the handed callable returns, whatever the call's
                    // statement does with the handle.
                    site.reference = Reference::Dropped;
                    let row = node.start_position().row;
                    site.suppressed = detection.suppressed_rows.contains(&row);
                } else {
                    let used = usage(node, ancestors, src);
                    follow(&mut site, used, ancestors, &mut memo);
                    // `return <call>`, the call itself the value.
                    if matches!(used, Use::Returned)
                        && site.statement.kind() == "return_statement"
                        && site.statement.named_child(0).map(strip_parens) == Some(node)
                    {
                        site.factory_return = Some(site.statement);
                    }
                    if creator == Creator::TaskGroup && site.reference != Reference::Awaited {
                        site.reference = Reference::TaskGroup;
                        site.holder = None;
                        site.owner = None;
                    }
                    if matches!(used, Use::Statement | Use::Method | Use::Retrieved)
                        && site.reference == Reference::Dropped
                    {
                        let row = node.start_position().row;
                        site.suppressed = detection.suppressed_rows.contains(&row);
                    }
                    if site.reference == Reference::Local
                        && let Some(name) = site.local.clone()
                        && let Some(function) = site
                            .enclosing
                            .iter()
                            .rev()
                            .find(|n| n.kind() == "function_definition")
                    {
                        let after = assignment_end(node, ancestors);
                        let block = ancestors
                            .iter()
                            .rev()
                            .find(|a| matches!(a.kind(), "block" | "module"))
                            .map_or(0, |b| b.id());
                        pending.push((sites.len(), name, *function, after, block));
                    }
                }
                sites.push(site);
            }
            _ => {}
        }
        true
    });

    resolve_locals(&mut sites, &pending, &mut memo);
    for found in detection.sites.iter().filter(|s| lost_in_local(s.kind)) {
        if let Some(site) = sites.iter_mut().find(|s| s.call.id() == found.call.id()) {
            site.kind = Some(found.kind);
            site.unfixable = found.unfixable;
        }
    }
    sites
}

/// The tasks that only the inventory sees lost: kept in a local that is bound again before
/// anything kept the task (`rebound`), or added to a container local to the function that
/// nothing keeps (`dying-container`), as detection sites.
pub fn lost_locals<'t>(
    tree: &'t tree_sitter::Tree,
    source: &SourceFile,
    settings: &Settings,
    detection: &Detection<'t, '_>,
) -> Vec<super::dropped_task::Site<'t>> {
    let src = source.text;
    let root = tree.root_node();
    let mut lost = Vec::new();
    for site in inventory(tree, source, settings, detection) {
        let (Reference::Local, None, Some(local)) = (site.reference, site.kind, &site.local) else {
            continue;
        };
        let statement = site.statement;
        let row = statement.start_position().row;
        if statement.kind() != "expression_statement"
            || detection.suppressed_rows.contains(&row)
            || statement.named_child_count() != 1
        {
            continue;
        }
        let Some(expr) = statement.named_child(0).map(strip_parens) else {
            continue;
        };
        let binds_local =
            |target: Node| target.kind() == "identifier" && text(target, src) == local;
        let (kind, target, direct) = match expr.kind() {
            // A task cancelled before its name is bound again is not lost by accident.
            "assignment"
                if site.rebound_at.is_some_and(|at| {
                    let between = src.get(statement.end_byte()..at).unwrap_or_default();
                    !between.contains(&format!("{local}.cancel("))
                }) =>
            {
                let Some(left) = expr.child_by_field_name("left").filter(|l| binds_local(*l))
                else {
                    continue;
                };
                let value = expr.child_by_field_name("right").map(strip_parens);
                (Kind::Rebound, Some(left), value == Some(site.call))
            }
            "call" => {
                let function = expr.child_by_field_name("function");
                let adds_to_local = function.is_some_and(|f| {
                    f.kind() == "attribute"
                        && f.child_by_field_name("object").is_some_and(binds_local)
                        && f.child_by_field_name("attribute")
                            .is_some_and(|a| ADDING.contains(&text(a, src)))
                });
                if !adds_to_local {
                    continue;
                }
                let arguments = expr.child_by_field_name("arguments");
                let only = arguments
                    .filter(|a| a.named_child_count() == 1)
                    .and_then(|a| a.named_child(0))
                    .map(strip_parens);
                (Kind::DyingContainer, None, only == Some(site.call))
            }
            _ => continue,
        };
        lost.push((kind, statement, site.call, expr, target, direct));
    }
    let placements = super::placement::placements_of(root, lost.iter().map(|l| l.1));
    lost.into_iter()
        .filter_map(|(kind, stmt, call, expr, target, direct)| {
            Some(super::dropped_task::Site {
                kind,
                stmt,
                call,
                expr,
                target,
                unfixable: (!direct).then_some("the task is created inside a larger expression"),
                placement: *placements.get(&stmt.id())?,
                factory: None,
            })
        })
        .collect()
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
        _ if resolver.is_task_call(call, src) => Some(Creator::Task),
        "Task" if object.is_some_and(|o| resolver.is_asyncio_module(o, src)) => {
            Some(Creator::TaskClass)
        }
        "run_coroutine_threadsafe" if object.is_none_or(|o| resolver.is_asyncio_module(o, src)) => {
            Some(Creator::Threadsafe)
        }
        _ if is_handoff_method(name.as_bytes())
            && object.is_some_and(|o| resolver.is_loop(o, src))
            && first_argument(call)
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

/// How `node` (a call, or a name) is used where it stands: climbs through parentheses,
/// containers and conditional expressions to the first thing that decides.
fn usage<'t>(node: Node<'t>, ancestors: &[Node<'t>], src: &str) -> Use<'t> {
    let mut child = node;
    for (i, &parent) in ancestors.iter().enumerate().rev() {
        let field_of_child = field_of(parent, child);
        match parent.kind() {
            "parenthesized_expression"
            | "list_splat"
            | "dictionary_splat"
            | "conditional_expression"
            | "boolean_operator"
            | "list"
            | "set"
            | "tuple"
            | "expression_list"
            | "pair"
            | "dictionary" => {}
            "list_comprehension"
            | "set_comprehension"
            | "dictionary_comprehension"
            | "generator_expression" => {
                // Iterating over the tasks is reading them, not keeping them.
                if field_of_child.as_deref() != Some("body") {
                    return Use::Other;
                }
            }
            // `for t in tasks: await t` (or `t.result()`): each task is waited for in turn.
            "for_statement" if field_of_child.as_deref() == Some("right") => {
                return each_waited_for(parent, src).unwrap_or(Use::Other);
            }
            "keyword_argument" if field_of_child.as_deref() != Some("value") => return Use::Other,
            "keyword_argument" => {}
            "await" => return Use::Awaited,
            "return_statement" | "yield" => return Use::Returned,
            "lambda" if field_of_child.as_deref() == Some("body") => return Use::Returned,
            "argument_list" => {
                let Some(call) = i.checked_sub(1).map(|j| ancestors[j]) else {
                    return Use::Passed;
                };
                let function = call.child_by_field_name("function");
                let name = function.and_then(|f| last_name(f, src)).unwrap_or("");
                if AWAITING.contains(&name) {
                    return Use::Awaited;
                }
                if ADDING.contains(&name)
                    && let Some(holder) = function.and_then(|f| f.child_by_field_name("object"))
                {
                    return Use::AddedTo(holder);
                }
                return Use::Passed;
            }
            "assignment" | "named_expression" => {
                let target = parent
                    .child_by_field_name("left")
                    .or_else(|| parent.child_by_field_name("name"));
                return match (field_of_child.as_deref(), target) {
                    (Some("right") | Some("value"), Some(target)) => Use::Assigned(target),
                    _ => Use::Other,
                };
            }
            "augmented_assignment" => {
                return match (
                    field_of_child.as_deref(),
                    parent.child_by_field_name("left"),
                ) {
                    (Some("right"), Some(target)) => Use::AddedTo(target),
                    _ => Use::Other,
                };
            }
            "expression_statement" => return Use::Statement,
            "attribute" => {
                let called = i
                    .checked_sub(1)
                    .map(|j| ancestors[j])
                    .is_some_and(|c| c.kind() == "call");
                let method = parent
                    .child_by_field_name("attribute")
                    .map_or("", |a| text(a, src));
                return match (field_of_child.as_deref(), called) {
                    (Some("object"), true) if matches!(method, "result" | "exception") => {
                        Use::Retrieved
                    }
                    (Some("object"), true) => Use::Method,
                    _ => Use::Other,
                };
            }
            _ => return Use::Other,
        }
        child = parent;
    }
    Use::Other
}

/// `Awaited` when the body of `for name in ...:` awaits `name` or reads `name.result()` or
/// `name.exception()` (not under `if name.done():`): each task is done, or waited for, before
/// the loop goes on.
fn each_waited_for<'t>(for_statement: Node<'t>, src: &str) -> Option<Use<'t>> {
    let name = for_statement
        .child_by_field_name("left")
        .filter(|l| l.kind() == "identifier")
        .map(|l| text(l, src))?;
    let body = for_statement.child_by_field_name("body")?;
    let is_name = |n: Option<Node>| {
        n.map(strip_parens)
            .is_some_and(|n| n.kind() == "identifier" && text(n, src) == name)
    };
    // `if t.done(): t.exception()` waits for nothing: a task still running is left behind.
    let done = format!("{name}.done()");
    let mut found = false;
    crate::scan::syntax::walk(body, |node| {
        if node.kind() == "if_statement"
            && node
                .child_by_field_name("condition")
                .is_some_and(|c| text(c, src).contains(&done))
        {
            return false;
        }
        found |= match node.kind() {
            "await" => is_name(node.named_child(0)),
            "attribute" => {
                is_name(node.child_by_field_name("object"))
                    && node
                        .child_by_field_name("attribute")
                        .is_some_and(|a| matches!(text(a, src), "result" | "exception"))
            }
            _ => false,
        };
        !found
    });
    found.then_some(Use::Awaited)
}

/// The field name under which `child` hangs from `parent`.
fn field_of(parent: Node, child: Node) -> Option<String> {
    let mut cursor = parent.walk();
    if !cursor.goto_first_child() {
        return None;
    }
    loop {
        if cursor.node().id() == child.id() {
            return cursor.field_name().map(str::to_owned);
        }
        if !cursor.goto_next_sibling() {
            return None;
        }
    }
}

/// Sets the site's reference from the call's own use.
fn follow<'t, 's>(
    site: &mut TaskSite<'t>,
    used: Use<'t>,
    ancestors: &[Node<'t>],
    memo: &mut Memo<'s>,
) {
    let src = memo.src;
    site.reference = match used {
        Use::Awaited => Reference::Awaited,
        Use::Returned => Reference::Returned,
        // `run_coroutine_threadsafe(...).result()` blocks until the task is done (a Task's own
        // `result()` would not wait).
        Use::Retrieved if site.creator == Creator::Threadsafe => Reference::Awaited,
        // `create_task(...).add_done_callback(cb)` returns None: the task is not kept.
        Use::Statement | Use::Method | Use::Retrieved => Reference::Dropped,
        Use::Passed | Use::Other => Reference::Passed,
        // A container local to the function: its own later reads decide.
        Use::AddedTo(holder) if is_local_container(holder, ancestors, memo) => {
            site.local = Some(text(holder, src).to_owned());
            Reference::Local
        }
        Use::AddedTo(holder) => {
            keep_in(site, holder, ancestors, memo);
            Reference::Collection
        }
        Use::Assigned(target) => assigned(site, target, ancestors, memo),
    };
}

/// `tasks` in `tasks.append(t)` is a plain local of the function: not a parameter, not a global,
/// not a module-level name, and every binding of it in the function makes a new container
/// (`started = self.tasks` would make it another name for a kept one).
fn is_local_container(holder: Node, ancestors: &[Node], memo: &mut Memo) -> bool {
    let src = memo.src;
    let Some(function) = ancestors
        .iter()
        .rev()
        .find(|a| a.kind() == "function_definition")
    else {
        return false;
    };
    let name = text(holder, src);
    let parameter = function.child_by_field_name("parameters").is_some_and(|p| {
        let mut found = false;
        crate::scan::syntax::walk(p, |n| {
            found |= n.kind() == "identifier" && text(n, src) == name;
            !found
        });
        found
    });
    holder.kind() == "identifier"
        && !parameter
        && !memo.declares_global(*function, name)
        && !memo.declared_at_module(name)
        && memo.binds_only_new_containers(*function, name)
}

/// The reference of a task assigned to `target`.
fn assigned<'t>(
    site: &mut TaskSite<'t>,
    target: Node<'t>,
    ancestors: &[Node<'t>],
    memo: &mut Memo,
) -> Reference {
    let src = memo.src;
    let target = strip_parens(target);
    match target.kind() {
        "attribute" => {
            keep_in(site, target, ancestors, memo);
            site.unguarded_rebind = unguarded(target, ancestors, memo);
            Reference::Attribute
        }
        "subscript" => {
            if let Some(value) = target.child_by_field_name("value") {
                keep_in(site, value, ancestors, memo);
            }
            Reference::Collection
        }
        "identifier" => {
            let name = text(target, src);
            let scope = ancestors
                .iter()
                .rev()
                .find(|a| matches!(a.kind(), "function_definition" | "class_definition"));
            match scope {
                None => {
                    site.holder = Some(name.to_owned());
                    site.owner = Some(format!("module.{name}"));
                    site.owner_scope = Some(0..src.len());
                    Reference::Module
                }
                Some(class) if class.kind() == "class_definition" => {
                    let class_name = definition_name(*class, src);
                    site.holder = Some(format!("self.{name}"));
                    site.owner = Some(format!("{class_name}.{name}"));
                    site.owner_scope = Some(memo.block_extent(*class));
                    Reference::Attribute
                }
                Some(function) if memo.declares_global(*function, name) => {
                    site.holder = Some(name.to_owned());
                    site.owner = Some(format!("module.{name}"));
                    site.owner_scope = Some(0..src.len());
                    Reference::Module
                }
                Some(_) => {
                    site.local = Some(name.to_owned());
                    Reference::Local
                }
            }
        }
        // `a, b = …`: the fate of each name is not followed.
        _ => Reference::Local,
    }
}

/// Records where a kept task lives: `self.x` in a method is the class's attribute, a
/// module-level name is the module's, anything else is named as written.
fn keep_in<'t>(site: &mut TaskSite<'t>, holder: Node<'t>, ancestors: &[Node<'t>], memo: &mut Memo) {
    let src = memo.src;
    let written: String = text(holder, src)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    site.holder = Some(written.clone());
    let class = ancestors
        .iter()
        .rev()
        .find(|a| a.kind() == "class_definition")
        .copied();
    if let (Some(rest), Some(class)) = (
        written
            .strip_prefix("self.")
            .or_else(|| written.strip_prefix("cls.")),
        class,
    ) {
        site.owner = Some(format!("{}.{rest}", definition_name(class, src)));
        site.owner_scope = Some(memo.block_extent(class));
        return;
    }
    let in_function = ancestors.iter().any(|a| a.kind() == "function_definition");
    if holder.kind() == "identifier" && (!in_function || memo.declared_at_module(&written)) {
        site.owner = Some(format!("module.{written}"));
        site.owner_scope = Some(0..src.len());
        return;
    }
    site.owner = Some(written);
    site.owner_scope = Some(0..src.len());
}

/// The method assigns `self.x = create_task(...)` without first reading `self.x` (no
/// `if self.x is None`, no `self.x.cancel()`): a second call loses the first task.
fn unguarded(target: Node, ancestors: &[Node], memo: &mut Memo) -> bool {
    let src = memo.src;
    let Some(method) = ancestors
        .iter()
        .rev()
        .find(|a| a.kind() == "function_definition")
    else {
        return false;
    };
    let name = definition_name(*method, src);
    // Run once per object (asyncio calls a protocol's `connection_made` once).
    if matches!(
        name,
        "__init__" | "__post_init__" | "__new__" | "connection_made"
    ) {
        return false;
    }
    // The attribute's own name, so `getattr(self, "_task", None)` counts as a look too.
    let attribute = target
        .child_by_field_name("attribute")
        .map_or(text(target, src), |a| text(a, src));
    memo.first_word(*method, attribute)
        .is_none_or(|at| at + attribute.len() > target.start_byte())
}

fn definition_name<'s>(definition: Node, src: &'s str) -> &'s str {
    definition
        .child_by_field_name("name")
        .map_or("?", |n| text(n, src))
}

/// `name = <call>` as a statement of its own: the site's statement when it binds the call alone.
fn binding_statement<'t>(site: &TaskSite<'t>) -> Option<Node<'t>> {
    let statement = site.statement;
    let assignment = statement.named_child(0)?;
    let bound = statement.kind() == "expression_statement"
        && statement.named_child_count() == 1
        && assignment.kind() == "assignment"
        && assignment
            .child_by_field_name("left")
            .is_some_and(|l| l.kind() == "identifier")
        && assignment.child_by_field_name("right").map(strip_parens) == Some(site.call);
    bound.then_some(statement)
}

/// Where the statement that binds the task ends: later reads of the name come after it.
fn assignment_end(call: Node, ancestors: &[Node]) -> usize {
    ancestors
        .iter()
        .rev()
        .find(|a| matches!(a.kind(), "assignment" | "named_expression"))
        .map_or(call.end_byte(), |a| a.end_byte())
}

/// A task kept in a local: (site index, name, function, where its binding ends, the id of the
/// block that binds it).
type Pending<'t> = (usize, String, Node<'t>, usize, usize);

/// Decides the fate of tasks kept in locals from the reads that follow in their function, one
/// walk per function.
fn resolve_locals<'t>(sites: &mut [TaskSite<'t>], pending: &[Pending<'t>], memo: &mut Memo) {
    let src = memo.src;
    let mut by_function: HashMap<usize, Vec<usize>> = HashMap::new();
    for (p, entry) in pending.iter().enumerate() {
        by_function.entry(entry.2.id()).or_default().push(p);
    }
    let mut functions: Vec<&Vec<usize>> = by_function.values().collect();
    functions.sort();
    for group in functions {
        let function = pending[group[0]].2;
        // For each pending local, the uses of its later reads.
        let mut uses: Vec<Vec<(Use<'t>, bool)>> = vec![Vec::new(); group.len()];
        // Whether every read that returns the task is a plain `return name`.
        let mut plain_returns: Vec<bool> = vec![true; group.len()];
        // Where the name is bound again, in code that runs after the first binding (the same
        // block, or one inside it): reads from there on see another value.
        let mut rebound: Vec<Option<usize>> = vec![None; group.len()];
        // Per name: its slots in the order their bindings end, how many of them a read has
        // reached, and those reached and not bound again (the only ones a read can concern:
        // scanning every slot per read would grow with the square of a function's locals).
        let mut by_name: HashMap<&str, (Vec<usize>, usize, Vec<usize>)> = HashMap::new();
        for (slot, &p) in group.iter().enumerate() {
            by_name
                .entry(pending[p].1.as_str())
                .or_default()
                .0
                .push(slot);
        }
        for (order, _, _) in by_name.values_mut() {
            order.sort_by_key(|&slot| pending[group[slot]].3);
        }
        walk_with_ancestors(function, |node, ancestors, field| {
            if node.kind() != "identifier" {
                return true;
            }
            let parent = ancestors.last().map_or("", |p| p.kind());
            if matches!(
                (parent, field),
                ("attribute", Some("attribute")) | ("keyword_argument", Some("name"))
            ) {
                return true;
            }
            let Some((order, reached, live)) = by_name.get_mut(text(node, src)) else {
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
            live.retain(|&slot| rebound[slot].is_none());
            for &slot in live.iter() {
                let block = pending[group[slot]].4;
                if parent == "assignment" && field == Some("left") {
                    if ancestors.iter().any(|a| a.id() == block) {
                        rebound[slot] = Some(at);
                    }
                    continue;
                }
                {
                    // A read inside a nested function or lambda keeps the task in a closure.
                    let nested = ancestors
                        .iter()
                        .skip(1)
                        .any(|a| matches!(a.kind(), "function_definition" | "lambda"));
                    let used = usage(node, ancestors, src);
                    if matches!(used, Use::Returned) && parent != "return_statement" {
                        plain_returns[slot] = false;
                    }
                    uses[slot].push((used, nested));
                }
            }
            true
        });
        for (slot, &p) in group.iter().enumerate() {
            let site_index = pending[p].0;
            let reads = &uses[slot];
            let site = &mut sites[site_index];
            let ancestors_of_function = site.enclosing.clone();
            let rank = |u: &(Use, bool)| match u {
                (_, true) => 5,
                (Use::Awaited | Use::Retrieved, _) => 0,
                (Use::Returned, _) => 1,
                (Use::Assigned(_), _) | (Use::AddedTo(_), _) => 2,
                (Use::Passed, _) => 3,
                (Use::Method | Use::Statement | Use::Other, _) => 9,
            };
            let Some(best) = reads.iter().min_by_key(|u| rank(u)).copied() else {
                site.rebound_at = rebound[slot];
                continue;
            };
            match best {
                (_, true) | (Use::Passed, false) => site.reference = Reference::Passed,
                (Use::Awaited | Use::Retrieved, _) => site.reference = Reference::Awaited,
                (Use::Returned, _) => {
                    site.reference = Reference::Returned;
                    // Returned, and read otherwise only to call its methods or look at it.
                    let only_returned = reads.iter().all(|(u, nested)| {
                        !nested && matches!(u, Use::Returned | Use::Method | Use::Other)
                    });
                    if only_returned && plain_returns[slot] && rebound[slot].is_none() {
                        site.factory_return = binding_statement(site);
                    }
                }
                (Use::AddedTo(holder), _) => {
                    keep_in(site, holder, &ancestors_of_function, memo);
                    site.in_local_container =
                        is_local_container(holder, &ancestors_of_function, memo);
                    site.reference = Reference::Collection;
                }
                (Use::Assigned(target), _) => {
                    // `self._task = task`: the attribute keeps it; `other = task`: passed on.
                    site.reference = match strip_parens(target).kind() {
                        "attribute" => {
                            keep_in(site, target, &ancestors_of_function, memo);
                            site.unguarded_rebind = unguarded(target, &ancestors_of_function, memo);
                            Reference::Attribute
                        }
                        "subscript" => {
                            if let Some(value) = target.child_by_field_name("value") {
                                keep_in(site, value, &ancestors_of_function, memo);
                            }
                            Reference::Collection
                        }
                        _ => Reference::Passed,
                    };
                }
                (Use::Method | Use::Statement | Use::Other, _) => {
                    site.callback_only = reads.iter().all(|(u, _)| matches!(u, Use::Method));
                    site.rebound_at = rebound[slot];
                }
            }
        }
    }
}
