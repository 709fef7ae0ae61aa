//! Which calls of a module make an asyncio queue, read through the module's imports
//! ([`super::imports::AsyncioNames`]): `asyncio.Queue()`, `aio.Queue()` after `import asyncio
//! as aio`, `Queue()` after `from asyncio import Queue` (or `as Q`), and `LifoQueue` and
//! `PriorityQueue` alike, which inherit `Queue.put`. What [`super::unbounded_put`] asks before
//! it reads a queue's `put` as never waiting (`scan::ready_queue::is_unbounded_queue`).
//!
//! Never `queue.Queue` (a thread's queue, whose `put` blocks) nor another library's `Queue`: a
//! bare name that any other import of the module binds, or that a star import of another
//! module may bind, proves nothing.

use std::collections::HashSet;

use tree_sitter::Node;

use super::imports::AsyncioNames;
use crate::scan::asyncio_api::QUEUE_CLASSES;
use crate::scan::syntax::{strip_parens, text};

/// The names of a module that reach asyncio's queue classes.
#[derive(Debug, Default)]
pub struct QueueNames {
    /// Names bound to the asyncio module: `<module>.Queue` is its class.
    modules: HashSet<String>,
    /// Local names of the queue classes themselves.
    classes: HashSet<String>,
}

impl QueueNames {
    /// The names the module's imports give, as the task sites' detection reads them.
    pub fn of(names: &AsyncioNames) -> Self {
        QueueNames {
            modules: names.modules.clone(),
            classes: (names.queues)
                .difference(&names.imported_otherwise)
                .cloned()
                .collect(),
        }
    }

    /// The same for a module read only by its text (another module of the checked code): its
    /// import lines are parsed, and nothing else. A text that never spells `Queue` makes none.
    pub fn of_text(src: &str) -> Self {
        if !src.contains("Queue") {
            return QueueNames::default();
        }
        QueueNames::of(&AsyncioNames::of_import_lines(src))
    }

    /// Whether `object` is a name the module binds to asyncio itself.
    pub fn is_asyncio(&self, object: Node, src: &str) -> bool {
        object.kind() == "identifier" && self.modules.contains(text(object, src))
    }

    /// Whether `function`, the called part of a call, names one of asyncio's queue classes.
    pub fn makes_queue(&self, function: Node, src: &str) -> bool {
        let function = strip_parens(function);
        match function.kind() {
            "identifier" => self.classes.contains(text(function, src)),
            "attribute" => {
                let (Some(object), Some(attribute)) = (
                    function.child_by_field_name("object").map(strip_parens),
                    function.child_by_field_name("attribute"),
                ) else {
                    return false;
                };
                QUEUE_CLASSES.contains(&text(attribute, src))
                    && object.kind() == "identifier"
                    && self.modules.contains(text(object, src))
            }
            _ => false,
        }
    }
}
