//! `--strategy helper` in the layout of issue 36's thirteenth exam (exam36m, class 2).

use std::fs;

use crate::keepers::fixed_project;

/// `testdata/keepers/main_block_helper/project`, meshtastic-matrix-relay's layout: `radio.py`'s
/// only site is in its `if __name__ == "__main__":` block, after the header's imports, so it
/// runs once they have run and imports the package's helper as `main.py` does; no private
/// `_keep_task` beside `_background.py`.
#[test]
fn a_main_block_after_the_imports_imports_the_package_helper() {
    let dir = fixed_project("keepers/main_block_helper");
    let radio = fs::read_to_string(dir.path().join("src/relay/radio.py")).unwrap();
    assert!(
        radio.contains("from relay._background import keep_task\n")
            && radio.contains("    keep_task(loop.create_task(check_connection()))\n")
            && !radio.contains("def _keep_task"),
        "{radio}"
    );
}
