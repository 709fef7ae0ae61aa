//! Shell completions and the man page, driven through their real consumers: bash's completion
//! machinery, zsh and fish when installed, and groff / man for the page.

use std::process::Command;

use crate::common::{self, undangle};

fn output_of(args: &[&str]) -> String {
    let output = undangle().args(args).output().unwrap();
    assert!(output.status.success(), "undangle {args:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// What bash proposes for the words typed so far (the last one being completed).
fn bash_completes(script: &str, words: &[&str]) -> Vec<String> {
    let words_array = words
        .iter()
        .map(|w| format!("'{w}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let program = format!(
        "{script}\nCOMP_WORDS=({words_array}); COMP_CWORD={}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}\n\
         _undangle undangle '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"",
        words.len() - 1,
        words.join(" "),
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let output = Command::new("bash")
        .args(["-c", &program])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn bash_completes_commands_and_flags() {
    let script = output_of(&["completions", "bash"]);
    let commands = bash_completes(&script, &["undangle", ""]);
    for command in [
        "check",
        "audit",
        "diff",
        "fix",
        "explain",
        "completions",
        "man",
    ] {
        assert!(
            commands.iter().any(|c| c == command),
            "{command} in {commands:?}"
        );
    }
    let flags = bash_completes(&script, &["undangle", "check", "--out"]);
    assert_eq!(flags, ["--output-format"]);
    let formats = bash_completes(&script, &["undangle", "check", "--output-format", ""]);
    for format in [
        "text",
        "full",
        "json",
        "json-lines",
        "github",
        "gitlab",
        "sarif",
    ] {
        assert!(
            formats.iter().any(|f| f == format),
            "{format} in {formats:?}"
        );
    }
}

#[test]
fn zsh_and_fish_load_their_scripts() {
    for (shell, check) in [
        (
            "zsh",
            "autoload -U compinit && compinit -u && source /dev/stdin",
        ),
        ("fish", "source"),
    ] {
        if Command::new(shell).arg("--version").output().is_err() {
            common::skip(
                "completions::zsh_and_fish_load_their_scripts",
                &format!("{shell} is not installed"),
                &format!("apt-get install {shell}"),
            );
            continue;
        }
        let script = output_of(&["completions", shell]);
        let mut child = Command::new(shell)
            .args(["-c", check])
            .stdin(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(script.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success() && output.stderr.is_empty(),
            "{shell}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn the_man_page_renders_without_warnings() {
    let page = output_of(&["man"]);
    if Command::new("groff").arg("--version").output().is_err() {
        common::skip(
            "completions::the_man_page_renders_without_warnings",
            "groff is not installed",
            "apt-get install groff-base",
        );
        return;
    }
    let mut child = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(page.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // groff's terminal output marks bold with backspaces; compare the plain text.
    let text: String = String::from_utf8_lossy(&output.stdout)
        .split('\u{8}')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.get(1..).unwrap_or("")
            }
        })
        .collect();
    for expected in [
        "NAME", "SYNOPSIS", "undangle", "check", "audit", "diff", "fix", "VERSION",
    ] {
        assert!(
            text.contains(expected),
            "{expected} missing from the man page:\n{text}"
        );
    }
}
