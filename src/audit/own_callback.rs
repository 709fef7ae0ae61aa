//! A task whose only reader is a lambda given to its own `add_done_callback` (printer-ws-client:
//! `task = loop.create_task(...)`, then `task.add_done_callback(lambda _: f.set_result(
//! task.result()))`). Detection leaves it unknown: what keeps the task is what keeps the
//! closure. But the closure is the task's own callback: asyncio's contract is that the task
//! holds its done callbacks, so the closure holds the task only as long as the task holds
//! itself, a cycle. Nothing outside the task keeps it (the loop, while it is scheduled), which
//! the checked code shows; the words say so, the verdict stays detection's.

use tree_sitter::Node;

use crate::detect::task_site::TaskSite;
use crate::detect::verdict::Verdict;
use crate::scan::syntax::{text, walk};

/// The action and evidence for an unknown site whose local is read only by its own done
/// callback, a lambda: the line of that `add_done_callback`.
pub(super) fn words(
    site: &TaskSite,
    src: &str,
    line_of: impl Fn(usize) -> usize,
) -> Option<(String, String)> {
    let at = only_own_callback(site, src)?;
    let local = site.local.as_deref()?;
    let line = line_of(at);
    let evidence = format!(
        "the local `{local}` is read only in a lambda given to the task's own \
         `add_done_callback` (line {line}): the task holds that callback (asyncio's contract), \
         so the closure keeps the task only as long as the task keeps itself, a cycle; nothing \
         outside the task holds it but the loop while it is scheduled"
    );
    let action = format!(
        "keep a reference to the task until it is done: its only reader is its own done \
         callback (line {line}), which nothing outside the task holds"
    );
    Some((action, evidence))
}

/// Where (an offset in `src`) the site's local is given a lambda as its own done callback,
/// when the function reads the local after its binding only there and in that lambda.
fn only_own_callback(site: &TaskSite, src: &str) -> Option<usize> {
    if !matches!(site.verdict, Verdict::Unknown(_)) || site.closure_frame.is_some() {
        return None;
    }
    let local = site.local.as_deref()?;
    let function = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition")?;
    let body = function.child_by_field_name("body")?;
    let from = site.statement.end_byte();
    let mut reads = Vec::new();
    walk(body, |node| {
        if node.kind() == "identifier" && text(node, src) == local {
            reads.push(node);
        }
        true
    });
    let lambdas: Vec<Node> = (reads.iter())
        .filter_map(|n| own_callback(*n, local, src))
        .collect();
    let [lambda] = lambdas[..] else {
        return None;
    };
    // Before the site only its own binding; after it, the callback's registration and reads.
    let only = reads.iter().all(|n| match n.start_byte() < from {
        true => within(*n, site.statement),
        false => own_callback(*n, local, src).is_some() || within(*n, lambda),
    });
    only.then(|| lambda.start_byte())
}

/// The lambda `node` (the local's name) is given as its one done callback:
/// `<local>.add_done_callback(lambda ...: ...)`.
fn own_callback<'t>(node: Node<'t>, local: &str, src: &str) -> Option<Node<'t>> {
    let attribute = node.parent().filter(|p| p.kind() == "attribute")?;
    let method = attribute.child_by_field_name("attribute")?;
    let object = attribute.child_by_field_name("object")?;
    if object.id() != node.id() || text(object, src) != local {
        return None;
    }
    if text(method, src) != "add_done_callback" {
        return None;
    }
    let call = attribute.parent().filter(|c| c.kind() == "call")?;
    let arguments = call.child_by_field_name("arguments")?;
    let lambda = arguments.named_child(0)?;
    (arguments.named_child_count() == 1 && lambda.kind() == "lambda").then_some(lambda)
}

/// `node` lies inside `outer`.
fn within(node: Node, outer: Node) -> bool {
    outer.start_byte() <= node.start_byte() && node.end_byte() <= outer.end_byte()
}
