//! Every key of `[tool.undangle]` (and of `undangle.toml`) as data: name, type, default, flag,
//! one paragraph of documentation and an example. `undangle config` prints it and the
//! documentation's settings reference is generated from it; a test holds it to the keys the
//! loader accepts, so neither can drift from the other.

use serde::Serialize;

/// One setting, as `undangle config` describes it.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct SettingDoc {
    /// The key, as written in `[tool.undangle]`.
    pub name: &'static str,
    /// Its TOML type (`bool`, `list[str]`, or the values it takes).
    #[serde(rename = "type")]
    pub value_type: &'static str,
    /// The value when the key is absent, as TOML (or a sentence where none is written).
    pub default: &'static str,
    /// The command-line flag that overrides it, if any.
    pub flag: Option<&'static str>,
    /// One paragraph, Markdown.
    pub doc: &'static str,
    /// A `[tool.undangle]` table that sets it.
    pub example: &'static str,
}

/// The settings, in the order the documentation lists them.
pub const SETTINGS: &[SettingDoc] = &[
    SettingDoc {
        name: "strategy",
        value_type: r#""inline" | "helper" | "owner""#,
        default: r#""inline""#,
        flag: Some("--strategy"),
        doc: "How the fix keeps tasks. `inline` writes the pattern of the Python docs at each \
              site (`task = <call>`, `_background_tasks.add(task)`, \
              `task.add_done_callback(_background_tasks.discard)`) with one module-level set; \
              `helper` declares one small typed function, `_keep_task(task)`, and wraps each \
              call in it; `owner` keeps the tasks of a method in a set on the instance, created \
              in `__init__`, and elsewhere in the module set. Whatever the strategy, a file's own \
              way of keeping tasks is reused.",
        example: "[tool.undangle]\nstrategy = \"helper\"",
    },
    SettingDoc {
        name: "keep-with",
        value_type: "str | { function = str, takes = \"task\" | \"coroutine\" }",
        default: "none: the strategy's own keeping",
        flag: None,
        doc: "The project's own keeper, which each site is wrapped in: \
              `\"package.module:function\"` (imported where isort puts first-party imports), \
              `\"self.method\"` (in the methods of a class that defines it) or \
              `\"self.attribute.method\"` (a method of an object the instance holds) or \
              `\"object.method\"` (a method of an object in scope at the site, such as Home \
              Assistant's `hass.async_create_task`: a framework's keeper is checked against \
              its contract and given what else it needs, `hass` or a task name). The table \
              form with `takes = \"coroutine\"` names a keeper that takes the coroutine and \
              creates the task itself (`spawn(work())`); sites it cannot take get the \
              strategy's keeping.",
        example: "[tool.undangle]\nkeep-with = { function = \"app.tasks:spawn\", takes = \"coroutine\" }",
    },
    SettingDoc {
        name: "log-exceptions",
        value_type: "bool",
        default: "false",
        flag: Some("--log-exceptions"),
        doc: "The keeping code the fix writes (its sets and its helper) also registers a done \
              callback that logs the exception of a task that failed, never of one that was \
              cancelled, with the module's own logger (else `_logger = \
              logging.getLogger(__name__)`). Reading the exception also silences asyncio's \
              \"Task exception was never retrieved\", so each failure is logged once.",
        example: "[tool.undangle]\nlog-exceptions = true",
    },
    SettingDoc {
        name: "preview",
        value_type: "bool",
        default: "false",
        flag: Some("--preview"),
        doc: "Also report the kinds in preview: those whose precision on code nobody here had \
              seen is not yet measured at 99% or better (`undangle rule --all` says which). \
              `check`, `fix`, `diff` and the language server leave them out unless it is on; \
              `audit` lists their sites either way and marks their kind.",
        example: "[tool.undangle]\npreview = true",
    },
    SettingDoc {
        name: "drain-on-shutdown",
        value_type: "bool",
        default: "false",
        flag: Some("--drain-on-shutdown"),
        doc: "Where a set the fix adds has a shutdown hook (an `async def` `close`, `aclose`, \
              `stop`, `shutdown`, `cleanup` or `__aexit__` of its class; a shutdown handler or \
              the end of a lifespan of its module), the hook cancels and awaits the set's tasks, \
              and those started meanwhile, within `drain-timeout`. Where there is no hook \
              nothing is invented.",
        example: "[tool.undangle]\ndrain-on-shutdown = true",
    },
    SettingDoc {
        name: "drain-timeout",
        value_type: "float (seconds, positive)",
        default: "10",
        flag: Some("--drain-timeout"),
        doc: "How long a drained shutdown hook waits for the tasks it cancelled (and for those \
              started meanwhile) before it logs the ones still running and returns, so that one \
              task cannot hold shutdown forever.",
        example: "[tool.undangle]\ndrain-on-shutdown = true\ndrain-timeout = 2.5",
    },
    SettingDoc {
        name: "exclude",
        value_type: "list[str]",
        default: "ruff's: `.git`, `.venv`, `venv`, `.tox`, `.nox`, `build`, `dist`, \
                  `node_modules`, `site-packages`, `__pypackages__`, …",
        flag: Some("--exclude"),
        doc: "Glob patterns left out of the walk, replacing the default list (and ruff's own \
              `exclude` of the same `pyproject.toml`). A pattern without a `/` matches a file \
              or folder name anywhere; one with a `/` matches a path relative to the folder of \
              the settings file.",
        example: "[tool.undangle]\nexclude = [\"generated\", \"src/legacy/*.py\"]",
    },
    SettingDoc {
        name: "extend-exclude",
        value_type: "list[str]",
        default: "[]",
        flag: Some("--extend-exclude"),
        doc: "Glob patterns left out besides the excluded ones; ruff's `extend-exclude` of the \
              same `pyproject.toml` adds up with it.",
        example: "[tool.undangle]\nextend-exclude = [\"*_pb2.py\"]",
    },
    SettingDoc {
        name: "force-exclude",
        value_type: "bool",
        default: "false",
        flag: Some("--force-exclude"),
        doc: "Leave excluded paths out even when they are named on the command line, as \
              pre-commit names them.",
        example: "[tool.undangle]\nforce-exclude = true",
    },
    SettingDoc {
        name: "loop-names",
        value_type: "list[str]",
        default: "[]",
        flag: None,
        doc: "More receiver names that are event loops, besides `loop` and names ending in \
              `_loop`: with `[\"ev\"]`, `self.ev.create_task(...)` creates a task.",
        example: "[tool.undangle]\nloop-names = [\"ev\"]",
    },
    SettingDoc {
        name: "task-functions",
        value_type: "list[str]",
        default: "[]",
        flag: None,
        doc: "More callables that create tasks, spelled as they are called \
              (`utils.spawn`): a dropped result of theirs is a finding like one of \
              `asyncio.create_task`.",
        example: "[tool.undangle]\ntask-functions = [\"utils.spawn\"]",
    },
    SettingDoc {
        name: "ignore-functions",
        value_type: "list[str]",
        default: "[]",
        flag: None,
        doc: "Task-creating calls never reported, spelled as they are called \
              (`self.loop.create_task`).",
        example: "[tool.undangle]\nignore-functions = [\"self.loop.create_task\"]",
    },
];

/// The setting named `name`, if there is one.
pub fn setting(name: &str) -> Option<&'static SettingDoc> {
    SETTINGS.iter().find(|s| s.name == name)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;
    use crate::settings::Settings;

    fn read(text: &str) -> Result<Settings, String> {
        Settings::from_pyproject(Path::new("pyproject.toml"), text).map_err(|e| e.message)
    }

    /// Each example is read by the loader without an error, in `pyproject.toml` and in
    /// `undangle.toml`: every listed key is one it accepts.
    #[test]
    fn every_example_is_accepted_by_the_loader() {
        for s in SETTINGS {
            assert!(s.example.contains(&format!("{} =", s.name)), "{}", s.name);
            if let Err(e) = read(&format!("{}\n", s.example)) {
                panic!("{}: {e}", s.name);
            }
            let top_level = s.example.trim_start_matches("[tool.undangle]\n");
            let own = Settings::from_undangle_toml(
                Settings::default(),
                Path::new("undangle.toml"),
                &format!("{top_level}\n"),
            );
            assert!(own.is_ok(), "{}", s.name);
        }
    }

    /// The loader's own list of keys (the one it names when a key is unknown) is exactly the
    /// listed settings.
    #[test]
    fn every_key_the_loader_accepts_is_listed() {
        let message = read("[tool.undangle]\nnot-a-setting = 1\n").unwrap_err();
        let expected = message
            .split_once("expected one of")
            .map(|(_, keys)| keys)
            .unwrap_or_else(|| panic!("no list of keys in {message:?}"));
        let accepted: BTreeSet<&str> = expected
            .split(',')
            .map(|key| key.trim().trim_matches('`'))
            .filter(|key| !key.is_empty())
            .collect();
        let listed: BTreeSet<&str> = SETTINGS.iter().map(|s| s.name).collect();
        assert_eq!(accepted, listed);
        assert_eq!(listed.len(), SETTINGS.len(), "a setting is listed twice");
    }

    /// The defaults said are the model's.
    #[test]
    fn the_defaults_are_the_models() {
        let d = Settings::default();
        let default = |name| setting(name).map(|s| s.default).unwrap_or_default();
        assert_eq!(default("strategy"), format!("\"{}\"", "inline"));
        assert_eq!(d.strategy, crate::settings::Strategy::Inline);
        assert_eq!(
            default("drain-timeout").parse::<f64>().ok(),
            Some(d.drain_timeout)
        );
        assert_eq!(default("log-exceptions"), d.log_exceptions.to_string());
        assert_eq!(default("preview"), d.preview.to_string());
        assert_eq!(
            default("drain-on-shutdown"),
            d.drain_on_shutdown.to_string()
        );
        assert!(d.keep_with.is_none() && d.loop_names.is_empty());
        assert!(d.task_functions.is_empty() && d.ignore_functions.is_empty());
    }

    #[test]
    fn a_setting_is_found_by_its_name() {
        assert_eq!(setting("drain-timeout").map(|s| s.default), Some("10"));
        assert!(setting("drain_timeout").is_none());
    }
}
