//! Functions of the checked code that run the event loop: a plain module-level `def` whose body
//! calls `<loop>.run_until_complete(...)` or `<loop>.run_forever()` as one of its own statements,
//! with no `return` or `raise` before it (aioxmpp's `testutils.run_coroutine`). A task made
//! before a call of one, in a `def` that calls it, runs only inside that call, while the
//! caller's frame and its locals live: what `detect::frame` asks of a frame that outlives the
//! task's use. A function summary fact, gathered in the walk from the files that spell one of
//! the two calls, and found by the name its caller's imports bind.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tree_sitter::Node;

use super::paths::{Bound, import_bindings, module_parts, named_by};
use crate::scan::asyncio_api::is_loop_getter;
use crate::scan::syntax::{strip_parens, text, walk};

/// The two calls that run the loop inside the caller's frame.
pub const RUNS_THE_LOOP: [&[u8]; 2] = [b"run_until_complete(", b"run_forever("];

/// One function that runs the loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runner {
    pub function: String,
    /// The line of the call that runs the loop, 1-based.
    pub line: usize,
}

#[derive(Debug, Clone)]
struct Module {
    file: PathBuf,
    display: String,
    parts: Vec<String>,
    runners: Vec<Runner>,
}

/// Every function of the run that runs the loop.
#[derive(Debug, Clone, Default)]
pub struct LoopRunners {
    modules: Vec<Module>,
}

impl LoopRunners {
    pub fn add(&mut self, file: PathBuf, display: String, runners: Vec<Runner>) {
        if runners.is_empty() {
            return;
        }
        let parts = module_parts(&file);
        self.modules.push(Module {
            file,
            display,
            parts,
            runners,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.modules.is_empty()
    }

    /// Orders the modules (the walk is parallel; resolution must not depend on its order).
    pub fn finish(&mut self) {
        self.modules.sort_by(|a, b| a.file.cmp(&b.file));
    }

    /// The runners a file can call, by how it spells them (`run_coroutine`,
    /// `testutils.run_coroutine`), each with where it runs the loop (`file:line`).
    pub fn for_file(
        &self,
        file: Option<&Path>,
        imports: &[Node],
        src: &str,
    ) -> HashMap<String, String> {
        let mut found = HashMap::new();
        if self.modules.is_empty() {
            return found;
        }
        let place = |m: &Module, r: &Runner| format!("{}:{}", m.display, r.line);
        for module in self
            .modules
            .iter()
            .filter(|m| Some(m.file.as_path()) == file)
        {
            for runner in &module.runners {
                found.insert(runner.function.clone(), place(module, runner));
            }
        }
        for stmt in imports {
            import_bindings(stmt, src, |bound| match bound {
                Bound::Module {
                    level,
                    dotted,
                    local,
                } => {
                    for module in named_by(&self.modules, |m| &m.parts, file, level, &dotted) {
                        for runner in &module.runners {
                            let spelling = format!("{local}.{}", runner.function);
                            found
                                .entry(spelling)
                                .or_insert_with(|| place(module, runner));
                        }
                    }
                }
                Bound::Name {
                    level,
                    dotted,
                    name,
                    local,
                } => {
                    for module in named_by(&self.modules, |m| &m.parts, file, level, dotted) {
                        if let Some(runner) = module.runners.iter().find(|r| r.function == name) {
                            found
                                .entry(local.to_owned())
                                .or_insert_with(|| place(module, runner));
                        }
                    }
                }
                Bound::Star { .. } => {}
            });
        }
        found
    }
}

/// Whether the bytes spell a call that runs the loop: the only files summarized.
pub fn may_run(bytes: &[u8]) -> bool {
    RUNS_THE_LOOP
        .iter()
        .any(|call| memchr::memmem::find(bytes, call).is_some())
}

/// The module-level plain functions of `root` that run the loop.
pub fn of_tree(root: Node, src: &str) -> Vec<Runner> {
    let mut found = Vec::new();
    let mut cursor = root.walk();
    for node in root.named_children(&mut cursor) {
        let function = match node.kind() {
            "function_definition" => node,
            "decorated_definition" => match node.child_by_field_name("definition") {
                Some(d) if d.kind() == "function_definition" => d,
                _ => continue,
            },
            _ => continue,
        };
        let plain = function.child(0).is_some_and(|c| c.kind() != "async");
        let (Some(name), Some(body)) = (
            function.child_by_field_name("name"),
            function.child_by_field_name("body").filter(|_| plain),
        ) else {
            continue;
        };
        if let Some(call) = runs_the_loop(body, src) {
            found.push(Runner {
                function: text(name, src).to_owned(),
                line: call.start_position().row + 1,
            });
        }
    }
    found
}

/// The call of the body that runs the loop: one of its own statements (an expression or a
/// `return`), with no `return` or `raise` before it that may leave first.
fn runs_the_loop<'t>(body: Node<'t>, src: &str) -> Option<Node<'t>> {
    let mut cursor = body.walk();
    for stmt in body.named_children(&mut cursor) {
        let expr = match stmt.kind() {
            "expression_statement" | "return_statement" => stmt.named_child(0).map(strip_parens),
            _ => None,
        };
        if let Some(call) = expr.filter(|e| runs_loop_call(*e, src)) {
            return Some(call);
        }
        let mut leaves = false;
        walk(stmt, |n| {
            leaves |= matches!(n.kind(), "return_statement" | "raise_statement");
            !leaves
                && !matches!(
                    n.kind(),
                    "function_definition" | "lambda" | "class_definition"
                )
        });
        if leaves {
            return None;
        }
    }
    None
}

/// `<loop>.run_until_complete(...)` or `<loop>.run_forever()`, the receiver a loop by its name
/// (`loop`, `self._loop`) or its getter (`asyncio.get_event_loop()`).
fn runs_loop_call(expr: Node, src: &str) -> bool {
    let Some(function) = (expr.kind() == "call")
        .then(|| expr.child_by_field_name("function"))
        .flatten()
    else {
        return false;
    };
    let method = function
        .child_by_field_name("attribute")
        .map(|a| text(a, src));
    let Some(receiver) = function.child_by_field_name("object").map(strip_parens) else {
        return false;
    };
    let loop_name = |name: &str| name == "loop" || name.ends_with("_loop");
    let is_loop = match receiver.kind() {
        "identifier" => loop_name(text(receiver, src)),
        "attribute" => {
            (receiver.child_by_field_name("attribute")).is_some_and(|a| loop_name(text(a, src)))
        }
        "call" => (receiver.child_by_field_name("function"))
            .map(|f| text(f, src).rsplit('.').next().unwrap_or_default())
            .is_some_and(|name| is_loop_getter(name.as_bytes())),
        _ => false,
    };
    is_loop && matches!(method, Some("run_until_complete" | "run_forever"))
}

#[cfg(test)]
mod tests {
    use super::of_tree;
    use crate::scan::syntax::{new_parser, parse};

    #[test]
    fn a_helper_that_runs_the_loop_on_every_path() {
        let src = "def run_coroutine(coroutine, timeout=1, loop=None):\n    \
                   if not loop:\n        loop = asyncio.get_event_loop()\n    \
                   return loop.run_until_complete(asyncio.wait_for(coroutine, timeout))\n\
                   def early(loop, x):\n    if x:\n        return None\n    \
                   loop.run_until_complete(x)\n\
                   async def not_plain(loop):\n    loop.run_forever()\n\
                   def nested(loop):\n    if True:\n        loop.run_forever()\n";
        let mut parser = new_parser();
        let tree = parse(&mut parser, src, None).unwrap();
        let found = of_tree(tree.root_node(), src);
        let names: Vec<_> = found
            .iter()
            .map(|r| (r.function.as_str(), r.line))
            .collect();
        assert_eq!(names, [("run_coroutine", 4)]);
    }
}
