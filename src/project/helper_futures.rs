//! Whether the package's helper (`--strategy helper`) is typed for the concurrent futures of
//! `run_coroutine_threadsafe` too, so that one helper keeps both where the package hands it
//! both (a maintainer keeps them in one place, not in a helper and a set of futures beside it).
//! The answer is the package's, never one file's: every file of the package must write the
//! same helper module. A helper that is there says so by its own types; a new one is typed for
//! them when some module of the package calls `run_coroutine_threadsafe`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::helper_module::HelperModule;
use super::paths::file_key;

/// The call whose future the helper may be handed.
const THREADSAFE: &str = "run_coroutine_threadsafe";

/// Package folder → whether one of its modules calls it; read once per run.
static SCANNED: Mutex<Option<HashMap<PathBuf, bool>>> = Mutex::new(None);

/// Whether the package's helper keeps concurrent futures too.
pub fn takes_futures(helper: &HelperModule) -> bool {
    if helper.exists {
        let text = std::fs::read(&helper.path).unwrap_or_default();
        return String::from_utf8_lossy(&text).contains("concurrent.futures");
    }
    let Some(folder) = helper.path.parent() else {
        return false;
    };
    let key = file_key(folder);
    let mut scanned = SCANNED.lock().unwrap_or_else(|e| e.into_inner());
    let scanned = scanned.get_or_insert_with(HashMap::new);
    if let Some(&known) = scanned.get(&key) {
        return known;
    }
    let found = calls_threadsafe(&key, 0);
    scanned.insert(key, found);
    found
}

/// Whether a module in `folder` or a package below it calls `run_coroutine_threadsafe`.
fn calls_threadsafe(folder: &Path, depth: usize) -> bool {
    // Deep enough for any package; never a loop through links.
    if depth > 32 {
        return false;
    }
    let Ok(entries) = std::fs::read_dir(folder) else {
        return false;
    };
    let mut below = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() && path.join("__init__.py").is_file() {
            below.push(path);
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "py") {
            let text = std::fs::read(&path).unwrap_or_default();
            if text
                .windows(THREADSAFE.len())
                .any(|w| w == THREADSAFE.as_bytes())
            {
                return true;
            }
        }
    }
    below.iter().any(|dir| calls_threadsafe(dir, depth + 1))
}
