//! A task slot nothing fills: `__init__` sets `self.X = None`, a method of the class calls
//! `self.X.cancel()` with no test of `self.X` around it, and nothing else in the file names
//! `X`. That method raises `AttributeError` (`'NoneType' object has no attribute 'cancel'`)
//! whenever it runs: the class meant the attribute for a task it never stores (aiosenseme's
//! `SensemeDevice`: `start()` drops `create_task(self._listener())`, `stop()` cancels
//! `self._listener_task`). Which task was meant the code does not say (the class may drop
//! several; only names tell, and no rule is made of names), so the fix uses no slot: `audit`
//! names it beside each task the class drops.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use tree_sitter::Node;

use crate::detect::task_site::TaskSite;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{new_parser, root_of, text, walk};

/// The slot, where it is set to `None` and where it is cancelled.
struct Slot {
    pub name: String,
    /// `Class.method` that cancels it.
    pub canceller: String,
    pub cancel_line: usize,
    pub none_line: usize,
}

/// `self.X.cancel()`: the text test before any parse.
static CANCEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"self[ \t]*\.[ \t]*(\w+)[ \t]*\.[ \t]*cancel[ \t]*\([ \t]*\)")
        .expect("valid pattern")
});

/// Each class's slot note, made once: finding the slot reads the file from the class on and
/// parses the whole file, the same for every site of the class.
#[derive(Default)]
pub(super) struct Notes(HashMap<usize, String>);

impl Notes {
    /// The note for a site the class of whose method has a slot ([`note`]); empty otherwise.
    pub(super) fn of(&mut self, site: &TaskSite, source: &SourceFile) -> String {
        let Some(class) = class_of_method(site) else {
            return String::new();
        };
        (self.0.entry(class.start_byte()))
            .or_insert_with(|| unfilled(class, source).map_or_else(String::new, |s| note(&s)))
            .clone()
    }
}

/// The class whose own method holds `site` (not a nested class's or a function's).
fn class_of_method<'t>(site: &TaskSite<'t>) -> Option<Node<'t>> {
    let at = site
        .enclosing
        .iter()
        .rposition(|n| n.kind() == "class_definition")?;
    let class = site.enclosing[at];
    let method = *site.enclosing.get(at + 1)?;
    (member_of(method) == Some(class)).then_some(class)
}

/// The slot of `class`, if it has one (the first by position).
fn unfilled(class: Node, source: &SourceFile) -> Option<Slot> {
    let src = source.text;
    let scope = src.get(class.start_byte()..)?;
    let named = CANCEL.captures_iter(scope).any(|c| {
        c.get(1)
            .is_some_and(|name| spelled_as_slot(src, name.as_str()))
    });
    if !named {
        return None;
    }
    // The tree the site comes from may hold only the statements that make tasks: the class's
    // other methods (its `__init__`, its `stop`) are read from the whole file's.
    let tree = new_parser().parse(src, None)?;
    let class = tree
        .root_node()
        .descendant_for_byte_range(class.start_byte(), class.start_byte())
        .and_then(|n| {
            std::iter::successors(Some(n), |n| n.parent())
                .find(|n| n.kind() == "class_definition" && n.start_byte() == class.start_byte())
        })?;
    let class_name = text(class.child_by_field_name("name")?, src);
    let init = methods(class).find(|m| name(*m, src) == Some("__init__"))?;
    let mut slots = Vec::new();
    walk(init.child_by_field_name("body")?, |node| {
        if let Some(slot) = none_assignment(node, src) {
            slots.push(slot);
        }
        !matches!(
            node.kind(),
            "function_definition" | "class_definition" | "lambda"
        )
    });
    slots.into_iter().find_map(|attribute| {
        let (canceller, cancel) = only_cancelled(attribute, class, src)?;
        Some(Slot {
            name: text(attribute, src).to_owned(),
            canceller: format!("{class_name}.{canceller}"),
            cancel_line: source.line_col(cancel).0,
            none_line: source.line_col(attribute.start_byte()).0,
        })
    })
}

/// The text test: every occurrence of the word `name` in the file reads `self.name = None` or
/// `self.name.cancel()`, each at least once (a test of it, `if self._task:`, is the common
/// shape, and fails here before any parse).
fn spelled_as_slot(src: &str, name: &str) -> bool {
    let (mut none, mut cancel) = (false, false);
    for (at, _) in word_occurrences(src, name) {
        if !src[..at].ends_with("self.") {
            return false;
        }
        let after = &src[at + name.len()..];
        if after.starts_with(" = None") {
            none = true;
        } else if after.starts_with(".cancel()") {
            cancel = true;
        } else {
            return false;
        }
    }
    none && cancel
}

/// Where `name` occurs as a whole word.
fn word_occurrences<'s>(src: &'s str, name: &'s str) -> impl Iterator<Item = (usize, &'s str)> {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    src.match_indices(name).filter(move |(at, _)| {
        !word(src[..*at].chars().next_back()) && !word(src[at + name.len()..].chars().next())
    })
}

/// `self.X = None`: the attribute's name node.
fn none_assignment<'t>(node: Node<'t>, src: &str) -> Option<Node<'t>> {
    if node.kind() != "assignment" {
        return None;
    }
    let (left, right) = (
        node.child_by_field_name("left")?,
        node.child_by_field_name("right")?,
    );
    let attribute = self_attribute(left, src)?;
    (right.kind() == "none").then_some(attribute)
}

/// The name node of `self.X`.
fn self_attribute<'t>(node: Node<'t>, src: &str) -> Option<Node<'t>> {
    let object = node.child_by_field_name("object")?;
    (node.kind() == "attribute" && object.kind() == "identifier" && text(object, src) == "self")
        .then(|| node.child_by_field_name("attribute"))
        .flatten()
}

/// Every other occurrence of the slot's name in the file is `self.X.cancel()` as a statement
/// of a method of `class`, in no `try` or `with` and under no test: the method that cancels,
/// and where. Any other use (a test of it, a binding, a string, another receiver's attribute,
/// a second `None`) may fill it or guard the cancel: no slot.
fn only_cancelled<'t>(attribute: Node<'t>, class: Node<'t>, src: &str) -> Option<(String, usize)> {
    let name = text(attribute, src);
    let root = root_of(class);
    let mut cancelled = None;
    for (at, _) in word_occurrences(src, name) {
        let end = at + name.len();
        if at == attribute.start_byte() {
            continue;
        }
        let node = root.descendant_for_byte_range(at, end)?;
        let (method, call) = cancel_statement(node, src)?;
        if member_of(method) != Some(class) || !unguarded(call, method) {
            return None;
        }
        cancelled.get_or_insert((name_of(method, src)?, call.start_byte()));
    }
    cancelled
}

/// `self.X.cancel()` as an expression statement, from the name node `X`: the function it is
/// in and the call.
fn cancel_statement<'t>(node: Node<'t>, src: &str) -> Option<(Node<'t>, Node<'t>)> {
    let attribute = node.parent()?;
    if self_attribute(attribute, src) != Some(node) {
        return None;
    }
    let method = attribute.parent()?;
    let is_cancel = method.kind() == "attribute"
        && method.child_by_field_name("object") == Some(attribute)
        && method
            .child_by_field_name("attribute")
            .is_some_and(|a| text(a, src) == "cancel");
    let call = method.parent()?;
    if !is_cancel || call.kind() != "call" || call.parent()?.kind() != "expression_statement" {
        return None;
    }
    let mut up = call.parent()?;
    while up.kind() != "function_definition" {
        up = up.parent()?;
    }
    Some((up, call))
}

/// No `try`, `with`, `if`, loop, conditional expression or nested function between the call
/// and its method: a handler or a test there may keep the call from raising. (The `if` that
/// tests something else, aiosenseme's `if self._is_running is True:`, still raises when it
/// holds; a test of `self.X` is already a use of the name.)
fn unguarded(call: Node, method: Node) -> bool {
    let mut up = call.parent();
    while let Some(node) = up {
        if node == method {
            return true;
        }
        match node.kind() {
            "try_statement" | "with_statement" | "lambda" | "function_definition" => return false,
            _ => up = node.parent(),
        }
    }
    false
}

/// The class whose body holds the function (directly, or decorated).
fn member_of(function: Node) -> Option<Node> {
    let mut up = function.parent()?;
    if up.kind() == "decorated_definition" {
        up = up.parent()?;
    }
    if up.kind() != "block" {
        return None;
    }
    up.parent().filter(|c| c.kind() == "class_definition")
}

/// The methods of the class, decorated ones too.
fn methods(class: Node) -> impl Iterator<Item = Node> {
    let body = class.child_by_field_name("body");
    let mut cursor = body.map(|b| b.walk());
    let children: Vec<Node> = match (body, cursor.as_mut()) {
        (Some(body), Some(cursor)) => body.named_children(cursor).collect(),
        _ => Vec::new(),
    };
    children.into_iter().filter_map(|child| match child.kind() {
        "function_definition" => Some(child),
        "decorated_definition" => child
            .child_by_field_name("definition")
            .filter(|d| d.kind() == "function_definition"),
        _ => None,
    })
}

fn name<'s>(function: Node, src: &'s str) -> Option<&'s str> {
    function.child_by_field_name("name").map(|n| text(n, src))
}

fn name_of(function: Node, src: &str) -> Option<String> {
    name(function, src).map(str::to_owned)
}

/// The words `audit` adds to the action of a task the class drops.
fn note(slot: &Slot) -> String {
    format!(
        "; `{}` cancels `self.{}` (line {}), which nothing in this file fills (only `None`, \
         line {}): it raises `AttributeError` when it runs, unless the task it means is stored \
         there",
        slot.canceller, slot.name, slot.cancel_line, slot.none_line
    )
}
