//! Loop-wide task factories: `loop.set_task_factory(f)` where `f` keeps every task it makes (adds
//! it to a set whose `discard` is its done callback, and returns it). A task created on that loop
//! is kept by the factory, whatever its site does with it.
//!
//! Which loop a site runs on is shown only in the function that sets the factory, after it: a
//! `create_task` on the same loop expression, and, when that loop is the running one
//! (`asyncio.get_running_loop()` in a coroutine), `asyncio.create_task` / `ensure_future` too.
//! Those sites are kept; every other drop in the file is still reported, with a note.

use tree_sitter::Node;

use super::task_site::{Reference, TaskSite};
use super::verdict::Verdict;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{enclosing_function, first_element, text, walk};

/// One `set_task_factory` call whose factory keeps its tasks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoopFactory {
    /// 1-based line of the call.
    pub line: usize,
    /// The loop, as written (`loop`, `self._loop`).
    pub receiver: String,
    /// The factory's name.
    pub factory: String,
}

/// The file's keeping loop-wide factories; the drops they prevent are taken off `sites`.
pub fn mark_loop_factories(
    tree: &tree_sitter::Tree,
    source: &SourceFile,
    sites: &mut [TaskSite],
) -> Vec<LoopFactory> {
    let src = source.text;
    // Nearly no file sets one: they pay for one search.
    if memchr::memmem::find(src.as_bytes(), b"set_task_factory(").is_none() {
        return Vec::new();
    }
    let root = tree.root_node();
    let mut found = Vec::new();
    walk(root, |node| {
        if let Some((receiver, factory)) = setter(node, src)
            && keeps_its_tasks(root, factory, src)
        {
            found.push((node, receiver));
        }
        true
    });
    let mut factories = Vec::new();
    for (call, receiver) in found {
        let scope = enclosing_function(call, &[]);
        let running = is_running_loop(receiver, scope, src);
        let receiver_text = compact(text(receiver, src));
        let factory = call
            .child_by_field_name("arguments")
            .and_then(first_element)
            .map_or("", |f| text(f, src));
        let line = source.line_col(call.start_byte()).0;
        for site in sites.iter_mut().filter(|s| s.drop().is_some()) {
            let same_frame =
                enclosing_function(site.call, &[]).map(|n| n.id()) == scope.map(|n| n.id());
            if same_frame
                && site.call.start_byte() > call.end_byte()
                && runs_on(site.call, &receiver_text, running, src)
            {
                let by =
                    format!("the loop's task factory `{factory}` (line {line}) keeps every task");
                site.verdict = Verdict::Kept { by: Some(by) };
                site.reference = Reference::Passed;
            }
        }
        factories.push(LoopFactory {
            line,
            receiver: receiver_text,
            factory: factory.to_owned(),
        });
    }
    factories
}

/// `<loop>.set_task_factory(<name>)`: the loop and the name.
fn setter<'t, 's>(node: Node<'t>, src: &'s str) -> Option<(Node<'t>, &'s str)> {
    if node.kind() != "call" {
        return None;
    }
    let function = node.child_by_field_name("function")?;
    let method = function.child_by_field_name("attribute")?;
    let arguments = node.child_by_field_name("arguments")?;
    let factory = arguments
        .named_child(0)
        .filter(|a| a.kind() == "identifier")?;
    (function.kind() == "attribute"
        && text(method, src) == "set_task_factory"
        && arguments.named_child_count() == 1)
        .then(|| Some((function.child_by_field_name("object")?, text(factory, src))))
        .flatten()
}

/// Every `def <name>` of the file keeps what it creates: the task goes into a set whose
/// `discard` is its done callback, and is returned.
fn keeps_its_tasks(root: Node, name: &str, src: &str) -> bool {
    let mut definitions = 0;
    let mut keeping = 0;
    walk(root, |node| {
        if node.kind() == "function_definition"
            && node
                .child_by_field_name("name")
                .is_some_and(|n| text(n, src) == name)
        {
            definitions += 1;
            let body = compact(
                node.child_by_field_name("body")
                    .map_or("", |b| text(b, src)),
            );
            let keeps = body.contains(".add_done_callback(")
                && body.contains(".discard)")
                && body.contains(".add(")
                && body.contains("return");
            keeping += usize::from(keeps);
        }
        true
    });
    definitions > 0 && definitions == keeping
}

/// The loop is the running one: `asyncio.get_running_loop()` itself, or a name the coroutine
/// binds to it.
fn is_running_loop(receiver: Node, scope: Option<Node>, src: &str) -> bool {
    const RUNNING: &str = "asyncio.get_running_loop()";
    let written = compact(text(receiver, src));
    let Some(function) = scope else {
        return false;
    };
    let coroutine = function.child(0).is_some_and(|c| text(c, src) == "async");
    coroutine
        && (written == RUNNING
            || (receiver.kind() == "identifier"
                && compact(text(function, src)).contains(&format!("{written}={RUNNING}"))))
}

/// The task of `call` is created on the loop: `<loop>.create_task(...)`, or, on the running
/// loop, `asyncio.create_task(...)` / `asyncio.ensure_future(...)`.
fn runs_on(call: Node, receiver: &str, running: bool, src: &str) -> bool {
    let function = call
        .child_by_field_name("function")
        .map_or(String::new(), |f| compact(text(f, src)));
    function == format!("{receiver}.create_task")
        || (running
            && matches!(
                function.as_str(),
                "asyncio.create_task"
                    | "asyncio.ensure_future"
                    | "asyncio.get_running_loop().create_task"
                    | "asyncio.get_event_loop().create_task"
            ))
}

fn compact(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use crate::detect::analysis::with_analysis;

    const FACTORY: &str = "import asyncio\n_tasks = set()\n\ndef keeping(loop, coro, **kw):\n    \
                           task = asyncio.Task(coro, loop=loop, **kw)\n    _tasks.add(task)\n    \
                           task.add_done_callback(_tasks.discard)\n    return task\n\n";

    /// The lines of the drops `check` reports, and the factories found.
    fn lines(code: &str) -> (Vec<usize>, usize) {
        with_analysis(code, |detection| {
            let dropped = detection.dropped();
            let rows = dropped.iter().map(|d| d.stmt.start_position().row + 1);
            (rows.collect(), detection.loop_factories.len())
        })
    }

    #[test]
    fn tasks_made_on_the_loop_after_its_keeping_factory_are_kept() {
        let code = format!(
            "{FACTORY}async def main():\n    loop = asyncio.get_running_loop()\n    \
             asyncio.create_task(w())\n    loop.set_task_factory(keeping)\n    \
             loop.create_task(w())\n    asyncio.create_task(w())\n    \
             asyncio.get_event_loop().create_task(w())\n    \
             other = asyncio.new_event_loop()\n    other.create_task(w())\n"
        );
        // Before the factory, and on another loop: still dropped.
        assert_eq!(lines(&code), (vec![12, 18], 1));
    }

    #[test]
    fn a_factory_that_does_not_keep_keeps_nothing() {
        let code = "import asyncio\ndef plain(loop, coro):\n    return asyncio.Task(coro, loop=loop)\n\
                    async def main():\n    loop = asyncio.get_running_loop()\n    \
                    loop.set_task_factory(plain)\n    loop.create_task(w())\n";
        assert_eq!(lines(code), (vec![7], 0));
    }
}
