//! A local read in a nested `def` or lambda that cancels the task, where the function itself
//! calls that closure or hands it to a call (molotov's `Runner._process`: `def _stop(cb): if
//! not killer.done(): killer.cancel()`, then `workers.add_done_callback(_stop)`). The closure's
//! looks at the task (`cancel()`, `done()`, a `None` test) are the function's own: the local
//! holds the task while the frame runs, and the closure, which the frame's call hands on, reads
//! the same variable. A closure returned, stored or read any other way stays a closure: what
//! keeps the task is then for its holder to say.

use tree_sitter::Node;

use super::awaited_closure::awaited_by_frame;
use super::follow::Use;
use super::memo::Memo;
use crate::scan::syntax::{text, walk};

/// Whether the read `node` of a local, inside the nested functions of `ancestors[below..]`,
/// used as `used`, is the frame's own: an await by a nested coroutine the frame itself awaits
/// after the local's binding ends at `after` ([`awaited_by_frame`]), or a look at the task in
/// a closure the frame hands on to cancel it.
pub(super) fn own_read(
    node: Node,
    ancestors: &[Node],
    below: usize,
    after: usize,
    used: &Use,
    src: &str,
) -> bool {
    (matches!(used, Use::Awaited) && awaited_by_frame(node, ancestors, below, after, src))
        || frames_own(ancestors, below, text(node, src), used, src)
}

/// Whether the frame reads a local itself (`uses`, each with whether a closure makes it, at
/// `nodes`) after every read a closure makes: `t = loop.create_task(...)`,
/// `monkeypatch.setattr(asyncio, "all_tasks", lambda _: {t})`, then `assert t.cancelled()`.
/// The closure holds the variable only as long as its own holder keeps it; the frame's later
/// read proves the frame holds it at least until then (apprise's
/// `test_xmpp_cancel_pending_tasks`). Asked only where the frame's reads are looks: one that
/// keeps, waits for or hands on the task ranks above a closure's.
pub(super) fn looked_at_after_closures(uses: &[(Use, bool)], nodes: &[Node]) -> bool {
    let last = |in_closure: bool| {
        (uses.iter().zip(nodes))
            .filter(|((_, nested), _)| *nested == in_closure)
            .map(|(_, n)| n.start_byte())
            .max()
    };
    matches!((last(true), last(false)), (Some(closure), Some(own)) if own > closure)
}

/// Whether the read of `name` inside `ancestors[below..]`, used as `used`, is in a closure: a
/// nested lambda or function. A nested function that declares the name `nonlocal` reads the
/// frame's own variable (`def stop(): nonlocal t; t.cancel()`), but its `await t` waits only
/// when that function runs, which the frame itself may never wait for: unless that function
/// is the one that binds the task, its binding ending at `bound` (`nonlocal t; t =
/// create_task(...); await t`).
pub(super) fn in_closure(
    ancestors: &[Node],
    below: usize,
    (name, used): (&str, &Use),
    bound: usize,
    memo: &mut Memo,
) -> bool {
    ancestors.iter().skip(below).any(|a| match a.kind() {
        "lambda" => true,
        "function_definition" => {
            let binds_here = a.start_byte() < bound && bound <= a.end_byte();
            (matches!(used, Use::Awaited) && !binds_here) || !memo.declares_nonlocal(*a, name)
        }
        _ => false,
    })
}

/// Whether a read of `name` inside the nested functions of `ancestors[below..]` (the frame
/// first), used as `used`, is one of the frame's own.
fn frames_own(ancestors: &[Node], below: usize, name: &str, used: &Use, src: &str) -> bool {
    if !matches!(used, Use::Handled | Use::Method | Use::Other) {
        return false;
    }
    let mut nested = (ancestors.iter().skip(below)).filter(|a| {
        matches!(
            a.kind(),
            "function_definition" | "lambda" | "class_definition"
        )
    });
    let (Some(closure), None, Some(frame)) = (nested.next(), nested.next(), ancestors.first())
    else {
        return false;
    };
    cancels(*closure, name, src) && handed_in_frame(*closure, *frame, src)
}

/// The closure's body spells `name.cancel()`.
fn cancels(closure: Node, name: &str, src: &str) -> bool {
    let body = closure
        .child_by_field_name("body")
        .map_or("", |b| text(b, src));
    body.match_indices(name).any(|(at, _)| {
        let before = body[..at].chars().next_back();
        let rest: String = body[at + name.len()..]
            .chars()
            .take(16)
            .filter(|c| !c.is_whitespace())
            .collect();
        !before.is_some_and(|c| c == '_' || c == '.' || c.is_alphanumeric())
            && rest.starts_with(".cancel()")
    })
}

/// A lambda handed to `x.add_done_callback(...)`; a `def` of the frame whose name the frame
/// uses only to call it in its own body or to hand it to `add_done_callback`, at least once.
/// asyncio's contract: a future holds its done callbacks until it is done, and a call in the
/// frame runs while the frame holds the local. A closure handed to any other callable (a
/// library's `Disposable(dispose)`, a framework's `add_event_handler`) is kept, or not, by
/// what that callable does: no proof.
fn handed_in_frame(closure: Node, frame: Node, src: &str) -> bool {
    if closure.kind() == "lambda" {
        return done_callback(closure, src);
    }
    let in_frame_body = closure
        .parent()
        .and_then(|block| block.parent())
        .is_some_and(|p| within_frame(p, frame));
    let Some(name) = closure.child_by_field_name("name").map(|n| text(n, src)) else {
        return false;
    };
    if closure.kind() != "function_definition" || !in_frame_body {
        return false;
    }
    let (mut used, mut other) = (0, false);
    walk(frame, |n| {
        if n.id() == closure.id() {
            return false;
        }
        if n.kind() == "identifier" && text(n, src) == name {
            let called = n.parent().is_some_and(|p| {
                p.kind() == "call"
                    && p.child_by_field_name("function").map(|f| f.id()) == Some(n.id())
                    && p.parent().is_some_and(|s| within_frame(s, frame))
            });
            match called || done_callback(n, src) {
                true => used += 1,
                false => other = true,
            }
        }
        !other
    });
    used > 0 && !other
}

/// `node` is the one argument of a call of `<future>.add_done_callback`.
fn done_callback(node: Node, src: &str) -> bool {
    let call = (node.parent())
        .filter(|l| l.kind() == "argument_list" && l.named_child_count() == 1)
        .and_then(|l| l.parent());
    let function = call.and_then(|c| c.child_by_field_name("function"));
    function.is_some_and(|f| {
        f.kind() == "attribute"
            && (f.child_by_field_name("attribute"))
                .is_some_and(|a| text(a, src) == "add_done_callback")
    })
}

/// The `def` stands in the frame's own body (in its `if`, `try` or `with` blocks too), not in
/// another nested function.
fn within_frame(node: Node, frame: Node) -> bool {
    let mut at = Some(node);
    while let Some(n) = at {
        if n.id() == frame.id() {
            return true;
        }
        if matches!(
            n.kind(),
            "function_definition" | "lambda" | "class_definition"
        ) {
            return false;
        }
        at = n.parent();
    }
    false
}
