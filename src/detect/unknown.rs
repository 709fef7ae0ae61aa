//! Where the proof stops: the verdict of each site that no rule and no keeper decided, from
//! what its reference shows. A task handed to code that is neither checked nor in the contract
//! table, or returned by a lambda to a registration whose contract depends on its class, is
//! `unknown`, with the reason.

use super::callback::{Registered, registered_body};
use super::task_site::{Reference, TaskSite};
use super::verdict::Verdict;
use crate::scan::contracts;
use crate::scan::syntax::text;

/// The verdict of each site no rule and no keeper decided, from what its reference shows.
pub fn settle(sites: &mut [TaskSite], src: &str) {
    for site in sites {
        if !matches!(site.verdict, Verdict::Kept { by: None }) {
            continue;
        }
        site.verdict = match site.reference {
            Reference::Dropped => Verdict::Dropped(None),
            Reference::Passed => match registered_body(site.call, src) {
                Some(Registered::Unknown(reason)) => Verdict::Unknown(reason),
                _ => Verdict::Unknown(handed(site, src)),
            },
            Reference::Returned => match registered_body(site.call, src) {
                Some(Registered::Unknown(reason)) => Verdict::Unknown(reason),
                Some(Registered::Kept(api)) => Verdict::Kept {
                    by: Some(format!(
                        "a lambda returns it to a registration that keeps it: {api}"
                    )),
                },
                _ => Verdict::Kept { by: None },
            },
            _ => Verdict::Kept { by: None },
        };
    }
}

/// Why a task passed on proves nothing: what it is handed to.
fn handed(site: &TaskSite, src: &str) -> String {
    let (call, local) = (site.call, site.local.as_deref());
    let mut node = call;
    while let Some(parent) = node.parent() {
        match parent.kind() {
            "parenthesized_expression" | "keyword_argument" | "argument_list" => node = parent,
            // `Thread(target=f, args=(task,))`: the arguments' tuple.
            "tuple" if parent.parent().is_some_and(|k| is_args_keyword(k, src)) => node = parent,
            "call" if node.kind() == "argument_list" => {
                let function = parent.child_by_field_name("function");
                let callee: String = (function.map_or("", |f| text(f, src)).chars())
                    .filter(|c| !c.is_whitespace())
                    .collect();
                // `futures.append(task)` on a local list: the language adds it there, and what
                // the function does with the list decides (below).
                if local.is_some_and(|l| added_to(&callee, l)) {
                    break;
                }
                if let Some(runner) = super::running_loop::inside_running_loop_call(parent, src) {
                    let line = parent.start_position().row + 1;
                    return running_loop_reason("the task", &runner, line);
                }
                if let Some(handoff) = contracts::thread_handoff(&callee) {
                    return format!(
                        "the task is handed to `{callee}`: {}, so what that callable does with \
                         it decides, and the call does not show it",
                        handoff.api
                    );
                }
                return format!(
                    "the task is handed to `{callee}`, which neither the checked code nor a \
                     library contract describes"
                );
            }
            _ => break,
        }
    }
    // The local handed to a call: name it, and where.
    let later = (super::handed::handed_in(site, src).into_iter())
        .find(|h| !local.is_some_and(|l| added_to(&h.callee, l)));
    if let (Some(local), Some(later)) = (local, later) {
        let line = src.get(..later.at).map_or(0, |s| s.matches('\n').count()) + 1;
        let root = crate::scan::syntax::root_of(call);
        let there = root.descendant_for_byte_range(later.at, later.at);
        if let Some(runner) =
            there.and_then(|n| super::running_loop::inside_running_loop_call(n, src))
        {
            return running_loop_reason(&format!("the local `{local}`"), &runner, line);
        }
        let what = match &later.method {
            Some(method) => format!("the bound method `{local}.{method}` of the local `{local}`"),
            None => format!("the local `{local}`"),
        };
        return format!(
            "the function hands {what} to `{callee}` (line {line}); what `{callee}` does with \
             it is proved neither by the checked code (no function undangle resolves there, a \
             method through `self.` or a function of the module or imported, keeps or awaits \
             it on every path) nor by a library contract; what keeps the task is not proved",
            callee = later.callee
        );
    }
    if let Some(reason) = local.and_then(|l| closure_reason(site, l, src)) {
        return reason;
    }
    match local {
        // The function uses the local in a way detection does not follow (a tuple, an argument
        // of a constructor): the code is there, the proof is not.
        Some(local) => format!(
            "the function uses the local `{local}` in a way undangle does not follow (a tuple, \
             an object's constructor, another call); what keeps the task is not proved"
        ),
        None => "what the statement does with the task is neither in the checked code nor in a \
                 library contract"
            .to_owned(),
    }
}

/// The local is read in a nested function or lambda of its function (`async def stop():
/// nonlocal t; await t`): the closure holds the variable, and waits for the task only when it
/// runs, which the function does not wait for: what keeps that closure (or its coroutine's task) decides.
fn closure_reason(site: &TaskSite, local: &str, src: &str) -> Option<String> {
    let function = *site.enclosing.last()?;
    let mut found = None;
    crate::scan::syntax::walk(function, |n| {
        if found.is_some() {
            return false;
        }
        let nested =
            n.id() != function.id() && matches!(n.kind(), "function_definition" | "lambda");
        if nested && n.start_byte() > site.statement.end_byte() && reads(n, local, src) {
            found = Some(n);
        }
        found.is_none()
    });
    let closure = found?;
    let line = closure.start_position().row + 1;
    let what = match closure.child_by_field_name("name") {
        Some(name) => format!("the nested function `{}`", text(name, src)),
        None => "a lambda".to_owned(),
    };
    Some(format!(
        "the local `{local}` is read in {what} (line {line}), a closure: the function itself does \
         not await the task, and the closure's reads, made only when it runs, are not proved \
         to wait for it on the function's every path; what keeps the task is what keeps the \
         closure (or its coroutine), which is not proved"
    ))
}

/// `node` spells the identifier `name` somewhere inside it.
fn reads(node: tree_sitter::Node, name: &str, src: &str) -> bool {
    let mut found = false;
    crate::scan::syntax::walk(node, |n| {
        found |= n.kind() == "identifier" && text(n, src) == name;
        !found
    });
    found
}

/// `local.append` / `local.add` / ...: a method of the local container the task is added to.
fn added_to(callee: &str, local: &str) -> bool {
    callee
        .strip_prefix(local)
        .and_then(|rest| rest.strip_prefix('.'))
        .is_some_and(|m| matches!(m, "append" | "add" | "extend" | "insert" | "appendleft"))
}

/// A task handed to `<loop>.run_until_complete(...)` under a test that the loop is running.
fn running_loop_reason(what: &str, runner: &str, line: usize) -> String {
    format!(
        "the function hands {what} to `{runner}` (line {line}) on a loop its branch tests is \
         running (`is_running()`): asyncio raises `RuntimeError` there before it waits for \
         anything, so nothing awaits the task, and the frame that holds it unwinds; what keeps \
         the task is not proved"
    )
}

/// `args=` of a call (`Thread(target=f, args=(task,))`).
fn is_args_keyword(node: tree_sitter::Node, src: &str) -> bool {
    node.kind() == "keyword_argument"
        && node
            .child_by_field_name("name")
            .is_some_and(|n| text(n, src) == "args")
}
