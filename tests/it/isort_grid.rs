//! isort's grid wrap modes (`multi_line_output` 4 and 5, panel's `force_grid_wrap = 4`,
//! `multi_line_output = 5`, `include_trailing_comma`): a name the fix joins to a wrapped
//! `from typing import (...)` leaves the statement as isort writes it, not one name a line.
//! Held to isort itself: each input is first made isort's, and isort must leave the fix alone.

use std::fs;
use std::process::Command;

use crate::common::{self, undangle};

const MODULE: &str = "import asyncio\n\
                      from typing import IO, TYPE_CHECKING, Any, Callable, ClassVar, Dict, List, \
                      Mapping, Optional, Type\n\n\n\
                      def start(a: IO, b: Any, c: Callable, d: ClassVar, e: Dict, f: List, \
                      g: Mapping, h: Optional, i: Type) -> None:\n    \
                      asyncio.ensure_future(asyncio.sleep(1))\n";

/// isort's settings (an `.isort.cfg` section) and the strategy.
const CASES: [(&str, &str); 7] = [
    // panel's
    (
        "force_grid_wrap=4\nmulti_line_output=5\ncombine_as_imports=True\n\
         lines_between_types=1\ninclude_trailing_comma=True\n",
        "inline",
    ),
    (
        "force_grid_wrap=4\nmulti_line_output=5\ncombine_as_imports=True\n\
         lines_between_types=1\ninclude_trailing_comma=True\n",
        "helper",
    ),
    ("multi_line_output=4\n", "inline"),
    (
        "multi_line_output=VERTICAL_GRID_GROUPED\nline_length=60\n",
        "helper",
    ),
    ("multi_line_output=5\nwrap_length=50\n", "inline"),
    ("profile=django\n", "inline"),
    // black's profile explodes what it wraps, whatever the mode.
    (
        "profile=black\nmulti_line_output=5\nline_length=60\n",
        "inline",
    ),
];

#[test]
fn a_joined_name_keeps_isorts_grid() {
    let test = "isort_grid::a_joined_name_keeps_isorts_grid";
    let Some(isort) = common::find_isort() else {
        return common::skip(test, "isort", "scripts/isort.sh");
    };
    for (settings, strategy) in CASES {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join(".git")).unwrap();
        fs::write(root.join(".isort.cfg"), format!("[settings]\n{settings}")).unwrap();
        // Python 3.8: the set is typed with `typing.Set`, joined to the `typing` import.
        let pyproject = "[project]\nname = \"m\"\nrequires-python = \">=3.8\"\n";
        fs::write(root.join("pyproject.toml"), pyproject).unwrap();
        fs::write(root.join("m.py"), MODULE).unwrap();
        let isort_run = |args: &[&str]| {
            Command::new(&isort)
                .args(args)
                .arg("m.py")
                .current_dir(root)
                .output()
                .unwrap()
        };
        assert!(isort_run(&[]).status.success(), "{settings}");
        let input = fs::read_to_string(root.join("m.py")).unwrap();
        assert!(
            input.contains("import (\n"),
            "{settings}: not wrapped: {input}"
        );
        undangle()
            .args(["fix", "--strategy", strategy, "m.py"])
            .current_dir(root)
            .assert()
            .success();
        let fixed = fs::read_to_string(root.join("m.py")).unwrap();
        assert!(fixed.contains("Set"), "{settings}: {fixed}");
        let after = isort_run(&["--check-only", "--diff"]);
        assert!(
            after.status.success(),
            "{settings} ({strategy}): isort would change the fix:\n{}",
            String::from_utf8_lossy(&after.stdout)
        );
    }
}
