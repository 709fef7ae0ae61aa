//! A task handed to a function of the checked code: its verdict from that function's summary
//! (see [`crate::project::handling`]). `self._track(task)` where `_track` adds its parameter to
//! `self._tasks` on every path is kept by `self._tasks`, as if the caller had added it; one
//! handed to a function that awaits it is awaited. A function that keeps it only weakly, or
//! does nothing with it, proves no keep: the site stays `unknown`, and the audit says what the
//! function does (no finding: such a drop is not reported by `check`). A bound method of the
//! task (`self.on_end(task.cancel)`) hands the task as well: it holds its object.

use tree_sitter::Node;

use super::facts::Facts;
use super::task_site::{OpenProof, Reference, TaskSite};
use super::verdict::Verdict;
use crate::project::handler::{Arg, Handling};
use crate::project::handlers::Resolved;
use crate::scan::contracts::{ITERATING_BUILTINS, READING_BUILTINS};
use crate::scan::syntax::{strip_parens, text};

/// The verdict of each site whose task is passed to a summarized function.
pub fn settle(sites: &mut [TaskSite], src: &str, facts: &Facts) {
    let handlers = &facts.factories.handlers;
    if handlers.is_empty() {
        return;
    }
    for site in sites.iter_mut() {
        if site.reference != Reference::Passed
            || !matches!(site.verdict, Verdict::Kept { by: None })
        {
            continue;
        }
        let class = (site.enclosing.iter().rev())
            .find(|n| n.kind() == "class_definition")
            .copied();
        let class_name = class
            .and_then(|c| c.child_by_field_name("name"))
            .map(|n| text(n, src));
        let calls = handed_in(site, src);
        let resolved = calls.iter().find_map(|handed| {
            let found = handlers.lookup(&handed.callee, class_name)?;
            let (_, handling) = found.handler.param(&handed.arg)?;
            // A summary kept only for what it reads of an outcome (a done callback's) says
            // nothing of what it keeps.
            if (found.handler.params.iter()).all(|(_, h)| *h == Handling::Unknown) {
                return None;
            }
            // A bound method is kept where it is stored, but awaiting one means nothing.
            let method = handed.method.as_deref();
            if method.is_some()
                && matches!(
                    handling,
                    Handling::Awaits { .. } | Handling::AwaitsEach { .. }
                )
            {
                return None;
            }
            // A function that awaits each element of what it is handed awaits the task only
            // when it is handed a collection that holds it.
            let many = || handed.at != site.call.start_byte() && holds_many(site, src);
            if matches!(handling, Handling::AwaitsEach { .. }) && !many() {
                return None;
            }
            Some((handed, found, handling))
        });
        let Some((handed, found, handling)) = resolved else {
            continue;
        };
        apply(site, (handed, found, handling), class, src);
    }
}

/// The names a summary that could settle an `unknown` site is found by, for the functions
/// the site's task is handed to: each callee's last name (`self._track`, `util.track`: the
/// function's own name), and for a bare name, each name an import may rename to it (`from
/// .util import track as t`). `audit` builds, after the walk, the summaries of functions with
/// these names only: no other summary can be looked up for these sites (see [`settle`]).
pub fn asked(sites: &[TaskSite], src: &str) -> Vec<String> {
    let mut names = Vec::new();
    // A local the frame holds across the await of such a call is settled as kept by the frame
    // only when no summary settles it first (see `super::held_across`): it asks too.
    let open = |s: &&TaskSite| {
        (s.reference == Reference::Passed && matches!(s.verdict, Verdict::Unknown(_)))
            || s.held_across.is_some()
    };
    for site in sites.iter().filter(open) {
        for Handed { callee, .. } in handed_in(site, src) {
            match callee.rsplit_once('.') {
                Some((_, last)) => names.push(last.to_owned()),
                None => {
                    names.extend(renamed_to(&callee, src));
                    names.push(callee);
                }
            }
        }
    }
    if !sites.is_empty() {
        names.extend(
            super::callback_names::callbacks_elsewhere(src)
                .into_iter()
                .map(|n| format!("{CALLBACK}{n}")),
        );
    }
    names.sort_unstable();
    names.dedup();
    names
}

/// Marks a name [`asked`] for a done callback's summary: only files that may define a summary
/// of what a function keeps, or one that reads an outcome, are parsed for it.
pub const CALLBACK: &str = "callback:";

/// The names spelled `<original> as <name>` in `src`: those an import may rename to `name`
/// (more than the imports, which costs only a summary more).
fn renamed_to(name: &str, src: &str) -> Vec<String> {
    let bytes = src.as_bytes();
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80;
    // A line continuation is space too (`track \\\n as t`).
    let trimmed = |b: &[u8]| {
        b.len()
            - b.iter()
                .rev()
                .take_while(|b| b.is_ascii_whitespace() || **b == b'\\')
                .count()
    };
    let mut found = Vec::new();
    for at in memchr::memmem::find_iter(bytes, name.as_bytes()) {
        if bytes.get(at + name.len()).is_some_and(word) {
            continue;
        }
        let end = trimmed(&bytes[..at]);
        let Some(before) = bytes[..end].strip_suffix(b"as") else {
            continue;
        };
        let original = &before[..trimmed(before)];
        if end == at || original.len() == before.len() {
            continue; // no space on either side of `as`
        }
        let start = original.iter().rposition(|b| !word(b)).map_or(0, |p| p + 1);
        if let Ok(original) = std::str::from_utf8(&original[start..])
            && !original.is_empty()
        {
            found.push(original.to_owned());
        }
    }
    found
}

/// What the summary proves of the site.
fn apply(
    site: &mut TaskSite,
    (handed, found, handling): (&Handed, &Resolved, &Handling),
    class: Option<Node>,
    src: &str,
) {
    let callee = &handed.callee;
    // `task.cancel` handed: the function stores the bound method, which holds the task.
    let what = match &handed.method {
        Some(method) => format!("the task's bound `{method}` is handed"),
        None => "the task is handed".to_owned(),
    };
    let at = format!(
        "`{}` ({}:{})",
        found.handler.qualified(),
        found.display,
        found.handler.line
    );
    match handling {
        Handling::Keeps {
            holder,
            class: holder_class,
            weak: false,
            direct,
            line,
        } => {
            let owner = match holder_class {
                Some(c) => format!("{c}.{}", holder.trim_start_matches("self.")),
                None if found.same_file => format!("module.{holder}"),
                // Another module's name, qualified by that module (`helpers._TASKS`).
                None => format!("{}.{holder}", module_name(&found.display)),
            };
            // Where the holder's shutdown is not in this file's text, say what stops the proof.
            let unread = match (&handed.method, found.same_file) {
                (Some(method), _) => Some(format!(
                    "; how it is shut down is unknown: `{holder}` holds the task's bound \
                     `{method}`, and what calls it there is not followed"
                )),
                (None, false) => Some(format!(
                    "; how it is shut down is unknown: `{holder}` lives in {}, and the audit \
                     reads the shutdowns of the file it describes only",
                    found.display
                )),
                (None, true) => None,
            };
            site.verdict = Verdict::Kept {
                by: Some(format!(
                    "the body of a function in the checked code: {what} to `{callee}`, and {at} \
                     keeps it in `{holder}` on every path (line {line}){}",
                    unread.as_deref().unwrap_or_default()
                )),
            };
            site.shutdown_unknown = unread.is_some();
            site.reference = match (holder_class.is_some(), direct) {
                (true, true) => Reference::Attribute,
                (true, false) => Reference::Collection,
                (false, _) => Reference::Module,
            };
            // In the calling file, the holder's shutdown is looked up where it lives: the
            // class of `self.`, or the module.
            // A holder of bound methods is no holder of tasks: its shutdown is not theirs.
            let scope = match (found.same_file, holder_class.is_some(), class) {
                _ if handed.method.is_some() => None,
                (true, true, Some(class)) => Some(super::memo::extent(class, src)),
                (true, false, _) => Some(0..src.len()),
                _ => None,
            };
            site.holder = scope.is_some().then(|| holder.clone());
            site.owner_scope = scope;
            site.owner = Some(owner);
            site.open_proof = through_method(callee, handed, class, src);
        }
        Handling::Awaits { .. } | Handling::AwaitsEach { .. } => {
            awaited(site, handed, &at, handling)
        }
        Handling::Guards { .. } => guarded(site, handed, &at, handling),
        &Handling::Polls { reads, cancels } if handed.method.is_none() => {
            polled(site, callee, &at, reads, cancels)
        }
        Handling::Keeps {
            holder, weak: true, ..
        } => {
            site.verdict = Verdict::Unknown(format!(
                "{what} to `{callee}`, and {at} keeps it only in `{holder}`, a weak container, \
                 which holds nothing; what else keeps it is not proved"
            ));
        }
        Handling::Nothing | Handling::Cancels => {
            site.verdict = Verdict::Unknown(format!(
                "{what} to `{callee}`, and {at} keeps no reference to it; what else keeps it \
                 is not proved"
            ));
        }
        Handling::Returns
        | Handling::HandsOn { .. }
        | Handling::Polls { .. }
        | Handling::Unknown => {}
    }
}

/// `self.m(task)` (`cls.m`) in a method of `class`: which `m` keeps the task is the object's
/// class's to say, and a class derived from `class` may bind another (`audit` reads them).
fn through_method(
    callee: &str,
    handed: &Handed,
    class: Option<Node>,
    src: &str,
) -> Option<OpenProof> {
    let method = (callee.strip_prefix("self.")).or_else(|| callee.strip_prefix("cls."))?;
    if method.contains('.') || handed.method.is_some() {
        return None;
    }
    let class = text(class?.child_by_field_name("name")?, src);
    Some(OpenProof::Keeper {
        class: class.to_owned(),
        method: method.to_owned(),
    })
}

/// The site's local is a collection that holds the task (`tasks = [create_task(...) for
/// ...]`), not the task itself (`task = create_task(...)`).
fn holds_many(site: &TaskSite, src: &str) -> bool {
    let Some(local) = site.local.as_deref() else {
        return false;
    };
    let at = crate::scan::syntax::outside_parens(site.call);
    let bound_itself = at.parent().is_some_and(|p| {
        p.kind() == "assignment"
            && p.child_by_field_name("right") == Some(at)
            && p.child_by_field_name("left")
                .is_some_and(|l| text(strip_parens(l), src) == local)
    });
    !bound_itself
}

/// A function that awaits the task, or each task of the local handed to it, on every path.
fn awaited(site: &mut TaskSite, handed: &Handed, at: &str, handling: &Handling) {
    let callee = &handed.callee;
    let by = match (handling, &handed.through, &handed.arg) {
        (Handling::Awaits { line }, Some(dict), Arg::Named(key)) => format!(
            "the body of a function in the checked code: the task is put in the dict `{dict}` \
             and handed to `{callee}` with `**{dict}` as the keyword `{key}`, and {at} awaits \
             it on every path (line {line})"
        ),
        (Handling::Awaits { line }, _, _) => format!(
            "the body of a function in the checked code: the task is handed to `{callee}`, and \
             {at} awaits it on every path (line {line})"
        ),
        (Handling::AwaitsEach { line }, _, _) => format!(
            "the body of a function in the checked code: the local `{}`, which holds the task, \
             is handed to `{callee}`, and {at} awaits each of its tasks on every path (line \
             {line})",
            site.local.as_deref().unwrap_or_default()
        ),
        _ => return,
    };
    site.verdict = Verdict::Kept { by: Some(by) };
    site.reference = Reference::Awaited;
}

/// A plain function that polls the task until it is done and reads its outcome: kept by the
/// caller's frame for the call, its exception read there; one that cancels it where it gives up
/// never awaits it after.
fn polled(site: &mut TaskSite, callee: &str, at: &str, reads: usize, cancels: Option<usize>) {
    let cancelled = cancels.map_or(String::new(), |c| {
        format!("; where it gives up it cancels it (line {c}) and returns without awaiting it")
    });
    site.verdict = Verdict::Kept {
        by: Some(format!(
            "the body of a function in the checked code: the task is handed to `{callee}`, and \
             {at}, a plain function, polls it until it is done and reads its outcome (line \
             {reads}), while the caller's frame holds it{cancelled}"
        )),
    };
    // Its outcome is read there, as an await's would be.
    site.awaited_by_callee = true;
    site.cancelled_by_callee = cancels.map(|c| (at.to_owned(), c));
}

/// A generator context manager that yields the task and awaits it in its `finally`: kept for
/// the `with` block, its outcome read at the block's exit.
fn guarded(site: &mut TaskSite, handed: &Handed, at: &str, handling: &Handling) {
    let &Handling::Guards {
        yields,
        cancels,
        awaits,
    } = handling
    else {
        return;
    };
    // Entered by a `with` only: a generator not entered runs none of its body.
    if !entered(site, handed.at) {
        return;
    }
    let callee = &handed.callee;
    let cancels = cancels.map_or(String::new(), |c| format!("cancels it (line {c}) and "));
    site.verdict = Verdict::Kept {
        by: Some(format!(
            "the body of a function in the checked code: the task is handed to `{callee}` in a \
             `with` statement, and {at}, a generator context manager, yields it (line {yields}), \
             so its suspended frame holds it for the block, and in the `finally` around that \
             `yield` {cancels}awaits it (line {awaits}) at the block's exit"
        )),
    };
    site.awaited_by_callee = true;
}

/// The call the task is handed to at `at` is the context expression of a `with` item
/// (`async with guard(create_task(f())) as t:`).
fn entered(site: &TaskSite, at: usize) -> bool {
    let root = crate::scan::syntax::root_of(site.call);
    let Some(read) = root.descendant_for_byte_range(at, at) else {
        return false;
    };
    let mut node = read;
    // Up to the call whose argument list holds the read.
    let call = loop {
        let Some(parent) = node.parent() else {
            return false;
        };
        if parent.kind() == "argument_list" {
            break parent.parent();
        }
        node = parent;
    };
    let Some(call) = call.filter(|c| c.kind() == "call") else {
        return false;
    };
    let mut item = crate::scan::syntax::outside_parens(call);
    if let Some(pattern) = item.parent().filter(|p| p.kind() == "as_pattern") {
        item = pattern;
    }
    // `with (a(t) as x, b()):` parses as one item, a tuple of them: each is a context manager.
    if let Some(items) = item.parent().filter(|p| p.kind() == "tuple") {
        item = items;
    }
    item.parent().is_some_and(|p| p.kind() == "with_item")
}

/// One call the site's task is handed to.
pub struct Handed {
    /// The callee as written, without whitespace.
    pub callee: String,
    /// Where the task stands among its arguments.
    pub arg: Arg,
    /// The task's method it is handed through (`task.cancel`), if not the task itself.
    pub method: Option<String>,
    /// Where the task's name (or the creating call) is read there.
    pub at: usize,
    /// The local dict it is handed in (`d = dict(k=task)`, then `f(**d)`).
    pub through: Option<String>,
}

/// The calls the site's task is handed to: the call around the creating call itself, or
/// those that take the local it is bound to (or a bound method of it), after the binding, in
/// the function's own frame.
pub fn handed_in(site: &TaskSite, src: &str) -> Vec<Handed> {
    let mut found = Vec::new();
    if let Some((callee, arg)) = argument_of(site.call, src) {
        found.push(Handed {
            callee,
            arg,
            method: None,
            at: site.call.start_byte(),
            through: None,
        });
    }
    let function = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition");
    let (Some(local), Some(function)) = (site.local.as_deref(), function) else {
        return found;
    };
    let after = site.statement.end_byte();
    // The local's reads are found by its spelling in the text after the binding, not by a
    // walk of every node of the function (asked per site, of long functions too).
    let (start, end) = (after.max(function.start_byte()), function.end_byte());
    let Some(tail) = src.get(start..end) else {
        return found;
    };
    for at in memchr::memmem::find_iter(tail.as_bytes(), local.as_bytes()).map(|i| start + i) {
        let Some(node) = function.descendant_for_byte_range(at, at + local.len()) else {
            continue;
        };
        if node.kind() != "identifier" || node.start_byte() != at || text(node, src) != local {
            continue;
        }
        // Not in a nested function, lambda or class: another frame.
        if outside(node, *function) != Some(false) {
            continue;
        }
        let value = handed_value(node, src);
        // A built-in that only reads or iterates (`len`, `enumerate`) hands it to nothing.
        if let Some((callee, arg)) = argument_of(value, src).filter(|(callee, _)| {
            !ITERATING_BUILTINS.contains(&callee.as_str())
                && !READING_BUILTINS.contains(&callee.as_str())
        }) {
            // `d = dict(k=task)` then `f(**d)`: handed to `f` as the keyword `k`.
            if let (true, Arg::Named(key)) = (callee == "dict" && value.id() == node.id(), &arg)
                && let Some(spreads) = super::dict_splat::handed_through(node, *function, src)
            {
                found.extend(spreads.into_iter().map(|s| Handed {
                    callee: s.callee,
                    arg: Arg::Named(key.clone()),
                    method: None,
                    at: s.at,
                    through: Some(s.dict),
                }));
                continue;
            }
            let method = (value.id() != node.id())
                .then(|| value.child_by_field_name("attribute"))
                .flatten()
                .map(|m| text(m, src).to_owned());
            found.push(Handed {
                callee,
                arg,
                method,
                at,
                through: None,
            });
        }
    }
    found
}

/// Whether a function, lambda or class lies between `node` and `function` (its ancestor);
/// `None` when `function` is not an ancestor.
fn outside(node: Node, function: Node) -> Option<bool> {
    let mut at = node.parent()?;
    while at.id() != function.id() {
        if matches!(
            at.kind(),
            "function_definition" | "lambda" | "class_definition"
        ) {
            return Some(true);
        }
        at = at.parent()?;
    }
    Some(false)
}

/// What hands the task on where its name is read: the name, or its bound method
/// (`pipe.on_end(task.cancel)`: a bound method holds its object, `m.__self__`, and a task's
/// public attributes are all methods).
fn handed_value<'t>(name: Node<'t>, src: &str) -> Node<'t> {
    let parent = name.parent();
    let method = parent.filter(|a| {
        a.kind() == "attribute"
            && a.child_by_field_name("object") == Some(name)
            && (a.child_by_field_name("attribute")).is_some_and(|m| !text(m, src).starts_with('_'))
    });
    method.unwrap_or(name)
}

/// The call that takes `node` as an argument, as (callee without whitespace, position).
fn argument_of(node: Node, src: &str) -> Option<(String, Arg)> {
    let at = crate::scan::syntax::outside_parens(node);
    let parent = at.parent()?;
    let (list, arg) = match parent.kind() {
        "argument_list" => {
            let mut cursor = parent.walk();
            let mut args = parent.named_children(&mut cursor);
            let position = args.position(|a| a.id() == at.id())?;
            let mut cursor = parent.walk();
            let before: Vec<Node> = parent.named_children(&mut cursor).take(position).collect();
            if before
                .iter()
                .any(|a| a.kind().ends_with("splat") || a.kind() == "keyword_argument")
            {
                return None;
            }
            (parent, Arg::At(position))
        }
        "keyword_argument" if parent.child_by_field_name("value") == Some(at) => {
            let name = text(parent.child_by_field_name("name")?, src).to_owned();
            (parent.parent()?, Arg::Named(name))
        }
        _ => return None,
    };
    let call = list.parent().filter(|c| c.kind() == "call")?;
    let function = strip_parens(call.child_by_field_name("function")?);
    let callee: String = text(function, src).split_whitespace().collect();
    Some((callee, arg))
}

/// The module a file is, by its last name (a package's `__init__.py` is its folder).
fn module_name(display: &str) -> &str {
    let path = std::path::Path::new(display);
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or(display);
    match stem {
        "__init__" => (path.parent())
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .unwrap_or(stem),
        _ => stem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_name_asks_for_the_names_an_import_renames_to_it() {
        let code = "from .util import track as keep\nfrom x import (\n    a,\n    other  as keep,\n)\nkeep_going = 1\n";
        assert_eq!(renamed_to("keep", code), ["track", "other"]);
        assert!(renamed_to("keep_going", code).is_empty());
        assert!(renamed_to("track", code).is_empty());
    }
}
