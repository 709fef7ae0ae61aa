//! Which local names refer to asyncio, to `asyncio.tasks`, or to its task-creating functions and
//! its `Task` class.
//!
//! Imports are gathered from the whole file: a function-level `from asyncio import create_task`
//! counts too. A bare `create_task` that was not imported from asyncio is someone else's helper,
//! unless the file binds it once to a creator (see [`add_aliases`]).

use std::collections::HashSet;

use tree_sitter::Node;

use crate::scan::asyncio_api::{QUEUE_CLASSES, TASK_CLASS, TASK_FUNCTIONS, is_loop_getter};
use crate::scan::contracts::{EVENT_CLASS, EVENT_MODULES};
use crate::scan::source::SourceFile;
use crate::scan::syntax::{self, split_alias, statements_path, strip_parens, text, walk};

#[derive(Debug, Default)]
pub struct AsyncioNames {
    /// Names bound to the asyncio module (`asyncio`, or `aio` after `import asyncio as aio`).
    pub modules: HashSet<String>,
    /// Names bound to `asyncio.tasks`.
    pub tasks_modules: HashSet<String>,
    /// Local names of `create_task` / `ensure_future` imported from asyncio.
    pub functions: HashSet<String>,
    /// Local names of `Task` imported from asyncio (`from asyncio import Task as T`).
    pub classes: HashSet<String>,
    /// Local names of asyncio's queue classes (`from asyncio import Queue as Q`), read by
    /// [`super::asyncio_queues`].
    pub queues: HashSet<String>,
    /// Local names of asyncio's `Event` class (`from asyncio import Event as E`), read by
    /// [`super::asyncio_events`].
    pub events: HashSet<String>,
    /// Local names some import binds to anything but one of asyncio's queue classes or its
    /// `Event`: a `from queue import Queue` anywhere makes `Queue` unknown, a `from threading
    /// import Event` makes `Event` unknown.
    pub imported_otherwise: HashSet<String>,
    /// Whether any import binds the name `asyncio` (to asyncio or to anything else).
    asyncio_bound: bool,
    /// The file calls `asyncio.x` and nothing in it may bind `asyncio` (see
    /// [`super::unbound_asyncio`]); set by [`Self::note_unbound`].
    pub asyncio_unbound: bool,
}

impl AsyncioNames {
    /// Records one `import` or `from … import` statement.
    pub fn add_import(&mut self, stmt: Node, src: &str) {
        let mut cursor = stmt.walk();
        match stmt.kind() {
            "import_statement" => {
                for name in stmt.children_by_field_name("name", &mut cursor) {
                    let (dotted, alias) = split_alias(name, src);
                    let local = alias.unwrap_or_else(|| dotted.split('.').next().unwrap_or(dotted));
                    self.asyncio_bound |= local == "asyncio";
                    self.imported_otherwise.insert(local.to_owned());
                    match (dotted, alias) {
                        ("asyncio", Some(alias)) => {
                            self.modules.insert(alias.to_owned());
                        }
                        ("asyncio.tasks", Some(alias)) => {
                            self.tasks_modules.insert(alias.to_owned());
                        }
                        (dotted, None) if dotted == "asyncio" || dotted.starts_with("asyncio.") => {
                            self.modules.insert("asyncio".to_owned());
                        }
                        _ => {}
                    }
                }
            }
            "import_from_statement" => {
                let module = stmt
                    .child_by_field_name("module_name")
                    .map(|m| text(m, src))
                    .unwrap_or("");
                let mut names = stmt.walk();
                for name in stmt.children_by_field_name("name", &mut names) {
                    let (imported, alias) = split_alias(name, src);
                    let local = alias.unwrap_or(imported);
                    self.asyncio_bound |= local == "asyncio";
                    if matches!(module, "asyncio" | "asyncio.queues")
                        && QUEUE_CLASSES.contains(&imported)
                    {
                        self.queues.insert(local.to_owned());
                    } else if EVENT_MODULES.contains(&module) && imported == EVENT_CLASS {
                        self.events.insert(local.to_owned());
                    } else {
                        self.imported_otherwise.insert(local.to_owned());
                    }
                    // `from .compat import asyncio`: the project's re-export of asyncio.
                    if imported == "asyncio" {
                        self.modules.insert(local.to_owned());
                    }
                }
                let mut cursor2 = stmt.walk();
                let wildcard = stmt
                    .named_children(&mut cursor2)
                    .any(|c| c.kind() == "wildcard_import");
                match module {
                    _ if !wildcard => {}
                    "asyncio" => {
                        self.queues.extend(QUEUE_CLASSES.map(String::from));
                        self.events.insert(EVENT_CLASS.to_owned());
                    }
                    "asyncio.queues" => self.queues.extend(QUEUE_CLASSES.map(String::from)),
                    "asyncio.locks" => {
                        self.events.insert(EVENT_CLASS.to_owned());
                    }
                    // `from queue import *` may bind `Queue` to another class, `from threading
                    // import *` binds `Event` to threading's.
                    _ => {
                        (self.imported_otherwise).extend(QUEUE_CLASSES.map(String::from));
                        (self.imported_otherwise).insert(EVENT_CLASS.to_owned());
                    }
                }
                if module != "asyncio" && module != "asyncio.tasks" {
                    return;
                }
                if wildcard {
                    self.functions.extend(TASK_FUNCTIONS.map(String::from));
                    self.classes.insert(TASK_CLASS.to_owned());
                }
                for name in stmt.children_by_field_name("name", &mut cursor) {
                    let (imported, alias) = split_alias(name, src);
                    let local = alias.unwrap_or(imported).to_owned();
                    if TASK_FUNCTIONS.contains(&imported) {
                        self.functions.insert(local);
                    } else if imported == TASK_CLASS {
                        self.classes.insert(local);
                    } else if module == "asyncio" && imported == "tasks" {
                        self.tasks_modules.insert(local);
                    }
                }
            }
            _ => {}
        }
    }
}

impl AsyncioNames {
    /// The names a module's imports give, read from its text alone: its import lines are
    /// parsed, and nothing else (another module of the checked code, or the audit's file).
    pub fn of_import_lines(src: &str) -> Self {
        let source = SourceFile::new(src);
        let lines = crate::scan::import_lines::import_lines(src.as_bytes());
        let mut parser = syntax::new_parser();
        let mut names = AsyncioNames::default();
        let Some(tree) = syntax::parse_ranges(&mut parser, &source, &lines.ranges) else {
            return names;
        };
        walk(tree.root_node(), |node| {
            let import = matches!(node.kind(), "import_statement" | "import_from_statement");
            if import {
                names.add_import(node, src);
            }
            !import
        });
        names.finish();
        names
    }

    /// Once every import is seen: `asyncio.create_task` in a file that never binds `asyncio` can
    /// only be asyncio's (or fail). Counting it keeps a second run from finding more once the
    /// fix has added `import asyncio` for another site.
    pub fn finish(&mut self) {
        if !self.asyncio_bound {
            self.modules.insert("asyncio".to_owned());
        }
    }

    /// Reads whether `asyncio` is bound anywhere in `src`, when no import the parse saw binds it:
    /// its `asyncio.x(...)` sites are then read as making no task.
    pub fn note_unbound(&mut self, src: &str) {
        self.asyncio_unbound = !self.asyncio_bound && crate::scan::asyncio_tokens::never_bound(src);
    }
}

// Local aliases of a task creator: `spawn = asyncio.create_task` (or `loop.create_task`,
// `asyncio.ensure_future`), then `spawn(work())` as a statement drops its task like the call it
// stands for. Only a name the file binds once, there, is an alias: any other binding (a
// parameter, a second assignment, an import, a `def`) may give it another value.

/// The offsets where the text spells a creator's name not followed by `(` on its line: where an
/// alias may be bound (`spawn = asyncio.create_task`), cheap to find before any tree walk.
pub(super) fn spelled_uncalled(bytes: &[u8]) -> Vec<usize> {
    let mut found = Vec::new();
    for word in TASK_FUNCTIONS {
        for at in memchr::memmem::find_iter(bytes, word.as_bytes()) {
            let rest = &bytes[at + word.len()..];
            let next = rest.iter().copied().find(|&b| !matches!(b, b' ' | b'\t'));
            if matches!(next, None | Some(b'\n' | b'\r' | b'#' | b';')) {
                found.push(at);
            }
        }
    }
    found
}

/// Adds to `names.functions` each alias bound at one of the offsets `spelled` (see
/// [`spelled_uncalled`]).
pub(super) fn add_aliases(root: Node, spelled: &[usize], names: &mut AsyncioNames, src: &str) {
    for &at in spelled {
        let path = statements_path(root, at..at + 1);
        let Some(stmt) = path.last().filter(|n| n.kind() == "expression_statement") else {
            continue;
        };
        let Some(assignment) = stmt.named_child(0).filter(|n| n.kind() == "assignment") else {
            continue;
        };
        let (Some(left), Some(right)) = (
            assignment.child_by_field_name("left"),
            assignment.child_by_field_name("right").map(strip_parens),
        ) else {
            continue;
        };
        let name = text(left, src);
        if left.kind() == "identifier"
            && names_creator(right, names, src)
            && bindings(root, name, src) == 1
        {
            names.functions.insert(name.to_owned());
        }
    }
}

/// `asyncio.create_task`, `asyncio.ensure_future`, an imported name of either, or a loop's
/// `create_task` (`loop.create_task`, `asyncio.get_running_loop().create_task`), not called.
fn names_creator(value: Node, names: &AsyncioNames, src: &str) -> bool {
    match value.kind() {
        "identifier" => names.functions.contains(text(value, src)),
        "attribute" => {
            let (Some(object), Some(attribute)) = (
                value.child_by_field_name("object").map(strip_parens),
                value.child_by_field_name("attribute"),
            ) else {
                return false;
            };
            let attribute = text(attribute, src);
            let asyncio =
                object.kind() == "identifier" && names.modules.contains(text(object, src));
            let a_loop = match object.kind() {
                "identifier" => {
                    let name = text(object, src);
                    name == "loop" || name.ends_with("_loop")
                }
                // `asyncio.get_running_loop().create_task`
                "call" => object.child_by_field_name("function").is_some_and(|f| {
                    let name = f.child_by_field_name("attribute").unwrap_or(f);
                    is_loop_getter(text(name, src).as_bytes())
                }),
                _ => false,
            };
            (asyncio && TASK_FUNCTIONS.contains(&attribute))
                || (a_loop && attribute == "create_task")
        }
        _ => false,
    }
}

/// How many times the file binds `name`: assignments (one of several targets too), `for`
/// targets, `with … as`, walruses, imports, parameters, `def` and `class` names, `global`.
fn bindings(root: Node, name: &str, src: &str) -> usize {
    let mut count = 0;
    walk(root, |node| {
        let target = match node.kind() {
            "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
                node.child_by_field_name("left")
            }
            "named_expression" => node.child_by_field_name("name"),
            "as_pattern" => node.child_by_field_name("alias"),
            "function_definition" | "class_definition" => node.child_by_field_name("name"),
            "parameters"
            | "lambda_parameters"
            | "global_statement"
            | "nonlocal_statement"
            | "import_statement"
            | "import_from_statement"
            | "case_pattern" => Some(node),
            _ => None,
        };
        if target.is_some_and(|t| spells(t, name, src)) {
            count += 1;
        }
        true
    });
    count
}

/// `name` stands in `node` as an identifier (not as an attribute's name).
pub(super) fn spells(node: Node, name: &str, src: &str) -> bool {
    let mut found = false;
    walk(node, |n| {
        if n.kind() == "identifier" && text(n, src) == name {
            let attribute = n.parent().is_some_and(|p| {
                p.kind() == "attribute"
                    && p.child_by_field_name("attribute").map(|a| a.id()) == Some(n.id())
            });
            found |= !attribute;
        }
        !found
    });
    found
}

/// When `node` is a statement or expression that binds `name`, the node: an assignment of it
/// (`name = …`, also as one of several targets), an augmented assignment, a `for`, a `with … as`,
/// a walrus, an `except … as`, an import, `global`/`nonlocal`, a `del` or a pattern in a `match`.
pub(super) fn binds<'t>(node: Node<'t>, name: &str, src: &str) -> Option<Node<'t>> {
    let target = match node.kind() {
        "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
            node.child_by_field_name("left")
        }
        "named_expression" => node.child_by_field_name("name"),
        "as_pattern" => node.child_by_field_name("alias"),
        "global_statement"
        | "nonlocal_statement"
        | "delete_statement"
        | "import_statement"
        | "import_from_statement"
        | "case_pattern" => Some(node),
        _ => None,
    }?;
    spells(target, name, src).then_some(node)
}
