//! Detection: parse tree in, task sites out, and which of them are dropped.

mod analysis;
pub mod callee;
pub mod dropped_task;
pub mod factory;
pub mod imports;
pub mod inventory;
mod memo;
pub mod noqa;
mod placement;
pub mod scope;
mod statements;

pub use analysis::analyse;
pub use dropped_task::{Finding, Kind, Site};
pub use placement::{Placement, placements_of};
pub use statements::{Detection, Project, detect};
