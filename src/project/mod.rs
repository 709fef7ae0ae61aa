//! What spans the files of a project: the index of its task factories, and
//! the one key a file is known by.

pub mod factories;
mod may_define;
pub(crate) mod paths;
mod words;

pub use paths::file_key;
