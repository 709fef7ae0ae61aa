//! undangle: find asyncio tasks whose Task object is dropped, and keep them alive.
//!
//! Layers, each a folder, each using only those below it:
//!
//! - `app`: the commands (the only layer that knows them), the walk, the per-file worker,
//!   standard input, progress and writing files back;
//! - `render`: reports as text, JSON, SARIF, diffs, audit tables and PR bodies;
//! - `core`: one file through the pipeline (prefilter, parse, detect, audit, plan, verify), in
//!   a mode, to plain data;
//! - `plan`: the fix of a file's dropped tasks, as edits;
//! - `audit`: what becomes of every task (owner, shutdown, exceptions, risk, action);
//! - `detect`: the task sites of one parsed file, and which of them are dropped;
//! - `project`: the index of the project's task factories;
//! - `settings`: each project's settings, read once per root;
//! - `scan`: bytes to text, the lexer and prefilter, tree-sitter parsing, validation.

pub mod app;
pub(crate) mod audit;
pub mod core;
pub mod detect;
pub(crate) mod plan;
pub mod project;
pub mod render;
pub mod scan;
pub mod settings;
