//! Which coroutine function a task-creation site runs, named as Python's `__qualname__` names
//! it (`worker`, `Client._reader`, `outer.<locals>.retry`), so that a log record that names
//! the coroutine can be traced back to the sites that create tasks of it.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use crate::scan::syntax::text;

/// The coroutine function a site calls to make its task's coroutine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coroutine {
    /// Its qualified name, or only its last name when `exact` is false.
    pub qualname: String,
    /// The whole qualified name is known; else only the last name is (`client.read()`: a
    /// method of whatever `client` is).
    pub exact: bool,
    /// The function is defined in the site's own file (not imported).
    pub defined_here: bool,
}

impl Coroutine {
    /// Whether a record's qualified name can be this coroutine.
    pub fn matches(&self, qualname: &str) -> bool {
        if self.exact {
            self.qualname == qualname
        } else {
            qualname.rsplit('.').next() == Some(self.qualname.as_str())
        }
    }
}

/// What a file's text says about its names, read once per file (a file may hold thousands of
/// sites): its top-level functions and classes, the names its imports bind, and the functions
/// defined in each function's body.
#[derive(Debug, Default)]
pub struct Names {
    module: Option<Module>,
    /// By the start of a function's body: the names of the functions defined in it.
    nested: HashMap<usize, HashSet<String>>,
}

#[derive(Debug, Default)]
struct Module {
    functions: HashSet<String>,
    classes: HashSet<String>,
    /// Each name an import binds, with the last part of the name it stands for.
    imports: HashMap<String, String>,
}

impl Names {
    fn module(&mut self, src: &str) -> &Module {
        self.module.get_or_insert_with(|| Module::read(src))
    }

    /// A `def name(` in the body of the function `node`.
    fn defines_in(&mut self, node: Node, name: &str, src: &str) -> bool {
        let Some(body) = node.child_by_field_name("body") else {
            return false;
        };
        self.nested
            .entry(body.start_byte())
            .or_insert_with(|| {
                let text = src.get(body.start_byte()..body.end_byte()).unwrap_or("");
                stripped_lines(text)
                    .filter_map(|(_, line)| def_name(line))
                    .map(str::to_owned)
                    .collect()
            })
            .contains(name)
    }
}

impl Module {
    fn read(src: &str) -> Module {
        let mut module = Module::default();
        for (indent, line) in stripped_lines(src) {
            if indent == 0 {
                if let Some(name) = def_name(line) {
                    module.functions.insert(name.to_owned());
                } else if let Some(name) = class_name(line) {
                    module.classes.insert(name.to_owned());
                }
            }
            for (bound, original) in bindings(line) {
                let last = original.rsplit('.').next().unwrap_or(original);
                module
                    .imports
                    .entry(bound.to_owned())
                    .or_insert_with(|| last.to_owned());
            }
        }
        module
    }
}

/// The coroutine of the first argument that is a call (`create_task(worker(1))`, and the
/// coroutine handed on by `call_soon_threadsafe(loop.create_task, worker())`); `None` when
/// the site is handed a coroutine object made elsewhere (`create_task(coro)`).
pub fn of(call: Node, enclosing: &[Node], src: &str, names: &mut Names) -> Option<Coroutine> {
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let made = arguments
        .named_children(&mut cursor)
        .find(|a| a.kind() == "call")?;
    let function = made.child_by_field_name("function")?;
    let written: String = text(function, src)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    resolve(&written, enclosing, src, names)
}

fn resolve(written: &str, enclosing: &[Node], src: &str, names: &mut Names) -> Option<Coroutine> {
    let exact = |qualname: String, defined_here| {
        Some(Coroutine {
            qualname,
            exact: true,
            defined_here,
        })
    };
    let (head, last) = match written.rsplit_once('.') {
        Some((head, last)) => (Some(head), last),
        None => (None, written),
    };
    if !is_name(last) {
        return None;
    }
    match head {
        // A method of the enclosing class.
        Some("self" | "cls") => {
            let class = enclosing
                .iter()
                .rposition(|n| n.kind() == "class_definition")?;
            exact(
                format!("{}.{last}", qualname(&enclosing[..=class], src)),
                true,
            )
        }
        // `module.function(...)`: a function of that module, defined elsewhere.
        Some(head) if names.module(src).imports.contains_key(head) => exact(last.to_owned(), false),
        Some(head) if names.module(src).classes.contains(head) => {
            exact(format!("{head}.{last}"), true)
        }
        Some(_) => Some(Coroutine {
            qualname: last.to_owned(),
            exact: false,
            defined_here: false,
        }),
        None => {
            // A function nested in one of the enclosing functions, innermost first.
            for (i, node) in enclosing.iter().enumerate().rev() {
                if node.kind() == "function_definition" && names.defines_in(*node, last, src) {
                    let outer = qualname(&enclosing[..=i], src);
                    return exact(format!("{outer}.<locals>.{last}"), true);
                }
            }
            let module = names.module(src);
            match module.imports.get(last) {
                Some(original) => exact(original.clone(), false),
                None => exact(last.to_owned(), module.functions.contains(last)),
            }
        }
    }
}

/// The `__qualname__` of the innermost of `enclosing`: a function's locals are `<locals>`.
fn qualname(enclosing: &[Node], src: &str) -> String {
    let mut out = String::new();
    let mut in_function = false;
    for node in enclosing {
        let Some(name) = node.child_by_field_name("name") else {
            continue;
        };
        if !out.is_empty() {
            out.push_str(if in_function { ".<locals>." } else { "." });
        }
        out.push_str(text(name, src));
        in_function = node.kind() == "function_definition";
    }
    out
}

fn is_name(word: &str) -> bool {
    !word.is_empty()
        && word.chars().all(|c| c == '_' || c.is_alphanumeric())
        && !word.starts_with(|c: char| c.is_ascii_digit())
}

/// Each line of `src` with its indentation left out.
fn stripped_lines(src: &str) -> impl Iterator<Item = (usize, &str)> {
    src.lines().map(|line| {
        let body = line.trim_start();
        (line.len() - body.len(), body)
    })
}

/// The leading identifier of `text`.
fn identifier(text: &str) -> Option<&str> {
    let end = text
        .find(|c: char| c != '_' && !c.is_alphanumeric())
        .unwrap_or(text.len());
    Some(&text[..end]).filter(|name| is_name(name))
}

/// The name of `def name(` or `async def name(` at the start of `line`.
fn def_name(line: &str) -> Option<&str> {
    let line = line.strip_prefix("async").map_or(line, str::trim_start);
    let rest = line
        .strip_prefix("def")
        .filter(|rest| rest.starts_with(char::is_whitespace))?
        .trim_start();
    identifier(rest)
}

/// The name of `class name` at the start of `line`.
fn class_name(line: &str) -> Option<&str> {
    let rest = line
        .strip_prefix("class")
        .filter(|rest| rest.starts_with(char::is_whitespace))?
        .trim_start();
    identifier(rest)
}

/// The names an `import` or `from ... import` line binds, with the names they stand for
/// (`from .jobs import work as w` binds `w`, standing for `work`).
fn bindings(line: &str) -> Vec<(&str, &str)> {
    let names = if let Some(rest) = line.strip_prefix("from ") {
        rest.split_once(" import ").map(|(_, names)| names)
    } else {
        line.strip_prefix("import ")
    };
    let Some(names) = names else {
        return Vec::new();
    };
    names
        .trim_matches(|c: char| c == '(' || c == ')' || c.is_whitespace())
        .split(',')
        .filter_map(|item| {
            let mut words = item.split_whitespace();
            let original = words.next()?;
            match (words.next(), words.next()) {
                (Some("as"), Some(alias)) => Some((alias, original)),
                // `import a.b` binds `a`.
                _ => Some((original.split('.').next()?, original)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::syntax;

    /// The coroutine of each `create_task(...)` call of `src`, in order.
    fn coroutines(src: &str) -> Vec<Option<(String, bool, bool)>> {
        let mut parser = syntax::new_parser();
        let tree = parser.parse(src, None).unwrap();
        let mut found = Vec::new();
        visit(tree.root_node(), &mut Vec::new(), src, &mut found);
        found
    }

    fn visit<'t>(
        node: Node<'t>,
        enclosing: &mut Vec<Node<'t>>,
        src: &str,
        found: &mut Vec<Option<(String, bool, bool)>>,
    ) {
        let scope = matches!(node.kind(), "function_definition" | "class_definition");
        if scope {
            enclosing.push(node);
        }
        if node.kind() == "call" && text(node, src).contains("create_task") {
            found.push(
                of(node, enclosing, src, &mut Names::default())
                    .map(|c| (c.qualname, c.exact, c.defined_here)),
            );
        }
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            visit(child, enclosing, src, found);
        }
        if scope {
            enclosing.pop();
        }
    }

    fn some(q: &str, exact: bool, here: bool) -> Option<(String, bool, bool)> {
        Some((q.to_owned(), exact, here))
    }

    #[test]
    fn qualified_names_as_python_gives_them() {
        let src = "\
import asyncio
import pkg.tasks
from .jobs import work as w, other

async def worker():
    pass

class Client:
    async def _reader(self):
        pass

    def start(self, client):
        asyncio.create_task(self._reader())
        asyncio.create_task(worker())
        asyncio.create_task(w(1))
        asyncio.create_task(pkg.tasks.run())
        asyncio.create_task(client.read())
        asyncio.create_task(Client._reader(self))
        asyncio.create_task(coro)

        async def retry():
            pass

        asyncio.create_task(retry())
";
        assert_eq!(
            coroutines(src),
            [
                some("Client._reader", true, true),
                some("worker", true, true),
                some("work", true, false),
                some("run", false, false),
                some("read", false, false),
                some("Client._reader", true, true),
                None,
                some("Client.start.<locals>.retry", true, true),
            ]
        );
    }

    #[test]
    fn a_name_matches_a_qualified_name_by_its_last_part_only_when_inexact() {
        let inexact = Coroutine {
            qualname: "read".to_owned(),
            exact: false,
            defined_here: false,
        };
        assert!(inexact.matches("Client.read"));
        assert!(inexact.matches("read"));
        assert!(!inexact.matches("Client.reader"));
        let exact = Coroutine {
            exact: true,
            ..inexact
        };
        assert!(!exact.matches("Client.read"));
    }
}
