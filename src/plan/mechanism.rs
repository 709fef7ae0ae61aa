//! The file's own ways of keeping tasks, which every strategy reuses: a module or class set that
//! already gets `add` and `add_done_callback(<set>.discard)` (a class's set also with
//! `<set>.remove`, as its methods write it), a function or method whose body does that to its
//! argument, or a queue the class's own loop reaps its tasks from (`detect/reaped_queue.rs`).

use tree_sitter::Node;

use super::class_scope::{class_receivers, classmethod_of};
use super::class_tasks::ClassTasks;
use super::function_set::{FunctionSets, function_set};
use super::keeper::{Keeper, SET_NAME};
use super::keeper_function::{KeeperFunction, keeper_function};
use super::spawn::spawnable;
use crate::detect::Dropped;
use crate::detect::reaped_queue::{ReapedQueue, reaped_queues};
use crate::project::keepers::{ImportedKeeper, KeeperDef};
use crate::scan::params::{first_parameter, method_of};
use crate::scan::syntax::{statements, strip_parens, text};
use crate::settings::Takes;

/// Mechanisms of one class: used by sites in its methods, through `self`.
#[derive(Debug, Default)]
struct ClassMechanisms<'t> {
    /// Each set attribute, and the method its done callback takes the task out with.
    sets: Vec<(String, Done)>,
    /// The sets among them bound in the class body (`_tasks = set()`): the class's own, which
    /// a classmethod reaches through `cls` as a method does through `self`.
    class_sets: Vec<String>,
    methods: Vec<KeeperFunction<'t>>,
    /// A queue the class reaps its tasks from (see `detect/reaped_queue.rs`).
    queue: Option<ReapedQueue>,
}

#[derive(Debug, Default)]
pub struct Mechanisms<'t> {
    /// Module-level sets that keep tasks, with their defining statement.
    sets: Vec<(String, Node<'t>)>,
    /// An existing `_background_tasks = set()`, the name undangle itself declares.
    own_set: Option<Node<'t>>,
    functions: Vec<KeeperFunction<'t>>,
    classes: Vec<(Node<'t>, ClassMechanisms<'t>)>,
    /// Keepers of other project files that take a coroutine, through the file's own imports.
    imported: Vec<ImportedKeeper>,
    /// The sets each function keeps tasks in, by the function's node id: found once per
    /// function, not once per site (ten thousand sites in one function took minutes).
    function_sets: FunctionSets,
}

impl<'t> Mechanisms<'t> {
    pub fn find(root: Node<'t>, src: &str, imported: &[ImportedKeeper]) -> Self {
        let mut found = Mechanisms {
            imported: imported.to_vec(),
            ..Mechanisms::default()
        };
        let module_text = text(root, src);
        let mut set_definitions = 0;
        for stmt in statements(root) {
            let def = definition(stmt);
            match def.kind() {
                "function_definition" => {
                    if let Some(function) = keeper_function(def, src, None) {
                        found.functions.push(function);
                    }
                }
                "class_definition" => {
                    let class = class_mechanisms(def, src);
                    if !class.sets.is_empty() || !class.methods.is_empty() || class.queue.is_some()
                    {
                        found.classes.push((def, class));
                    }
                }
                "expression_statement" => {
                    if let Some(name) = empty_set_target(stmt, src) {
                        if name == SET_NAME {
                            set_definitions += 1;
                            found.own_set = Some(stmt);
                        }
                        if keeps_with(module_text, name) {
                            found.sets.push((name.to_owned(), stmt));
                        }
                    }
                }
                _ => {}
            }
        }
        if set_definitions > 1 {
            found.own_set = None; // rebound: which one holds the tasks is unclear
        }
        found
    }

    /// A module set that can be reused by every site: defined before anything at import time
    /// needs it.
    pub fn reusable_set(&self, first_import_time: Option<Node>) -> Option<String> {
        let in_time = |definition: &Node| {
            first_import_time.is_none_or(|first| definition.end_byte() <= first.start_byte())
        };
        self.sets
            .iter()
            .find(|(_, def)| in_time(def))
            .map(|(name, _)| name.clone())
            .or_else(|| self.own_set.filter(in_time).map(|_| SET_NAME.to_owned()))
    }

    /// The file's own keeper for this site, if it has one in scope: its class's, then the
    /// module's (see [`Mechanisms::imported_keeper`] for what comes after).
    pub fn keeper_for(&self, site: &Dropped, src: &str) -> Option<Keeper> {
        let start = site.placement.top_level.start_byte();
        // At import time only what is already defined can be used.
        let usable = |def: &Node| !site.placement.import_time || def.end_byte() <= start;
        if let Some(set) = function_set(site, src, &self.function_sets) {
            return Some(Keeper::Set(set));
        }
        if let Some((_, class, method_self)) = method_in_scope(site, src)
            && let Some((_, mechanisms)) = self.classes.iter().find(|(c, _)| c.id() == class.id())
        {
            let method = mechanisms.methods.iter().find_map(|method| {
                method.keeper(format!("{method_self}.{}", method.name), site, src)
            });
            if method.is_some() {
                return method;
            }
            if let Some((set, done)) = mechanisms.sets.first() {
                return Some(done.keeper(format!("{method_self}.{set}")));
            }
            let queue =
                (mechanisms.queue.as_ref()).and_then(|q| queue_keeper(q, method_self, site));
            if queue.is_some() {
                return queue;
            }
        }
        // A classmethod reaches the class's own sets through `cls` (telegram-bot-template's
        // `QuizService._background_tasks`, issue 36's sixteenth exam), not an instance's.
        if let Some((class, receiver)) = classmethod_of(site.placement.scope, src)
            && let Some((_, mechanisms)) = self.classes.iter().find(|(c, _)| c.id() == class.id())
            && let Some((set, done)) =
                (mechanisms.sets.iter()).find(|(set, _)| mechanisms.class_sets.contains(set))
        {
            return Some(done.keeper(format!("{receiver}.{set}")));
        }
        let function = self
            .functions
            .iter()
            .filter(|f| usable(&f.def))
            .find_map(|f| f.keeper(f.name.clone(), site, src));
        if function.is_some() {
            return function;
        }
        let set = self.sets.iter().find(|(_, def)| usable(def));
        set.map(|(name, _)| Keeper::Set(name.clone()))
    }

    /// A keeper function of another project file for this site: one the module imports, else
    /// one it may import (whose import the plan adds), unless its name is taken here.
    pub fn imported_keeper(&self, site: &Dropped, src: &str) -> Option<&ImportedKeeper> {
        let start = site.placement.top_level.start_byte();
        let usable = |i: &&ImportedKeeper| {
            i.keeper.class.is_none()
                && (!site.placement.import_time || i.import_end <= start)
                && spawnable(site, src, &i.keeper.keywords, i.keeper.returns)
        };
        let (imported, to_import): (Vec<_>, Vec<_>) =
            self.imported.iter().partition(|i| i.import.is_none());
        imported
            .into_iter()
            .find(usable)
            .or_else(|| to_import.into_iter().find(usable))
    }
}

/// The module functions that take a coroutine and keep the task they make of it, for the
/// files that import them.
pub fn function_keepers(root: Node, src: &str) -> Vec<KeeperDef> {
    let functions = statements(root).into_iter().map(definition);
    let keepers = functions
        .filter(|def| def.kind() == "function_definition")
        .filter_map(|def| keeper_function(def, src, None))
        .filter(|keeper| keeper.takes == Takes::Coroutine);
    keepers
        .map(|keeper| KeeperDef {
            function: keeper.name,
            class: None,
            returns: keeper.returns,
            keywords: keeper.keywords,
        })
        .collect()
}

/// The definition inside a decorated one.
pub fn definition(stmt: Node) -> Node {
    match stmt.kind() {
        "decorated_definition" => stmt.child_by_field_name("definition").unwrap_or(stmt),
        _ => stmt,
    }
}

/// `name = set()` or `name: T = set()`: the name.
pub(super) fn empty_set_target<'s>(stmt: Node, src: &'s str) -> Option<&'s str> {
    let assignment = stmt.named_child(0).filter(|n| n.kind() == "assignment")?;
    let left = assignment.child_by_field_name("left")?;
    let right = strip_parens(assignment.child_by_field_name("right")?);
    let function = right.child_by_field_name("function")?;
    let arguments = right.child_by_field_name("arguments")?;
    let is_set = right.kind() == "call"
        && text(function, src) == "set"
        && arguments.named_child_count() == 0;
    (is_set && matches!(left.kind(), "identifier" | "attribute")).then(|| text(left, src))
}

/// Whether `code` both adds to `set` and registers `set.discard` as a done callback.
fn keeps_with(code: &str, set: &str) -> bool {
    done_with(code, set) == Some(Done::Discard)
}

/// How a set's done callback takes a finished task out of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Done {
    Discard,
    /// `set.remove`: the set's own code adds every task before the loop can finish it, so the
    /// callback never misses; the fix adds its task the same way, first.
    Remove,
    /// A list, `append` then `list.remove` (see `class_tasks.rs`).
    List,
    /// A list or set the class drains itself, given the task with this method and nothing
    /// more (see `class_tasks.rs`).
    Holding(&'static str),
}

impl Done {
    fn keeper(self, set: String) -> Keeper {
        match self {
            Done::Discard => Keeper::Set(set),
            Done::Remove => Keeper::SetRemoving(set),
            Done::List => Keeper::List(set),
            Done::Holding(fill) => Keeper::Call {
                function: format!("{set}.{fill}"),
                returns: false,
            },
        }
    }
}

/// Whether `code` both adds to `set` and registers `set.discard` (else `set.remove`) as a done
/// callback, and which.
fn done_with(code: &str, set: &str) -> Option<Done> {
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if !compact.contains(&format!("{set}.add(")) {
        return None;
    }
    let registers = |method: &str| compact.contains(&format!(".add_done_callback({set}.{method})"));
    match (registers("discard"), registers("remove")) {
        (true, _) => Some(Done::Discard),
        (false, true) => Some(Done::Remove),
        _ => None,
    }
}

fn class_mechanisms<'t>(class: Node<'t>, src: &str) -> ClassMechanisms<'t> {
    let mut found = ClassMechanisms::default();
    let Some(body) = class.child_by_field_name("body") else {
        return found;
    };
    let class_text = text(class, src);
    let receivers = class_receivers(class, body, src);
    for stmt in statements(body) {
        // `_tasks = set()` in the class body, and its methods add and discard through
        // `self._tasks`, `cls._tasks` or `Class._tasks`: the class's own keeper.
        if let Some(name) = empty_set_target(stmt, src).filter(|n| !n.contains('.'))
            && let Some(done) =
                (receivers.iter()).find_map(|r| done_with(class_text, &format!("{r}.{name}")))
            && !found.sets.iter().any(|(s, _)| s == name)
        {
            found.sets.push((name.to_owned(), done));
            found.class_sets.push(name.to_owned());
        }
        let def = definition(stmt);
        if def.kind() != "function_definition" {
            continue;
        }
        let Some(receiver) = first_parameter(def, src) else {
            continue;
        };
        if let Some(method) = keeper_function(def, src, Some(receiver))
            && method_body_uses_receiver(def, src, receiver)
        {
            found.methods.push(method);
        }
        // `self._tasks = set()` in any method, and the class adds and discards (or removes)
        // through it: the class's own keeper, by its body.
        if let Some(block) = def.child_by_field_name("body") {
            for inner in statements(block) {
                if let Some(target) = empty_set_target(inner, src)
                    && let Some(attribute) = target.strip_prefix(&format!("{receiver}."))
                    && let Some(done) = done_with(class_text, target)
                    && !found.sets.iter().any(|(s, _)| s == attribute)
                {
                    found.sets.push((attribute.to_owned(), done));
                }
            }
        }
    }
    found.queue = reaped_queues(class, src).into_iter().next();
    if found.sets.is_empty() {
        match super::class_tasks::class_tasks(class, src) {
            Some(ClassTasks::List(list)) => found.sets.push((list, Done::List)),
            Some(ClassTasks::Holding(holder, fill)) => {
                found.sets.push((holder, Done::Holding(fill)));
            }
            None => {}
        }
    }
    found
}

/// The queue the class reaps its tasks from, as its own code fills it: `await <q>.put(task)` in
/// a coroutine function; `<q>.put_nowait(task)` elsewhere, only where the queue is unbounded
/// (a full one raises `QueueFull`), else none.
fn queue_keeper(queue: &ReapedQueue, receiver: &str, site: &Dropped) -> Option<Keeper> {
    let holder = format!("{receiver}.{}", queue.attribute);
    let scope = site.placement.scope;
    let coroutine = scope.kind() == "function_definition"
        && scope.child(0).is_some_and(|c| c.kind() == "async");
    match coroutine {
        true => Some(Keeper::Queue(format!("await {holder}.put"))),
        false => queue
            .unbounded
            .then(|| Keeper::Queue(format!("{holder}.put_nowait"))),
    }
}

pub(super) fn method_body_uses_receiver(def: Node, src: &str, receiver: &str) -> bool {
    def.child_by_field_name("body")
        .is_some_and(|b| text(b, src).contains(&format!("{receiver}.")))
}

/// The class whose method directly holds the site, and that method's receiver name (`self`),
/// for a plain method (not a static or class method, not a nested function).
pub fn enclosing_method<'t, 's>(site: &Dropped<'t>, src: &'s str) -> Option<(Node<'t>, &'s str)> {
    method_of(site.placement.scope, src)
}

/// The method whose receiver the site sees, with its class and receiver name: the plain method
/// that holds the site, or the one around the closures that do (a closure sees the method's
/// `self`), unless one of them takes a parameter of that name.
pub(super) fn method_in_scope<'t, 's>(
    site: &Dropped<'t>,
    src: &'s str,
) -> Option<(Node<'t>, Node<'t>, &'s str)> {
    let scope = site.placement.scope;
    if let Some((class, receiver)) = method_of(scope, src) {
        return Some((scope, class, receiver));
    }
    let mut nested = vec![scope];
    let mut up = scope.parent();
    while let Some(node) = up {
        match node.kind() {
            "class_definition" | "lambda" => return None,
            "function_definition" => {
                if let Some((class, receiver)) = method_of(node, src) {
                    let shadowed = nested.iter().any(|f| {
                        (f.child_by_field_name("parameters")).is_some_and(|p| {
                            p.named_children(&mut p.walk()).any(|param| {
                                let name = param.child_by_field_name("name").unwrap_or(param);
                                text(name, src).trim_start_matches('*') == receiver
                            })
                        })
                    });
                    return (!shadowed).then_some((node, class, receiver));
                }
                nested.push(node);
            }
            _ => {}
        }
        up = node.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::function_keepers;
    use crate::scan::syntax::new_parser;

    #[test]
    fn a_keeper_called_with_the_coroutine_needs_nothing_else() {
        let keeper = |signature: &str| {
            let code = format!(
                "import asyncio\n_BG = set()\n\n\ndef spawn({signature}):\n    \
                 task = asyncio.create_task(coro)\n    _BG.add(task)\n    \
                 task.add_done_callback(_BG.discard)\n"
            );
            let tree = new_parser().parse(&code, None).unwrap();
            !function_keepers(tree.root_node(), &code).is_empty()
        };
        for fits in [
            "coro",
            "coro, *, name=None",
            "coro, *args: object, **kwargs",
        ] {
            assert!(keeper(fits), "{fits}");
        }
        for needs_more in ["coro, group", "coro, *, group", "coro, group: str"] {
            assert!(!keeper(needs_more), "{needs_more}");
        }
    }

    #[test]
    fn a_weak_set_keeps_nothing() {
        let keepers = |made: &str| {
            let code = format!(
                "import asyncio, weakref\n_BG = {made}\n\n\ndef spawn(coro):\n    \
                 task = asyncio.create_task(coro)\n    _BG.add(task)\n    \
                 task.add_done_callback(_BG.discard)\n"
            );
            let tree = new_parser().parse(&code, None).unwrap();
            function_keepers(tree.root_node(), &code).len()
        };
        assert_eq!(keepers("set()"), 1);
        assert_eq!(keepers("weakref.WeakSet()"), 0);
        assert_eq!(keepers("WeakSet()"), 0);
    }
}
