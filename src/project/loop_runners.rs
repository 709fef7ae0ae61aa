//! Functions of the checked code that run the event loop: a plain module-level `def` whose body
//! calls `<loop>.run_until_complete(...)` or `<loop>.run_forever()` as one of its own statements,
//! with no `return` or `raise` before it (aioxmpp's `testutils.run_coroutine`). A task made
//! before a call of one, in a `def` that calls it, runs only inside that call, while the
//! caller's frame and its locals live: what `detect::frame` asks of a frame that outlives the
//! task's use. A function summary fact, gathered in the walk from the files that spell one of
//! the two calls, and found by the name its caller's imports bind.
//!
//! The walk keeps only the text of each candidate `def` (module-level, spelling a call); it is
//! parsed the first time a file's imports name it, as few files ever import one (parsing every
//! candidate in the walk was most of what the summary cost `check`).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::OnceLock;

use tree_sitter::Node;

use super::file_imports::FileImports;
use super::paths::{Bound, import_bindings, module_parts, named_by};
use super::reexports::Import;
use crate::scan::asyncio_api::is_loop_getter;
use crate::scan::syntax::{strip_parens, text, walk};

pub use crate::scan::prefilter::RUNS_THE_LOOP;

/// One function that runs the loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runner {
    pub function: String,
    /// The line of the call that runs the loop, 1-based.
    pub line: usize,
}

/// A module-level plain `def` that spells a call that runs the loop, not parsed yet.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Its name, as the `def` line spells it.
    function: String,
    text: String,
    /// The lines of the file before it.
    lines_before: usize,
    runner: OnceLock<Option<Runner>>,
}

impl Candidate {
    /// The `def` in `text` (one of [`def_ranges`]), `lines_before` lines into its file; `None`
    /// when its line names no function.
    pub fn new(text: String, lines_before: usize) -> Option<Self> {
        let after = text.strip_prefix("def ")?.trim_start();
        let end = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let function = after[..end].to_owned();
        let may_run = !function.is_empty() && calls_in_own_body(&text);
        may_run.then_some(Candidate {
            function,
            text,
            lines_before,
            runner: OnceLock::new(),
        })
    }

    /// The runner it is, parsed once, on the first ask: a part that does not parse alone
    /// proves nothing.
    fn runner(&self) -> Option<&Runner> {
        let runner = self.runner.get_or_init(|| {
            let mut parser = crate::scan::syntax::new_parser();
            let tree = parser
                .parse(&self.text, None)
                .filter(|t| !t.root_node().has_error())?;
            let mut runner = of_tree(tree.root_node(), &self.text).into_iter().next()?;
            runner.line += self.lines_before;
            Some(runner)
        });
        runner.as_ref()
    }
}

#[derive(Debug, Clone)]
struct Module {
    file: PathBuf,
    display: String,
    parts: Vec<String>,
    candidates: Vec<Candidate>,
}

/// Every function of the run that runs the loop.
#[derive(Debug, Clone, Default)]
pub struct LoopRunners {
    modules: Vec<Module>,
    /// The candidates' names and their modules' last names, for a quick "no" on an import.
    functions: HashSet<String>,
    module_names: HashSet<String>,
}

impl LoopRunners {
    pub fn add(&mut self, file: PathBuf, display: String, candidates: Vec<Candidate>) {
        if candidates.is_empty() {
            return;
        }
        let parts = module_parts(&file);
        self.modules.push(Module {
            file,
            display,
            parts,
            candidates,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.modules.is_empty()
    }

    /// Orders the modules (the walk is parallel; resolution must not depend on its order).
    pub fn finish(&mut self) {
        self.modules.sort_by(|a, b| a.file.cmp(&b.file));
        let candidates = self.modules.iter().flat_map(|m| &m.candidates);
        self.functions = candidates.map(|c| c.function.clone()).collect();
        self.module_names = (self.modules.iter())
            .filter_map(|m| m.parts.last().cloned())
            .collect();
    }

    /// The runners a file can call, by how it spells them (`run_coroutine`,
    /// `testutils.run_coroutine`), each with where it runs the loop (`file:line`);
    /// `packages`: the run's, whose re-exports an import by name follows.
    pub fn for_file(&self, at: &FileImports) -> HashMap<String, String> {
        let mut found = HashMap::new();
        if self.modules.is_empty() {
            return found;
        }
        let (file, src) = (at.file, at.src);
        let place = |m: &Module, r: &Runner| format!("{}:{}", m.display, r.line);
        // Only an import that names a runner or its module is resolved (resolving each import
        // of every file against the modules was 2% of `check`).
        let runs = |name: &str| self.functions.contains(name);
        let module_named = |dotted: &str| {
            let last = dotted.rsplit('.').next().unwrap_or(dotted);
            self.module_names.contains(last)
        };
        for module in self
            .modules
            .iter()
            .filter(|m| Some(m.file.as_path()) == file)
        {
            for runner in module.candidates.iter().filter_map(Candidate::runner) {
                found.insert(runner.function.clone(), place(module, runner));
            }
        }
        let names_one = |stmt: &Node| {
            let spelled = text(*stmt, src);
            (self.functions.iter().chain(&self.module_names))
                .any(|name| spelled.contains(name.as_str()))
        };
        for stmt in at.imports.iter().filter(|stmt| names_one(stmt)) {
            import_bindings(stmt, src, |bound| match bound {
                Bound::Module {
                    level,
                    dotted,
                    local,
                } if module_named(&dotted) => {
                    for module in named_by(&self.modules, |m| &m.parts, file, level, &dotted) {
                        for runner in module.candidates.iter().filter_map(Candidate::runner) {
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
                } if runs(name) => {
                    let defines = |m: &Module, i: &Import| runner_of(m, i.name).is_some();
                    let import = (level, dotted, name);
                    for (module, name) in at.defining(&self.modules, parts, import, defines) {
                        if let Some(runner) = runner_of(module, &name) {
                            found
                                .entry(local.to_owned())
                                .or_insert_with(|| place(module, runner));
                        }
                    }
                }
                _ => {}
            });
        }
        found
    }
}

/// The module's function `name`, if it runs the loop.
fn runner_of<'m>(module: &'m Module, name: &str) -> Option<&'m Runner> {
    let named = module.candidates.iter().filter(|c| c.function == name);
    named.filter_map(Candidate::runner).next()
}

/// The module's dotted path, as [`FileImports::defining`] matches it.
fn parts(module: &Module) -> &[String] {
    &module.parts
}

/// The text of each module-level plain `def` (a line that starts with `def ` at column 0, to
/// the next line that starts at column 0) that spells a call that runs the loop: the only parts
/// of a file parsed for its runners. Most files that spell one do it in a method or a script's
/// body, and lexing and parsing each of them cost `check` a tenth more on the corpus.
pub fn def_ranges(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut found: Vec<std::ops::Range<usize>> = Vec::new();
    let spelt = RUNS_THE_LOOP
        .iter()
        .flat_map(|call| memchr::memmem::find_iter(bytes, call.as_bytes()));
    for at in spelt {
        if found.iter().any(|r| r.contains(&at)) {
            continue;
        }
        // The nearest line before `at` that starts at column 0 with code.
        let mut start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        while start > 0 && !starts_code(&bytes[start..]) {
            start = memchr::memrchr(b'\n', &bytes[..start - 1]).map_or(0, |i| i + 1);
        }
        if !bytes[start..].starts_with(b"def ") {
            continue;
        }
        let mut end = at;
        loop {
            match memchr::memchr(b'\n', &bytes[end..]) {
                Some(i) if starts_code(&bytes[end + i + 1..]) => {
                    end += i + 1;
                    break;
                }
                Some(i) => end += i + 1,
                None => {
                    end = bytes.len();
                    break;
                }
            }
        }
        found.push(start..end);
    }
    found
}

/// Whether a statement of the `def`'s own body (a logical line at the body's indentation, or
/// the header's, where a one-line body stands) spells a method that runs the loop, read off the
/// tokens: a runner's call is one of those statements, and most `def`s that spell the call do
/// it in a block (`try:`, `if`), which a name set of every candidate would let through to each
/// import's resolution.
fn calls_in_own_body(text: &str) -> bool {
    let src = text.as_bytes();
    let Ok(lexed) = crate::scan::lexer::lex(src) else {
        return true; // the parse decides
    };
    let indent = |i: usize| {
        let first = lexed.line(i).first()?;
        Some(first.start - memchr::memrchr(b'\n', &src[..first.start]).map_or(0, |p| p + 1))
    };
    let body = (lexed.lines.len() > 1).then(|| indent(1)).flatten();
    let calls = |i: usize| {
        (lexed.line(i).iter())
            .any(|t| matches!(t.text(src), b"run_until_complete" | b"run_forever"))
    };
    (0..lexed.lines.len()).any(|i| (i == 0 || indent(i) == body) && calls(i))
}

/// A line that starts at column 0 with code (not blank, not a comment).
fn starts_code(line: &[u8]) -> bool {
    line.first()
        .is_some_and(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'#'))
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

    /// Only module-level plain `def`s that spell the call are cut out, each whole.
    #[test]
    fn the_parts_parsed_are_the_defs_that_spell_the_call() {
        let src = b"import asyncio\n\ndef run(c, loop=None):\n    x = 1\n\n    \
                    return loop.run_until_complete(c)\n\n\nclass A:\n    def m(self):\n        \
                    self.loop.run_forever()\n\nloop.run_forever()\n";
        let ranges = super::def_ranges(src);
        let parts: Vec<&str> = (ranges.iter())
            .map(|r| std::str::from_utf8(&src[r.clone()]).unwrap().trim_end())
            .collect();
        assert_eq!(
            parts,
            ["def run(c, loop=None):\n    x = 1\n\n    return loop.run_until_complete(c)"]
        );
    }

    /// A candidate is named by its `def` line and proved a runner only when asked.
    #[test]
    fn a_candidate_is_parsed_when_asked() {
        use super::Candidate;
        let runs = Candidate::new("def  run_it(loop):\n    loop.run_forever()\n".into(), 4);
        let runs = runs.unwrap();
        assert_eq!(runs.function, "run_it");
        assert!(runs.runner.get().is_none());
        assert_eq!(runs.runner().map(|r| r.line), Some(6));
        let early = "def early(loop):\n    return\n    loop.run_forever()\n";
        assert_eq!(Candidate::new(early.into(), 0).unwrap().runner(), None);
        let broken = "def broken(loop:\n    loop.run_forever()\n";
        assert_eq!(Candidate::new(broken.into(), 0).unwrap().runner(), None);
        assert!(Candidate::new("def (x):\n    loop.run_forever()\n".into(), 0).is_none());
        // A call in a block is no statement of the body: not a candidate.
        let nested =
            "def main(loop):\n    try:\n        loop.run_forever()\n    finally:\n        pass\n";
        assert!(Candidate::new(nested.into(), 0).is_none());
        let one_line = Candidate::new("def go(loop): loop.run_forever()\n".into(), 0);
        assert_eq!(one_line.unwrap().runner().map(|r| r.line), Some(1));
        let later = "def go(loop):\n    \"\"\"Doc.\"\"\"\n    x = (1,\n  2)\n    return (\n        loop.run_forever())\n";
        assert_eq!(
            Candidate::new(later.into(), 0)
                .unwrap()
                .runner()
                .map(|r| r.line),
            Some(6)
        );
    }

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
