//! Detection: parse tree in, task sites out, and which of them are dropped.

mod already_kept;
mod analysis;
mod arguments;
mod bound;
pub(crate) mod callback;
pub(crate) mod callee;
mod discard_only;
mod dropped;
pub(crate) mod dropped_task;
pub(crate) mod factory;
mod facts;
mod follow;
mod frame;
mod guard;
mod handoff;
pub(crate) mod imports;
pub mod kinds;
mod locals;
pub(crate) mod loop_factory;
mod lost;
mod memo;
pub(crate) mod noqa;
mod placement;
mod returns;
pub(crate) mod scope;
mod sites;
mod statement;
pub(crate) mod task_site;
mod unknown;
pub(crate) mod verdict;
mod weak_dicts;

pub use analysis::{Detection, analyse};
pub use dropped_task::Dropped;
pub use facts::{Facts, Project};
pub use kinds::{FixAvailability, Kind, RULES, Rule, Shape, Spawn};
pub use placement::{Placement, placements_of};
