//! Where the helper of `--strategy helper` goes and how each file spells its import: one
//! `_background.py` per package (`package`, the entry point), shared by the packages of one
//! application (`shared`) and by the tests and scripts that import it; for a module in no
//! package its imports or folders name, the home `unpackaged` finds (a tree of namespace folders,
//! `namespace_tree`; a workspace member inside a package, `member`). Where a file's imports
//! begin, which decides its package, is `path_root`'s answer.

pub(crate) mod member;
pub(crate) mod module;
pub(crate) mod namespace_tree;
pub(crate) mod outside;
pub(crate) mod package;
pub(crate) mod run_as;
pub(crate) mod shared;
pub(crate) mod unpackaged;

pub use module::{FUNCTION, HelperModule, MODULE_FILE, MODULE_NAME};
pub use package::locate;
