//! The house's rules hold on the source tree: layers in folders with arrows pointing down, no
//! dependency circle between files, no file over 600 lines, no function over 100
//! (`scripts/house.py`, which the layout in docs/development.md is written from).

use std::path::Path;
use std::process::Command;

#[test]
fn layers_circles_and_lengths_hold() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new("python3")
        .arg(root.join("scripts/house.py"))
        .output()
        .expect("python3 runs");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{report}");
    assert!(report.contains(", 0 problems"), "{report}");
}
