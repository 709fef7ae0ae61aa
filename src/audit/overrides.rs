//! A proof that rests on a method Python looks up on the object's class when the call runs:
//! `self.m()` (`cls.m()`) as a task's coroutine, where every `m` the file shows never suspends
//! (`detect::first_step_method`), and `self.track(task)`, where the class's own `track` keeps
//! the task (`detect::handed`). A class of another file (or of the same file, for a keeper) that
//! derives from the site's class and binds `m` may put its own there. After the walk, the audit
//! reads the classes of the checked code (see `app::overrides`): where none but the site's class
//! and its ancestors can be the object's, or none of them binds `m`, the proof holds (the
//! `unknown` coroutine is `kept`; the keeper stays `kept`); where one does, it stops there,
//! `unknown`, naming that override.

use crate::detect::task_site::{OpenProof, TaskSite};
use crate::detect::verdict::Verdict;

/// The method a site's proof rests on: `class.method`, and what the proof reads of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overridable {
    pub class: String,
    pub method: String,
    pub rests: Rests,
    /// A quiet method's awaits yield to the ready queue (`asyncio.sleep(0)`, the first such call
    /// as the code writes it): its task ends in a later step, which the loop holds too.
    pub yields: Option<String>,
    /// The nested coroutine function that awaits only this method (see
    /// [`OpenProof::Overrides`]).
    pub through: Option<(String, usize)>,
    /// The parameters the site's call leaves `False` (see [`OpenProof::Overrides`]).
    pub off: Vec<String>,
}

/// What the proof reads of the class's own method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rests {
    /// It never suspends, as every `m` of the site's file (an `unknown` site): defined at this
    /// line of the site's file.
    Quiet(usize),
    /// It keeps the task handed to it (a `kept` site).
    Keeps,
}

/// The method a site's proof rests on, as detection read it: an `unknown` site's coroutine
/// `self.m()` where every `m` of its file never suspends (the only `unknown` that finishes at
/// once), or a `kept` site's keeper `self.track(task)`; `None` for any other site, and for one
/// whose proof also reads a list's elements, which another file may add to.
pub(super) fn of(site: &TaskSite) -> Option<Box<Overridable>> {
    let (class, method, rests, yields, through, off) = match (&site.open_proof, &site.verdict) {
        (
            Some(OpenProof::Overrides {
                class,
                method,
                line,
                yields,
                through,
                off,
            }),
            Verdict::Unknown(_),
        ) => (
            class,
            method,
            Rests::Quiet(*line),
            yields.clone(),
            through.clone(),
            off.clone(),
        ),
        (Some(OpenProof::Keeper { class, method }), Verdict::Kept { .. }) => {
            (class, method, Rests::Keeps, None, None, Vec::new())
        }
        _ => return None,
    };
    Some(Box::new(Overridable {
        class: class.clone(),
        method: method.clone(),
        rests,
        yields,
        through,
        off,
    }))
}

/// What the reading of the classes found: no override, or the one that stops the proof.
pub enum Found {
    /// No class but the site's own and its ancestors binds `m`; `heirs` are the classes
    /// derived from it that were read.
    Nothing { heirs: Vec<String> },
    /// What may bind `m` instead, in words (`` `SlowProgress` (slow.py:6) overrides it ``).
    Override(String),
}

/// What becomes of a site once the classes are read: kept (by this evidence), or `unknown`.
pub enum Settled {
    Kept { evidence: String, action: String },
    Unknown { evidence: String, action: String },
}

/// The site once the classes are read; `None` where it stays as it is (a keeper no class
/// overrides). `kept` is a keeper site's evidence.
pub fn words(asked: &Overridable, found: &Found, kept: &str) -> Option<Settled> {
    let Overridable {
        class,
        method,
        rests,
        yields,
        through,
        off,
    } = asked;
    let left = crate::detect::left_words(off);
    let coroutine = match through {
        Some((name, at)) => format!(
            "its coroutine `{name}` (line {at}) awaits only `self.{method}(...)`, and \
             `{class}.{method}`"
        ),
        None => format!("its coroutine `{class}.{method}`"),
    };
    let (suspends, ends) = match yields {
        Some(written) => (
            format!("never suspends but to yield to the ready queue (`{written}`)"),
            "the loop holds it until it finishes",
        ),
        None => (
            "never suspends".to_owned(),
            "it finishes in its first step, which the loop holds",
        ),
    };
    match (found, rests) {
        (Found::Nothing { .. }, Rests::Keeps) => None,
        (Found::Nothing { heirs }, Rests::Quiet(line)) => {
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
                "asyncio: {coroutine} (line {line}){left} {suspends}, and no override of it can run \
                 here ({heirs}), so {ends}"
            );
            let action = "none: the loop holds the task until it finishes".to_owned();
            Some(Settled::Kept { evidence, action })
        }
        (Found::Override(which), Rests::Quiet(line)) => {
            let evidence = format!(
                "asyncio: {coroutine} (line {line}){left} {suspends}, nor does any override of \
                 `{method}` in this file; but {which}, and `self.{method}()` runs that one on \
                 its objects: whether it suspends is not read"
            );
            let action =
                format!("read the other `{method}` ({which}): if it suspends, keep the task");
            Some(Settled::Unknown { evidence, action })
        }
        (Found::Override(which), Rests::Keeps) => {
            let evidence = format!(
                "{kept}; but {which}, and `self.{method}(...)` runs that one on its objects: \
                 whether it keeps the task is not read"
            );
            let action = format!(
                "read the other `{method}` ({which}): if it does not keep the task, keep a \
                 reference until it is done"
            );
            Some(Settled::Unknown { evidence, action })
        }
    }
}
