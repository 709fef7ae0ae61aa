//! On a real terminal (a tmux pane) `check` shows a progress line on stderr while it works and
//! colours its findings; piped, it does neither. Skipped (`common::skip`) only when tmux is missing
//! (`scripts/test.sh` installs it).

use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::common;

const DROPPED: &str = "import asyncio\n\n\nasync def main():\n    asyncio.create_task(work())\n";

/// A tmux server of this test's own, on its own socket, killed when the test ends.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start() -> Option<Tmux> {
        let socket = format!("undangle-test-{}", std::process::id());
        let tmux = Tmux { socket };
        tmux.run(&["-V"]).filter(|o| o.status.success())?;
        Some(tmux)
    }

    fn run(&self, args: &[&str]) -> Option<Output> {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            // Not the tmux session the tests may have been started from.
            .env_remove("TMUX")
            .output()
            .ok()
    }

    /// Runs `script` with `sh` in a new 160×50 pane named `name` and captures the pane (with its
    /// colour codes) every few milliseconds until `script` has printed `marker`. Returns every
    /// capture, the last one complete.
    fn captures(&self, name: &str, script: &str, marker: &str) -> Vec<String> {
        // The pane stays (sleeping) after the script so that its last screen can be captured.
        let command = format!("{script}; sleep 60");
        let started = self.run(&[
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            "160",
            "-y",
            "50",
            "sh",
            "-c",
            &command,
        ]);
        assert!(
            started.is_some_and(|o| o.status.success()),
            "tmux new-session failed"
        );
        let deadline = Instant::now() + Duration::from_secs(120);
        let mut screens = Vec::new();
        loop {
            let out = self
                .run(&["capture-pane", "-e", "-p", "-t", name])
                .expect("tmux capture-pane");
            let screen = String::from_utf8_lossy(&out.stdout).into_owned();
            let done = screen.contains(marker);
            screens.push(screen);
            if done {
                return screens;
            }
            assert!(
                Instant::now() < deadline,
                "no {marker} after 120 s: {screens:?}"
            );
            sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

/// Enough work that a one-thread debug run lasts well past the progress line's delay (about a
/// second here): many files, each with functions that create tasks without dropping them.
fn big_tree(dir: &Path) {
    let mut text = DROPPED.to_owned();
    for k in 0..60 {
        text.push_str(&format!(
            "\n\nasync def f{k}():\n    await asyncio.create_task(work())\n"
        ));
    }
    for d in 0..20 {
        let folder = dir.join(format!("pkg{d}"));
        fs::create_dir_all(&folder).unwrap();
        for i in 0..200 {
            fs::write(folder.join(format!("m{i}.py")), &text).unwrap();
        }
    }
}

fn has_progress_line(screen: &str) -> bool {
    screen
        .lines()
        .any(|l| l.contains("Checking ") && l.trim_end().ends_with(" files"))
}

fn finding_lines(screen: &str) -> Vec<&str> {
    screen
        .lines()
        .filter(|l| l.contains("is dropped; it can be garbage-collected"))
        .collect()
}

#[test]
fn progress_and_colour_on_a_terminal_and_not_when_piped() {
    let Some(tmux) = Tmux::start() else {
        common::skip(
            "terminal::progress_and_colour_on_a_terminal_and_not_when_piped",
            "tmux is not installed",
            "apt-get install tmux",
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    big_tree(dir.path());
    let run = format!(
        "cd '{}' && env -u NO_COLOR -u CLICOLOR_FORCE -u FORCE_COLOR -u CLICOLOR '{}' check --threads 1",
        dir.path().display(),
        common::bin().display(),
    );

    // On the terminal.
    let screens = tmux.captures("tty", &format!("{run}; echo exit-$?"), "exit-1");
    assert!(
        screens.iter().any(|s| has_progress_line(s)),
        "no progress line in {} captures",
        screens.len()
    );
    let last = screens.last().unwrap();
    assert!(
        !has_progress_line(last),
        "progress line left behind:\n{last}"
    );
    let findings = finding_lines(last);
    assert!(!findings.is_empty(), "{last}");
    for line in findings.iter().take(5) {
        // The path in bold, the position in cyan.
        assert!(line.starts_with("\u{1b}[1mpkg"), "not coloured: {line:?}");
        assert!(line.contains("\u{1b}[36m"), "not coloured: {line:?}");
    }
    assert!(
        last.contains("Found 4000 dropped tasks in 4000 files"),
        "{last}"
    );

    // Piped: the same run through `cat`, stdout and stderr alike.
    let screens = tmux.captures(
        "piped",
        &format!("{run} 2>&1 | cat; echo exit-piped"),
        "exit-piped",
    );
    assert!(!screens.iter().any(|s| has_progress_line(s)), "{screens:?}");
    let last = screens.last().unwrap();
    assert!(!finding_lines(last).is_empty(), "{last}");
    assert!(
        !last.contains('\u{1b}'),
        "colour codes in piped output:\n{last:?}"
    );
    assert!(
        last.contains("Found 4000 dropped tasks in 4000 files"),
        "{last}"
    );
}
