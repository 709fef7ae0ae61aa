//! undangle: find asyncio tasks whose Task object is dropped, and keep them alive.
//!
//! Data flows one way: walk → prefilter → parse → detect → plan edits → render or write.

pub mod asyncio_api;
pub mod cli;
pub mod console;
pub mod detect;
pub mod discover;
pub mod edit;
pub mod lexer;
pub mod partial;
pub mod pipeline;
pub mod plan;
pub mod prefilter;
pub mod progress;
pub mod render;
pub mod report;
pub mod run;
pub mod settings;
pub mod shell;
pub mod source;
pub mod stdin;
pub mod syntax;
pub mod validate;
pub mod walk;
pub mod write;
