//! Pins read from a `requirements*.txt` in a folder with no other settings file (issue 36,
//! claude-tg-bot): python-telegram-bot's `Application.create_task` is chosen only where the
//! project allows no PTB older than 20.0, and claude-tg-bot declares `python-telegram-bot>=22.0`
//! only in its `requirements.txt`.

use std::fs;
use std::path::Path;

use crate::common::undangle;

const BOT: &str = "import asyncio

from telegram import Update
from telegram.ext import ContextTypes


async def work() -> None:
    await asyncio.sleep(1)


async def cmd_dev(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    asyncio.create_task(work())
";

fn fixed(root: &Path, requirements: &str) -> String {
    fs::create_dir(root.join(".git")).unwrap();
    fs::create_dir(root.join("gateway")).unwrap();
    fs::write(root.join("gateway/telegram_bot.py"), BOT).unwrap();
    fs::write(root.join("requirements.txt"), requirements).unwrap();
    undangle()
        .args(["fix", "."])
        .current_dir(root)
        .assert()
        .success();
    fs::read_to_string(root.join("gateway/telegram_bot.py")).unwrap()
}

#[test]
fn a_requirements_txt_alone_pins_python_telegram_bot() {
    let dir = tempfile::tempdir().unwrap();
    let bot = fixed(
        dir.path(),
        "python-telegram-bot>=22.0\npython-dotenv>=1.0\n",
    );
    assert!(
        bot.contains("    context.application.create_task(work())\n"),
        "{bot}"
    );
}

/// The pin allows a PTB older than 20.0: its `Application` has no `create_task` that keeps.
#[test]
fn a_requirements_txt_that_allows_an_old_release_keeps_the_module_set() {
    let dir = tempfile::tempdir().unwrap();
    let bot = fixed(dir.path(), "python-telegram-bot>=13.0,<20\n");
    assert!(!bot.contains("application.create_task"), "{bot}");
    assert!(bot.contains("_background_tasks.add(task)"), "{bot}");
}

/// No tool reads its settings from a `requirements.txt`: the folder's settings are the
/// defaults, bar the pins (an `exclude` in the defaults still applies, nothing else changes).
#[test]
fn a_requirements_txt_gives_no_other_settings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("requirements.txt"), "python-telegram-bot>=22.0\n").unwrap();
    fs::write(
        root.join("a.py"),
        "import asyncio\n\n\nasync def f():\n    asyncio.create_task(f())\n",
    )
    .unwrap();
    let with = undangle()
        .args(["check", "a.py"])
        .current_dir(root)
        .output()
        .unwrap();
    fs::remove_file(root.join("requirements.txt")).unwrap();
    let without = undangle()
        .args(["check", "a.py"])
        .current_dir(root)
        .output()
        .unwrap();
    assert_eq!(with.stdout, without.stdout);
}
