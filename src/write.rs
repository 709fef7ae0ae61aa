//! Writing fixed files: atomically (a temporary file beside the original, then a rename), with the
//! original's permissions, and only if the file still holds what was read.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

#[derive(Debug)]
pub enum WriteError {
    /// The file changed on disk between the read and the write.
    Changed,
    Io(io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => write!(f, "changed on disk since it was read, skipped"),
            WriteError::Io(err) => write!(f, "cannot write: {err}"),
        }
    }
}

/// Replaces `path`'s content `expected` with `new`.
pub fn replace(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    let current = fs::read(path).map_err(WriteError::Io)?;
    if current != expected {
        return Err(WriteError::Changed);
    }
    // Write through a symlink to its target, so the link itself stays a link.
    let target = fs::canonicalize(path).map_err(WriteError::Io)?;
    let permissions = fs::metadata(&target).map_err(WriteError::Io)?.permissions();
    let dir = target.parent().unwrap_or(Path::new("."));
    // Honour read-only marks even when running as root, which the kernel would let through.
    let dir_readonly = fs::metadata(dir)
        .map_err(WriteError::Io)?
        .permissions()
        .readonly();
    if permissions.readonly() || dir_readonly {
        let what = if dir_readonly { "folder" } else { "file" };
        return Err(WriteError::Io(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("the {what} is read-only"),
        )));
    }
    let mut temp = tempfile::Builder::new()
        .prefix(".undangle-")
        .tempfile_in(dir)
        .map_err(WriteError::Io)?;
    temp.write_all(new).map_err(WriteError::Io)?;
    temp.as_file().sync_all().map_err(WriteError::Io)?;
    fs::set_permissions(temp.path(), permissions).map_err(WriteError::Io)?;
    // On failure the temporary file is dropped, which deletes it.
    temp.persist(&target)
        .map_err(|err| WriteError::Io(err.error))?;
    Ok(())
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
}
