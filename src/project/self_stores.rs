//! Coroutines that keep their own task: a function summary fact, read off the body of an
//! `async def` that binds `asyncio.current_task()` to something that outlives the call (an
//! attribute or item of `self` or of a parameter, a `global`, a container held by one of them or
//! by the module), and whether it does so before its first suspension point (issue 35, class 9).
//!
//! A task runs its coroutine's first step when the loop first schedules it, with nothing in
//! between that can collect it while the creating code still holds the `create_task` result on
//! its stack; a store made in that step, on every path, keeps the task from then on. A store
//! after an `await`, an `async for` or an `async with` comes after the task was suspended,
//! possibly held by nothing: such a task may be collected before it keeps itself.
//!
//! The facts are gathered in the walk from the files that spell `current_task(` and looked up,
//! by the coroutine's class and name as the call site resolves them, when any file is analysed.

use std::collections::HashMap;
use std::path::PathBuf;

use tree_sitter::Node;

use super::receivers::class_of_method;
use crate::scan::params::is_parameter;
use crate::scan::syntax::{strip_parens, text, walk};

/// A coroutine a task runs, as the site that creates the task resolves it: a method of a class
/// (the receiver's known class) or a function of the site's own module.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Coroutine {
    pub class: Option<String>,
    pub function: String,
}

/// One coroutine function that stores its own task.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SelfStore {
    /// The function's file, canonical (empty for a file analysed alone).
    pub file: PathBuf,
    /// The file as the user sees it.
    pub display: String,
    pub class: Option<String>,
    pub function: String,
    /// The line of the store, 1-based.
    pub line: usize,
    /// Where the task goes, as written (`self.run_task`).
    pub target: String,
    /// What holds it there.
    pub holder: Holder,
    /// The first suspension point before the store (`await`, line), if there is one.
    pub suspension: Option<(&'static str, usize)>,
    /// The store is on some paths only (in a branch, a loop, a handler).
    pub conditional: bool,
}

impl SelfStore {
    /// The task is kept from its first step: stored before any suspension, on every path.
    pub fn from_first_step(&self) -> bool {
        self.suspension.is_none() && !self.conditional
    }

    fn qualified(&self) -> String {
        match &self.class {
            Some(class) => format!("{class}.{}", self.function),
            None => self.function.clone(),
        }
    }

    fn place(&self) -> String {
        match self.display.as_str() {
            "" => format!("line {}", self.line),
            display => format!("{display}:{}", self.line),
        }
    }

    /// What keeps the task, for `audit` (when [`Self::from_first_step`]).
    pub fn keeps(&self) -> String {
        format!(
            "the checked code: its coroutine `{}` stores its own task (`asyncio.current_task()`) \
             in `{}` ({}) before its first suspension point, so the task is held from its first \
             step",
            self.qualified(),
            self.target,
            self.place()
        )
    }

    /// Why that store does not prove the task kept (when not [`Self::from_first_step`]).
    pub fn too_late(&self) -> String {
        let when = match self.suspension {
            Some((point, line)) => format!(
                "after its first `{point}` (line {line}): until then nothing the checked code \
                 shows holds the task"
            ),
            None => "on some paths only: on the others nothing the checked code shows holds the \
                     task"
                .to_owned(),
        };
        format!(
            "its coroutine `{}` stores its own task (`asyncio.current_task()`) in `{}` ({}) {when}",
            self.qualified(),
            self.target,
            self.place()
        )
    }
}

/// What a store puts the task in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Holder {
    /// An attribute or an item of an object (`self.run_task`, `self.tasks[k]`).
    Attribute,
    /// A container it is added to (`self.running.add(...)`).
    Collection,
    /// A module's global name.
    Module,
}

/// Every self-storing coroutine of the run, by (class, function).
#[derive(Debug, Clone, Default)]
pub struct SelfStores {
    by_name: HashMap<(Option<String>, String), Vec<SelfStore>>,
}

impl SelfStores {
    pub fn add(&mut self, found: Vec<SelfStore>) {
        for store in found {
            let key = (store.class.clone(), store.function.clone());
            self.by_name.entry(key).or_default().push(store);
        }
    }

    /// Orders the stores of each name (the walk is parallel; the answer must not depend on it).
    pub fn finish(&mut self) {
        for stores in self.by_name.values_mut() {
            stores.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// Whether a coroutine function of this name stores its task (in any class).
    pub fn names(&self, function: &str) -> bool {
        self.by_name.keys().any(|(_, name)| name == function)
    }

    /// The store of `coroutine`: a method by its class's name (a name that stands for several
    /// classes counts as each: the weakest store answers), a plain function in `file` only.
    pub fn find(
        &self,
        coroutine: &Coroutine,
        file: Option<&std::path::Path>,
    ) -> Option<&SelfStore> {
        let key = (coroutine.class.clone(), coroutine.function.clone());
        let stores = self.by_name.get(&key)?;
        let mut candidates = stores
            .iter()
            .filter(|s| coroutine.class.is_some() || Some(s.file.as_path()) == file);
        let first = candidates.clone().next()?;
        Some(candidates.find(|s| !s.from_first_step()).unwrap_or(first))
    }
}

/// The coroutine the task of `call` (a task-creating call, in `function`) runs: its first
/// argument (or `coro=`), a call of a method on a receiver whose class the function shows
/// (`self`, an annotated parameter), or of a plain name (a function of the same module). A
/// receiver made in the function (`w = Worker()`) is not followed: what it stores the task in
/// dies with the object, which only the task's own frame may then hold.
pub fn coroutine_of(call: Node, function: Option<Node>, src: &str) -> Option<Coroutine> {
    coroutine_named(call, function, src, |_| true)
}

/// [`coroutine_of`], for a coroutine whose function's name `wanted` accepts: the receiver's
/// class, the costly part, is read only then.
pub fn coroutine_named(
    call: Node,
    function: Option<Node>,
    src: &str,
    wanted: impl Fn(&str) -> bool,
) -> Option<Coroutine> {
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let first = arguments.named_children(&mut cursor).find(|a| {
        a.kind() != "keyword_argument"
            || a.child_by_field_name("name")
                .is_some_and(|n| text(n, src) == "coro")
    })?;
    let first = match first.kind() {
        "keyword_argument" => first.child_by_field_name("value")?,
        _ => first,
    };
    let coro = strip_parens(first);
    if coro.kind() != "call" {
        return None;
    }
    let callee = coro.child_by_field_name("function")?;
    let name = match callee.kind() {
        "attribute" => callee.child_by_field_name("attribute")?,
        _ => callee,
    };
    if !wanted(text(name, src)) {
        return None;
    }
    match callee.kind() {
        "identifier" => Some(Coroutine {
            class: None,
            function: text(callee, src).to_owned(),
        }),
        "attribute" => {
            let receiver = callee.child_by_field_name("object")?;
            let method = callee.child_by_field_name("attribute")?;
            let known = super::receivers::receiver_class(receiver, function?, src)?;
            (!known.made).then(|| Coroutine {
                class: Some(known.class),
                function: text(method, src).to_owned(),
            })
        }
        _ => None,
    }
}

/// The coroutine functions of a parsed file that store their own task (module functions and
/// methods of module-level classes).
pub fn of_tree(root: Node, src: &str, file: PathBuf, display: &str) -> Vec<SelfStore> {
    let mut found = Vec::new();
    let from_asyncio = imports_current_task(src);
    let spelt: Vec<usize> = memchr::memmem::find_iter(src.as_bytes(), b"current_task").collect();
    walk(root, |node| {
        // Only a definition that spells the call can store it: the rest is not walked.
        let range = node.byte_range();
        if !spelt.iter().any(|at| range.contains(at)) {
            return false;
        }
        if node.kind() != "function_definition" {
            return true;
        }
        let is_async = node.child(0).is_some_and(|c| c.kind() == "async");
        let class = class_of_method(node, src);
        let top_level = class.is_some() || is_module_level(node);
        if let (true, true, Some(name)) = (is_async, top_level, node.child_by_field_name("name"))
            && let Some(store) = store_in(node, root, src, from_asyncio)
        {
            found.push(SelfStore {
                file: file.clone(),
                display: display.to_owned(),
                class,
                function: text(name, src).to_owned(),
                ..store
            });
        }
        true
    });
    found
}

fn is_module_level(function: Node) -> bool {
    let mut parent = function.parent();
    if parent.is_some_and(|p| p.kind() == "decorated_definition") {
        parent = parent.and_then(|p| p.parent());
    }
    parent.is_some_and(|p| p.kind() == "module")
}

/// `from asyncio import current_task` (any line that imports it from asyncio).
fn imports_current_task(src: &str) -> bool {
    src.lines().any(|line| {
        let line = line.trim_start();
        line.starts_with("from asyncio import") && line.contains("current_task")
    })
}

/// The first store of the running task in `function`'s own body (nested functions, lambdas and
/// classes are other frames), with the first suspension point before it.
fn store_in(function: Node, root: Node, src: &str, from_asyncio: bool) -> Option<SelfStore> {
    let body = function.child_by_field_name("body")?;
    let mut store: Option<(Node, (String, Holder))> = None;
    let mut suspensions: Vec<(usize, &'static str, usize)> = Vec::new();
    walk(body, |node| {
        match node.kind() {
            "function_definition" | "lambda" | "class_definition" => return false,
            "await" => suspensions.push((node.start_byte(), "await", node.start_position().row)),
            "for_statement" | "with_statement"
                if node.child(0).is_some_and(|c| c.kind() == "async") =>
            {
                let point = if node.kind() == "for_statement" {
                    "async for"
                } else {
                    "async with"
                };
                suspensions.push((node.start_byte(), point, node.start_position().row));
            }
            _ => {}
        }
        if store.is_none()
            && let Some(target) = stored_target(node, function, root, src, from_asyncio)
        {
            store = Some((node, target));
        }
        true
    });
    let (node, (target, holder)) = store?;
    let suspension = suspensions
        .iter()
        .filter(|(at, ..)| *at < node.start_byte())
        .min_by_key(|(at, ..)| *at)
        .map(|(_, point, row)| (*point, row + 1));
    Some(SelfStore {
        file: PathBuf::new(),
        display: String::new(),
        class: None,
        function: String::new(),
        line: node.start_position().row + 1,
        target,
        holder,
        suspension,
        conditional: conditional(node, body),
    })
}

/// `asyncio.current_task()`, `asyncio.Task.current_task()` (before Python 3.9), or
/// `current_task()` imported from asyncio, with no argument (another loop's task otherwise).
fn is_current_task(node: Node, src: &str, from_asyncio: bool) -> bool {
    let node = strip_parens(node);
    if node.kind() != "call" {
        return false;
    }
    let Some(arguments) = node.child_by_field_name("arguments") else {
        return false;
    };
    let callee: String = node
        .child_by_field_name("function")
        .map_or("", |f| text(f, src))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    arguments.named_child_count() == 0
        && match callee.as_str() {
            "asyncio.current_task" | "asyncio.Task.current_task" | "asyncio.tasks.current_task" => {
                true
            }
            "current_task" => from_asyncio,
            _ => false,
        }
}

/// Where `node` stores the running task, if it is such a store into something that outlives the
/// call: `<root>.x = current_task()`, `<root>[k] = ...`, `<root>.xs.add(current_task())`.
fn stored_target(
    node: Node,
    function: Node,
    root: Node,
    src: &str,
    from_asyncio: bool,
) -> Option<(String, Holder)> {
    match node.kind() {
        "assignment" => {
            let right = node.child_by_field_name("right")?;
            let left = node.child_by_field_name("left")?;
            if !is_current_task(right, src, from_asyncio) {
                return None;
            }
            let (lasting, holder) = match left.kind() {
                "attribute" | "subscript" => (
                    outlives_call(base(left), function, root, src, false),
                    Holder::Attribute,
                ),
                "identifier" => (
                    declared_global(function, text(left, src), src),
                    Holder::Module,
                ),
                _ => (false, Holder::Attribute),
            };
            lasting.then(|| (text(left, src).to_owned(), holder))
        }
        "call" => {
            let callee = node.child_by_field_name("function")?;
            let method = callee.child_by_field_name("attribute")?;
            let arguments = node.child_by_field_name("arguments")?;
            let adds = matches!(
                text(method, src),
                "add" | "append" | "appendleft" | "insert" | "setdefault" | "put_nowait"
            );
            let mut cursor = arguments.walk();
            let stores = arguments
                .named_children(&mut cursor)
                .any(|a| is_current_task(a, src, from_asyncio));
            let holder = callee.child_by_field_name("object")?;
            (callee.kind() == "attribute"
                && adds
                && stores
                && outlives_call(base(holder), function, root, src, true))
            .then(|| (text(holder, src).to_owned(), Holder::Collection))
        }
        _ => None,
    }
}

/// The name an attribute or subscript chain starts from (`self` of `self.a[k].b`).
fn base(mut node: Node) -> Node {
    while matches!(node.kind(), "attribute" | "subscript") {
        let Some(inner) = node
            .child_by_field_name("object")
            .or_else(|| node.child_by_field_name("value"))
        else {
            break;
        };
        node = inner;
    }
    node
}

/// The object is one the caller has: a parameter (`self` too), a `global`, or (`module`) a name
/// the module binds at its top level and the function never binds.
fn outlives_call(base: Node, function: Node, root: Node, src: &str, module: bool) -> bool {
    if base.kind() != "identifier" {
        return false;
    }
    let name = text(base, src);
    is_parameter(function, name, src)
        || declared_global(function, name, src)
        || (module && bound_at_top_level(root, name, src) && !binds(function, name, src))
}

fn declared_global(function: Node, name: &str, src: &str) -> bool {
    let mut found = false;
    if let Some(body) = function.child_by_field_name("body") {
        walk(body, |node| {
            if node.kind() == "global_statement" {
                let mut cursor = node.walk();
                found |= node
                    .named_children(&mut cursor)
                    .any(|n| text(n, src) == name);
            }
            !matches!(node.kind(), "function_definition" | "class_definition")
        });
    }
    found
}

fn bound_at_top_level(root: Node, name: &str, src: &str) -> bool {
    let mut cursor = root.walk();
    root.named_children(&mut cursor).any(|stmt| {
        let assignment = stmt.named_child(0).filter(|a| a.kind() == "assignment");
        let left = assignment.and_then(|a| a.child_by_field_name("left"));
        stmt.kind() == "expression_statement" && left.is_some_and(|l| text(l, src) == name)
    })
}

/// The function binds `name` (it is then a local, not the module's).
fn binds(function: Node, name: &str, src: &str) -> bool {
    let mut found = false;
    if let Some(body) = function.child_by_field_name("body") {
        walk(body, |node| {
            if node.kind() == "identifier"
                && text(node, src) == name
                && crate::scan::syntax::written(node)
            {
                found = true;
            }
            !matches!(
                node.kind(),
                "function_definition" | "class_definition" | "lambda"
            )
        });
    }
    found || is_parameter(function, name, src)
}

/// The store is inside a branch, a loop or a handler of the body: on some paths only.
fn conditional(store: Node, body: Node) -> bool {
    let mut at = store.parent();
    while let Some(node) = at {
        if node.id() == body.id() {
            return false;
        }
        if matches!(
            node.kind(),
            "if_statement"
                | "elif_clause"
                | "else_clause"
                | "for_statement"
                | "while_statement"
                | "except_clause"
                | "except_group_clause"
                | "finally_clause"
                | "match_statement"
                | "case_clause"
                | "conditional_expression"
                | "boolean_operator"
        ) {
            return true;
        }
        at = node.parent();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stores(code: &str) -> Vec<SelfStore> {
        let mut parser = crate::scan::syntax::new_parser();
        let tree = parser.parse(code, None).expect("parses");
        of_tree(tree.root_node(), code, PathBuf::new(), "")
    }

    #[test]
    fn a_store_before_the_first_await_keeps_the_task_from_its_first_step() {
        let code = "import asyncio\nclass W:\n    async def run(self):\n        \
                    self.t = asyncio.current_task()\n        await asyncio.sleep(1)\n";
        let found = stores(code);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].class.as_deref(), Some("W"));
        assert_eq!(found[0].target, "self.t");
        assert!(found[0].from_first_step());
    }

    #[test]
    fn a_store_after_an_await_or_in_a_branch_does_not() {
        let code = "import asyncio\nclass W:\n    async def run(self):\n        await x()\n        \
                    self.t = asyncio.current_task()\n    async def go(self, on):\n        \
                    if on:\n            self.t = asyncio.current_task()\n";
        let found = stores(code);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].suspension, Some(("await", 4)));
        assert!(found[1].conditional && !found[1].from_first_step());
    }

    #[test]
    fn a_local_or_another_frame_is_no_store() {
        let code = "import asyncio\nasync def run():\n    t = asyncio.current_task()\n    \
                    def inner(self):\n        self.t = asyncio.current_task()\n\
                    async def other(x):\n    made = X()\n    made.t = asyncio.current_task()\n";
        assert!(stores(code).is_empty());
    }

    #[test]
    fn a_module_container_and_a_global_are_stores() {
        let code = "import asyncio\nRUNNING = set()\nasync def run():\n    \
                    RUNNING.add(asyncio.current_task())\nasync def two():\n    global T\n    \
                    T = asyncio.current_task()\n";
        let found = stores(code);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(SelfStore::from_first_step));
    }
}
