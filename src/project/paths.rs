//! Files as keys: imports of task factories are matched on them.

use std::path::{Component, Path, PathBuf};

/// The path as one key for every spelling a run may meet (`./pkg/../pkg/a.py`): absolute, with
/// `.` and `..` resolved by name. Imports of factories are matched on it.
pub fn file_key(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut key = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                key.pop();
            }
            other => key.push(other),
        }
    }
    key
}
