//! Batch PRs end to end with a real driver: all-repos (from PyPI) clones twenty scratch
//! repositories and runs `integrations/all_repos_undangle.py` with the `merge_to_master` push,
//! which works offline against local bare repositories. Only the repositories that need it get
//! exactly one commit, whose message is the PR body and whose files are what `undangle fix`
//! writes; a second run commits nothing; a file that does not parse is reported and untouched.
//! Skipped (`common::skip`) when all-repos is missing (`scripts/all-repos.sh` installs it).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common;

fn all_repos_python() -> Option<PathBuf> {
    let cache = common::cache()?;
    std::env::var_os("UNDANGLE_ALL_REPOS_PYTHON")
        .map(PathBuf::from)
        .into_iter()
        .chain([cache.join("undangle/venv/bin/python")])
        .find(|python| {
            Command::new(python)
                .args(["-c", "import all_repos"])
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

const DROPPED: &str = "import asyncio\n\n\nasync def main():\n    asyncio.create_task(work())\n";
const BROKEN: &str = "import asyncio\n\n\nasync def main(:\n    asyncio.create_task(work())\n";

/// The scratch repositories: name → files.
fn repositories() -> Vec<(String, Vec<(&'static str, String)>)> {
    let mut repos: Vec<(String, Vec<(&'static str, String)>)> = Vec::new();
    let shapes = [
        "    asyncio.create_task(work())\n",
        "    task = asyncio.ensure_future(work())\n",
        "    asyncio.create_task(work()).add_done_callback(print)\n",
        "    [asyncio.create_task(w) for w in range(3)]\n",
        "    asyncio.get_running_loop().create_task(work())\n",
        // (`callback-only` is in preview: a batch run over many repositories leaves it out.)
        "    (asyncio.create_task(work()))\n",
    ];
    for (i, shape) in shapes.iter().enumerate() {
        let body = format!("import asyncio\n\n\nasync def main():\n{shape}");
        repos.push((format!("dropped-{i}"), vec![("app.py", body)]));
    }
    for (i, body) in [
        "import asyncio\n\n\nasync def main():\n    await asyncio.create_task(work())\n",
        "import asyncio\n\n\nasync def main():\n    t = asyncio.create_task(work())\n    await t\n",
        "def plain():\n    return 1\n",
        "import asyncio\n\n\nasync def main():\n    async with asyncio.TaskGroup() as tg:\n        tg.create_task(work())\n",
        "import asyncio\n\n_tasks = set()\n\n\nasync def main():\n    t = asyncio.create_task(work())\n    _tasks.add(t)\n    t.add_done_callback(_tasks.discard)\n",
    ]
    .iter()
    .enumerate()
    {
        repos.push((format!("clean-{i}"), vec![("app.py", body.to_string())]));
    }
    repos.push(("no-python".into(), vec![("README.md", "# docs\n".into())]));
    repos.push(("syntax-error".into(), vec![("broken.py", BROKEN.into())]));
    repos.push((
        "syntax-error-and-dropped".into(),
        vec![("broken.py", BROKEN.into()), ("good.py", DROPPED.into())],
    ));
    repos.push((
        "noqa".into(),
        vec![(
            "app.py",
            "import asyncio\n\n\nasync def main():\n    asyncio.create_task(work())  # noqa: RUF006\n"
                .into(),
        )],
    ));
    for strategy in ["helper", "owner", "inline"] {
        repos.push((
            format!("strategy-{strategy}"),
            vec![
                (
                    "pyproject.toml",
                    format!("[tool.undangle]\nstrategy = \"{strategy}\"\n"),
                ),
                ("pkg/app.py", DROPPED.into()),
            ],
        ));
    }
    repos.push((
        "two-files".into(),
        vec![
            ("a.py", DROPPED.into()),
            ("b/c.py", DROPPED.replace("main", "other")),
        ],
    ));
    repos.push(("already-fixed".into(), vec![("app.py", DROPPED.into())]));
    repos
}

fn run(command: &mut Command) -> Output {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{command:?}:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
fn all_repos_commits_once_per_repository_that_needs_it() {
    let Some(python) = all_repos_python() else {
        common::skip(
            "all_repos::all_repos_commits_once_per_repository_that_needs_it",
            "all-repos is not installed",
            "scripts/all-repos.sh",
        );
        return;
    };
    let bin = python.parent().unwrap().to_owned();
    let undangle = common::bin();
    let root = tempfile::tempdir().unwrap();
    let (work, origins) = (root.path().join("work"), root.path().join("origins"));
    let mut sources = serde_json::Map::new();
    let repos = repositories();
    assert_eq!(repos.len(), 20);
    for (name, files) in &repos {
        let dir = work.join(name);
        fs::create_dir_all(&dir).unwrap();
        git(&dir, &["init", "-q", "-b", "main"]);
        for (path, text) in files {
            let path = dir.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        if name == "already-fixed" {
            run(Command::new(undangle)
                .args(["fix", "--quiet", "."])
                .current_dir(&dir));
        }
        git(&dir, &["add", "-A"]);
        git(&dir, &["commit", "-q", "-m", "initial"]);
        let origin = origins.join(format!("{name}.git"));
        run(Command::new("git")
            .args(["clone", "-q", "--bare"])
            .arg(&dir)
            .arg(&origin));
        sources.insert(name.clone(), origin.display().to_string().into());
    }
    fs::write(
        root.path().join("repos.json"),
        serde_json::to_string(&sources).unwrap(),
    )
    .unwrap();
    let config = root.path().join("all-repos.json");
    fs::write(
        &config,
        serde_json::json!({
            "output_dir": "output",
            "source": "all_repos.source.json_file",
            "source_settings": {"filename": "repos.json"},
            "push": "all_repos.push.merge_to_master",
            "push_settings": {"fast_forward": true},
        })
        .to_string(),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&config, fs::Permissions::from_mode(0o600)).unwrap();
    }
    let commits = |name: &str| -> usize {
        git(
            &origins.join(format!("{name}.git")),
            &["rev-list", "--count", "HEAD"],
        )
        .trim()
        .parse()
        .unwrap()
    };

    let autofix = || -> Output {
        run(Command::new(bin.join("all-repos-clone"))
            .args(["-C", "all-repos.json"])
            .current_dir(root.path()));
        run(Command::new(&python)
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("integrations/all_repos_undangle.py"))
            .args(["-C", "all-repos.json", "--jobs", "2"])
            .env("UNDANGLE", undangle)
            .current_dir(root.path()))
    };
    let first = autofix();
    let stderr = String::from_utf8_lossy(&first.stderr);

    for (name, files) in &repos {
        let needs_fix = name.starts_with("dropped-")
            || name.starts_with("strategy-")
            || name == "two-files"
            || name == "syntax-error-and-dropped";
        assert_eq!(commits(name), 1 + usize::from(needs_fix), "{name}");
        if !needs_fix {
            continue;
        }
        // What `undangle fix` writes in a clone of the original, and the body it gives.
        let expected = root.path().join("expected").join(name);
        run(Command::new("git")
            .args(["clone", "-q"])
            .arg(work.join(name))
            .arg(&expected));
        run(Command::new(undangle)
            .args([
                "fix",
                "--quiet",
                "--pr-body",
                ".git/undangle-pr-body.md",
                ".",
            ])
            .current_dir(&expected));
        let origin = origins.join(format!("{name}.git"));
        let message = git(&origin, &["log", "-1", "--format=%B"]);
        let body = fs::read_to_string(expected.join(".git/undangle-pr-body.md")).unwrap();
        // The body's Markdown title is the commit's title line.
        let body = body.strip_prefix("# ").unwrap();
        assert_eq!(
            message.trim_end(),
            body.trim_end(),
            "{name}: the commit message is the PR body"
        );
        for (path, original) in files {
            let committed = git(&origin, &["show", &format!("HEAD:{path}")]);
            let fixed = fs::read_to_string(expected.join(path)).unwrap();
            assert_eq!(committed, fixed, "{name}/{path}");
            if *path == "broken.py" {
                assert_eq!(
                    &committed, original,
                    "{name}: the file that does not parse is untouched"
                );
            }
        }
    }
    // The repository that does not parse is named, with the reason.
    assert!(
        stderr.contains("syntax-error: undangle: broken.py: 4:"),
        "the syntax error is reported: {stderr}"
    );
    let helper = git(
        &origins.join("strategy-helper.git"),
        &["show", "HEAD:pkg/app.py"],
    );
    assert!(helper.contains("def _keep_task("), "{helper}");

    // A second run finds nothing to do anywhere.
    let before: Vec<usize> = repos.iter().map(|(name, _)| commits(name)).collect();
    autofix();
    let after: Vec<usize> = repos.iter().map(|(name, _)| commits(name)).collect();
    assert_eq!(before, after, "the second run commits nothing");
}
