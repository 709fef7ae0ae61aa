//! What detection proved about a task, as nodes: kept (the site's reference says by what, its
//! holder where), dropped (the drop, its kind and statement), or unknown: what stopped the
//! proof. The core settles it into the one plain value every command reads (`core::site`).

use super::dropped::Dropped;

// A site held its drop inline before there was a verdict: no site grows.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Verdict<'t> {
    /// Something keeps the task: the site's reference and holder say what; `by` names what else
    /// keeps it where the reference alone does not (the loop's task factory).
    Kept { by: Option<String> },
    /// Nothing keeps it: the drop `check` reports, or none where a `noqa` comment silences it.
    Dropped(Option<Dropped<'t>>),
    /// Neither the checked code nor the contract table decides it, for this reason.
    Unknown(String),
}

impl<'t> Verdict<'t> {
    /// The drop `check` reports, if there is one.
    pub fn drop(&self) -> Option<Dropped<'t>> {
        match self {
            Verdict::Dropped(drop) => *drop,
            _ => None,
        }
    }

    /// Dropped, and not through a project's task factory: the never-suspends and not-a-task
    /// rules read asyncio's own creators only, since a factory may do anything with the
    /// coroutine.
    pub fn dropped_by_asyncio(&self) -> bool {
        match self {
            Verdict::Dropped(Some(drop)) => drop.factory.is_none(),
            Verdict::Dropped(None) => true,
            _ => false,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Verdict::Kept { .. } => "kept",
            Verdict::Dropped(_) => "dropped",
            Verdict::Unknown(_) => "unknown",
        }
    }
}
