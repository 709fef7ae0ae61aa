//! Detection: parse tree in, task sites out, and which of them are dropped.

mod analysis;
mod callback;
pub(crate) mod callee;
pub(crate) mod dropped_task;
pub(crate) mod factory;
mod follow;
mod frame;
mod handoff;
pub(crate) mod imports;
pub(crate) mod inventory;
mod locals;
mod lost;
mod memo;
pub(crate) mod noqa;
mod placement;
pub(crate) mod scope;
mod statements;
pub(crate) mod task_site;

pub use analysis::analyse;
pub use dropped_task::{Finding, Kind, Site};
pub use placement::{Placement, placements_of};
pub use statements::{Detection, Project, detect};
