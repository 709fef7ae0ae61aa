//! ## What it does
//! Finds a task added only to a `weakref.WeakSet`, or stored only as a value of a
//! `weakref.WeakValueDictionary` (`self._running[name] = asyncio.create_task(...)`), which
//! hold no reference to it: directly
//! (`self._tasks.add(asyncio.create_task(...))`) or through a local that nothing else reads
//! (`task = asyncio.create_task(...)`, then `_running.add(task)`, a done callback aside). The
//! holder must be a module name, an attribute of `self`, or a name of the function, that every
//! assignment in the module (the class, the function) makes a `WeakSet()` (a
//! `WeakValueDictionary()`); a local also
//! returned, awaited, stored or passed on is not reported.
//!
//! ## Why is this bad?
//! A `WeakSet` lets its members be garbage-collected: with it and the event loop both holding
//! the task weakly, nothing holds it, and it can be collected before it finishes.
//!
//! ## Example
//! ```python
//! import asyncio
//! import weakref
//!
//! _running = weakref.WeakSet()
//!
//!
//! async def main():
//!     _running.add(asyncio.create_task(work()))
//! ```
//!
//! Use instead:
//! ```python
//! import asyncio
//! import weakref
//!
//! _running = weakref.WeakSet()
//! _background_tasks = set()
//!
//!
//! async def main():
//!     task = asyncio.create_task(work())
//!     _background_tasks.add(task)
//!     task.add_done_callback(_background_tasks.discard)
//!     _running.add(task)
//! ```
//!
//! ## Fix safety
//! The fix keeps the task as for `dying-container` (named, kept, then added to the weak set as
//! before) and leaves the weak set to do what it did.

use tree_sitter::Node;

use super::rule::{
    Detector, FixAvailability, IT_CAN_BE_COLLECTED, Kind, Message, Rule, Shape, Spawn, Tier,
};
use crate::detect::dropped::Dropped;
use crate::detect::facts::Facts;
use crate::detect::task_site::{Reference, TaskSite};
use crate::scan::source::SourceFile;
use crate::scan::syntax::{only_element, strip_parens, text};

pub(super) const RULE: Rule = Rule {
    kind: Kind::WeakContainer,
    name: "weak-container",
    summary: "A task is kept only in a `weakref.WeakSet`, which holds no reference to it.",
    tier: Tier::Preview,
    fix: FixAvailability::Always,
    shape: Shape::Held,
    spawn: Spawn::Never,
    detect: &[Detector::Sites(mark)],
    evidence: "weakref: a `WeakSet` holds no reference to its elements, a \
               `WeakValueDictionary` none to its values, a `WeakKeyDictionary` none to its keys",
    source: include_str!("weak_container.rs"),
    message,
};

fn message(m: &Message) -> String {
    let callee = m.callee;
    // `holder[<the call>]`: the task is the key.
    let key_of = (m.container.strip_suffix(']'))
        .and_then(|c| c.split_once('['))
        .filter(|(_, key)| key.starts_with(&format!("{callee}(")));
    let what = match m.target {
        "" if let Some((holder, _)) = key_of => format!(
            "task returned by `{callee}` is kept only as a key of `{holder}`, a \
             `WeakKeyDictionary`, which holds no reference to it"
        ),
        "" if m.container.ends_with(']') => format!(
            "task returned by `{callee}` is kept only in `{}`, a value of a \
             `WeakValueDictionary`, which holds no reference to it",
            m.container
        ),
        // `WeakSet([<call> for ...])`: no store names a holder.
        "" if m.container.is_empty() => format!(
            "task returned by `{callee}` in a comprehension is handed only to a `WeakSet`, \
             which holds no reference to it"
        ),
        "" => format!(
            "task returned by `{callee}` is kept only in `{}`, a `WeakSet`, which holds no \
             reference to it",
            m.container
        ),
        target => format!(
            "task returned by `{callee}` is assigned to `{target}` and kept only in a weak \
             container (a `WeakSet`, a `WeakValueDictionary`'s value or a `WeakKeyDictionary`'s \
             key), which holds no reference to it"
        ),
    };
    what + IT_CAN_BE_COLLECTED
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A site dropped into a weak container: its index, statement, expression, bound name, and
/// whether a `noqa` silences it (dropped all the same, see `TaskSite::mark_dropped`).
type Weak<'t> = (usize, Node<'t>, Node<'t>, Option<Node<'t>>, bool);

/// Marks the sites whose only holder is a weak set. Only what the file shows is believed: the
/// holder is a module name or an attribute of `self` that every assignment in the module (or the
/// class) makes a `WeakSet()`, and the task reaches it directly
/// (`self._tasks.add(create_task(...))`) or through a local that nothing else reads
/// (`task = create_task(...)`, then `self._tasks.add(task)`).
fn mark<'t>(
    tree: &'t tree_sitter::Tree,
    source: &SourceFile,
    facts: &Facts,
    sites: &mut [TaskSite<'t>],
) {
    let src = source.text;
    // Most files never name one: they pay for one search.
    if memchr::memmem::find(src.as_bytes(), b"WeakSet(").is_none()
        && !crate::detect::weak_dicts::named(src)
    {
        return;
    }
    let mut weak: Vec<Weak> = Vec::new();
    let mut returned = Vec::new();
    for (index, site) in sites.iter().enumerate() {
        if site.is_dropped() {
            continue;
        }
        // `self.workers = WeakSet([create_task(w()) for _ in range(n)])`: it holds none of them.
        let silenced = || facts.silences(site.statement, source);
        if crate::detect::weak_held::made_into_weak_set(site.call, src)
            && let Some(expr) = site.statement.named_child(0).map(strip_parens)
        {
            weak.push((index, site.statement, expr, None, silenced()));
            continue;
        }
        let made_by_named = |holder: &str, makers: &[&str]| {
            only_made_by(site, holder, src, makers) || module_made_by(site, holder, src, makers)
        };
        if let Some((expr, target)) =
            crate::detect::weak_dicts::only_as_weak_key(site, src, &made_by_named)
        {
            weak.push((index, site.statement, expr, target, silenced()));
            continue;
        }
        // Kept in a collection, or added straight into a local container (`scope.add(...)`),
        // whose later reads do not matter when it is weak.
        let holder = match site.reference {
            Reference::Collection => site.holder.as_ref(),
            Reference::Local => site.local.as_ref(),
            _ => None,
        };
        let (Some(holder), statement) = (holder, site.statement) else {
            continue;
        };
        let made_by = |makers: &[&str]| only_made_by(site, holder, src, makers);
        // `t = create_task(c); self.tasks.add(t); return t`: its callers decide.
        let made_by_here =
            |makers: &[&str]| made_by(makers) || module_made_by(site, holder, src, makers);
        if crate::detect::weak_held::weakly_held_and_returned(site, holder, src, &made_by_here) {
            returned.push(index);
            continue;
        }
        if let Some((expr, target)) =
            crate::detect::weak_dicts::only_in_weak_dict(site, holder, src, &made_by)
        {
            weak.push((index, statement, expr, target, silenced()));
            continue;
        }
        if statement.kind() != "expression_statement" || !only_weak_sets(site, holder, src) {
            continue;
        }
        let Some(expr) = statement.named_child(0).map(strip_parens) else {
            continue;
        };
        let (target, direct) = match expr.kind() {
            // `self._tasks.add(create_task(...))`
            "call" => (None, adds(expr, holder, site.call, src)),
            // `task = create_task(...)`, and the local is read only to add it to the set.
            "assignment" => {
                let left = expr.child_by_field_name("left");
                let right = expr.child_by_field_name("right").map(strip_parens);
                let read_only_there = match (&site.local, left) {
                    (Some(local), Some(left)) if text(left, src) == local => {
                        right == Some(site.call) && only_added(site, local, holder, src)
                    }
                    _ => false,
                };
                (left, read_only_there)
            }
            _ => continue,
        };
        if direct {
            weak.push((index, statement, expr, target, silenced()));
        }
    }
    settle(tree, src, sites, returned, weak);
}

/// A stored site's weak set as the verdict: `returned` left to their callers, `weak` dropped.
fn settle<'t>(
    tree: &'t tree_sitter::Tree,
    src: &str,
    sites: &mut [TaskSite<'t>],
    returned: Vec<usize>,
    weak: Vec<Weak<'t>>,
) {
    for index in returned {
        crate::detect::weak_held::leave_to_callers(&mut sites[index]);
    }
    let placements =
        crate::detect::placement::placements_of(tree.root_node(), weak.iter().map(|w| w.1));
    for (index, stmt, expr, target, silenced) in weak {
        let Some(&placement) = placements.get(&stmt.id()) else {
            continue;
        };
        // A weak set is no reference: nothing owns the task.
        let site = &mut sites[index];
        site.reference = Reference::Dropped;
        (site.holder, site.owner, site.owner_scope) = (None, None, None);
        // Each task of a comprehension handed to the set: no one statement to keep it in.
        let unfixable = crate::detect::weak_held::made_into_weak_set(site.call, src).then_some(
            "the tasks are made in a comprehension handed to a weak set: keep them in a set of \
             your own",
        );
        let found = Dropped {
            kind: Kind::WeakContainer,
            stmt,
            call: site.call,
            expr,
            target,
            unfixable,
            placement,
            factory: None,
        };
        site.mark_dropped(found, silenced);
    }
}

/// `holder.add(<call>)`, with the call as its only argument.
fn adds(expr: Node, holder: &str, call: Node, src: &str) -> bool {
    let Some(function) = expr.child_by_field_name("function") else {
        return false;
    };
    let receiver = function.child_by_field_name("object");
    let method = function.child_by_field_name("attribute");
    let only = expr
        .child_by_field_name("arguments")
        .and_then(only_element)
        .map(strip_parens);
    receiver.is_some_and(|r| compact(text(r, src)) == holder)
        && method.is_some_and(|m| text(m, src) == "add")
        && only == Some(call)
}

/// The code without spaces and tabs (line breaks stay: they part words).
fn compact(code: &str) -> String {
    code.chars().filter(|c| !matches!(c, ' ' | '\t')).collect()
}

/// Every read of `local` after the statement, in its function, is `holder.add(local)` or a
/// done callback's registration.
fn only_added(site: &TaskSite, local: &str, holder: &str, src: &str) -> bool {
    let Some(function) = site
        .enclosing
        .iter()
        .rev()
        .find(|n| n.kind() == "function_definition")
    else {
        return false;
    };
    let rest = src
        .get(site.statement.end_byte()..function.end_byte())
        .unwrap_or("");
    let mut added = false;
    for (at, _) in rest.match_indices(local) {
        let before = &rest[..at];
        let after = &rest[at + local.len()..];
        if before.chars().next_back().is_some_and(is_word) || after.starts_with(is_word) {
            continue;
        }
        if after.trim_start().starts_with(".add_done_callback(") {
            continue;
        }
        let call_head = compact(before.rsplit('\n').next().unwrap_or(""));
        if call_head.ends_with(&format!("{holder}.add(")) && after.trim_start().starts_with(')') {
            added = true;
            continue;
        }
        return false;
    }
    added
}

/// Whether every assignment of the holder makes it a `WeakSet()`: module-wide for a module name,
/// in the class for `self.<name>`.
fn only_weak_sets(site: &TaskSite, holder: &str, src: &str) -> bool {
    only_made_by(site, holder, src, &["weakref.WeakSet(", "WeakSet("])
}

/// Whether every assignment of the holder starts with one of `makers`, as [`only_weak_sets`].
/// A module's name the function does not bind: every assignment of it in the module starts
/// with one of `makers`.
fn module_made_by(site: &TaskSite, holder: &str, src: &str, makers: &[&str]) -> bool {
    let function = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition");
    let binds = |code: &str| {
        let code = compact(code);
        (code.match_indices(holder)).any(|(at, _)| {
            let before = code[..at].chars().next_back();
            let after = &code[at + holder.len()..];
            !before.is_some_and(|c| is_word(c) || c == '.')
                && (after.starts_with('=') && !after.starts_with("==") || after.starts_with(':'))
        })
    };
    let module_name = !holder.is_empty() && holder.chars().all(is_word);
    let global = function.is_some_and(|f| !binds(text(*f, src)));
    module_name && global && assigned_only_by(&compact(src), holder, makers)
}

fn only_made_by(site: &TaskSite, holder: &str, src: &str, makers: &[&str]) -> bool {
    let (scope, name) = match holder.strip_prefix("self.") {
        Some(attribute) if !attribute.contains('.') => {
            let class = site
                .enclosing
                .iter()
                .rev()
                .find(|n| n.kind() == "class_definition");
            match class {
                Some(class) => (text(*class, src), holder),
                None => return false,
            }
        }
        None if site.owner.as_deref() == Some(&format!("module.{holder}")) => (src, holder),
        // A name of the function: every binding of it there.
        None if !holder.contains('.') => {
            let function =
                (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition");
            match function {
                Some(function) => (text(*function, src), holder),
                None => return false,
            }
        }
        _ => return false,
    };
    assigned_only_by(&compact(scope), name, makers)
}

/// Every assignment of `name` in `code` (compacted) starts with one of `makers`, and there is one.
fn assigned_only_by(code: &str, name: &str, makers: &[&str]) -> bool {
    let mut assignments = 0;
    for (at, _) in code.match_indices(name) {
        let before = code[..at].chars().next_back();
        let mut after = &code[at + name.len()..];
        if before.is_some_and(|c| is_word(c) || c == '.') {
            continue;
        }
        // `name: <annotation> = value`: the value after the annotation, on its line.
        if let Some(annotated) = after.strip_prefix(':') {
            let line = annotated.split('\n').next().unwrap_or("");
            match line.find('=') {
                Some(eq) => after = &annotated[eq..],
                None => continue,
            }
        }
        let Some(value) = after.strip_prefix('=').filter(|v| !v.starts_with('=')) else {
            continue;
        };
        if !makers.iter().any(|m| value.starts_with(m)) {
            return false;
        }
        assignments += 1;
    }
    assignments > 0
}

#[cfg(test)]
mod tests {
    use crate::detect::analysis::with_analysis;
    use crate::detect::kinds::kind::Kind;

    fn kinds(code: &str) -> Vec<Kind> {
        with_analysis(code, |detection| {
            detection.dropped().iter().map(|d| d.kind).collect()
        })
    }

    #[test]
    fn a_task_kept_only_by_a_weak_set_is_dropped() {
        let class = "import asyncio, weakref\nclass A:\n    def __init__(self):\n        \
                     self._tasks = weakref.WeakSet()\n    def go(self):\n        \
                     self._tasks.add(asyncio.create_task(w()))\n";
        assert_eq!(kinds(class), [Kind::WeakContainer]);
        let local = "import asyncio\nfrom weakref import WeakSet\n_tasks = WeakSet()\n\
                     def go():\n    t = asyncio.create_task(w())\n    _tasks.add(t)\n    \
                     t.add_done_callback(print)\n";
        assert_eq!(kinds(local), [Kind::WeakContainer]);
        // A local weak set, read later or not.
        let scoped = "import asyncio, weakref\nasync def go():\n    scope = weakref.WeakSet()\n    \
                      t = asyncio.create_task(w())\n    scope.add(t)\n    \
                      scope.add(asyncio.create_task(w()))\n    \
                      for x in scope:\n        x.cancel()\n";
        assert_eq!(kinds(scoped), [Kind::WeakContainer, Kind::WeakContainer]);
    }

    #[test]
    fn a_strong_reference_anywhere_keeps_it() {
        // The local is also returned: the caller may keep it.
        let returned = "import asyncio, weakref\n_tasks = weakref.WeakSet()\ndef go():\n    \
                        t = asyncio.create_task(w())\n    _tasks.add(t)\n    return t\n";
        assert_eq!(kinds(returned), []);
        // The holder is a plain set somewhere: not known to be weak.
        let mixed = "import asyncio, weakref\nclass A:\n    def __init__(self):\n        \
                     self._tasks = weakref.WeakSet()\n    def reset(self):\n        \
                     self._tasks = set()\n    def go(self):\n        \
                     self._tasks.add(asyncio.create_task(w()))\n";
        assert_eq!(kinds(mixed), []);
        let strong = "import asyncio\nclass A:\n    def __init__(self):\n        \
                      self._tasks = set()\n    def go(self):\n        \
                      self._tasks.add(asyncio.create_task(w()))\n";
        assert_eq!(kinds(strong), []);
    }
}
