//! Which local names refer to asyncio, to `asyncio.tasks`, or to its task-creating functions and
//! its `Task` class.
//!
//! Imports are gathered from the whole file: a function-level `from asyncio import create_task`
//! counts too. A bare `create_task` that was not imported from asyncio is someone else's helper.

use std::collections::HashSet;

use tree_sitter::Node;

use crate::scan::asyncio_api::{TASK_CLASS, TASK_FUNCTIONS};
use crate::scan::syntax::{split_alias, text};

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
    /// Whether any import binds the name `asyncio` (to asyncio or to anything else).
    asyncio_bound: bool,
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
                    // `from .compat import asyncio`: the project's re-export of asyncio.
                    if imported == "asyncio" {
                        self.modules.insert(local.to_owned());
                    }
                }
                if module != "asyncio" && module != "asyncio.tasks" {
                    return;
                }
                let mut cursor2 = stmt.walk();
                if stmt
                    .named_children(&mut cursor2)
                    .any(|c| c.kind() == "wildcard_import")
                {
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
    /// Once every import is seen: `asyncio.create_task` in a file that never binds `asyncio` can
    /// only be asyncio's (or fail). Counting it keeps a second run from finding more once the
    /// fix has added `import asyncio` for another site.
    pub fn finish(&mut self) {
        if !self.asyncio_bound {
            self.modules.insert("asyncio".to_owned());
        }
    }
}
