//! A task whose coroutine is `self.m()` (`cls.m()`), where every `m` the file shows never
//! suspends (`detect::first_step_method`): the file proves no drop, and whether the loop holds
//! the task to its end depends on which `m` the call runs. Python looks `m` up on the object's
//! class, so a class of another file that derives from the site's class and binds `m` may put
//! its own there. After the walk, the audit reads the classes of the checked code (see
//! `app::overrides`): where none but the site's class and its ancestors can be the object's, or
//! none of them binds `m`, the proof holds, `kept`; where one does, it stops there, `unknown`,
//! naming that override.

use tree_sitter::Node;

use crate::detect::task_site::TaskSite;
use crate::detect::verdict::Verdict;
use crate::scan::syntax::{strip_parens, text};

/// The method a site's proof rests on: `class.method`, defined at `line` of the site's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overridable {
    pub class: String,
    pub method: String,
    pub line: usize,
    /// Its awaits yield to the ready queue (`asyncio.sleep(0)`): it ends in a later step.
    pub yields: bool,
}

/// The method an `unknown` site's coroutine runs where every `m` of its file never suspends
/// (the only `unknown` that finishes at once), read off its call; `None` for any other site,
/// and for one whose proof also reads a list's elements, which another file may add to.
pub(super) fn of(site: &TaskSite, src: &str) -> Option<Box<Overridable>> {
    let Verdict::Unknown(why) = &site.verdict else {
        return None;
    };
    if !site.finishes_at_once || site.open_elements {
        return None;
    }
    let arguments = site.call.child_by_field_name("arguments")?;
    let coroutine = strip_parens(arguments.named_child(0)?);
    let called = strip_parens(coroutine.child_by_field_name("function")?);
    if coroutine.kind() != "call" || called.kind() != "attribute" {
        return None;
    }
    let receiver = strip_parens(called.child_by_field_name("object")?);
    let method = text(called.child_by_field_name("attribute")?, src);
    let (class, class_name) = match &site.typed_receiver {
        // A receiver whose annotation names a class of the file (`detect::first_step_typed`).
        Some(typed) => (None, typed.as_str()),
        None if matches!(text(receiver, src), "self" | "cls") => {
            let class = (site.enclosing.iter().rev()).find(|n| n.kind() == "class_definition")?;
            (Some(*class), text(class.child_by_field_name("name")?, src))
        }
        None => return None,
    };
    // The tree may hold only the parts around the sites (`scan::partial`): the class's `def
    // method` is then read off the text, where the proof found it.
    let line = class
        .and_then(|c| definition_line(c, method, src))
        .or_else(|| {
            let bound = crate::project::ancestors::bindings(src.as_bytes(), class_name, method)?;
            match bound.as_slice() {
                [one] if one.is_def => Some(one.line),
                _ => None,
            }
        })?;
    Some(Box::new(Overridable {
        class: class_name.to_owned(),
        method: method.to_owned(),
        line,
        yields: why.contains(crate::scan::ready_queue::YIELDS),
    }))
}

/// The line of the class's own `def method`.
fn definition_line(class: Node, method: &str, src: &str) -> Option<usize> {
    let body = class.child_by_field_name("body")?;
    let mut cursor = body.walk();
    for statement in body.named_children(&mut cursor) {
        let definition = match statement.kind() {
            "decorated_definition" => statement.child_by_field_name("definition")?,
            _ => statement,
        };
        let name = definition.child_by_field_name("name");
        if definition.kind() == "function_definition"
            && name.is_some_and(|n| text(n, src) == method)
        {
            return Some(definition.start_position().row + 1);
        }
    }
    None
}

/// What the reading of the classes found: no override, or the one that stops the proof.
pub enum Found {
    /// No class but the site's own and its ancestors binds `m`; `heirs` are the classes
    /// derived from it that were read.
    Nothing { heirs: Vec<String> },
    /// What may bind `m` instead, in words (`` `SlowProgress` (slow.py:6) overrides it ``).
    Override(String),
}

/// The evidence and action of the site once the classes are read, and whether it is kept.
pub fn words(asked: &Overridable, found: &Found) -> (bool, String, String) {
    let Overridable {
        class,
        method,
        line,
        yields,
    } = asked;
    let (suspends, ends) = match yields {
        true => (
            "never suspends but to yield to the ready queue (`asyncio.sleep(0)`)",
            "the loop holds it until it finishes",
        ),
        false => (
            "never suspends",
            "it finishes in its first step, which the loop holds",
        ),
    };
    match found {
        Found::Nothing { heirs } => {
            let heirs = match &heirs[..] {
                [] => format!("no class of the checked code derives from `{class}`"),
                heirs => format!(
                    "the classes of the checked code derived from `{class}` ({}) bind no `{method}`",
                    heirs
                        .iter()
                        .map(|h| format!("`{h}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let evidence = format!(
                "asyncio: its coroutine `{class}.{method}` (line {line}) {suspends}, and no \
                 override of it can run here ({heirs}), so {ends}"
            );
            let action = "none: the loop holds the task until it finishes".to_owned();
            (true, evidence, action)
        }
        Found::Override(which) => {
            let evidence = format!(
                "asyncio: its coroutine `{class}.{method}` (line {line}) {suspends}, nor does \
                 any override of `{method}` in this file; but {which}, and `self.{method}()` runs \
                 that one on its objects: whether it suspends is not read"
            );
            let action =
                format!("read the other `{method}` ({which}): if it suspends, keep the task");
            (false, evidence, action)
        }
    }
}
