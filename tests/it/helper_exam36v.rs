//! `--strategy helper` in the layouts of issue 36's twenty-first exam (exam36v).

use std::fs;

use crate::keepers::fixed_project;

/// `testdata/keepers/helper_utf8_pragma/project`, py-xiaozhi's header (class 2): every module of
/// `pkg` opens with `# -*- coding: utf-8 -*-` and the project's ruff selects `UP`, so the new
/// `pkg/_background.py` carries no UTF-8 declaration, which UP009 would report. `lat`'s modules
/// declare latin-1, which UP009 leaves alone: its helper module keeps the line, as the package's
/// pragma header always was (`keepers/pragma_helper`, where ruff does not check UP009).
#[test]
fn a_new_module_has_no_utf8_declaration_where_ruff_checks_up009() {
    let dir = fixed_project("keepers/helper_utf8_pragma");
    let read = |file: &str| fs::read_to_string(dir.path().join(file)).unwrap();
    let helper = read("pkg/_background.py");
    assert!(
        helper.starts_with("\"\"\"Keep background tasks"),
        "{helper}"
    );
    let latin = read("lat/_background.py");
    assert!(
        latin.starts_with("# -*- coding: latin-1 -*-\n\"\"\""),
        "{latin}"
    );
}
