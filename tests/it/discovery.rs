//! Settings found as each tool finds them, folder by folder: for every file of the layouts under
//! `testdata/discovery/` (a uv workspace whose member's `pyproject.toml` has no `[tool.ruff]`; a
//! project with a nested `ruff.toml`, a nested flake8 `setup.cfg` and a nested Black project),
//! what `undangle check --show-settings` reads must be what ruff, Black, isort and flake8 say
//! they read there; and `fix` writes each file at those lengths (`fixed`, which the project's
//! formatter leaves as it is).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::{self, copy_tree, find_isort, find_python_tool, find_ruff, read_tree};
use crate::common::{testdata, undangle};

const LAYOUTS: [&str; 2] = ["workspace", "nested"];

/// A copy of `testdata/discovery/<layout>/project`, a repository (Black's and isort's searches
/// stop at its `.git`).
fn project(layout: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &testdata(&format!("discovery/{layout}/project")),
        dir.path(),
    );
    fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

fn python_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = read_tree(root)
        .into_iter()
        .map(|(path, _)| path)
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    files.sort();
    files
}

/// What undangle reads for `file` (relative to `root`).
fn undangle_reads(root: &Path, file: &Path) -> Value {
    let output = undangle()
        .args(["check", "--show-settings"])
        .arg(file)
        .current_dir(root)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

fn run(program: &str, args: &[&str], cwd: &Path) -> String {
    let output = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    // Black's verbose lines are on stderr.
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    text
}

/// `key = value` (ruff's `--show-settings`) or `key: value` (Black's `--verbose`).
fn value_of<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines().find_map(|line| {
        let rest = line.trim().strip_prefix(key)?;
        let rest = rest.trim_start().strip_prefix(['=', ':'])?;
        Some(rest.trim().trim_matches('"'))
    })
}

/// A list of ruff's `--show-settings` (`key = [`, an item a line, `]`), as JSON strings.
fn listed(text: &str, key: &str) -> Value {
    let mut lines = text
        .lines()
        .skip_while(|line| line.trim() != format!("{key} = ["));
    lines.next();
    let items = lines.take_while(|line| line.trim() != "]");
    let items = items.map(|line| line.trim().trim_end_matches(',').trim_matches('"'));
    Value::from(items.map(str::to_owned).collect::<Vec<_>>())
}

fn number(value: &Value, key: &str) -> Option<u64> {
    value[key].as_u64()
}

#[test]
fn undangle_reads_what_ruff_black_isort_and_flake8_read() {
    let tools = ["ruff", "black", "isort", "flake8"].map(|tool| match tool {
        "ruff" => find_ruff(),
        "isort" => find_isort(),
        _ => find_python_tool(tool),
    });
    if let Some(i) = tools.iter().position(Option::is_none) {
        let tool = ["ruff", "black", "isort", "flake8"][i];
        common::skip(
            "discovery::undangle_reads_what_ruff_black_isort_and_flake8_read",
            tool,
            &format!("scripts/{tool}.sh"),
        );
        return;
    }
    let [Some(ruff), Some(black), Some(isort), Some(flake8)] = tools else {
        unreachable!()
    };
    // flake8 has no command that prints its settings: its own API, run in the file's folder.
    let flake8_python = Path::new(&flake8).with_file_name("python");
    let flake8_python = flake8_python.to_str().unwrap();
    let mut compared = 0;
    for layout in LAYOUTS {
        let dir = project(layout);
        let root = dir.path();
        for file in python_files(root) {
            let name = file.display().to_string();
            let ours = undangle_reads(root, &file);
            let folder = root.join(&file).parent().unwrap().to_owned();

            let ruffs = run(&ruff, &["check", "--show-settings", &name], root);
            let ruff_file = value_of(&ruffs, "Settings path").map(PathBuf::from);
            assert_eq!(
                ours["ruff"].as_str().map(PathBuf::from),
                ruff_file,
                "{layout}/{name}: {ruffs}"
            );
            let ruff_length = value_of(&ruffs, "formatter.line_width").and_then(|v| v.parse().ok());
            // TID252's ban of relative imports, which decides how the helper is imported, and
            // ruff's import roots, where a package's dotted name starts.
            let tid252 = ruffs.contains("(TID252),");
            let ban = value_of(&ruffs, "linter.flake8_tidy_imports.ban_relative_imports");
            let banned = if tid252 { ban } else { Some("allowed") };
            assert_eq!(
                ours["relative_imports"].as_str(),
                banned,
                "{layout}/{name}: {ours}"
            );
            if ours["ruff"].is_string() {
                assert_eq!(
                    ours["import_roots"],
                    listed(&ruffs, "linter.src"),
                    "{layout}/{name}"
                );
            }

            let blacks = run(&black, &["--verbose", "--check", &name], root);
            let black_length = value_of(&blacks, "line_length").and_then(|v| v.parse().ok());
            // Black has a `[tool.black]` table for the file where it prints its length.
            assert_eq!(
                ours["black"].is_string(),
                black_length.is_some(),
                "{layout}/{name}: {ours} {blacks}"
            );
            let formatter = black_length.or(ruff_length);
            assert_eq!(
                number(&ours, "line_length"),
                formatter,
                "{layout}/{name}: code lines {ours}"
            );

            let isorts = run(&isort, &["--show-config", &name], root);
            let isorts: Value = serde_json::from_str(&isorts).unwrap();
            let sources = isorts["sources"].as_array().map_or(0, Vec::len);
            // isort's own settings win for import lines; ruff's isort wraps at its length.
            let imports = match sources > 1 {
                true => isorts["line_length"].as_u64(),
                false => ruff_length,
            };
            assert_eq!(
                number(&ours, "import_line_length"),
                imports,
                "{layout}/{name}: import lines {ours} {isorts}"
            );

            // The file isort takes its own settings from, as isort run in the file's folder
            // finds it (its last source that is a file; none past its defaults and profile).
            let here = run(&isort, &["--show-config"], &folder);
            let here: Value = serde_json::from_str(&here).unwrap();
            let isort_file = (here["sources"].as_array())
                .and_then(|s| s.last())
                .and_then(|s| s["source"].as_str())
                .filter(|s| s.starts_with('/'))
                .map(PathBuf::from);
            assert_eq!(
                ours["isort"].as_str().map(PathBuf::from),
                isort_file,
                "{layout}/{name}: isort's settings file {ours}"
            );

            let script = "from flake8.api import legacy\n\
                          print(legacy.get_style_guide().options.max_line_length)";
            let flake8s = run(flake8_python, &["-c", script], &folder);
            let flake8_length: u64 = flake8s.trim().parse().expect(&flake8s);
            match number(&ours, "max_line_length") {
                Some(limit) => assert_eq!(limit, flake8_length, "{layout}/{name}: E501"),
                // No settings file: flake8's default.
                None => assert_eq!(flake8_length, 79, "{layout}/{name}: {ours}"),
            }
            compared += 1;
        }
    }
    assert_eq!(compared, 6);
}

/// `fix` writes each file at the lengths its tools read (`testdata/discovery/<layout>/fixed`;
/// `UNDANGLE_BLESS=1` rewrites it), and the project's formatter leaves the fixed files alone.
#[test]
fn the_fix_writes_each_file_at_its_tools_lengths() {
    for layout in LAYOUTS {
        let dir = project(layout);
        undangle()
            .arg("fix")
            .current_dir(dir.path())
            .assert()
            .code(0);
        fs::remove_dir(dir.path().join(".git")).unwrap();
        let expected = testdata(&format!("discovery/{layout}/fixed"));
        if std::env::var_os("UNDANGLE_BLESS").is_some() {
            let _ = fs::remove_dir_all(&expected);
            copy_tree(dir.path(), &expected);
        }
        assert_eq!(read_tree(dir.path()), read_tree(&expected), "{layout}");
        fs::create_dir(dir.path().join(".git")).unwrap();
        let (Some(ruff), Some(black)) = (find_ruff(), find_python_tool("black")) else {
            common::skip(
                "discovery::the_fix_writes_each_file_at_its_tools_lengths",
                "ruff or black",
                "scripts/ruff.sh; scripts/black.sh",
            );
            continue;
        };
        // Black formats its own project (`tools`); ruff the rest.
        let (blacks, ruffs): (Vec<PathBuf>, Vec<PathBuf>) = python_files(dir.path())
            .into_iter()
            .partition(|f| f.starts_with("tools"));
        for (program, args, files) in [
            (&ruff, &["format", "--check"][..], ruffs),
            (&black, &["--check"][..], blacks),
        ] {
            if files.is_empty() {
                continue;
            }
            let output = Command::new(program)
                .args(args)
                .args(&files)
                .current_dir(dir.path())
                .output()
                .unwrap();
            assert!(output.status.success(), "{layout}: {program}: {output:?}");
        }
    }
}

/// A project that runs Black (here in a CI workflow, `black .`) has its code lines at Black's
/// length, 88, though its flake8 allows 140: Black would split a longer line the fix writes
/// (`testdata/discovery/runs`, mitmproxy's layout in the third issue-36 exam). undangle reads
/// Black as the formatter, and Black itself leaves the fixed files alone.
#[test]
fn the_formatter_the_project_runs_sets_the_length_not_flake8() {
    let dir = project("runs");
    let root = dir.path();
    let ours = undangle_reads(root, Path::new("app/readfile.py"));
    assert_eq!(ours["formatter"], "black", "{ours}");
    assert_eq!(number(&ours, "line_length"), Some(88), "{ours}");
    assert_eq!(number(&ours, "max_line_length"), Some(140), "{ours}");
    undangle().arg("fix").current_dir(root).assert().code(0);
    fs::remove_dir(root.join(".git")).unwrap();
    let expected = testdata("discovery/runs/fixed");
    if std::env::var_os("UNDANGLE_BLESS").is_some() {
        let _ = fs::remove_dir_all(&expected);
        copy_tree(root, &expected);
    }
    assert_eq!(read_tree(root), read_tree(&expected));
    fs::create_dir(root.join(".git")).unwrap();
    let Some(black) = find_python_tool("black") else {
        common::skip(
            "discovery::the_formatter_the_project_runs_sets_the_length_not_flake8",
            "black",
            "scripts/black.sh",
        );
        return;
    };
    // As the workflow runs it.
    let output = Command::new(&black)
        .args(["--check", "."])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(output.status.success(), "black: {output:?}");
}

/// A project that gives Black's length only on a command line the CI runs through its own
/// scripts (`testdata/discovery/script`, crypto-trade's layout in the issue-36 exam36y: a
/// workflow runs `hooks/pre-commit`, which runs `./format.sh`, which runs `find ... -exec black
/// --line-length 160`), or only in a settings file it names with `--config`
/// (`testdata/discovery/config`, hazelcast's: `black --check --config black.toml .`, at 100):
/// undangle reads that length, and the project's own Black command leaves the fixed files alone.
#[test]
fn a_length_given_through_a_script_or_a_black_config_file() {
    for (layout, length, black_args) in [
        (
            "script",
            160,
            &["--check", "--line-length", "160", "src"][..],
        ),
        (
            "config",
            100,
            &["--check", "--config", "black.toml", "."][..],
        ),
    ] {
        let dir = project(layout);
        let root = dir.path();
        let file = python_files(root)
            .into_iter()
            .find(|f| !f.ends_with("__init__.py") && !f.ends_with("setup.py"))
            .unwrap();
        let ours = undangle_reads(root, &file);
        assert_eq!(ours["formatter"], "black", "{layout}: {ours}");
        assert_eq!(
            number(&ours, "line_length"),
            Some(length),
            "{layout}: {ours}"
        );
        undangle().arg("fix").current_dir(root).assert().code(0);
        fs::remove_dir(root.join(".git")).unwrap();
        let expected = testdata(&format!("discovery/{layout}/fixed"));
        if std::env::var_os("UNDANGLE_BLESS").is_some() {
            let _ = fs::remove_dir_all(&expected);
            copy_tree(root, &expected);
        }
        assert_eq!(read_tree(root), read_tree(&expected), "{layout}");
        let Some(black) = find_python_tool("black") else {
            common::skip(
                "discovery::a_length_given_through_a_script_or_a_black_config_file",
                "black",
                "scripts/black.sh",
            );
            return;
        };
        // As the project runs it.
        let output = Command::new(&black)
            .args(black_args)
            .current_dir(root)
            .output()
            .unwrap();
        assert!(output.status.success(), "{layout}: black: {output:?}");
    }
}

/// TID252 as ruff applies it to each file: its `per-file-ignores` (a pattern against the file's
/// name, or against its path from the settings file's folder, where `*` crosses folders; `!`
/// for the files a pattern does not match) and the `extend-per-file-ignores` of a file that
/// extends it. For each file, which of `from . import a` and `from .. import b` ruff reports is
/// what undangle's `relative_imports` for that file says it may write.
#[test]
fn relative_imports_follow_tid252_per_file_ignores_as_ruff_reads_them() {
    let Some(ruff) = find_ruff() else {
        common::skip(
            "discovery::relative_imports_follow_tid252_per_file_ignores_as_ruff_reads_them",
            "ruff",
            "scripts/ruff.sh",
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir(root.join(".git")).unwrap();
    let settings = [
        (
            "pyproject.toml",
            "[project]\nname = \"pkg\"\n\n[tool.ruff.lint]\nselect = [\"TID\"]\n\n\
             [tool.ruff.lint.flake8-tidy-imports]\nban-relative-imports = \"all\"\n\n\
             [tool.ruff.lint.per-file-ignores]\n\"tests/*\" = [\"TID252\"]\n\
             \"__init__.py\" = [\"TID\"]\n\"pkg/gen/*.py\" = [\"E501\"]\n",
        ),
        (
            "svc/ruff.toml",
            "extend = \"../pyproject.toml\"\n\n[lint.extend-per-file-ignores]\n\
             \"gen_*.py\" = [\"TID25\"]\n\"!api/*\" = [\"TID252\"]\n",
        ),
    ];
    for (file, text) in settings {
        fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
        fs::write(root.join(file), text).unwrap();
    }
    let files = [
        "pkg/__init__.py",
        "pkg/core.py",
        "pkg/gen/made.py",
        "tests/test_core.py",
        "tests/unit/test_deep.py",
        "svc/gen_a.py",
        "svc/api/views.py",
        "svc/tools/run.py",
    ];
    for file in files {
        fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
        fs::write(root.join(file), "from . import a\nfrom .. import b\n").unwrap();
    }
    let mut seen = Vec::new();
    for file in files {
        let ours = undangle_reads(root, Path::new(file));
        let output = Command::new(&ruff)
            .args(["check", "--no-cache", "--output-format", "json", file])
            .current_dir(root)
            .output()
            .unwrap();
        let found: Value = serde_json::from_slice(&output.stdout).unwrap();
        let lines: Vec<u64> = (found.as_array().unwrap().iter())
            .filter(|d| d["code"] == "TID252")
            .filter_map(|d| d["location"]["row"].as_u64())
            .collect();
        let ruffs = match lines.as_slice() {
            [] => "allowed",
            [2] => "parents",
            _ => "all",
        };
        assert_eq!(ours["relative_imports"], ruffs, "{file}: {ours}");
        seen.push(format!("{file} {ruffs}"));
    }
    // The layout shows each case: switched off by name, by path (across folders), by an
    // extending file's entry, by a negated one, and left on.
    assert_eq!(
        seen,
        [
            "pkg/__init__.py allowed",
            "pkg/core.py all",
            "pkg/gen/made.py all",
            "tests/test_core.py allowed",
            "tests/unit/test_deep.py allowed",
            "svc/gen_a.py allowed",
            "svc/api/views.py all",
            "svc/tools/run.py allowed",
        ]
    );
}

/// The oldest Python undangle writes for is the one ruff checks the file for
/// (`linter.unresolved_target_version` of its `--show-settings`): a `.ruff.toml`'s
/// `target-version` before a `ruff.toml`'s (homeassistant-elasticsearch's `.ruff.toml`, the
/// ninth issue-36 exam), one reached through `extend`, a `pyproject.toml`'s `requires-python`
/// before the file it extends, and, where the settings file declares neither, the closest
/// `requires-python` above it. ruff's is a declaration: it replaces a guess from classifiers.
#[test]
fn the_minimum_python_is_the_one_ruff_reads() {
    let Some(ruff) = find_ruff() else {
        common::skip(
            "discovery::the_minimum_python_is_the_one_ruff_reads",
            "ruff",
            "scripts/ruff.sh",
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let layouts: &[(&str, &[(&str, &str)])] = &[
        (
            "dotted",
            &[
                (".ruff.toml", "target-version = \"py310\"\n"),
                ("ruff.toml", "target-version = \"py312\"\n"),
                ("pyproject.toml", "[tool.pytest.ini_options]\n"),
            ],
        ),
        (
            "extends",
            &[
                ("ruff.toml", "target-version = \"py311\"\n"),
                ("sub/ruff.toml", "extend = \"../ruff.toml\"\n"),
            ],
        ),
        (
            "own-first",
            &[
                ("ruff.toml", "target-version = \"py311\"\n"),
                (
                    "sub/pyproject.toml",
                    "[project]\nname = \"s\"\nrequires-python = \">=3.8\"\n\
                     [tool.ruff]\nextend = \"../ruff.toml\"\n",
                ),
            ],
        ),
        (
            "above",
            &[
                (
                    "pyproject.toml",
                    "[project]\nname = \"a\"\nrequires-python = \">=3.12\"\n",
                ),
                ("sub/ruff.toml", "line-length = 90\n"),
                ("sub/pyproject.toml", "[project]\nname = \"s\"\n"),
            ],
        ),
        (
            "table",
            &[
                (
                    "pyproject.toml",
                    "[project]\nname = \"t\"\nrequires-python = \">=3.11\"\n",
                ),
                ("sub/pyproject.toml", "[tool.ruff]\nline-length = 90\n"),
            ],
        ),
        (
            "guessed",
            &[
                ("sub/ruff.toml", "target-version = \"py310\"\n"),
                (
                    "sub/setup.py",
                    "setup(classifiers=['Programming Language :: Python :: 3.4'])\n",
                ),
            ],
        ),
    ];
    for (name, files) in layouts {
        let root = dir.path().join(name);
        fs::create_dir_all(root.join("sub")).unwrap();
        fs::create_dir(root.join(".git")).unwrap();
        for (path, text) in *files {
            fs::write(root.join(path), text).unwrap();
        }
        fs::write(root.join("sub/m.py"), "x = 1\n").unwrap();
        let ours = undangle_reads(&root, Path::new("sub/m.py"));
        let ruffs = run(&ruff, &["check", "--show-settings", "sub/m.py"], &root);
        let theirs = value_of(&ruffs, "linter.unresolved_target_version");
        assert_eq!(
            ours["min_python"].as_str(),
            theirs,
            "{name}: {ours} {ruffs}"
        );
    }
}
