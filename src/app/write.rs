//! Writing fixed files without ever losing a user's edit or leaving a half-written file:
//!
//! 1. the new text goes to a temporary file beside the original, named
//!    `.<name>.undangle-<pid>-<random>.tmp` (hidden, so no walk reads it), with the original's
//!    mode, owner and group;
//! 2. under an exclusive advisory lock on the original (another undangle run waits for it), the
//!    file is checked once more, right before the rename: same size, same modification time,
//!    same bytes as when it was read; otherwise nothing is written;
//! 3. the temporary file is renamed over the original, atomically.
//!
//! What remains: an editor that saves between the last check and the rename (microseconds; it
//! takes no lock) loses that save. A file with more than one hard link is refused, since a
//! rename would split it from its other names. SIGINT and SIGTERM remove the temporary files of
//! the writes in flight; after SIGKILL, the next run that writes into the folder removes the
//! temporary files of processes that no longer exist.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use crate::plan::edit::NewFile;

#[derive(Debug)]
pub enum WriteError {
    /// The file changed on disk between the read and the write.
    Changed,
    /// The file has other names (hard links) that a rename would leave behind.
    HardLinked(u64),
    Io(io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => write!(f, "changed on disk since it was read, skipped"),
            WriteError::HardLinked(links) => write!(
                f,
                "has {links} hard links; replacing it would split them, skipped"
            ),
            WriteError::Io(err) => write!(f, "cannot write: {err}"),
        }
    }
}

/// Temporary files being written, removed on SIGINT / SIGTERM.
static IN_FLIGHT: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
static HANDLER: Once = Once::new();

const TEMP_MARK: &str = ".undangle-";

fn untrack(path: &Path) {
    let mut in_flight = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(set) = in_flight.as_mut() {
        set.remove(path);
    }
}

/// On SIGINT or SIGTERM: remove the temporary files in flight, then exit as a signal would.
fn install_handler() {
    HANDLER.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            let in_flight = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
            for path in in_flight.iter().flatten() {
                let _ = fs::remove_file(path);
            }
            std::process::exit(130);
        });
    });
}

/// Removes temporary files that a killed undangle left in `dir`: ours by name, from a process
/// that no longer runs.
fn clean_stale(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = name
            .strip_suffix(".tmp")
            .and_then(|rest| rest.rsplit_once(TEMP_MARK))
            .and_then(|(_, tail)| tail.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let alive = Path::new("/proc").join(pid.to_string()).exists();
        if name.starts_with('.') && !alive {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Replaces `path`'s content `expected` with `new`.
pub fn replace(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    install_handler();
    // Write through a symlink to its target, so the link itself stays a link.
    let target = fs::canonicalize(path).map_err(WriteError::Io)?;
    let before = fs::metadata(&target).map_err(WriteError::Io)?;
    if fs::read(&target).map_err(WriteError::Io)? != expected {
        return Err(WriteError::Changed);
    }
    if before.nlink() > 1 {
        return Err(WriteError::HardLinked(before.nlink()));
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    // Honour read-only marks even when running as root, which the kernel would let through.
    let dir_readonly = fs::metadata(dir)
        .map_err(WriteError::Io)?
        .permissions()
        .readonly();
    if before.permissions().readonly() || dir_readonly {
        let what = if dir_readonly { "folder" } else { "file" };
        return Err(WriteError::Io(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("the {what} is read-only"),
        )));
    }
    clean_stale(dir);

    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut temp = tracked_temp(dir, &name)?;
    let temp_path = temp.path().to_owned();
    let result = (move || {
        temp.write_all(new).map_err(WriteError::Io)?;
        temp.as_file().sync_all().map_err(WriteError::Io)?;
        fs::set_permissions(temp.path(), before.permissions()).map_err(WriteError::Io)?;
        keep_owner(temp.as_file(), &before)?;

        // Another undangle run holds the lock while it checks and renames: it waits here.
        let original = fs::File::open(&target).map_err(WriteError::Io)?;
        original.lock().map_err(WriteError::Io)?;
        let now = fs::metadata(&target).map_err(WriteError::Io)?;
        let unchanged = now.len() == before.len()
            && now.modified().ok() == before.modified().ok()
            && now.ino() == before.ino()
            && fs::read(&target).map_err(WriteError::Io)? == expected;
        if !unchanged {
            return Err(WriteError::Changed);
        }
        // On failure the temporary file is dropped, which deletes it.
        temp.persist(&target)
            .map_err(|err| WriteError::Io(err.error))?;
        Ok(())
    })();
    untrack(&temp_path);
    result
}

/// Replaces a file's text, after creating the module its fix imports (the package's helper
/// module): never an import of a module that is not there.
pub fn replace_creating(
    path: &Path,
    expected: &[u8],
    new: &[u8],
    creates: Option<&NewFile>,
) -> Result<(), WriteError> {
    if let Some(file) = creates {
        create(&file.path, file.text.as_bytes())?;
    }
    replace(path, expected, new)
}

/// Files this run created, or found as it would create them: each is created once.
static CREATED: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

/// Whether this run created `path` (or found it as it would create it). Asked under the lock
/// that [`create`] holds while it writes: a module seen on disk that this run wrote is in it.
pub fn created_by_this_run(path: &Path) -> bool {
    let created = CREATED.lock().unwrap_or_else(|e| e.into_inner());
    let key = crate::project::file_key(path);
    created.as_ref().is_some_and(|set| set.contains(&key))
}

/// The mode and owner a new module of the package at `dir` takes: its `__init__.py`'s, or in
/// a namespace package (no `__init__.py`, PEP 420) its first module's by name, or, where it
/// holds only folders (xiaozhi-esp32-server's `core/`), the first module of its tree.
fn package_metadata(dir: &Path) -> Result<fs::Metadata, WriteError> {
    match fs::metadata(dir.join("__init__.py")) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            let first = first_module(dir, 3).ok_or(WriteError::Io(err))?;
            fs::metadata(first).map_err(WriteError::Io)
        }
        found => found.map_err(WriteError::Io),
    }
}

/// The first module by name directly in `dir`, else in its folders by name, `levels` deep.
fn first_module(dir: &Path, levels: usize) -> Option<PathBuf> {
    let mut paths: Vec<PathBuf> = (fs::read_dir(dir).ok()?.filter_map(Result::ok))
        .map(|e| e.path())
        .collect();
    paths.sort();
    let module = |p: &&PathBuf| p.extension().is_some_and(|e| e == "py") && p.is_file();
    if let Some(first) = paths.iter().find(module) {
        return Some(first.clone());
    }
    let below = paths.iter().filter(|p| p.is_dir() && levels > 1);
    below.filter_map(|p| first_module(p, levels - 1)).next()
}

/// Creates `path` with `text` (a module the fix imports), unless this run did already or it
/// is there with that text. Written whole beside it and renamed into place without replacing
/// anything, with the mode and owner of the package's `__init__.py`; one that is there with
/// other text is refused as [`WriteError::Changed`] (the fix that imports it is not written).
pub fn create(path: &Path, text: &[u8]) -> Result<(), WriteError> {
    install_handler();
    let mut created = CREATED.lock().unwrap_or_else(|e| e.into_inner());
    let created = created.get_or_insert_with(HashSet::new);
    let key = crate::project::file_key(path);
    if created.contains(&key) {
        return Ok(());
    }
    match fs::read(path) {
        Ok(there) if there == text => {
            created.insert(key);
            return Ok(());
        }
        Ok(_) => return Err(WriteError::Changed),
        Err(err) if err.kind() == io::ErrorKind::NotFound => {}
        Err(err) => return Err(WriteError::Io(err)),
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = dir.unwrap_or(Path::new("."));
    let like = package_metadata(dir)?;
    let mut temp = tracked_temp(dir, "new")?;
    let temp_path = temp.path().to_owned();
    let result = (|| {
        temp.write_all(text).map_err(WriteError::Io)?;
        temp.as_file().sync_all().map_err(WriteError::Io)?;
        fs::set_permissions(temp.path(), like.permissions()).map_err(WriteError::Io)?;
        keep_owner(temp.as_file(), &like)?;
        temp.persist_noclobber(path)
            .map_err(|err| match err.error.kind() {
                io::ErrorKind::AlreadyExists => WriteError::Changed,
                _ => WriteError::Io(err.error),
            })?;
        Ok(())
    })();
    untrack(&temp_path);
    if result.is_ok() {
        created.insert(key);
    }
    result
}

/// The original's owner and group on the replacement (a root run must not make files root's).
fn keep_owner(file: &fs::File, original: &fs::Metadata) -> Result<(), WriteError> {
    let same = fs::metadata("/proc/self")
        .is_ok_and(|me| me.uid() == original.uid() && me.gid() == original.gid());
    if same {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, Some(original.uid()), Some(original.gid()))
        .map_err(WriteError::Io)
}

/// A temporary file in `dir` named after `name`, created and tracked under the lock the signal
/// handler takes: a signal can never find a temporary file it does not know of.
fn tracked_temp(dir: &Path, name: &str) -> Result<tempfile::NamedTempFile, WriteError> {
    let mut in_flight = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{name}{TEMP_MARK}{}-", std::process::id()))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(WriteError::Io)?;
    in_flight
        .get_or_insert_with(HashSet::new)
        .insert(temp.path().to_owned());
    Ok(temp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_file_that_changed_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.py");
        fs::write(&path, "edited meanwhile\n").unwrap();
        let err = replace(&path, b"as read\n", b"fixed\n").unwrap_err();
        assert!(matches!(err, WriteError::Changed));
        assert_eq!(fs::read_to_string(&path).unwrap(), "edited meanwhile\n");
        replace(&path, b"edited meanwhile\n", b"fixed\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "fixed\n");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no stray temporary file"
        );
    }

    #[test]
    fn refuses_hard_links_and_cleans_up_after_dead_runs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.py");
        fs::write(&path, "x\n").unwrap();
        fs::hard_link(&path, dir.path().join("b.py")).unwrap();
        let err = replace(&path, b"x\n", b"y\n").unwrap_err();
        assert!(matches!(err, WriteError::HardLinked(2)));
        fs::remove_file(dir.path().join("b.py")).unwrap();

        // A temporary file of a process that no longer exists (pid 0 never names one) goes;
        // one of a live process (ours) stays.
        let stale = dir.path().join(".a.py.undangle-0-abc.tmp");
        let live = dir
            .path()
            .join(format!(".a.py.undangle-{}-abc.tmp", std::process::id()));
        fs::write(&stale, "half").unwrap();
        fs::write(&live, "half").unwrap();
        replace(&path, b"x\n", b"y\n").unwrap();
        assert!(!stale.exists());
        assert!(live.exists());
    }
}
