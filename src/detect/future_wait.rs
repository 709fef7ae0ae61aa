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

use super::bound_once::{assignments_in_text, local_value};
use super::scope::{Binding, binding, declared_global};
use super::task_site::{Reference, TaskSite};
use super::verdict::Verdict;
use crate::scan::contracts::{FUTURE_WAKEUP, WAITER_FUTURES};
use crate::scan::source::SourceFile;
use crate::scan::syntax::{strip_parens, text};
use crate::scan::whole_tree::WholeTree;

/// What a file spells when it makes a future or one of asyncio's queues, locks and events.
const WAITABLE_MAKERS: [&[u8]; 7] = [
    b"Future(",
    b"create_future(",
    b"Queue(",
    b"Lock(",
    b"Event(",
    b"Semaphore(",
    b"Condition(",
];

/// Marks the dropped sites whose task waits only on what the object of a frame's local holds
/// (a future, an asyncio queue, lock or event) as kept by it.
pub fn mark(source: &SourceFile, sites: &mut [TaskSite]) {
    let src = source.text;
    let bytes = src.as_bytes();
    let mut whole = WholeTree::new(src);
    // Whether the text makes something a wait can be on, searched once, for the first site whose
    // receiver is a frame's local: few files come that far.
    let mut makes_waitable: Option<bool> = None;
    for site in sites.iter_mut() {
        if !site.verdict.dropped_by_asyncio() {
            continue;
        }
        let Some((local, class_name, method, nested_in)) = receiver(site, src) else {
            continue;
        };
        let makes = *makes_waitable.get_or_insert_with(|| {
            WAITABLE_MAKERS
                .iter()
                .any(|m| memchr::memmem::find(bytes, m).is_some())
        });
        // The text before the parse: the class is spelt, and some method waits on an attribute.
        let spelt = format!("class {class_name}");
        if !makes
            || memchr::memmem::find(bytes, spelt.as_bytes()).is_none()
            || (memchr::memmem::find(bytes, b"await self.").is_none()
                && memchr::memmem::find(bytes, b"async with self.").is_none())
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
        let Some((reason, waits_on)) = class.and_then(|c| proof(c, method, local, src)) else {
            continue;
        };
        site.verdict = Verdict::Kept { by: Some(reason) };
        site.reference = Reference::Passed;
        site.waits_on = Some(waits_on);
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
            let outer = super::site_class::class_of(&site.enclosing, "self", src)?;
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
fn proof(
    class: Node,
    method: &str,
    local: &str,
    src: &str,
) -> Option<(String, (&'static str, String))> {
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
    let waits = super::held_waits::held_waits(definition, src)?;
    let reason = match &waits[..] {
        [one] if one.what == "future" => format!(
            "asyncio: its coroutine `{class_name}.{method}` (line {}) suspends only at `await \
             self.{}` (line {}), a future `{class_name}.__init__` binds once (`{}`, line {}), \
             which the local `{local}` of this frame holds: {FUTURE_WAKEUP}; after it nothing \
             suspends",
            definition.start_position().row + 1,
            one.attribute,
            one.at.start_position().row + 1,
            text(one.value, src),
            one.value.start_position().row + 1,
        ),
        _ => format!(
            "asyncio: its coroutine `{class_name}.{method}` (line {}) suspends only on what \
             `{class_name}.__init__` binds once and the local `{local}` of this frame holds: {}; \
             {WAITER_FUTURES}, and {FUTURE_WAKEUP}",
            definition.start_position().row + 1,
            waits
                .iter()
                .map(|w| format!(
                    "`{}` (line {}), on the {} (`{}`, line {})",
                    first_line(text(w.at, src)),
                    w.at.start_position().row + 1,
                    w.what,
                    text(w.value, src),
                    w.value.start_position().row + 1,
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let mut names: Vec<String> = Vec::new();
    for w in &waits {
        let name = format!("`{local}.{}`", w.attribute);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let what = match &waits[..] {
        [first, rest @ ..] if rest.iter().all(|w| w.attribute == first.attribute) => first.what,
        _ => "objects",
    };
    Some((reason, (what, names.join(", "))))
}

/// The first line of a suspension as written: `async with self._lock:` without its body.
fn first_line(written: &str) -> &str {
    let line = written.lines().next().unwrap_or(written);
    line.strip_suffix(':').unwrap_or(line).trim_end()
}
