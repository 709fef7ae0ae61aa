//! `--strategy helper` in the layouts of issue 36's nineteenth exam (exam36t).

use std::fs;
use std::path::Path;

use crate::common::{self, undangle};
use crate::helper_exam36q::second_run_is_empty;

const BOT: &str = "import asyncio
from typing import Optional

from aiogram import Bot

import reminders as _reminders
from config import TOKEN


async def main(bot: Optional[Bot]) -> None:
    asyncio.create_task(_reminders.reminder_loop(bot, TOKEN))
";

const REMINDERS: &str = "import asyncio


async def reminder_loop(bot, token):
    await asyncio.sleep(1)
";

fn write_bot(root: &Path) {
    fs::write(root.join("bot.py"), BOT).unwrap();
    fs::write(root.join("config.py"), "TOKEN = 'x'\n").unwrap();
    fs::write(root.join("reminders.py"), REMINDERS).unwrap();
    fs::write(root.join("requirements.txt"), "aiogram==3.4\n").unwrap();
}

fn fix_helper(root: &Path) -> String {
    undangle()
        .args(["fix", "--strategy", "helper", "."])
        .current_dir(root)
        .assert()
        .success();
    fs::read_to_string(root.join("bot.py")).unwrap()
}

/// kesha-tg-bot: a repository of root modules with no settings file. ruff and isort, run at
/// the repository's root (pre-commit, CI), take that folder for their source folder: its
/// modules are first-party, and the helper's import joins `from config import TOKEN`'s group.
#[test]
fn a_root_modules_helper_import_joins_the_first_party_group_at_the_repository_root() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir(root.join(".git")).unwrap();
    write_bot(root);
    let bot = fix_helper(root);
    assert!(
        bot.contains(
            "from aiogram import Bot\n\nimport reminders as _reminders\n\
             from _background import keep_task\nfrom config import TOKEN\n"
        ),
        "{bot}"
    );
    assert!(root.join("_background.py").is_file());
    second_run_is_empty(root);
    held_to_the_tools(root);
}

/// isort and ruff's I001, run at the root with no settings, leave the fixed file as it is.
fn held_to_the_tools(root: &Path) {
    common::held_to_isort_and_i001("helper_exam36t::held_to_the_tools", root, &[], &["bot.py"]);
}

/// Near miss: no repository root above the folder and no settings file: the folder the tools
/// run in is unknown, and the import goes where it went before (the block of the imports
/// beside it, as the header reads them).
#[test]
fn without_a_repository_root_the_helper_import_keeps_its_old_place() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_bot(root);
    let bot = fix_helper(root);
    assert!(
        bot.contains("\nfrom _background import keep_task\nfrom aiogram import Bot\n"),
        "{bot}"
    );
}
