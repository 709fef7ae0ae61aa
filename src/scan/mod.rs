//! Bytes to syntax: decoding, the lexer and prefilter that pick what to parse, tree-sitter
//! parsing, the validation of whole files (and of a buffer piece by piece), and the one list of
//! asyncio's spellings.

pub(crate) mod asyncio_api;
pub mod asyncio_tokens;
pub(crate) mod blocks;
pub(crate) mod bound_names;
pub(crate) mod class_headers;
pub(crate) mod class_parts;
pub(crate) mod class_text;
pub(crate) mod contracts;
pub(crate) mod current_task;
pub(crate) mod import_lines;
pub(crate) mod lexer;
pub(crate) mod method_defs;
pub mod notebook;
pub mod params;
pub(crate) mod partial;
pub mod piecewise;
pub(crate) mod pinned;
mod possible_site;
pub mod prefilter;
pub(crate) mod quiet_candidates;
pub(crate) mod ready_queue;
pub(crate) mod setattr_name;
pub mod source;
pub mod span;
pub(crate) mod stdlib;
pub mod syntax;
pub mod triage;
pub(crate) mod validate;
mod weak_sets;
pub(crate) mod whole_tree;
mod whole_words;
pub(crate) mod word_runs;
pub(crate) mod words;
