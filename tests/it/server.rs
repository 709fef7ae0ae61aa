//! `undangle server`, driven over JSON-RPC like an editor drives it: diagnostics are `check`'s
//! findings, code actions are `fix`'s edits, and no input ends the server but `exit`.

use std::fs;
use std::path::Path;

use serde_json::{Value, json};

use crate::common::lsp::{Client, apply};
use crate::common::{self, undangle};

const TWO_SITES: &str = "import asyncio\n\n\nasync def main():\n    asyncio.create_task(work())\n    asyncio.ensure_future(work())\n";

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// `undangle <command> --stdin-filename <path> -` of `text`: its standard output.
fn cli(command: &[&str], path: &Path, text: &str) -> String {
    let output = undangle()
        .args(command)
        .arg("--stdin-filename")
        .arg(path)
        .arg("-")
        .write_stdin(text)
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap()
}

fn check_json(path: &Path, text: &str) -> Vec<Value> {
    let out = cli(&["check", "--output-format", "json", "-q"], path, text);
    serde_json::from_str::<Vec<Value>>(&out).unwrap()
}

fn code_actions(client: &mut Client, uri: &str, line: u32, only: Option<&str>) -> Vec<Value> {
    let mut context = json!({"diagnostics": []});
    if let Some(only) = only {
        context["only"] = json!([only]);
    }
    let answer = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
            "context": context,
        }),
    );
    answer["result"].as_array().cloned().unwrap_or_default()
}

#[test]
fn diagnostics_are_what_check_reports_pushed_and_pulled() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.py");
    let uri = uri_of(&path);
    let mut client = Client::start(json!({"rootUri": uri_of(dir.path())}));
    client.open(&uri, TWO_SITES);
    let pushed = client.diagnostics(&uri);
    let findings = check_json(&path, TWO_SITES);
    assert_eq!(pushed.len(), findings.len());
    assert_eq!(pushed.len(), 2);
    for (diagnostic, finding) in pushed.iter().zip(&findings) {
        assert_eq!(diagnostic["code"], finding["kind"]);
        assert_eq!(diagnostic["message"], finding["message"]);
        assert_eq!(diagnostic["source"], "undangle");
        assert_eq!(
            diagnostic["range"]["start"]["line"],
            json!(finding["line"].as_u64().unwrap() - 1)
        );
        assert_eq!(
            diagnostic["range"]["start"]["character"],
            json!(finding["column"].as_u64().unwrap() - 1)
        );
        // The link goes to the kind's own page, the one `undangle rule` names.
        let href = diagnostic["codeDescription"]["href"].as_str().unwrap();
        let kind = finding["kind"].as_str().unwrap();
        let rule = undangle()
            .args(["rule", kind, "--output-format", "json"])
            .output()
            .unwrap();
        let rule: Value = serde_json::from_slice(&rule.stdout).unwrap();
        assert!(href.starts_with("https://"), "{href}");
        assert_eq!(rule["url"], href);
    }
    // A file CPython rejects: one information diagnostic saying why, as `check` says it.
    let broken = "file:///tmp/undangle-broken.py";
    client.open(broken, "import asyncio\nasyncio.create_task(f())\ndef (:\n");
    let said = client.diagnostics(broken);
    assert_eq!(said.len(), 1);
    assert_eq!(said[0]["severity"], 3);
    assert!(
        said[0]["message"].as_str().unwrap().contains("skipped"),
        "{said:?}"
    );
    let pulled = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(pulled["result"]["kind"], "full");
    assert_eq!(pulled["result"]["items"], json!(pushed));
    // Saved: the diagnostics are pushed again.
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(client.diagnostics(&uri), pushed);
    assert!(client.finish().success());
}

#[test]
fn settings_come_from_the_files_project_and_the_client() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.undangle]\nstrategy = \"helper\"\n",
    )
    .unwrap();
    let path = dir.path().join("app.py");
    let uri = uri_of(&path);
    let mut client = Client::start(json!({}));
    client.open(&uri, TWO_SITES);
    client.diagnostics(&uri);
    let all = code_actions(&mut client, &uri, 0, Some("source.fixAll"));
    let fixed = apply(TWO_SITES, &all[0]["edit"], &uri);
    assert_eq!(fixed, cli(&["fix", "-q"], &path, TWO_SITES));
    assert!(fixed.contains("def _keep_task"), "{fixed}");
    // The project's file changes to inline: read again when the client says so.
    fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.undangle]\nstrategy = \"inline\"\n",
    )
    .unwrap();
    let changes =
        json!({"changes": [{"uri": uri_of(&dir.path().join("pyproject.toml")), "type": 2}]});
    client.notify("workspace/didChangeWatchedFiles", changes);
    client.diagnostics(&uri);
    let all = code_actions(&mut client, &uri, 0, Some("source.fixAll"));
    let fixed = apply(TWO_SITES, &all[0]["edit"], &uri);
    assert!(
        !fixed.contains("def _keep_task") && fixed.contains("_background_tasks"),
        "{fixed}"
    );
    assert!(client.finish().success());
}

/// `--strategy helper`'s quick fix reads the project's other files as they are on disk at each
/// request, as `fix -` does: a module of a second package that starts importing the first
/// (created, then announced) makes the first package's helper module the one the fix imports;
/// one whose import is taken out again (saved) gives the file its own helper back.
#[test]
fn helper_quick_fixes_follow_the_projects_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |file: &str, code: &str| {
        let path = root.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, code).unwrap();
    };
    write("bot/__init__.py", "");
    write("bot/config.py", "import os\n");
    write(
        "bot/db.py",
        "import asyncio\n\n\ndef save():\n    asyncio.create_task(w())\n",
    );
    write(
        "bot/_background.py",
        "import asyncio\n\n_tasks = set()\n\n\ndef keep_task(task):\n    _tasks.add(task)\n    task.add_done_callback(_tasks.discard)\n    return task\n",
    );
    write("webapp/__init__.py", "");
    let text = "import asyncio\n\n\nasync def main():\n    asyncio.create_task(work())\n";
    write("webapp/api.py", text);
    let path = root.join("webapp/api.py");
    let uri = uri_of(&path);
    let mut client = Client::start(json!({"rootUri": uri_of(root)}));
    client.open(&uri, text);
    client.diagnostics(&uri);
    let helper_fix = |client: &mut Client| {
        let actions = code_actions(client, &uri, 4, None);
        let helper = actions
            .iter()
            .find(|a| a["title"].as_str().unwrap().ends_with("(helper)"))
            .unwrap();
        apply(text, &helper["edit"], &uri)
    };
    let by_cli = || cli(&["fix", "-q", "--strategy", "helper"], &path, text);
    let own = helper_fix(&mut client);
    assert!(own.contains("def _keep_task"), "{own}");
    assert_eq!(own, by_cli());
    // `webapp/views.py` imports `bot`: the application's one helper is `bot`'s.
    let views = root.join("webapp/views.py");
    write("webapp/views.py", "from bot.config import settings\n");
    let created = json!({"changes": [{"uri": uri_of(&views), "type": 1}]});
    client.notify("workspace/didChangeWatchedFiles", created);
    client.diagnostics(&uri);
    let shared = helper_fix(&mut client);
    assert!(
        shared.contains("from bot._background import keep_task\n"),
        "{shared}"
    );
    assert_eq!(shared, by_cli());
    // The import taken out and saved: the file keeps its own helper again.
    write("webapp/views.py", "import os\n");
    let saved = json!({"textDocument": {"uri": uri_of(&views)}});
    client.notify("textDocument/didSave", saved);
    assert_eq!(helper_fix(&mut client), own);
    assert!(client.finish().success());
}

#[test]
fn a_broken_settings_file_is_said_once_at_the_top() {
    let dir = tempfile::tempdir().unwrap();
    let toml = "[tool.undangle]\nstrategy = \"sideways\"\n";
    fs::write(dir.path().join("pyproject.toml"), toml).unwrap();
    let uri = uri_of(&dir.path().join("app.py"));
    let mut client = Client::start(json!({}));
    client.open(&uri, TWO_SITES);
    let said = client.diagnostics(&uri);
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(
        said[0]["range"]["start"],
        json!({"line": 0, "character": 0})
    );
    assert!(
        said[0]["message"]
            .as_str()
            .unwrap()
            .contains("pyproject.toml"),
        "{said:?}"
    );
    // Mended and announced: the findings come back.
    fs::write(dir.path().join("pyproject.toml"), "[tool.undangle]\n").unwrap();
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": []}));
    assert_eq!(client.diagnostics(&uri).len(), 2);
    assert!(client.finish().success());
}

#[test]
fn the_clients_options_win_over_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let toml = "[tool.undangle]\nstrategy = \"helper\"\n";
    fs::write(dir.path().join("pyproject.toml"), toml).unwrap();
    let path = dir.path().join("c.py");
    let uri = uri_of(&path);
    let mut client = Client::start(json!({"initializationOptions": {"strategy": "owner"}}));
    let class = "import asyncio\n\n\nclass C:\n    def __init__(self):\n        self.x = 1\n\n    def go(self):\n        asyncio.create_task(work())\n";
    client.open(&uri, class);
    client.diagnostics(&uri);
    let fix_all = |client: &mut Client| {
        let all = code_actions(client, &uri, 0, Some("source.fixAll"));
        apply(class, &all[0]["edit"], &uri)
    };
    let owner = cli(&["fix", "-q", "--strategy", "owner"], &path, class);
    assert_eq!(fix_all(&mut client), owner);
    assert_ne!(owner, cli(&["fix", "-q"], &path, class));
    // Settings pushed for other tools change nothing; for undangle, they apply.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"python": {}}}),
    );
    assert_eq!(fix_all(&mut client), owner);
    let inline = json!({"settings": {"undangle": {"strategy": "inline"}}});
    client.notify("workspace/didChangeConfiguration", inline);
    client.diagnostics(&uri);
    let inline = cli(&["fix", "-q", "--strategy", "inline"], &path, class);
    assert_eq!(fix_all(&mut client), inline);
    assert_ne!(inline, owner);
    assert!(client.finish().success());
}

#[test]
fn quick_fixes_fix_one_site_and_fix_all_is_fix_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.py");
    let uri = uri_of(&path);
    let mut client = Client::start(json!({}));
    client.open(&uri, TWO_SITES);
    client.diagnostics(&uri);
    let actions = code_actions(&mut client, &uri, 4, None);
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(titles[0].ends_with("(inline)"), "{titles:?}");
    assert!(titles.iter().any(|t| t.ends_with("(helper)")), "{titles:?}");
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Disable for this line")),
        "{titles:?}"
    );
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Keep every dropped task")),
        "{titles:?}"
    );
    for action in &actions {
        assert_ne!(action["isPreferred"], json!(true));
        let fixed = apply(TWO_SITES, &action["edit"], &uri);
        let left = check_json(&path, &fixed);
        match action["kind"].as_str().unwrap() {
            // Each quick fix settles its site (line 5) and leaves the other (line 6).
            "quickfix" => {
                assert_eq!(left.len(), 1, "{}: {fixed}", action["title"]);
                assert_eq!(left[0]["callee"], "asyncio.ensure_future");
            }
            kind => {
                assert_eq!(kind, "source.fixAll.undangle");
                assert_eq!(fixed, cli(&["fix", "-q"], &path, TWO_SITES));
                assert!(left.is_empty());
            }
        }
    }
    let noqa = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Disable"))
        .unwrap();
    let fixed = apply(TWO_SITES, &noqa["edit"], &uri);
    assert!(
        fixed.contains("asyncio.create_task(work())  # noqa: RUF006\n"),
        "{fixed}"
    );
    assert!(client.finish().success());
}

/// A client that resolves edits gets the fixes without them; `codeAction/resolve` computes the
/// one picked, and refuses it once the document has changed since.
#[test]
fn edits_are_resolved_lazily_and_never_for_stale_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.py");
    let uri = uri_of(&path);
    let resolves = json!({"textDocument": {"codeAction": {
        "dataSupport": true, "resolveSupport": {"properties": ["edit"]}}}});
    let mut client = Client::start(json!({"capabilities": resolves}));
    client.open(&uri, TWO_SITES);
    client.diagnostics(&uri);
    let actions = code_actions(&mut client, &uri, 4, None);
    let lazy: Vec<&Value> = actions.iter().filter(|a| a["edit"].is_null()).collect();
    // Every strategy fix and the whole file's fix; "Disable for this line" stays inline.
    assert_eq!(lazy.len(), actions.len() - 1, "{actions:?}");
    for action in lazy {
        assert!(action["data"].is_object(), "{action}");
        let resolved = client.request("codeAction/resolve", action.clone());
        let fixed = apply(TWO_SITES, &resolved["result"]["edit"], &uri);
        let expected = if action["kind"] == "quickfix" {
            assert_eq!(check_json(&path, &fixed).len(), 1, "{fixed}");
            fixed.clone()
        } else {
            cli(&["fix", "-q"], &path, TWO_SITES)
        };
        assert_eq!(fixed, expected, "{}", action["title"]);
    }
    // One keystroke later, the actions offered before resolve to an error, not an edit.
    let edit = json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "text": "#\n"}]});
    client.notify("textDocument/didChange", edit);
    client.diagnostics(&uri);
    let stale = client.request("codeAction/resolve", actions[0].clone());
    assert_eq!(stale["error"]["code"], -32801, "{stale}");
    assert!(stale.get("result").is_none_or(Value::is_null), "{stale}");
    assert!(client.finish().success());
}

/// Edits in comments: the findings published are `check`'s for the new text, whether the last
/// analysis is kept (a plain comment) or not (a directive).
#[test]
fn comment_edits_publish_what_check_reports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.py");
    let uri = uri_of(&path);
    let mut client = Client::start(json!({}));
    let mut text = format!("# top\n{TWO_SITES}# end\n");
    client.open(&uri, &text);
    client.diagnostics(&uri);
    // (line, character, typed): in the last comment, then a `noqa` on the first site's line.
    let edits = [(7, 5, "s"), (7, 6, " noqa"), (5, 31, "  # noqa")];
    for (version, (line, character, typed)) in edits.into_iter().enumerate() {
        let at = json!({"line": line, "character": character});
        let change = json!({"textDocument": {"uri": uri, "version": version + 2},
            "contentChanges": [{"range": {"start": at, "end": at}, "text": typed}]});
        client.notify("textDocument/didChange", change);
        let edit =
            json!({"changes": {&uri: [{"range": {"start": at, "end": at}, "newText": typed}]}});
        text = apply(&text, &edit, &uri);
        let published = client.diagnostics(&uri);
        let findings = check_json(&path, &text);
        let lines: Vec<u64> = findings
            .iter()
            .map(|f| f["line"].as_u64().unwrap() - 1)
            .collect();
        let at: Vec<u64> = published
            .iter()
            .map(|d| d["range"]["start"]["line"].as_u64().unwrap())
            .collect();
        assert_eq!(at, lines, "{text}");
    }
    assert_eq!(check_json(&path, &text).len(), 1, "{text}");
    assert!(client.finish().success());
}

#[test]
fn incremental_changes_in_utf16_and_utf8() {
    let text = "import asyncio\ns = \"😀\"; asyncio.create_task(f())\n";
    for (encodings, character) in [(json!(["utf-16"]), 10), (json!(["utf-8", "utf-16"]), 12)] {
        let dir = tempfile::tempdir().unwrap();
        let uri = uri_of(&dir.path().join("m.py"));
        let capabilities = json!({"general": {"positionEncodings": encodings}});
        let mut client = Client::start(json!({"capabilities": capabilities}));
        client.open(&uri, text);
        let found = client.diagnostics(&uri);
        assert_eq!(
            found[0]["range"]["start"],
            json!({"line": 1, "character": character})
        );
        // One keystroke-sized edit: a line inserted above moves the finding down.
        let change = |range: Value, text: &str, version: i32| {
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": range, "text": text}]})
        };
        let at_start =
            json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}});
        client.notify("textDocument/didChange", change(at_start, "#\n", 2));
        let found = client.diagnostics(&uri);
        assert_eq!(
            found[0]["range"]["start"],
            json!({"line": 2, "character": character})
        );
        // The call replaced by an await, right after the emoji: the finding goes.
        let call = json!({"start": {"line": 2, "character": character}, "end": {"line": 2, "character": character + 7}});
        client.notify("textDocument/didChange", change(call, "x = 1 #", 3));
        assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
        assert!(client.finish().success());
    }
}

#[test]
fn bad_input_never_ends_the_server() {
    let hook = [("UNDANGLE_SERVER_PANIC_ON", "textDocument/hover")];
    let mut client = Client::spawn_with(&hook);
    // Before `initialize`: an error, not the end.
    let early = client.request("textDocument/diagnostic", json!({}));
    assert_eq!(early["error"]["code"], -32002);
    let init = client.request("initialize", json!({"capabilities": {}}));
    assert!(init["result"]["capabilities"]["codeActionProvider"].is_object());
    assert_eq!(
        init["result"]["capabilities"]["codeActionProvider"]["resolveProvider"],
        true
    );
    client.write_raw(b"Content-Length: 9\r\n\r\n{\"jsonrpc");
    client.write_raw(b"no header at all\r\n\r\n");
    client.write_raw(b"Content-Length: 5\r\n\r\n[1,2]");
    // A handler that panics: an internal error, and the server goes on.
    let panicked = client.request("textDocument/hover", json!({}));
    assert_eq!(panicked["error"]["code"], -32603);
    let unknown = client.request("textDocument/definition", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let bad_params = client.request("textDocument/codeAction", json!({"nonsense": true}));
    assert_eq!(bad_params["error"]["code"], -32602);
    let unopened = json!({"textDocument": {"uri": "file:///nowhere.py", "version": 2},
        "contentChanges": [{"text": "x"}]});
    client.notify("textDocument/didChange", unopened);
    let uri = "file:///tmp/undangle-never-dies.py";
    client.open(uri, "import asyncio\nasyncio.create_task(f())\n");
    assert_eq!(client.diagnostics(uri).len(), 1);
    // A range far past the end of the document is clamped to the end.
    let past = json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{
        "range": {"start": {"line": 99, "character": 5}, "end": {"line": 120, "character": 0}},
        "text": "asyncio.ensure_future(f())\n"}]});
    client.notify("textDocument/didChange", past);
    assert_eq!(client.diagnostics(uri).len(), 2);
    let pulled = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": "file:///x.py"}}),
    );
    assert!(pulled["error"].is_object());
    // Every problem was logged; the server still answers, and ends with 0 after `shutdown`.
    let logged = client
        .notifications
        .iter()
        .filter(|m| m["method"] == "window/logMessage")
        .count();
    assert!(logged >= 3, "{:?}", client.notifications);
    assert_eq!(client.finish().code(), Some(0));
    // `exit` without `shutdown` ends it with 1, as the protocol says.
    let mut client = Client::start(json!({}));
    client.notify("exit", Value::Null);
    assert_eq!(client.wait().code(), Some(1));
}

/// Every fixture through the server: `source.fixAll` gives the bytes `fix -` prints, and where
/// the file has one site, its quick fix gives them too.
#[test]
fn fixtures_through_the_server() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fixtures");
    let mut cases: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    let mut client = Client::start(json!({}));
    let mut single = 0;
    for case in cases {
        let path = case.join("input.py");
        let Ok(text) = fs::read_to_string(&path) else {
            continue; // a case whose input is not UTF-8 text is not an editor's buffer
        };
        let uri = uri_of(&path);
        client.open(&uri, &text);
        let diagnostics = client.diagnostics(&uri);
        let expected = cli(&["fix", "-q"], &path, &text);
        let all = code_actions(&mut client, &uri, 0, Some("source.fixAll"));
        let fixed = all
            .first()
            .map_or(text.clone(), |a| apply(&text, &a["edit"], &uri));
        assert_eq!(fixed, expected, "{}: source.fixAll", case.display());
        let findings = check_json(&path, &text);
        assert_eq!(diagnostics.len(), findings.len(), "{}", case.display());
        for (diagnostic, finding) in diagnostics.iter().zip(&findings) {
            assert_eq!(diagnostic["code"], finding["kind"], "{}", case.display());
            let line = finding["line"].as_u64().unwrap() - 1;
            assert_eq!(
                diagnostic["range"]["start"]["line"],
                line,
                "{}",
                case.display()
            );
        }
        if findings.len() == 1 && findings[0]["fixable"] == json!(true) {
            let line = findings[0]["line"].as_u64().unwrap() as u32 - 1;
            let quick = code_actions(&mut client, &uri, line, Some("quickfix"));
            let fixed = apply(&text, &quick[0]["edit"], &uri);
            assert_eq!(fixed, expected, "{}: quick fix", case.display());
            single += 1;
        }
        client.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
    }
    assert!(single > 10, "only {single} single-site fixtures");
    assert!(client.finish().success());
}

/// The Python tests in tests/lsp/ drive the server with a real LSP client (pytest-lsp, on
/// pygls) and the recorded capabilities of VS Code and Neovim.
#[test]
fn pytest_lsp_end_to_end() {
    let Some(python) = pytest_lsp_python() else {
        common::skip(
            "server::pytest_lsp_end_to_end",
            "pytest-lsp is not installed",
            "scripts/pytest-lsp.sh",
        );
        return;
    };
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lsp");
    let output = std::process::Command::new(python)
        .args([
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "asyncio_mode=auto",
        ])
        .arg(&tests)
        .env("UNDANGLE", common::bin())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `$UNDANGLE_PYTEST_LSP_PYTHON` (set by `scripts/test.sh`), else the cache virtualenv that
/// `scripts/pytest-lsp.sh` fills, when it has pytest-lsp.
fn pytest_lsp_python() -> Option<std::path::PathBuf> {
    let python = std::env::var_os("UNDANGLE_PYTEST_LSP_PYTHON")
        .map(std::path::PathBuf::from)
        .or_else(|| Some(common::cache()?.join("undangle/lsp-venv/bin/python")))?;
    let has = std::process::Command::new(&python)
        .args(["-c", "import pytest_lsp"])
        .output()
        .is_ok_and(|o| o.status.success());
    has.then_some(python)
}

/// Neovim's built-in client, headless: it opens a file, gets the diagnostic, applies the quick
/// fix and writes the buffer, which then holds what `fix` writes.
#[test]
fn neovim_applies_the_quick_fix() {
    let found = std::process::Command::new("nvim").arg("--version").output();
    if !found.is_ok_and(|o| o.status.success()) {
        common::skip(
            "server::neovim_applies_the_quick_fix",
            "nvim is not installed",
            "apt-get install neovim",
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one.py");
    let text =
        "import asyncio\n\n\nasync def main():\n    s = \"é😀\"; asyncio.create_task(work())\n";
    fs::write(&path, text).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nvim/quickfix.lua");
    let output = std::process::Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("UNDANGLE", common::bin())
        .env("FILE", &path)
        .env("XDG_STATE_HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "nvim: {said}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("(inline)"));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        cli(&["fix", "-q"], &path, text)
    );
}

/// The VS Code extension that `scripts/vscode.sh` bundles and packages: a `.vsix` with the
/// client bundled into one file, which starts `undangle server` for Python files.
#[test]
fn vscode_extension_is_packaged() {
    let vsix = std::env::var_os("UNDANGLE_VSIX")
        .map(std::path::PathBuf::from)
        .or_else(|| Some(common::cache()?.join("undangle/undangle.vsix")))
        .filter(|p| p.is_file());
    let Some(vsix) = vsix else {
        common::skip(
            "server::vscode_extension_is_packaged",
            "the VS Code extension is not built",
            "scripts/vscode.sh",
        );
        return;
    };
    let read = |member: &str| {
        let script =
            "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())";
        let output = std::process::Command::new("python3")
            .args(["-c", script])
            .arg(&vsix)
            .arg(member)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{member} is not in {}",
            vsix.display()
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let manifest: Value = serde_json::from_str(&read("extension/package.json")).unwrap();
    assert_eq!(manifest["main"], "./out/extension.js");
    assert_eq!(manifest["activationEvents"], json!(["onLanguage:python"]));
    let client = read("extension/out/extension.js");
    assert!(
        client.contains("\"server\"") && client.contains("findUndangle"),
        "{client}"
    );
    // One bundle (esbuild) holds the client library: no node_modules, and nothing else of the
    // extension's tree.
    assert!(
        client.contains("LanguageClient"),
        "the client library is not bundled"
    );
    let script = "import sys, zipfile; print(*zipfile.ZipFile(sys.argv[1]).namelist(), sep='\\n')";
    let listed = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&vsix)
        .output()
        .unwrap();
    assert!(listed.status.success());
    let members = String::from_utf8(listed.stdout).unwrap();
    let members: Vec<&str> = members.lines().collect();
    assert!(
        !members.iter().any(|m| m.contains("node_modules/")),
        "{members:?}"
    );
    let code: Vec<&&str> = members.iter().filter(|m| m.ends_with(".js")).collect();
    assert_eq!(code, [&"extension/out/extension.js"], "{members:?}");
}

/// The module the edits of [`edits_publish_what_check_reports`] change: sites in functions, a
/// class and the module, comments and strings.
const EDITED: &str = r#""""A module the edits change."""
import asyncio


async def first(request):
    # a comment
    value = request.get('k0', 0)
    asyncio.create_task(work(value))
    return value


class Service:
    async def start(self):
        asyncio.ensure_future(self.run())

    def helper(self, x):
        return [x for x in range(3)]


async def second():
    task = asyncio.create_task(work(1))
    await task
    asyncio.create_task(work(2))


x = 1
"#;

/// The protocol position of a byte offset of an ASCII text.
fn position_of(text: &str, at: usize) -> Value {
    let line = text[..at].matches('\n').count();
    let character = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": character})
}

/// The diagnostics published for `text` are what `check -` says of it: its findings (kind,
/// message, range), or the reason it skips the file.
fn assert_published_as_checked(published: &[Value], path: &Path, text: &str) {
    let output = undangle()
        .args(["check", "--output-format", "json", "-q", "--stdin-filename"])
        .arg(path)
        .arg("-")
        .write_stdin(text)
        .output()
        .unwrap();
    let findings: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if let [problem] = published
        && problem["severity"] == 3
    {
        let message = problem["message"].as_str().unwrap();
        assert!(findings.is_empty(), "{text}");
        assert!(
            stderr.contains(message),
            "{message:?} vs {stderr:?}\n{text}"
        );
        return;
    }
    assert!(!stderr.contains("skipped"), "{stderr}\n{text}");
    let of_check: Vec<Value> = findings
        .iter()
        .map(|f| {
            let at = |line: &str, column: &str| {
                json!({"line": f[line].as_u64().unwrap() - 1,
                       "character": f[column].as_u64().unwrap() - 1})
            };
            let range = json!({"start": at("line", "column"), "end": at("end_line", "end_column")});
            json!([f["kind"], f["message"], range])
        })
        .collect();
    let of_server: Vec<Value> = published
        .iter()
        .map(|d| json!([d["code"], d["message"], d["range"]]))
        .collect();
    assert_eq!(of_server, of_check, "{text}");
}

/// Edits of every kind, each checked against `check -` of the new text: in code and at the top
/// level, ones that break validity (for tree-sitter, or only for CPython) and restore it, that
/// open and close strings and brackets, that move the starts of top-level statements, then
/// random ones, each undone half of the time. What is published after an edit must not depend
/// on what was known of the text before it.
#[test]
fn edits_publish_what_check_reports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("edited.py");
    let uri = uri_of(&path);
    let mut client = Client::start(json!({}));
    let mut text = EDITED.to_owned();
    client.open(&uri, &text);
    assert_published_as_checked(&client.diagnostics(&uri), &path, &text);
    let mut version = 1;
    // Replaces `from..to` of the text, in the server and here; checks what is published.
    let mut edit = |text: &mut String, from: usize, to: usize, new: &str| {
        version += 1;
        let range = json!({"start": position_of(text, from), "end": position_of(text, to)});
        let change = json!({"textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": range, "text": new}]});
        client.notify("textDocument/didChange", change);
        text.replace_range(from..to, new);
        let published = client.diagnostics(&uri);
        assert_published_as_checked(&published, &path, text);
        published
    };
    // Inserts `new` where `anchor` is found (after it with `after`), then removes it again.
    let scripted: &[(&str, bool, &str)] = &[
        ("'k0", true, "x"),
        ("value = ", true, "("),
        ("    task = ", false, "    s = '''\n"),
        ("x = 1", false, "return 1\n"),
        ("x = 1", false, "print 'a'\n"),
        ("x = 1", false, "break\n"),
        ("    return value", false, "    g(a=1, 2)\n"),
        ("    return value", false, "    h(a=1, a=2)\n"),
        ("    return value\n", true, "        y = 1\n"),
        ("        return [", false, "\t"),
        (
            "class Service",
            false,
            "async def third():\n    asyncio.create_task(w())\n\n\n",
        ),
        ("class Service", false, "@decorator\n"),
        ("class Service", false, "x = (\n"),
        (
            "    await task\n",
            true,
            "    asyncio.create_task(w())  # noqa\n",
        ),
        ("x = 1", true, " + \\\n    2"),
        ("x = 1", true, " \\"),
        ("    # a comment", true, " noqa \\"),
        (
            "import asyncio\n",
            true,
            "from asyncio import create_task as spawn\n",
        ),
        ("\n\n\nclass", false, "'''"),
    ];
    for &(anchor, after, new) in scripted {
        let at = text.find(anchor).unwrap() + if after { anchor.len() } else { 0 };
        edit(&mut text, at, at, new);
        edit(&mut text, at, at + new.len(), "");
        assert_eq!(text, EDITED);
    }
    // A triple-quoted string opened in one function and closed in another, then both removed.
    let open = text.find("    task = ").unwrap();
    edit(&mut text, open, open, "    s = '''\n");
    let close = text.find("x = 1").unwrap();
    edit(&mut text, close, close, "'''\n");
    edit(&mut text, close, close + 4, "");
    edit(&mut text, open, open + 12, "");
    // The blank lines between two functions removed, one line at a time, then put back.
    let gap = text.find("\n\n\nclass").unwrap() + 1;
    edit(&mut text, gap, gap + 2, "");
    edit(&mut text, gap - 1, gap, "");
    edit(&mut text, gap - 1, gap - 1, "\n\n\n");
    assert_eq!(text, EDITED);
    // Random edits, from a fixed seed: statements inserted at line starts with the line's
    // indentation (kept while the file stays valid), snippets inserted anywhere and bytes
    // removed (undone).
    let statements = [
        "asyncio.create_task(w())\n",
        "pass\n",
        "y = (1,\n  2)\n",
        "s = \"\"\"\nasyncio.create_task(w())\n\"\"\"\n",
        "t = asyncio.ensure_future(w())\n",
        "f(x)  # noqa\n",
    ];
    let snippets = [
        "x",
        "(",
        ")",
        "'",
        "'''",
        "\n",
        "    ",
        ":",
        "#",
        "\\\n",
        "[",
        "]",
        "\"",
        " noqa",
        "\t",
        "def g():\n    pass\n",
        "\n\n",
        "await f()",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |bound: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % bound as u64) as usize
    };
    for _ in 0..150 {
        let at = next(text.len() + 1);
        match next(4) {
            0 | 1 => {
                let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let line = &text[start..];
                let indent = &line[..line.len() - line.trim_start_matches(' ').len()];
                let lines: Vec<String> = statements[next(statements.len())]
                    .lines()
                    .map(|l| format!("{indent}{l}\n"))
                    .collect();
                let new = lines.concat();
                let published = edit(&mut text, start, start, &new);
                if published.iter().any(|d| d["severity"] == 3) {
                    edit(&mut text, start, start + new.len(), "");
                }
            }
            kind => {
                let (to, new) = match kind {
                    2 => (at, snippets[next(snippets.len())]),
                    _ => ((at + 1 + next(5)).min(text.len()), ""),
                };
                let old = text[at..to].to_owned();
                edit(&mut text, at, to, new);
                edit(&mut text, at, at + new.len(), &old);
            }
        }
    }
    assert!(client.finish().success());
}
