//! "Returned, and its caller holds it" holds only where a caller does. A method that returns the
//! task it made leaves its fate to the calls of it, read across the project after the walk
//! ([`crate::app::returned`]): a call that is an expression statement (`x.spawn()`, or `await
//! x.spawn()` of an `async def`) drops the value, and with it the only reference. Calls are found
//! by the method's name, so the answer changes only where the name is defined once in the files
//! read and every use of it is such a call; a method with no call in the checked code (a public
//! API) keeps its answer.

use tree_sitter::Node;

use crate::detect::task_site::{Reference, TaskSite};
use crate::detect::verdict::Verdict;
use crate::scan::syntax::{enclosing_function, text};

/// The method whose calls decide what becomes of the task it returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returned {
    pub name: String,
    /// `async def`: the value of a call is the coroutine, and `await x.name()` hands on the task.
    pub is_async: bool,
    /// The method as the entry names it (`Storage.push_nowait`).
    pub function: String,
}

/// What the calls are asked, for a kept task the site's method returns itself (not a lambda's
/// or an inner function's return). `None` for anything else.
pub(super) fn of(site: &TaskSite, function: &str, src: &str) -> Option<Box<Returned>> {
    if site.reference != Reference::Returned || !matches!(site.verdict, Verdict::Kept { .. }) {
        return None;
    }
    let method = enclosing_function(site.call, &["lambda"])?;
    let mut parent = method.parent()?;
    if parent.kind() == "decorated_definition" {
        parent = parent.parent()?;
    }
    let in_class = parent.kind() == "block"
        && parent
            .parent()
            .is_some_and(|c| c.kind() == "class_definition");
    if !in_class {
        return None;
    }
    Some(Box::new(Returned {
        name: text(method.child_by_field_name("name")?, src).to_owned(),
        is_async: method.child(0).is_some_and(|c| c.kind() == "async"),
        function: function.to_owned(),
    }))
}

/// How one use of the method's name (`x.name`) treats what the method returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// A call whose value is a statement of its own: dropped there.
    Drops,
    /// The method handed on uncalled, as an argument (`subscribe(callback=self._on_message)`):
    /// whoever calls it gets the task, outside what this use shows.
    Handed,
    /// Anything else: the value is kept or passed on.
    Other,
}

/// The use of the method's name at `attribute` (an `attribute` node whose attribute is it).
pub fn use_of(attribute: Node, is_async: bool) -> Use {
    let Some(call) = (attribute.parent())
        .filter(|p| p.kind() == "call" && p.child_by_field_name("function") == Some(attribute))
    else {
        return handed(attribute);
    };
    let value = match (is_async, call.parent()) {
        (true, Some(awaited)) if awaited.kind() == "await" => awaited,
        // The coroutine itself, not the task: what the caller does with it is not this question.
        (true, _) => return Use::Other,
        (false, _) => call,
    };
    match value.parent() {
        Some(statement) if statement.kind() == "expression_statement" => Use::Drops,
        _ => Use::Other,
    }
}

/// `f(self.m)` or `f(callback=self.m)`: the method handed on uncalled.
fn handed(attribute: Node) -> Use {
    let argument = match attribute.parent() {
        Some(k) if k.kind() == "keyword_argument" => {
            (k.child_by_field_name("value") == Some(attribute)).then(|| k.parent())
        }
        parent => Some(parent),
    };
    match argument.flatten() {
        Some(list) if list.kind() == "argument_list" => Use::Handed,
        _ => Use::Other,
    }
}

impl Returned {
    /// The evidence, for `unknown`, when every use of the method in the checked code hands it
    /// on uncalled (`path:line` of each): its caller is whatever the method is handed to
    /// (google-cloud-pubsub's streaming pull for fastpubsub's `_on_message`), and what that
    /// caller does with the task the checked code does not show. `None` otherwise.
    pub fn handed_on(&self, uses: &[(String, Use)]) -> Option<String> {
        if uses.is_empty() || uses.iter().any(|(_, u)| *u != Use::Handed) {
            return None;
        }
        let mut at: Vec<&str> = uses.iter().map(|(at, _)| at.as_str()).collect();
        at.dedup();
        Some(format!(
            "it is returned to whatever calls `{}`, which the checked code never calls: it \
             hands the method on uncalled ({}), and what that caller does with the task (a \
             library's dispatcher may drop what a callback returns) is outside the checked \
             code and the contract table",
            self.name,
            at.join(", ")
        ))
    }

    /// The evidence and action once the uses of the method in the checked code are known
    /// (`path:line` of each, with its use), or `None` when they do not show the task dropped:
    /// no use, or one that is not a dropping call.
    pub fn dropped(&self, uses: &[(String, Use)]) -> Option<(String, String)> {
        if uses.is_empty() || uses.iter().any(|(_, u)| *u != Use::Drops) {
            return None;
        }
        let mut at: Vec<&str> = uses.iter().map(|(at, _)| at.as_str()).collect();
        at.dedup();
        let at = at.join(", ");
        let name = &self.name;
        let evidence = format!(
            "the language: it is returned, and every call of `{name}` in the checked code drops \
             it (a statement of its own: {at})"
        );
        let action = format!(
            "keep the task until it is done: `{}` returns it and its callers drop it ({at})",
            self.function
        );
        Some((evidence, action))
    }
}
