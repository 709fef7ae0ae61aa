//! A small budget of the mutation fuzzer (`scripts/fuzz.py`) on the real binary: 300 mutants of
//! the corpus files that create tasks, each held to undangle's promises (no panic, no byte of
//! invalid Python changed, every fix valid, `git apply` of the diff equal to `fix`, a second run
//! empty). Skipped (`common::skip`) when the corpus cannot be downloaded from PyPI.
//!
//! The long run: `python3 scripts/fuzz.py --mutants 100000` (see docs/evaluation.md, "Robustness").

use std::process::Command;

use crate::common;

#[test]
fn three_hundred_mutants_keep_every_promise() {
    let root = env!("CARGO_MANIFEST_DIR");
    let fetched = Command::new("python3")
        .args(["scripts/corpus.py", "--fetch-only"])
        .current_dir(root)
        .output()
        .expect("python3 runs");
    if !fetched.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&fetched.stderr));
        common::skip(
            "fuzz::three_hundred_mutants_keep_every_promise",
            "the corpus could not be downloaded",
            "python3 scripts/corpus.py --fetch-only",
        );
        return;
    }
    let out = Command::new("python3")
        .args([
            "scripts/fuzz.py",
            "--mutants",
            "300",
            "--batch",
            "300",
            "--seed",
            "7",
        ])
        .arg("--binary")
        .arg(common::bin())
        .current_dir(root)
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("fuzz: 300 mutants"), "{stdout}");
}
