//! `# noqa` comments read as ruff reads them (issue 36's tenth exam, class 1): `check` silences a
//! dropped task exactly where ruff's RUF006 is silenced, line for line, on comments that a
//! looser reading takes wrongly (`# noqa: E501 because RUF006`, `# noqaRUF006`, joined codes),
//! held to ruff 0.15.0, 0.16.0 and the pinned ruff themselves. One difference is meant:
//! `ASYNC300`, flake8-async's code for the same check, which ruff does not know.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common;

/// Comments on the line of a dropped task.
const INLINE: [&str; 44] = [
    "# noqa",
    "# NOQA",
    "#noqa",
    "# noqa: RUF006",
    "# noqa:RUF006",
    "# noqa : RUF006",
    "# noqa  :RUF006",
    "# noqa: E501, RUF006",
    "# noqa: E501 RUF006",
    "# noqa:E501,RUF006",
    "# noqa: RUF006E501",
    "# noqa: E501RUF006",
    "# noqa: E501 because RUF006",
    "# noqa: E501 # noqa: RUF006",
    "# type: ignore # noqa: RUF006",
    "# noqaRUF006",
    "# noqa-RUF006",
    "# noqa - RUF006",
    "# noqa because",
    "# noqa: ruf006",
    "# noqa: RUF006abc",
    "# noqa: RUF006,",
    "# noqa: ,RUF006",
    "# noqa: E501,,RUF006",
    "# noqa: E501;RUF006",
    "# see the noqa docs",
    "# x noqa",
    "#  \tnoqa: RUF006",
    "# noqa:",
    "# noqa: unused",
    "# noqa: RUF006# more",
    "# noqa:RUF006 text E501",
    "# noqa: RUF",
    "# NoQa: RUF006",
    "# noqa:RUF006:E501",
    "# noqa: E501.RUF006",
    "# fire # noqa",
    "# noqa # RUF006",
    "# noqa#",
    "# noqa: RUF00",
    "# noqa: RUF0061",
    "# noqa: E501RUF",
    "# noqa: RUF006 E501x",
    "# noqa: E501 RUF006x",
];

/// Comments on a line of their own, each in a file of its own.
const FILE: [&str; 16] = [
    "# ruff: noqa",
    "# flake8: noqa",
    "# ruff: noqa: RUF006",
    "#ruff:noqa:RUF006",
    "# ruff : noqa : E501, RUF006",
    "# ruff: NOQA: RUF006",
    "# ruff: noqa because",
    "# why # ruff: noqa",
    "# ruff: noqa: E501",
    "# ruff: noqa: RUF006 E501x",
    "# ruff: noqa: ruf006",
    "# RUFF: noqa",
    "# ruff: noqaRUF006",
    "# flake8: noqa: E501 because RUF006",
    "# ruff: noqa: E501RUF006",
    "    # ruff: noqa: RUF006",
];

const HEAD: &str = "import asyncio\n\n\nasync def f() -> None:\n    await asyncio.sleep(1)\n\n\n";

/// The rows (1-based) ruff reports in `file`, run in `root`.
fn rows(program: &str, args: &[&str], root: &Path, file: &str) -> BTreeSet<u64> {
    let output = Command::new(program)
        .args(args)
        .arg(file)
        .current_dir(root)
        .output()
        .unwrap();
    let found: Vec<serde_json::Value> =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "{program}: {e}: {}",
                String::from_utf8_lossy(&output.stdout)
            )
        });
    (found.iter())
        .filter_map(|d| d["location"]["row"].as_u64())
        .collect()
}

fn ruff_rows(ruff: &str, root: &Path, file: &str) -> BTreeSet<u64> {
    let args = [
        "check",
        "--isolated",
        "--no-cache",
        "--exit-zero",
        "--select",
        "RUF006",
        "--output-format",
        "json",
    ];
    rows(ruff, &args, root, file)
}

fn undangle_rows(root: &Path, file: &str) -> BTreeSet<u64> {
    let output = common::undangle()
        .args(["check", "--output-format", "json", file])
        .current_dir(root)
        .output()
        .unwrap();
    let found: Vec<serde_json::Value> =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!("{e}: {}", String::from_utf8_lossy(&output.stdout));
        });
    found.iter().filter_map(|d| d["line"].as_u64()).collect()
}

#[test]
fn noqa_silences_what_ruff_silences() {
    let test = "noqa_ruff::noqa_silences_what_ruff_silences";
    let mut ruffs: Vec<String> = common::find_ruff().into_iter().collect();
    for version in ["0.15.0", "0.16.0"] {
        match common::find_ruff_at(version) {
            Some(ruff) => ruffs.push(ruff),
            None => common::skip(
                test,
                &format!("ruff {version}"),
                &format!("scripts/ruff.sh {version}"),
            ),
        }
    }
    if ruffs.is_empty() {
        return common::skip(test, "ruff", "scripts/ruff.sh");
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut inline = format!("{HEAD}async def main() -> None:\n");
    for comment in INLINE {
        inline.push_str(&format!("    asyncio.create_task(f())  {comment}\n"));
    }
    fs::write(root.join("inline.py"), &inline).unwrap();
    let mut files = vec!["inline.py".to_owned()];
    for (at, comment) in FILE.iter().enumerate() {
        let text = match comment.strip_prefix("    ") {
            // Indented: on a line of its own inside the function.
            Some(comment) => format!(
                "{HEAD}async def main() -> None:\n    {comment}\n    asyncio.create_task(f())\n"
            ),
            None => format!(
                "{comment}\n{HEAD}async def main() -> None:\n    asyncio.create_task(f())\n"
            ),
        };
        let name = format!("file_{at}.py");
        fs::write(root.join(&name), text).unwrap();
        files.push(name);
    }
    let ours: Vec<BTreeSet<u64>> = files.iter().map(|f| undangle_rows(root, f)).collect();
    // The inline comments that silence: not every one, not none.
    let silenced = INLINE.len() - ours[0].len();
    assert!((10..INLINE.len() - 10).contains(&silenced), "{:?}", ours[0]);
    for ruff in &ruffs {
        for (file, ours) in files.iter().zip(&ours) {
            let theirs = ruff_rows(ruff, root, file);
            assert_eq!(
                ours,
                &theirs,
                "{ruff} on {file}:\n{}",
                fs::read_to_string(root.join(file)).unwrap()
            );
        }
    }
}

/// flake8-async's `ASYNC300` names the same check: honoured, though ruff does not know it.
#[test]
fn async300_is_honoured_as_flake8_async_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let code = format!(
        "{HEAD}async def main() -> None:\n    asyncio.create_task(f())  # noqa: E501, ASYNC300\n"
    );
    fs::write(dir.path().join("m.py"), code).unwrap();
    assert!(undangle_rows(dir.path(), "m.py").is_empty());
}
