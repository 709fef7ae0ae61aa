//! The one place that decides which files are read: `ignore`'s parallel walker, with .gitignore,
//! hidden folders, and each project's `exclude` (by default the virtualenv and build folders that
//! ruff excludes).

use std::path::{Path, PathBuf};

use std::sync::Arc;

use ignore::{DirEntry, WalkBuilder, WalkParallel};

use crate::settings::Loader;

/// A parallel walk over `roots` (which must exist) with `threads` threads (0: one per core).
pub fn build(roots: &[PathBuf], threads: usize, settings: Arc<Loader>) -> Option<WalkParallel> {
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
        .filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            !settings.excludes(entry.path(), is_dir, entry.depth() == 0)
        });
    Some(builder.build_parallel())
}

/// Whether a walked entry is a file to read: any file named on the command line (links
/// followed), and below that only regular `*.py` and `*.ipynb` files (links are not followed).
pub fn is_python_file(entry: &DirEntry) -> bool {
    if entry.depth() == 0 {
        return entry.path().is_file();
    }
    entry.file_type().is_some_and(|t| t.is_file())
        && (has_py_extension(entry.path()) || is_notebook(entry.path()))
}

/// A Jupyter notebook, read as ruff reads it (its code cells).
pub fn is_notebook(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "ipynb")
}

/// A FIFO, socket or device named on the command line: never opened (reading a FIFO would block).
/// A path named on the command line that is a character or block device, or a link to one
/// (`/dev/zero`): no source file, and reading it may never end. An error, unlike a FIFO.
pub fn is_named_device(entry: &DirEntry) -> bool {
    use std::os::unix::fs::FileTypeExt;
    entry.depth() == 0
        && entry.path().metadata().is_ok_and(|m| {
            let kind = m.file_type();
            kind.is_char_device() || kind.is_block_device()
        })
}

pub fn is_named_special_file(entry: &DirEntry) -> bool {
    entry.depth() == 0
        && entry
            .path()
            .metadata()
            .is_ok_and(|m| !m.is_file() && !m.is_dir())
}

fn has_py_extension(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "py")
}

/// The path's own bytes as `display` shows it (no lossy conversion: a diff header must name the
/// very file, whatever bytes its name holds).
pub fn display_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.strip_prefix(".")
        .unwrap_or(path)
        .as_os_str()
        .as_bytes()
        .to_vec()
}

/// The path as the user should see it: `./a.py` walked from `.` is shown as `a.py`.
pub fn display(path: &Path) -> String {
    let shown = path.strip_prefix(".").unwrap_or(path);
    shown.to_string_lossy().into_owned()
}
