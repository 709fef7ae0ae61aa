//! The never-suspends rule of [`super::first_step_typed`] for a receiver whose class another
//! module of the checked code defines (issue 35, exam35m's e-trading `adapter_manager.py:295`):
//! `asyncio.create_task(self._coordinator.start_monitoring())`, where the class annotates
//! `self._coordinator: GlobalRateLimitCoordinator | None` (or every binding of it calls the
//! class), a class the file imports by name from a module of the run, and that module's
//! `GlobalRateLimitCoordinator.start_monitoring` never suspends.
//!
//! The receiver's class is read as [`super::first_step_typed`] reads it (an attribute of `self`
//! its class's bindings annotate or make, a parameter annotated with one class, a local every
//! binding of which calls one class); the class and its method are proved in their module as
//! [`super::first_step_instance`] proves them (no base but `object` or a standard one, no
//! metaclass, its own `m`
//! an undecorated `async def` whose body never suspends, no attribute `m` assigned in either
//! file), once per module, class and method. The object may still be of a subclass (an
//! annotation admits one; a binding outside the class is not read), which may override `m`:
//! the site is `unknown`, as a method on `self` is, never `kept`.
//!
//! Cheap by construction (never35s's first version, which parsed each class's module whole,
//! cost `check` +25% wall and +9.7 MB on the large tree): only a still-dropped site whose
//! coroutine is `recv.m(...)`, in a file that imports a name by name from a module of the run
//! whose walk saw `async def m(`, is read; then the classes the file imports by name from one
//! such module whose own text ([`crate::scan::class_text`]) passes the proof's tests (no base,
//! its `m` quiet by the text, or an abstract stub), once per module, class and method; the
//! receiver's class only when there is one; and the module is parsed only for that class. The
//! abstract case reads the declaration off the text and parses nothing.

use std::collections::HashMap;

use super::bound_once::assignments_in_text;
use super::facts::Facts;
use super::first_step_across::coroutine_called;
use super::first_step_awaited_import::{ByText, by_text};
use super::first_step_class::kept_as_imported;
use super::first_step_instance::{INSTANCE, proof};
use super::task_site::{OpenProof, TaskSite};
use super::verdict::Verdict;
use crate::project::attributes::Attributes;
use crate::project::quiet_coroutines::QuietRef;
use crate::project::receiver_made::made_just_before;
use crate::project::receivers::{Known, class_at};
use crate::scan::bound_names::Statements;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{strip_parens, text};

/// Marks the dropped sites whose coroutine is a method, which never suspends, of an object
/// whose class another module of the checked code defines, as `unknown`.
pub fn mark(source: &SourceFile, facts: &Facts, sites: &mut [TaskSite]) {
    let quiet_refs = &facts.factories.quiet;
    if quiet_refs.is_empty() {
        return;
    }
    let src = source.text;
    let mut attributes: Option<Attributes> = None;
    let mut statements: Option<Statements> = None;
    let mut candidates: HashMap<String, Vec<(String, ByText, QuietRef)>> = HashMap::new();
    for site in sites.iter_mut() {
        if !site.verdict.dropped_by_asyncio() {
            continue;
        }
        let Some(called) = super::first_step::coroutine_call(site, src) else {
            continue;
        };
        let Some(receiver) = (called.kind() == "attribute")
            .then(|| called.child_by_field_name("object"))
            .flatten()
            .map(strip_parens)
        else {
            continue;
        };
        let own = receiver.kind() == "identifier" && matches!(text(receiver, src), "self" | "cls");
        if own || !super::first_step_typed::may_know(receiver, src) {
            continue;
        }
        let Some(spelled) = coroutine_called(site, src) else {
            continue;
        };
        let Some((object, method)) = spelled.rsplit_once('.') else {
            continue;
        };
        // No file of the run defines `async def method`, or none the file imports a name
        // from: no class's method can be proved, and no receiver's class need be read.
        if !quiet_refs.may_define(method)
            || !quiet_refs.may_import_class_defining(method)
            || assignments_in_text(src.as_bytes(), method) != 0
        {
            continue;
        }
        // The classes the file imports by name whose own text may prove `method`, before the
        // receiver's class is read: most sites have none.
        let candidates = candidates.entry(method.to_owned()).or_insert_with(|| {
            (quiet_refs.classes_spelling(method).into_iter())
                .filter_map(|(local, r)| Some((local, by_text(&r, method)?, r)))
                .collect::<Vec<_>>()
        });
        if candidates.is_empty() {
            continue;
        }
        let known = match receiver.kind() {
            // A `global` name has bindings elsewhere: the statement just before may make it.
            "identifier" => class_at(receiver, src).or_else(|| made_just_before(receiver, src)),
            _ => attributes
                .get_or_insert_with(|| Attributes::new(src))
                .class_of(receiver),
        };
        let Some(Known { class, made }) = known else {
            continue;
        };
        let Some((_, read, reference)) = candidates.iter().find(|c| c.0 == class) else {
            continue;
        };
        // The class's own body, for an object only annotated with it: not when it has a base.
        if !made && matches!(read, ByText::Quiet) && super::first_step_bases::based(reference) {
            continue;
        }
        let Some(why) = evidence(facts, (*read, reference), (object, method), &class, made) else {
            continue;
        };
        // The class's name is bound once in the file, by the import that reaches the module.
        let statements = statements.get_or_insert_with(|| Statements::of_source(source));
        let Some(tree) = statements.parse_spelling(source, &[&class], None) else {
            continue;
        };
        if !kept_as_imported(tree.root_node(), &class, src) {
            continue;
        }
        site.verdict = Verdict::Unknown(why);
        site.finishes_at_once = true;
        site.open_proof = Some(OpenProof::Awaits);
    }
}

/// Why the site is `unknown`: the class's own `method` proved never to suspend, or declared
/// abstract with every implementation quiet; `None` when neither holds.
fn evidence(
    facts: &Facts,
    (read, reference): (ByText, &QuietRef),
    (object, method): (&str, &str),
    class: &str,
    made: bool,
) -> Option<String> {
    let how = match made {
        true => format!("bound by calls of `{class}`"),
        false => format!("annotated `{class}`"),
    };
    match read {
        ByText::Quiet => {
            let kept = proof(reference, method)?;
            let instance = format!("on `{object}`, {how}");
            Some(format!(
                "{}; but `{object}` may hold an instance of a class derived from `{class}` (a \
                 binding undangle does not read, or a subclass the annotation admits), whose own \
                 `{method}` may suspend",
                kept.replace(INSTANCE, &instance)
            ))
        }
        ByText::Abstract(declared) => implemented(facts, reference, declared, method, object, &how),
    }
}

/// The reason a site is `unknown` when the receiver's class declares `method` abstract (an
/// `@abstractmethod` stub in its module: its objects run a subclass's) and every `def method`
/// of the checked code but such stubs is a method that never suspends (the narrow lookup of
/// [`crate::project::quiet_methods`]: a plain `def method` in a file that spells no `async def
/// method` is not seen, nor a class outside the checked code).
fn implemented(
    facts: &Facts,
    reference: &QuietRef,
    declared: usize,
    method: &str,
    object: &str,
    how: &str,
) -> Option<String> {
    let (file, line) = facts.factories.quiet.methods()?.implemented(method)?;
    let place = match file.is_empty() {
        true => format!("line {line}"),
        false => format!("`{file}`, line {line}"),
    };
    Some(format!(
        "asyncio: `{object}` is {how}, whose `{method}` is abstract ({}:{declared}), so its \
         objects run a subclass's; every `{method}` the checked code defines never suspends (the \
         first at {place}): if the object's is one of them, its task finishes in its first \
         step, which the loop holds; but a class outside the checked code, or a plain `def \
         {method}` in a file that spells no `async def {method}`, may define one that suspends",
        reference.module.display
    ))
}
