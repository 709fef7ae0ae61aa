//! A task whose coroutine is `self.m()` (`cls.m()`), where every `m` the file shows never
//! suspends (`detect::first_step_method`): the file proves no drop, and whether the loop holds
//! the task to its end depends on which `m` the call runs. Python looks `m` up on the object's
//! class, so a class of another file that derives from the site's class and binds `m` may put
//! its own there. After the walk, the audit reads the classes of the checked code (see
//! `app::overrides`): where none but the site's class and its ancestors can be the object's, or
//! none of them binds `m`, the proof holds, `kept`; where one does, it stops there, `unknown`,
//! naming that override.

use crate::detect::task_site::{OpenProof, TaskSite};
use crate::detect::verdict::Verdict;

/// The method a site's proof rests on: `class.method`, defined at `line` of the site's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overridable {
    pub class: String,
    pub method: String,
    pub line: usize,
}

/// The method an `unknown` site's coroutine runs where every `m` of its file never suspends
/// (the only `unknown` that finishes at once), as detection read it in the class's statements;
/// `None` for any other site, and for one whose proof also reads a list's elements, which
/// another file may add to.
pub(super) fn of(site: &TaskSite) -> Option<Box<Overridable>> {
    let Some(OpenProof::Overrides {
        class,
        method,
        line,
    }) = &site.open_proof
    else {
        return None;
    };
    matches!(site.verdict, Verdict::Unknown(_)).then(|| {
        Box::new(Overridable {
            class: class.clone(),
            method: method.clone(),
            line: *line,
        })
    })
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
    } = asked;
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
                "asyncio: its coroutine `{class}.{method}` (line {line}) never suspends, and no \
                 override of it can run here ({heirs}), so it finishes in its first step, which \
                 the loop holds"
            );
            let action = "none: the loop holds the task until it finishes".to_owned();
            (true, evidence, action)
        }
        Found::Override(which) => {
            let evidence = format!(
                "asyncio: its coroutine `{class}.{method}` (line {line}) never suspends, nor does \
                 any override of `{method}` in this file; but {which}, and `self.{method}()` runs \
                 that one on its objects: whether it suspends is not read"
            );
            let action =
                format!("read the other `{method}` ({which}): if it suspends, keep the task");
            (false, evidence, action)
        }
    }
}
