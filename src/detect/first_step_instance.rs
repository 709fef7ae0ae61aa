//! The never-suspends rule across files ([`super::first_step_across`]) for an instance the file
//! makes itself of a class another module of the checked code defines: `from pkg.mod import
//! C`, `obj = C(...)` once at the file's top level, then `asyncio.create_task(obj.m())`.
//!
//! `C(...)` runs `type.__call__`: `C.__new__`, then `C.__init__` on what it returned. Where `C`
//! has no base but `object` or a standard one ([`super::first_step_bases`]), no metaclass of
//! its own, and no `__new__` but one that returns `C`'s own instance (as for a module's
//! singleton), `obj` is a `C`, and `obj.m` is `C`'s own `async def m`: the file names `C`
//! itself, so no subclass is involved. When that body never suspends (an unbounded `self._q` of `C.__init__` included: every `C()` runs it), the task finishes in
//! its first step, which the loop holds: kept, the evidence naming the method and the instance.
//!
//! No proof (the drop stays): `C` bound otherwise than once by an import, `obj` bound more
//! than once or not at the top level, an attribute `m` the file assigns, and whatever
//! [`super::first_step_across`] refuses in `C`'s module.

use super::bound_once::assignments_in_text;
use super::facts::Facts;
use super::first_step_across::top_level_instance;
use super::first_step_across::{class_method_proof, coroutine_called};
use super::first_step_class::kept_as_imported;
use super::task_site::{Reference, TaskSite};
use super::verdict::Verdict;
use crate::project::quiet_coroutines::{QuietImports, QuietRef};
use crate::scan::source::SourceFile;
use crate::scan::whole_tree::WholeTree;

/// Where the instance goes in a proof kept once per class and method for every file.
pub(super) const INSTANCE: &str = "\u{0}";

/// Marks the dropped sites whose coroutine is a method, which never suspends, of an instance
/// the file makes of a class of another module, as kept until they are done.
pub fn mark(source: &SourceFile, facts: &Facts, sites: &mut [TaskSite]) {
    let quiet_refs = &facts.factories.quiet;
    if quiet_refs.is_empty() {
        return;
    }
    let src = source.text;
    let mut whole = WholeTree::new(src);
    for site in sites.iter_mut() {
        if !site.verdict.dropped_by_asyncio() {
            continue;
        }
        let Some(spelled) = coroutine_called(site, src) else {
            continue;
        };
        let Some((object, method)) = spelled.split_once('.').filter(|(_, m)| !m.contains('.'))
        else {
            continue;
        };
        // The parse only for a name the file binds at column 0 to a call of an imported class.
        if !made_at_top_level(src, object, quiet_refs) {
            continue;
        }
        let Some(root) = whole.root() else {
            continue;
        };
        let Some((one, class_name)) = top_level_instance(root, object, src) else {
            continue;
        };
        let Some(reference) = quiet_refs.get(class_name).filter(|r| r.class) else {
            continue;
        };
        if !kept_as_imported(root, class_name, src)
            || assignments_in_text(src.as_bytes(), method) != 0
        {
            continue;
        }
        let Some(proof) = proof(&reference, method) else {
            continue;
        };
        let made_at = one.start_position().row + 1;
        let instance =
            format!("on `{object}`, the instance of `{class_name}` made at line {made_at}");
        site.verdict = Verdict::Kept {
            by: Some(proof.replace(INSTANCE, &instance)),
        };
        site.reference = Reference::Passed;
        site.finishes_at_once = true;
    }
}

/// The evidence that `C.method` never suspends on any instance `C()` makes, proved once per
/// module, class and method.
pub(super) fn proof(reference: &QuietRef, method: &str) -> Option<String> {
    let class_name = &reference.name;
    reference
        .module
        .proof(&format!("{class_name}().{method}"), |module| {
            let tree = crate::scan::whole_tree::parse_clean(&module.text)?;
            class_method_proof(module, tree.root_node(), class_name, method, INSTANCE)
        })
}

/// Whether the text spells `object = C(` at column 0, `C` a class the file's imports reach.
fn made_at_top_level(src: &str, object: &str, quiet_refs: &QuietImports) -> bool {
    crate::scan::bound_names::classes_made_at_top_level(src, object)
        .any(|class| quiet_refs.get(&class).is_some_and(|r| r.class))
}
