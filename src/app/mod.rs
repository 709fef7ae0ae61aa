//! The commands: one job built from the arguments, the walk and its per-file worker, the
//! cross-file factory pass, standard input, printing and writing back.

mod callers;
pub mod cli;
pub mod config;
pub mod console;
pub(crate) mod discover;
pub mod explain;
mod gathered;
mod handed;
mod held;
mod imported_holder;
pub(crate) mod job;
mod other_class;
mod overrides;
pub(crate) mod progress;
pub(crate) mod request;
mod returned;
pub mod run;
pub(crate) mod server;
pub(crate) mod shell;
pub(crate) mod show_settings;
pub(crate) mod stdin;
pub(crate) mod walk;
pub(crate) mod worker;
pub(crate) mod write;
