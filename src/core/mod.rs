//! The library's core: one file through the pipeline (what to parse, detection, the audit, the
//! plan and its check) to the plain data every command prints. It takes a mode, not a command.

mod options;
pub mod pipeline;
pub mod site;
mod sites;
mod to_parse;
