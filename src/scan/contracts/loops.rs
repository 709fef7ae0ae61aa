//! Event loops other than the thread's current one, from the contract table: calls that run a
//! new loop of their own, and workflow engines whose own loop keeps every task.

// Calls that run a new event loop of their own.

/// A call that runs what it is handed on a new event loop it makes, never on the thread's
/// current one: a task made on the current loop before it waits in that loop's ready queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewLoopRun {
    /// The function, by the module that defines it: `aiohttp.web.run_app`.
    pub function: &'static str,
    /// The keyword argument that hands it a loop to run instead (then no new loop is made).
    pub unless: &'static [&'static str],
    /// The contract, as the evidence prints it.
    pub why: &'static str,
}

/// CPython 3.13 `Lib/asyncio/runners.py` (`run` makes a `Runner`, whose `_lazy_init` calls
/// `events.new_event_loop()` or the `loop_factory` it is handed); aiohttp 3.8 and later
/// `aiohttp/web.py` (`run_app(app, *, loop=None)`: `if loop is None: loop =
/// asyncio.new_event_loop()`); uvicorn `uvicorn/main.py` (`run` calls `server.run()`) and
/// `uvicorn/server.py` (`Server.run` is `asyncio_run(self.serve(sockets=sockets),
/// loop_factory=self.config.get_loop_factory())`; its `loop=` names a loop implementation,
/// not a loop).
pub const NEW_LOOP_RUNS: [NewLoopRun; 3] = [
    NewLoopRun {
        function: "asyncio.run",
        unless: &["loop_factory"],
        why: "asyncio `run(coro)` makes a new event loop and runs the coroutine on it",
    },
    NewLoopRun {
        function: "aiohttp.web.run_app",
        unless: &["loop"],
        why: "aiohttp `web.run_app(app)` with no `loop=` runs the app on a new event loop \
              (`asyncio.new_event_loop()`, aiohttp 3.8 and later)",
    },
    NewLoopRun {
        function: "uvicorn.run",
        unless: &[],
        why: "uvicorn `run(app)` serves the app on a new event loop (`Server.run` is \
              `asyncio_run(self.serve(...), loop_factory=...)`)",
    },
];

/// The new-loop run the qualified name of a called function is, if it is one.
pub fn new_loop_run(function: &str) -> Option<&'static NewLoopRun> {
    NEW_LOOP_RUNS.iter().find(|r| r.function == function)
}

// Workflow engines whose own event loop keeps every task.

/// A workflow engine that runs a workflow's code on its own event loop, whose `create_task`
/// keeps every task it makes until it is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkflowEngine {
    pub engine: &'static str,
    /// The module whose `defn` decorator marks a workflow class (`@workflow.defn`).
    pub module: &'static str,
    pub decorator: &'static str,
    pub api: &'static str,
}

/// Temporal's Python SDK as read in temporalio/sdk-python (3a464f9, 2026-08,
/// `temporalio/worker/_workflow_instance.py`): `_WorkflowInstanceImpl` is the workflow's event
/// loop; its `create_task` (which `asyncio.create_task` and `ensure_future` call on it) passes
/// each task to `_register_task`, which adds it to `self._tasks` and removes it in its done
/// callback (since 2022-11, 65c4025).
pub const WORKFLOW_ENGINES: [WorkflowEngine; 1] = [WorkflowEngine {
    engine: "Temporal",
    module: "temporalio.workflow",
    decorator: "defn",
    api: "Temporal's workflow event loop (`temporalio/worker/_workflow_instance.py` \
          `_register_task`) keeps every task it creates in `self._tasks` until it is done",
}];
