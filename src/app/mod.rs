//! The commands: one job built from the arguments, the walk and its per-file worker, the
//! cross-file factory pass, standard input, printing and writing back.

pub mod cli;
pub mod console;
pub mod discover;
pub mod job;
pub mod pipeline;
pub mod progress;
pub mod request;
pub mod run;
pub mod shell;
pub mod stdin;
pub mod walk;
pub mod worker;
pub mod write;
