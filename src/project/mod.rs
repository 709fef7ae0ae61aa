//! What spans the files of a project: the index of its task factories, what is kept of a file
//! to ask it of them later, and the one key a file is known by.

pub mod ancestors;
pub(crate) mod attributes;
mod awaits;
pub mod callers;
mod cancelled;
pub mod factories;
mod file_factories;
pub mod gathered;
mod guards;
pub mod handler;
pub mod handlers;
pub mod handling;
pub mod helper_futures;
pub mod helper_module;
mod holders;
mod import_style;
pub mod isort_src;
pub(crate) use holders::unconditional;
pub mod keeper_imports;
pub mod keepers;
pub mod layout;
pub mod license_header;
pub mod loop_runners;
pub mod made;
mod may_define;
pub mod method_calls;
pub mod module_loops;
pub mod outcome;
pub mod own_class;
pub mod package_quote;
mod parameters;
pub(crate) mod paths;
mod polls;
pub mod quiet_coroutines;
mod quiet_methods;
mod rebinds;
pub mod receivers;
mod run_as;
pub mod self_stores;
mod shared_helper;
pub mod singletons;
pub mod summaries;
pub mod summary;
mod words;

pub use paths::file_key;
