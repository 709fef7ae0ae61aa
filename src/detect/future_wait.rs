//! A task whose one suspension waits on a future an object holds is held by that future: a
//! pending `Future`'s done callbacks hold the waiting task's wakeup (`Task.__step` hands the
//! future `self.__wakeup`, CPython `Lib/asyncio/tasks.py`; the contract is
//! `scan::contracts::FUTURE_WAKEUP`), so whatever holds the future holds the task until the future
//! is done, and whatever can complete the future holds it. After the future is done the wakeup
//! is on the loop's ready queue, and a coroutine with no other suspension runs to its end in
//! that step.
//!
//! The proof, in this file only (python-snmp's interceptor tests, exam35n):
//! `asyncio.create_task(obj.m())` (or `loop.create_task`, `ensure_future`), where
//!
//! - `obj` is a local of the creating function bound once, in its own body, to `C(...)` (a
//!   class the module defines once) or `self.C(...)` (a class the method's own class body
//!   defines once): the local holds the object, and so the future, while the frame runs;
//! - `C` has no base but `object`, and defines `m` once, a plain `async def`, no attribute `m`
//!   assigned anywhere in the file, no `__getattr__`/`__getattribute__`;
//! - `m`'s body has one suspension, `await self.f` (nested functions aside): no other `await`,
//!   `async for`, `async with`, `yield`;
//! - `self.f` is bound once, in `C.__init__`, to a call that makes a future
//!   (`loop.create_future()`, `asyncio.Future()`), and assigned nowhere else in the file.
//!
//! Anything else proves nothing here and the drop stays: an awaited task or coroutine (its own
//! waits may be on what nothing holds), a future bound elsewhere or passed in, a receiver that
//! is a parameter or `self` (a subclass in another file may override `m`), a class with bases.
//! The dialog pattern of prompt_toolkit (pymud, exam35n: the future is an attribute of a
//! parameter of another method, whose class another module defines) is not read.

use tree_sitter::Node;

use super::bound_once::{assignments_in_text, instance_value, local_value};
use super::scope::{Binding, binding, declared_global};
use super::task_site::{Reference, TaskSite};
use super::verdict::Verdict;
use crate::scan::contracts::FUTURE_WAKEUP;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{strip_parens, text, walk_with_ancestors};
use crate::scan::whole_tree::WholeTree;

/// Marks the dropped sites whose task waits only on a future the object of a frame's local
/// holds as kept by that future.
pub fn mark(source: &SourceFile, sites: &mut [TaskSite]) {
    let src = source.text;
    let bytes = src.as_bytes();
    // Nearly every file makes no future: one search each first.
    if memchr::memmem::find(bytes, b"Future(").is_none()
        && memchr::memmem::find(bytes, b"create_future(").is_none()
    {
        return;
    }
    let mut whole = WholeTree::new(src);
    for site in sites.iter_mut() {
        if !site.verdict.dropped_by_asyncio() {
            continue;
        }
        let Some((local, class_name, method, nested_in)) = receiver(site, src) else {
            continue;
        };
        // The text before the parse: the class is spelt, and some method awaits an attribute.
        let spelt = format!("class {class_name}");
        if memchr::memmem::find(bytes, spelt.as_bytes()).is_none()
            || memchr::memmem::find(bytes, b"await self.").is_none()
        {
            continue;
        }
        // The parsed parts may hold only the statements around the sites: the class is read
        // in the whole file (a rare parse: the receiver's shape is checked first).
        let Some(root) = whole.root() else {
            continue;
        };
        let class = match nested_in {
            Some(start) => class_at(root, start).and_then(|outer| class_in(outer, class_name, src)),
            None => match binding(root, class_name, src) {
                Binding::Definition(c) if !declared_global(root, class_name, src) => Some(c),
                _ => None,
            },
        };
        let Some((reason, attribute)) = class.and_then(|c| proof(c, method, local, src)) else {
            continue;
        };
        site.verdict = Verdict::Kept { by: Some(reason) };
        site.reference = Reference::Passed;
        site.waits_on = Some(format!("{local}.{attribute}"));
    }
}

/// The site's coroutine `obj.m()` where `obj` is a local bound once to `C(...)` or
/// `self.C(...)`: the local, `C`, `m`, and for `self.C` the class around the method.
fn receiver<'t, 's>(
    site: &TaskSite<'t>,
    src: &'s str,
) -> Option<(&'s str, &'s str, &'s str, Option<usize>)> {
    let called = super::first_step::coroutine_call(site, src)?;
    if called.kind() != "attribute" {
        return None;
    }
    let object = strip_parens(called.child_by_field_name("object")?);
    let local = text(object, src);
    if object.kind() != "identifier" || matches!(local, "self" | "cls") {
        return None;
    }
    let method = text(called.child_by_field_name("attribute")?, src);
    let function = *site
        .enclosing
        .last()
        .filter(|f| f.kind() == "function_definition")?;
    let value = strip_parens(local_value(function, local, src)?);
    if value.kind() != "call" {
        return None;
    }
    let callee = strip_parens(value.child_by_field_name("function")?);
    match callee.kind() {
        "identifier" => Some((local, text(callee, src), method, None)),
        "attribute" => {
            let this = strip_parens(callee.child_by_field_name("object")?);
            if this.kind() != "identifier" || text(this, src) != "self" {
                return None;
            }
            let outer = super::first_step_method::class_of(&site.enclosing, "self", src)?;
            let name = text(callee.child_by_field_name("attribute")?, src);
            Some((local, name, method, Some(outer.start_byte())))
        }
        _ => None,
    }
}

/// The class definition that starts at `start`.
fn class_at(root: Node, start: usize) -> Option<Node> {
    let mut class = None;
    crate::scan::syntax::walk(root, |node| {
        if node.kind() == "class_definition" && node.start_byte() == start {
            class = Some(node);
        }
        class.is_none() && node.start_byte() <= start && start < node.end_byte()
    });
    class
}

/// The class `name` the body of `outer` defines once, bound there by nothing else, and never
/// assigned as an attribute in the file.
fn class_in<'t>(outer: Node<'t>, name: &str, src: &str) -> Option<Node<'t>> {
    match binding(outer, name, src) {
        Binding::Definition(c) if assignments_in_text(src.as_bytes(), name) == 0 => Some(c),
        _ => None,
    }
}

/// The evidence that the task of `local.method()`, `local` an instance of `class`, is held by
/// the future its one suspension waits on.
/// And the future's attribute.
fn proof<'s>(class: Node, method: &str, local: &str, src: &'s str) -> Option<(String, &'s str)> {
    if class.kind() != "class_definition" || class.parent()?.kind() == "decorated_definition" {
        return None;
    }
    if let Some(bases) = class.child_by_field_name("superclasses")
        && !matches!(text(bases, src), "()" | "(object)")
    {
        return None;
    }
    let class_name = text(class.child_by_field_name("name")?, src);
    for hook in ["__getattr__", "__getattribute__"] {
        if binding(class, hook, src) != Binding::None {
            return None;
        }
    }
    let Binding::Definition(definition) = binding(class, method, src) else {
        return None;
    };
    if !super::suspends::is_plain_coroutine(definition, src)
        || definition.parent()?.kind() == "decorated_definition"
        || assignments_in_text(src.as_bytes(), method) != 0
    {
        return None;
    }
    let awaited = one_suspension(definition)?;
    let future = strip_parens(awaited.named_child(0)?);
    if future.kind() != "attribute" {
        return None;
    }
    let value = instance_value(future, definition, src)?;
    if !super::already_task_attribute::makes_future(value, src, &|_| false) {
        return None;
    }
    let attribute = text(future.child_by_field_name("attribute")?, src);
    let reason = format!(
        "asyncio: its coroutine `{class_name}.{method}` (line {}) suspends only at `await \
         self.{attribute}` (line {}), a future `{class_name}.__init__` binds once (`{}`, line \
         {}), which the local `{local}` of this frame holds: {FUTURE_WAKEUP}; after it nothing \
         suspends",
        definition.start_position().row + 1,
        awaited.start_position().row + 1,
        text(value, src),
        value.start_position().row + 1,
    );
    Some((reason, attribute))
}

/// The one `await` of a coroutine function's own body, when nothing else in it may suspend
/// (nested functions' and lambdas' bodies aside; an await in their defaults runs here).
fn one_suspension(definition: Node) -> Option<Node> {
    let body = definition.child_by_field_name("body")?;
    let mut found = Vec::new();
    let mut other = false;
    walk_with_ancestors(body, |node, _, _| {
        match node.kind() {
            "await" if node.is_named() => found.push(node),
            "yield" | "async" => other = true,
            "function_definition" | "lambda" => {
                let mut cursor = node.walk();
                for child in node.children(&mut cursor) {
                    if node.child_by_field_name("body") != Some(child)
                        && child.is_named()
                        && super::suspends::awaits_or_yields(child)
                    {
                        other = true;
                    }
                }
                return false;
            }
            _ => {}
        }
        !other && found.len() < 2
    });
    match found[..] {
        [one] if !other => Some(one),
        _ => None,
    }
}
