//! The audit's words for a site's verdict: what keeps the task, what drops it, or what is not
//! known, each with what proves it.

use crate::detect::callback::{Registered, registered_body};
use crate::detect::kinds::HANDOFF_EVIDENCE;
use crate::detect::kinds::Kind;
use crate::detect::task_site::{Creator, Reference, TaskSite};
use crate::detect::verdict::Verdict;
use crate::scan::syntax::text;

/// The proof of the site's verdict, in a sentence.
pub fn evidence(site: &TaskSite, src: &str) -> String {
    match &site.verdict {
        Verdict::Unknown(reason) => reason.clone(),
        Verdict::Kept { by: Some(by) } => by.clone(),
        Verdict::Kept { by: None } => kept(site, src),
        Verdict::Dropped(None) => unreported(site, src),
        Verdict::Dropped(Some(_)) if site.creator == Creator::Handoff => {
            HANDOFF_EVIDENCE.to_owned()
        }
        Verdict::Dropped(Some(drop)) if let Some(proof) = replaced(drop.kind, drop.target, src) => {
            proof
        }
        Verdict::Dropped(Some(drop)) => {
            let proof = callback_contract(site, src)
                .unwrap_or_else(|| drop.kind.rule().evidence.to_owned());
            match &site.stores_itself {
                Some(late) => format!("{proof}; {late}"),
                None => proof,
            }
        }
    }
}

/// The proof of `rebound` of an attribute (`detect::replaced`), which names no local of the
/// function, where the drop binds one.
fn replaced(kind: Kind, target: Option<tree_sitter::Node>, src: &str) -> Option<String> {
    let target = target.filter(|t| t.kind() == "attribute" && kind == Kind::Rebound)?;
    Some(format!(
        "the language: the attribute `{}` is bound again by the next statement, which runs no \
         code that could read the task it held",
        text(target, src)
    ))
}

/// What proves a drop `check` does not report: a `noqa` comment silences it, or no rule
/// reports its shape (the words must not blame a comment that is not there).
fn unreported(site: &TaskSite, src: &str) -> String {
    if site.suppressed {
        // The proof of the kind `--ignore-noqa` reports (`_ = create_task(...)  # noqa` too).
        let bound = (site.statement.named_child(0)).and_then(|a| a.child_by_field_name("left"));
        let proof = match site.silenced_kind {
            Some(kind) if let Some(proof) = replaced(kind, bound, src) => proof,
            Some(kind) if kind != Kind::Bare => kind.rule().evidence.to_owned(),
            _ => "the language: the statement drops the task".to_owned(),
        };
        return format!("{proof} (a `noqa` comment silences it)");
    }
    match site.creator {
        Creator::Handoff => HANDOFF_EVIDENCE,
        // Not reported on purpose: `run_coroutine_threadsafe(queue.put(x), loop)`.
        _ if site.finishes_at_once => {
            "asyncio: the statement drops the concurrent future that holds the task, but a put \
             finishes in the task's first step, while the loop still holds it (unless the queue \
             is bounded and full)"
        }
        _ => {
            "the language: nothing holds the task once the expression that creates it is \
             evaluated (a method called on it returns something else, or its statement drops \
             it); no rule of `check` reports this shape"
        }
    }
    .to_owned()
}

/// What keeps a task, by its reference.
fn kept(site: &TaskSite, src: &str) -> String {
    let holder = site.holder.as_deref().unwrap_or("its holder");
    match site.reference {
        Reference::Awaited => "the language: the function awaits it, so its frame holds it until \
                               it is done"
            .to_owned(),
        Reference::Returned => match site.weakly_held.as_deref() {
            Some(weak) => format!(
                "the language: it is returned, and its caller holds it; weakref: `{weak}`, a weak \
                 container, holds no reference to it, so the callers decide"
            ),
            None => "the language: it is returned, and its caller holds it".to_owned(),
        },
        Reference::Attribute => format!("the language: the attribute `{holder}` holds it"),
        Reference::Collection => format!("the language: the collection `{holder}` holds it"),
        Reference::Module => format!("the language: the module's name `{holder}` holds it"),
        Reference::TaskGroup => {
            "asyncio: a `TaskGroup` holds its tasks until they are done".to_owned()
        }
        Reference::Local => match site.local.as_deref() {
            Some(local) if let Some((runner, at)) = &site.frame_runner => format!(
                "the language: the local `{local}` holds it, and the function's frame lives \
                 while it runs the event loop through `{runner}` (the checked code: it runs \
                 the loop at {at}), the only time the task can run"
            ),
            Some(local) if let Some((main, line)) = main_coroutine(site, src) => format!(
                "the language: the local `{local}` holds it until `{main}` returns, and asyncio: \
                 `{main}` is the coroutine `asyncio.run` runs (line {line}), the only time the \
                 loop runs; when it returns, `asyncio.run` cancels every task left and waits \
                 for them (`Lib/asyncio/runners.py`)"
            ),
            // Whether or not it reads the local again, its frame outlives the task's use.
            Some(local) if outlives(site, src) => format!(
                "the language: the local `{local}` holds it, and the function's frame lives on \
                 after it (it runs the event loop, or never returns)"
            ),
            // Handed to a call the frame awaits: whatever the callee does, the frame holds it.
            Some(local) if let Some(line) = site.held_across => format!(
                "the language: the local `{local}` holds it while the function awaits the call \
                 it is handed to (line {line}), whatever that call does with it, and the \
                 function reads it after{}",
                site.lost_next_turn.map_or(String::new(), |turn| format!(
                    "; but after that call nothing awaits or cancels it (the function only tests \
                     it), and the loop (line {turn}) may turn again: its next turn binds \
                     `{local}` again, and the task, which may still run, is lost there (unless \
                     the call it was handed to waits for it to end, which the checked code does \
                     not show)"
                ))
            ),
            // Bound only to quiet a linter (`_ = ...`): nothing reads it before the frame ends.
            Some(local) if super::unread::never_read(site, src) => format!(
                "the language: the local `{local}` holds it until the function returns, and the \
                 function never reads it"
            ),
            Some(local) => format!(
                "the language: the local `{local}` holds it, and the function reads it after"
            ),
            None => "the language: a local holds it".to_owned(),
        },
        // Settled as dropped or unknown, or kept `by` something named: never reached.
        Reference::Dropped | Reference::Passed => {
            "kept by what the site's statement does".to_owned()
        }
    }
}

/// The function whose local holds the task, with the line of the `asyncio.run` that runs it as
/// its main coroutine, when it is one (and no loop around the statement binds the local anew).
fn main_coroutine(site: &TaskSite, src: &str) -> Option<(String, usize)> {
    let mut node = site.statement;
    while let Some(parent) = node.parent() {
        match parent.kind() {
            "for_statement" | "while_statement" | "lambda" | "class_definition" => return None,
            "function_definition" => {
                let line = crate::detect::main_coroutine::run_at(parent, src)?;
                let name = text(parent.child_by_field_name("name")?, src);
                return Some((name.to_owned(), line));
            }
            _ => node = parent,
        }
    }
    None
}

/// The site's statement is followed, in its function, by one the frame does not get past
/// while the program runs (see [`crate::detect::frame::outlives`]).
fn outlives(site: &TaskSite, src: &str) -> bool {
    let mut loops = crate::detect::frame::EndlessLoops::default();
    crate::detect::frame::outlives(site.statement, src, &mut loops)
}

/// The contract of the registration a dropped lambda's task goes to, in its words.
fn callback_contract(site: &TaskSite, src: &str) -> Option<String> {
    match registered_body(site.call, src)? {
        Registered::Dropped(_, api) => Some(api.to_owned()),
        Registered::Kept(_) | Registered::Unknown(_) => None,
    }
}
