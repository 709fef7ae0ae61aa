//! Helpers shared by the integration tests, which run the real `undangle` binary.
#![allow(dead_code)] // each test crate uses its own subset

use std::fs;
use std::path::{Path, PathBuf};

pub fn undangle() -> assert_cmd::Command {
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_undangle"))
}

pub fn testdata(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(relative)
}

/// Copies the files (not folders) of `from` into `to`.
pub fn copy_files(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

/// ruff for the differential tests: `$UNDANGLE_RUFF` (set by `.ci/run`), the cache virtualenv
/// that `scripts/ruff.sh` fills, or `ruff` on PATH.
pub fn find_ruff() -> Option<String> {
    find_tool("ruff")
}

/// mypy for the lint-clean tests: `$UNDANGLE_MYPY`, the cache virtualenv that `scripts/mypy.sh`
/// fills, or `mypy` on PATH.
pub fn find_mypy() -> Option<String> {
    find_tool("mypy")
}

fn find_tool(tool: &str) -> Option<String> {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")));
    let variable = format!("UNDANGLE_{}", tool.to_uppercase());
    let mut candidates: Vec<String> = std::env::var(variable).into_iter().collect();
    if let Some(cache) = cache {
        candidates.push(
            cache
                .join("undangle/venv/bin")
                .join(tool)
                .display()
                .to_string(),
        );
    }
    candidates.push(tool.to_owned());
    candidates.into_iter().find(|c| {
        std::process::Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}
