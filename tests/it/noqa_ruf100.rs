//! `fix --ignore-noqa` takes RUF006 out of the comment it makes stale exactly as ruff's RUF100
//! fix takes out an unused code (issue 36's tenth exam, adapter-qq): the whole comment where it
//! names only RUF006 (its explanation with it), the code alone from a joined list, the comments
//! around it kept. Held to the pinned ruff: its RUF100 fix of each line, where RUF006 is not
//! selected and E501 is used, leaves the comment that the fix leaves on the bound line.

use std::fs;
use std::process::Command;

use crate::common::{self, undangle};

/// Comments that silence RUF006 as ruff reads them.
const COMMENTS: [&str; 14] = [
    "# noqa: RUF006",
    "# noqa:RUF006",
    "# noqa : RUF006",
    "# NoQa: RUF006",
    "# noqa: RUF006, E501",
    "# noqa: E501, RUF006",
    "# noqa:E501,RUF006",
    "# noqa: RUF006 E501",
    "# noqa: RUF006,  E501",
    "# noqa: RUF006 kept by the loop",
    "# noqa: RUF006, E501 kept by the loop",
    "# noqa: RUF006  # keep it",
    "# keep it  # noqa: RUF006, E501",
    "# noqa: RUF006, E501  # other",
];

/// The comment of a line (from its first `#`), or nothing.
fn comment(line: &str) -> &str {
    line.find('#').map_or("", |at| &line[at..])
}

#[test]
fn the_stale_code_goes_as_ruffs_unused_noqa_fix_takes_it() {
    let test = "noqa_ruf100::the_stale_code_goes_as_ruffs_unused_noqa_fix_takes_it";
    let Some(ruff) = common::ruff_or_skip(test) else {
        return;
    };
    let mut code = String::from(
        "import asyncio\n\n\nasync def work(name: str) -> None:\n    await asyncio.sleep(1)\n\n\n\
         async def main() -> None:\n",
    );
    for (at, text) in COMMENTS.iter().enumerate() {
        code.push_str(&format!(
            "    asyncio.create_task(work(\"site number {at:02}\"))  {text}\n"
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("m.py"), &code).unwrap();
    fs::write(dir.path().join("r.py"), &code).unwrap();
    // RUF006 not selected: ruff calls its code unused; at 40 columns E501 is used on every line.
    let fixed = Command::new(&ruff)
        .args(["check", "--isolated", "--no-cache", "--line-length", "40"])
        .args(["--select", "RUF100,E501", "--fix", "r.py"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!fixed.stderr.starts_with(b"error"), "{fixed:?}");
    undangle()
        .args(["fix", "--isolated", "--ignore-noqa", "m.py"])
        .current_dir(dir.path())
        .assert()
        .success();
    let ruffs = fs::read_to_string(dir.path().join("r.py")).unwrap();
    let ours = fs::read_to_string(dir.path().join("m.py")).unwrap();
    let sites = |text: &str, start: &str| -> Vec<String> {
        let lines = text.lines().filter(|l| l.trim_start().starts_with(start));
        lines.map(|l| comment(l).to_owned()).collect()
    };
    let expected = sites(&ruffs, "asyncio.create_task(");
    assert_eq!(expected.len(), COMMENTS.len(), "{ruffs}");
    assert_eq!(
        sites(&ours, "task = asyncio.create_task("),
        expected,
        "{ours}"
    );
}
