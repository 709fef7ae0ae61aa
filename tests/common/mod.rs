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

/// The first tool among `candidates` that answers `--version`, as a command path.
pub fn find_tool(candidates: &[&str]) -> Option<String> {
    candidates.iter().map(|c| c.to_string()).find(|c| {
        std::process::Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}
