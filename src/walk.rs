//! The one place that decides which files are read: `ignore`'s parallel walker, with .gitignore,
//! hidden folders, and the virtualenv and build folders that ruff excludes by default.

use std::path::{Path, PathBuf};

use ignore::{DirEntry, WalkBuilder, WalkParallel};

/// Folder names never walked into (ruff's default `exclude`, plus `build`).
const EXCLUDED_DIRS: &[&str] = &[
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".git-rewrite",
    ".hg",
    ".ipynb_checkpoints",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pyenv",
    ".pytest_cache",
    ".pytype",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    ".vscode",
    "__pypackages__",
    "_build",
    "buck-out",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
];

/// A parallel walk over `roots` (which must exist) with `threads` threads (0: one per core).
pub fn build(roots: &[PathBuf], threads: usize) -> Option<WalkParallel> {
    let (first, rest) = roots.split_first()?;
    let mut builder = WalkBuilder::new(first);
    for root in rest {
        builder.add(root);
    }
    builder
        .threads(threads)
        .hidden(true)
        .follow_links(false)
        // Honour .gitignore in a fresh export too, not only inside a git work tree.
        .require_git(false)
        .filter_entry(|entry| {
            let excluded_dir = entry.depth() > 0
                && entry.file_type().is_some_and(|t| t.is_dir())
                && entry
                    .file_name()
                    .to_str()
                    .is_some_and(|name| EXCLUDED_DIRS.contains(&name));
            !excluded_dir
        });
    Some(builder.build_parallel())
}

/// Whether a walked entry is a file to read: any file named on the command line (links
/// followed), and below that only regular `*.py` files (links are not followed).
pub fn is_python_file(entry: &DirEntry) -> bool {
    if entry.depth() == 0 {
        return entry.path().is_file();
    }
    entry.file_type().is_some_and(|t| t.is_file()) && has_py_extension(entry.path())
}

fn has_py_extension(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "py")
}

/// The path as the user should see it: `./a.py` walked from `.` is shown as `a.py`.
pub fn display(path: &Path) -> String {
    let shown = path.strip_prefix(".").unwrap_or(path);
    shown.to_string_lossy().into_owned()
}
