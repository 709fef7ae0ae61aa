//! Which local names refer to asyncio, to `asyncio.tasks`, or to its task-creating functions.
//!
//! Imports are gathered from the whole file: a function-level `from asyncio import create_task`
//! counts too. A bare `create_task` that was not imported from asyncio is someone else's helper.

use std::collections::HashSet;

use tree_sitter::Node;

use crate::asyncio_api::TASK_FUNCTIONS;
use crate::syntax::text;

#[derive(Debug, Default)]
pub struct AsyncioNames {
    /// Names bound to the asyncio module (`asyncio`, or `aio` after `import asyncio as aio`).
    pub modules: HashSet<String>,
    /// Names bound to `asyncio.tasks`.
    pub tasks_modules: HashSet<String>,
    /// Local names of `create_task` / `ensure_future` imported from asyncio.
    pub functions: HashSet<String>,
    /// The module's own top-level name for asyncio and where that import ends, for the set's
    /// annotation (which runs at import time, so it must come after the import).
    pub top_level_module: Option<(String, usize)>,
}

impl AsyncioNames {
    /// Keeps the first top-level import of asyncio; a plain `asyncio` beats an alias.
    fn note_top_level(&mut self, name: &str, stmt: Node, top_level: bool) {
        let better = match &self.top_level_module {
            None => true,
            Some((current, _)) => current != "asyncio" && name == "asyncio",
        };
        if top_level && better {
            self.top_level_module = Some((name.to_owned(), stmt.end_byte()));
        }
    }

    /// Records one `import` or `from … import` statement.
    pub fn add_import(&mut self, stmt: Node, src: &str, top_level: bool) {
        let mut cursor = stmt.walk();
        match stmt.kind() {
            "import_statement" => {
                for name in stmt.children_by_field_name("name", &mut cursor) {
                    let (dotted, alias) = split_alias(name, src);
                    match (dotted, alias) {
                        ("asyncio", Some(alias)) => {
                            self.modules.insert(alias.to_owned());
                            self.note_top_level(alias, stmt, top_level);
                        }
                        ("asyncio.tasks", Some(alias)) => {
                            self.tasks_modules.insert(alias.to_owned());
                        }
                        (dotted, None) if dotted == "asyncio" || dotted.starts_with("asyncio.") => {
                            self.modules.insert("asyncio".to_owned());
                            self.note_top_level("asyncio", stmt, top_level);
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
                if module != "asyncio" && module != "asyncio.tasks" {
                    return;
                }
                let mut cursor2 = stmt.walk();
                if stmt
                    .named_children(&mut cursor2)
                    .any(|c| c.kind() == "wildcard_import")
                {
                    self.functions.extend(TASK_FUNCTIONS.map(String::from));
                }
                for name in stmt.children_by_field_name("name", &mut cursor) {
                    let (imported, alias) = split_alias(name, src);
                    let local = alias.unwrap_or(imported).to_owned();
                    if TASK_FUNCTIONS.contains(&imported) {
                        self.functions.insert(local);
                    } else if module == "asyncio" && imported == "tasks" {
                        self.tasks_modules.insert(local);
                    }
                }
            }
            _ => {}
        }
    }
}

/// `a.b as c` → ("a.b", Some("c")); `a.b` → ("a.b", None).
fn split_alias<'s>(name: Node, src: &'s str) -> (&'s str, Option<&'s str>) {
    if name.kind() == "aliased_import" {
        let dotted = name
            .child_by_field_name("name")
            .map_or("", |n| text(n, src));
        let alias = name.child_by_field_name("alias").map(|n| text(n, src));
        (dotted, alias)
    } else {
        (text(name, src), None)
    }
}
