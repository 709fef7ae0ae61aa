//! Bytes to syntax: decoding, the lexer and prefilter that pick what to parse, tree-sitter
//! parsing, the validation of whole files, and the one list of asyncio's spellings.

pub mod asyncio_api;
pub mod blocks;
pub mod lexer;
pub mod partial;
mod possible_site;
pub mod prefilter;
pub mod source;
pub mod syntax;
pub mod validate;
