//! `--strategy owner` in chat-sdk-python's adapter (exam36u, owner_mixed): a closure's task and a
//! method's task in one class share the instance set.

use std::fs;

use crate::common::undangle;

const ADAPTER: &str = "import asyncio


class Adapter:
    def __init__(self) -> None:
        self._chat = None

    def on_reaction(self) -> None:
        async def process_task() -> None:
            await asyncio.sleep(1)

        loop = asyncio.get_running_loop()
        loop.create_task(process_task())

    def on_subscribe(self) -> None:
        loop = asyncio.get_running_loop()
        loop.create_task(self._subscribe())

    async def _subscribe(self) -> None:
        await asyncio.sleep(1)
";

/// The class starts a task of its own method, so its instance keeps tasks: the closure's task,
/// which sees `self` too, goes to the same set, and no module set is made.
#[test]
fn a_closures_task_shares_the_instance_set_of_its_classs_own_tasks() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("mod.py"), ADAPTER).unwrap();
    undangle()
        .args(["fix", "--strategy", "owner", "."])
        .current_dir(root)
        .assert()
        .success();
    let fixed = fs::read_to_string(root.join("mod.py")).unwrap();
    assert_eq!(
        fixed.matches("self._background_tasks.add(task)").count(),
        2,
        "{fixed}"
    );
    assert!(!fixed.contains("\n_background_tasks"), "{fixed}");
}
