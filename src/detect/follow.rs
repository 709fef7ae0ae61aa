//! Following a task's reference from where it stands: how each occurrence is used (awaited,
//! returned, assigned, added to a holder, passed on) and where a kept task lives (the fate of
//! the locals whose later reads decide it is `locals.rs`'s).

use tree_sitter::Node;

use super::callee::last_name;
use super::guard::definition_name;
use super::handed_on::{argument_use, awaits_each, same_tasks};
use super::memo::Memo;
use super::task_site::{Creator, Reference, TaskSite};
pub(super) use super::uses::Use;
use crate::scan::contracts::{ITERATING_BUILTINS, READING_BUILTINS};
use crate::scan::params::is_parameter;
use crate::scan::syntax::{strip_parens, text};

/// `setattr(self, "_t", task)`, the language's `self._t = task`; or `self.tasks[task] = game`,
/// a key of the mapping, which holds it as it holds its values (exam35j class 7, BotLi's
/// `GameManager.tasks`): `parent` is `child`'s, `caller` the node above `parent`.
fn stored_by<'t>(
    parent: Node<'t>,
    caller: Option<Node<'t>>,
    child: Node<'t>,
    src: &str,
) -> Option<Use<'t>> {
    if let Some(call) = super::setattr::setattr_call(parent, caller, child, src) {
        return Some(Use::Assigned(call));
    }
    // A file that names a `WeakKeyDictionary` may store it where nothing keeps it: the key is
    // read as before, and `weak-container` decides.
    let key = parent.kind() == "subscript"
        && parent.child_by_field_name("subscript") == Some(child)
        && caller.is_some_and(|a| {
            a.kind() == "assignment" && a.child_by_field_name("left") == Some(parent)
        })
        && memchr::memmem::find(src.as_bytes(), b"WeakKeyDictionary").is_none();
    key.then(|| parent.child_by_field_name("value"))
        .flatten()
        .map(Use::AddedTo)
}

/// How `node` (a call, or a name) is used where it stands: climbs through parentheses,
/// containers and conditional expressions to the first thing that decides.
pub(super) fn usage<'t>(node: Node<'t>, ancestors: &[Node<'t>], src: &str) -> Use<'t> {
    let mut child = node;
    let caller = |i: usize| i.checked_sub(1).map(|j| ancestors[j]);
    for (i, &parent) in ancestors.iter().enumerate().rev() {
        let field_of_child = field_of(parent, child);
        // `setattr(self, "_t", task)`, `self.tasks[task] = game`: stored as an assignment stores.
        if let Some(stored) = stored_by(parent, caller(i), child, src) {
            return stored;
        }
        match parent.kind() {
            // `a + b`: a new container of the same tasks.
            "parenthesized_expression"
            | "binary_operator"
            | "list_splat"
            | "dictionary_splat"
            | "conditional_expression"
            | "boolean_operator"
            | "list"
            | "set"
            | "tuple"
            | "expression_list"
            | "pair"
            | "dictionary"
            | "for_in_clause" => {}
            "list_comprehension"
            | "set_comprehension"
            | "dictionary_comprehension"
            | "generator_expression" => {
                if field_of_child.as_deref() != Some("body") {
                    return super::handed_on::iterated(child, parent, src);
                }
            }
            // `for t in tasks: await t` (or `t.result()`): each task is waited for in turn.
            "for_statement" if field_of_child.as_deref() == Some("right") => {
                return each_waited_for(parent, src)
                    .or_else(|| each_cancelled(parent, src))
                    .unwrap_or(Use::Other);
            }
            "subscript" if field_of_child.as_deref() == Some("value") => {} // `tasks[:5]`
            "keyword_argument" if field_of_child.as_deref() != Some("value") => return Use::Other,
            "keyword_argument" => {}
            "await" => return Use::Awaited,
            "return_statement" | "yield" => return returned_or_awaited(parent),
            // A callback whose caller ignores what it returns drops the task (`callback-return`).
            "lambda" if field_of_child.as_deref() == Some("body") => {
                return match super::callback::dropped_by_registrar(parent, &ancestors[..i], src) {
                    true => Use::Statement,
                    // Handed to a callee no contract describes: the callee gets what it returns.
                    false if super::callback::handed_to_a_callee(parent, src) => Use::Passed,
                    false => Use::Returned,
                };
            }
            // `set([task])`, `list(tasks)`, `asyncio.wrap_future(fut)`: the same tasks.
            "argument_list" if caller(i).is_some_and(|c| same_tasks(c, child, src)) => {}
            "call"
                if field_of_child.as_deref() == Some("arguments")
                    && same_tasks(parent, child, src) => {}
            // `len(tasks)`, `enumerate(tasks)`: a built-in that only reads or iterates keeps
            // nothing past the call; the frame holds the tasks until it reads them there.
            "argument_list"
                if caller(i).is_some_and(|c| {
                    builtin_in(c, &ITERATING_BUILTINS, src) || builtin_in(c, &READING_BUILTINS, src)
                }) =>
            {
                return Use::Handled;
            }
            "argument_list" => return argument_use(caller(i), src).into(),
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
                let called = i.checked_sub(1).map(|j| ancestors[j]);
                let called = called.is_some_and(|c| c.kind() == "call");
                return attribute_use(parent, field_of_child.as_deref(), called, src);
            }
            _ => return Use::Other,
        }
        child = parent;
    }
    Use::Other
}

/// A `return` or `yield` hands the task to the caller; `yield from task` runs
/// `Future.__iter__`, which is `__await__`: this frame waits for the task and gets its result
/// (a generator-based coroutine's `await`).
fn returned_or_awaited(node: Node<'_>) -> Use<'_> {
    // `yield from x`: `from` is the second child (a `return`'s is its value).
    match node.child(1) {
        Some(from) if from.kind() == "from" => Use::Awaited,
        _ => Use::Returned,
    }
}

/// The use of a task read as the object of `attribute` (`task.x`), called or not.
fn attribute_use<'t>(attribute: Node<'t>, field: Option<&str>, called: bool, src: &str) -> Use<'t> {
    let method = attribute
        .child_by_field_name("attribute")
        .map_or("", |a| text(a, src));
    match (field, called) {
        (Some("object"), true) if matches!(method, "result" | "exception") => Use::Retrieved,
        (Some("object"), true) if matches!(method, "cancel" | "done" | "cancelled") => Use::Handled,
        (Some("object"), true) => Use::Method,
        // `pipe.on_end(task.cancel)`: a bound method holds its object (`m.__self__`), and a
        // task's public attributes are all methods: the task is handed on with it.
        (Some("object"), false) if !method.starts_with('_') && is_argument(attribute) => {
            Use::Passed
        }
        _ => Use::Other,
    }
}

/// Whether `node` (outside its parentheses) is an argument of a call, by position or as a
/// keyword's value.
fn is_argument(node: Node) -> bool {
    let at = crate::scan::syntax::outside_parens(node);
    match at.parent() {
        Some(p) if p.kind() == "argument_list" => true,
        Some(p) if p.kind() == "keyword_argument" => {
            p.child_by_field_name("value") == Some(at)
                && p.parent().is_some_and(|l| l.kind() == "argument_list")
        }
        _ => false,
    }
}

/// `Awaited` when the body of `for name in ...:` awaits `name` or reads `name.result()` or
/// `name.exception()` (not under `if name.done():`): each task is done, or waited for, before
/// the loop goes on.
fn each_waited_for<'t>(for_statement: Node<'t>, src: &str) -> Option<Use<'t>> {
    let name = for_statement
        .child_by_field_name("left")
        .filter(|l| l.kind() == "identifier")
        .map(|l| text(l, src))?;
    awaits_each(for_statement, name, src).then_some(Use::Awaited)
}

/// `Handled` when the body of `for name in ...:` calls `name.cancel()`: the function cancels
/// each task it kept, where it reads them.
fn each_cancelled<'t>(for_statement: Node<'t>, src: &str) -> Option<Use<'t>> {
    let name = for_statement
        .child_by_field_name("left")
        .filter(|l| l.kind() == "identifier")
        .map(|l| text(l, src))?;
    let body = text(for_statement.child_by_field_name("body")?, src);
    let compact: String = body.split_whitespace().collect();
    compact
        .contains(&format!("{name}.cancel("))
        .then_some(Use::Handled)
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
pub(super) fn follow<'t, 's>(
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
        Use::Statement | Use::Method | Use::Handled | Use::Retrieved => Reference::Dropped,
        Use::Passed | Use::Other => Reference::Passed,
        // A container local to the function: its own later reads decide.
        Use::AddedTo(holder) if is_local_container(holder, ancestors, memo) => {
            site.local = Some(text(holder, src).to_owned());
            Reference::Local
        }
        // A container of an enclosing function (`started.append(...)` in a nested `accept`):
        // that function's later reads decide, as for its own locals.
        Use::AddedTo(holder) if closure_frame(holder, ancestors, memo).is_some() => {
            site.closure_frame = closure_frame(holder, ancestors, memo);
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
pub(super) fn is_local_container(holder: Node, ancestors: &[Node], memo: &mut Memo) -> bool {
    let src = memo.src;
    if holder.kind() != "identifier" {
        return false;
    }
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
    !parameter
        && !memo.declares_global(*function, name)
        && !memo.declared_at_module(name)
        && memo.binds_only_new_containers(*function, name)
}

/// The enclosing function (not the innermost) whose fresh container `holder` is, when the
/// innermost function neither binds it nor declares it `global` (a closure's container). Cheap
/// tests first: this is asked for every task added to something that is not a local.
pub(super) fn closure_frame<'t>(
    holder: Node,
    ancestors: &[Node<'t>],
    memo: &mut Memo,
) -> Option<Node<'t>> {
    let src = memo.src;
    if holder.kind() != "identifier" {
        return None;
    }
    let name = text(holder, src);
    let mut functions = ancestors
        .iter()
        .rev()
        .filter(|a| a.kind() == "function_definition");
    let innermost = *functions.next()?;
    let outer = *functions.next()?;
    if memo.declared_at_module(name)
        || memo.assigns(innermost, name)
        || memo.declares_global(innermost, name)
        || !memo.binds_only_new_containers(outer, name)
        || is_parameter(innermost, name, src)
    {
        return None;
    }
    Some(outer)
}

/// The reference of a task assigned to `target`.
pub(super) fn assigned<'t>(
    site: &mut TaskSite<'t>,
    target: Node<'t>,
    ancestors: &[Node<'t>],
    memo: &mut Memo,
) -> Reference {
    let src = memo.src;
    let target = strip_parens(target);
    match target.kind() {
        // A module that binds `setattr` itself calls its own.
        "call" => match super::setattr::written_by_setattr(target, src) {
            Some(written) if !memo.declared_at_module("setattr") => {
                keep_written(site, written, None, ancestors, memo);
                Reference::Attribute
            }
            _ => Reference::Passed,
        },
        "attribute" => {
            keep_in(site, target, ancestors, memo);
            site.unguarded_rebind = super::guard::unguarded(target, ancestors, memo);
            Reference::Attribute
        }
        "subscript" => {
            if let Some(value) = target.child_by_field_name("value") {
                keep_in(site, value, ancestors, memo);
            }
            site.in_slot = true;
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
                // `nonlocal t; t = create_task(...)`: the enclosing function's variable, whose
                // reads there decide (as for a closure's container).
                Some(function) if memo.declares_nonlocal(*function, name) => {
                    site.closure_frame = ancestors
                        .iter()
                        .rev()
                        .filter(|a| a.kind() == "function_definition")
                        .nth(1)
                        .copied();
                    site.local = Some(name.to_owned());
                    Reference::Local
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
pub(super) fn keep_in<'t>(
    site: &mut TaskSite<'t>,
    holder: Node<'t>,
    ancestors: &[Node<'t>],
    memo: &mut Memo,
) {
    let written: String = text(holder, memo.src)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    keep_written(site, written, Some(holder), ancestors, memo);
}

/// [`keep_in`] for a holder as written (`self.x`); `holder` is its node where the code spells
/// it as an expression (not for `setattr(obj, "name", task)`).
pub(super) fn keep_written<'t>(
    site: &mut TaskSite<'t>,
    written: String,
    holder: Option<Node<'t>>,
    ancestors: &[Node<'t>],
    memo: &mut Memo,
) {
    let src = memo.src;
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
    let bare = holder.is_some_and(|h| h.kind() == "identifier");
    if bare && (!in_function || memo.declared_at_module(&written)) {
        site.owner = Some(format!("module.{written}"));
        site.owner_scope = Some(0..src.len());
        return;
    }
    site.owner = Some(written);
    // A container made in a function is that function's (a closure's, the enclosing one's):
    // another function's local of the same name is another holder, whose cancels and waits
    // say nothing of it. A parameter (`app`) may be the same object in every function.
    let innermost = ancestors
        .iter()
        .rev()
        .find(|a| a.kind() == "function_definition");
    let function = match (innermost, holder) {
        (Some(f), Some(holder)) if is_local_container(holder, ancestors, memo) => Some(*f),
        (Some(_), Some(holder)) => closure_frame(holder, ancestors, memo),
        _ => None,
    };
    site.owner_scope = Some(match function {
        Some(function) => memo.block_extent(function),
        None => 0..src.len(),
    });
}

/// `name = <call>` as a statement of its own: the site's statement when it binds the call alone.
pub(super) fn binding_statement<'t>(site: &TaskSite<'t>) -> Option<Node<'t>> {
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
pub(super) fn assignment_end(call: Node, ancestors: &[Node]) -> usize {
    ancestors
        .iter()
        .rev()
        .find(|a| matches!(a.kind(), "assignment" | "named_expression"))
        .map_or(call.end_byte(), |a| a.end_byte())
}

/// Whether the read `node` is an argument of a call whose name says it cancels what it is
/// given (`await cancel_and_wait(task)`, `gracefully_cancel(*[t for t in (a, b) if t])`),
/// directly or as an element of a list, tuple or comprehension: the frame cancels the task
/// there, as with `task.cancel()`.
pub(super) fn handed_to_cancel(node: Node, ancestors: &[Node], src: &str) -> bool {
    let mut child = node;
    for (i, &parent) in ancestors.iter().enumerate().rev() {
        match parent.kind() {
            "parenthesized_expression"
            | "list_splat"
            | "list"
            | "set"
            | "tuple"
            | "list_comprehension"
            | "set_comprehension"
            | "generator_expression"
            | "for_in_clause" => {}
            "argument_list" => {
                let call = i.checked_sub(1).map(|j| ancestors[j]);
                let function = call.and_then(|c| c.child_by_field_name("function"));
                let name = function.and_then(|f| last_name(f, src)).unwrap_or("");
                let lower = name.to_ascii_lowercase();
                return lower.contains("cancel") && !lower.contains("uncancel");
            }
            _ => return false,
        }
        // A comprehension's condition only tests the task.
        if parent.kind() == "for_in_clause" && field_of(parent, child).as_deref() != Some("right") {
            return false;
        }
        child = parent;
    }
    false
}

/// The sole argument of `ensure_future(<call>)`, when it is a call (whose task, if it makes
/// one, `ensure_future` returns as it is).
pub(super) fn wrapped_by_ensure_future<'t>(call: Node<'t>, src: &str) -> Option<Node<'t>> {
    let function = call.child_by_field_name("function")?;
    let arguments = call.child_by_field_name("arguments")?;
    let only = arguments
        .named_child(0)
        .filter(|a| a.kind() == "call" && arguments.named_child_count() == 1)?;
    (call.kind() == "call" && last_name(function, src) == Some("ensure_future")).then_some(only)
}

/// Whether `call` calls one of the built-ins `names` by its bare name.
fn builtin_in(call: Node, names: &[&str], src: &str) -> bool {
    call.child_by_field_name("function")
        .is_some_and(|f| f.kind() == "identifier" && names.contains(&text(f, src)))
}

/// `name is None` / `name is not None`: the read is an operand of an identity test against
/// `None`; or `if name:` (`elif name:`), the whole condition, which for a task (true, as any
/// object without `__bool__` or `__len__`) or `None` tests the same.
pub(crate) fn tests_none(node: Node, src: &str) -> bool {
    let Some(parent) = node.parent() else {
        return false;
    };
    if matches!(parent.kind(), "if_statement" | "elif_clause") {
        return parent.child_by_field_name("condition") == Some(node);
    }
    if parent.kind() != "comparison_operator" {
        return false;
    }
    let mut cursor = parent.walk();
    let operands: Vec<Node> = parent.named_children(&mut cursor).collect();
    let is = (parent.children(&mut parent.walk())).any(|c| matches!(c.kind(), "is" | "is not"));
    is && operands.len() == 2
        && operands.contains(&node)
        && operands.iter().any(|o| o.kind() == "none")
        && text(parent, src).contains("None")
}
