//! One task-creation site, as nodes: which call creates the task, what becomes of its
//! reference and, when that is a drop `check` reports, how its statement drops it. The one site
//! model: `check` prints the dropped sites, `audit` describes them all, `fix` plans from them.

use std::ops::Range;

use tree_sitter::Node;

use super::dropped::Dropped;
use super::kinds::kind::Kind;
use super::verdict::Verdict;

/// What happens to a task's reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reference {
    Dropped,
    Awaited,
    Returned,
    Attribute,
    Collection,
    Module,
    TaskGroup,
    Passed,
    Local,
}

impl Reference {
    pub const ALL: [Reference; 9] = [
        Reference::Dropped,
        Reference::Awaited,
        Reference::Returned,
        Reference::Attribute,
        Reference::Collection,
        Reference::Module,
        Reference::TaskGroup,
        Reference::Passed,
        Reference::Local,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reference::Dropped => "dropped",
            Reference::Awaited => "awaited",
            Reference::Returned => "returned",
            Reference::Attribute => "attribute",
            Reference::Collection => "collection",
            Reference::Module => "module",
            Reference::TaskGroup => "task-group",
            Reference::Passed => "passed",
            Reference::Local => "local",
        }
    }
}

/// Which kind of call creates the task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Creator {
    /// What detection reports when dropped: asyncio's functions, a loop's `create_task`, a
    /// configured task function.
    Task,
    /// `tg.create_task(...)` on a `TaskGroup`: the group keeps and awaits it.
    TaskGroup,
    /// `asyncio.Task(coro)`.
    TaskClass,
    /// `asyncio.run_coroutine_threadsafe(coro, loop)`: its concurrent Future holds the task.
    Threadsafe,
    /// `loop.call_soon_threadsafe(loop.create_task, coro)`: the loop creates the task later and
    /// drops it.
    Handoff,
}

/// What the file cannot show of a site's proof, a method Python looks up on the object's class
/// when the call runs: why an `unknown` proof stopped, or what a `kept` one rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenProof {
    /// `self.m()`: which `m` runs is the object's class's to say, so the classes of the checked
    /// code derived from `class` decide (`audit::overrides`); `line` is `class`'s own `def m`.
    Overrides {
        class: String,
        method: String,
        line: usize,
        /// Its awaits yield to the ready queue: the first such call, as the code writes it
        /// (`asyncio.sleep(0.0)`).
        yields: Option<String>,
        /// The site's coroutine is a function nested in the method, which awaits only this
        /// one (`async def _runner(): await self.publish(...)`): its name and line.
        through: Option<(String, usize)>,
        /// The parameters the site's call leaves `False`, whose `if p:` bodies the proof
        /// skipped ([`super::quiet_awaits::left_off`]).
        off: Vec<String>,
    },
    /// It also rests on the methods its awaits run (see [`super::first_step_through`]), each of
    /// which a subclass elsewhere may override: no reading of one class's heirs settles it.
    Awaits,
    /// It also rests on the elements of a list that code outside the file may add to (see
    /// [`super::first_step_elements`]): no reading of subclasses can settle it.
    Elements,
    /// Kept through `self.m(task)`, where `class`'s own `m` keeps the task (see
    /// [`super::handed`]): a class derived from `class` that binds `m` may not, so the classes of
    /// the checked code decide whether the keeping holds (`audit::overrides`).
    Keeper { class: String, method: String },
}

/// Why a site's work never runs (see [`TaskSite::never_runs`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeverRuns {
    /// Made on a loop that is never run (again): its ready queue holds the task, which never
    /// takes a step.
    IdleLoop,
    /// Handed a plain function's result, no coroutine: the creator raises `TypeError`.
    NotACoroutine,
    /// Called on a thread where no loop runs: the creator raises `RuntimeError`.
    NoLoopInThread,
}

/// One task-creation site, as nodes; the core turns it into plain data (`core::site::Site`).
#[derive(Debug, Clone)]
pub struct TaskSite<'t> {
    pub call: Node<'t>,
    /// The simple statement that holds the call (the call itself in a compound statement's
    /// header).
    pub statement: Node<'t>,
    pub creator: Creator,
    pub reference: Reference,
    /// The expression that holds the reference, as written (`self._task`, `_tasks`), if kept.
    pub holder: Option<String>,
    /// The holder qualified for the report (`Scheduler._task`, `module._tasks`).
    pub owner: Option<String>,
    /// The text where the holder lives (its class, or the module), as a byte range.
    pub owner_scope: Option<Range<usize>>,
    /// A holder is proved to keep the task, but its shutdown is not in the text the audit reads
    /// (another file's holder, a holder of the task's bound method): `shutdown` is `unknown`,
    /// and the evidence says why.
    pub shutdown_unknown: bool,
    /// The frame reads the task's `result()` or `exception()`, not under `if t.done():`, and
    /// awaits it nowhere: a running task's would raise, so the task is done there and its
    /// outcome read (its local holds it until then).
    pub outcome_read: bool,
    /// The local the task was first bound to, if any (or the second local bound to the same
    /// tasks, `pending = set(tasks)`, whose reads decide: see `local_from`).
    pub local: Option<String>,
    /// Where the binding of that second local ends: its reads, and the frame's shutdown of
    /// it, come after.
    pub local_from: Option<usize>,
    /// Enclosing classes and functions, outermost first.
    pub enclosing: Vec<Node<'t>>,
    /// What detection proved: kept, dropped (the drop `check` reports: its kind, its statement's
    /// shape, why it is not fixed if it is not), or unknown and why.
    pub verdict: Verdict<'t>,
    /// A `# noqa` comment silences the dropped task.
    pub suppressed: bool,
    /// The kind `check` would report but for that comment (`--ignore-noqa` reports it).
    pub silenced_kind: Option<super::kinds::kind::Kind>,
    /// Only `add_done_callback`, `cancel` and the like read the local: it dies with the frame.
    pub callback_only: bool,
    /// The function rebinds the attribute with no look at the task it held.
    pub unguarded_rebind: bool,
    /// The collection holding the task is a container made in the function: it dies with the
    /// frame, so it cannot grow forever.
    pub in_local_container: bool,
    /// The function later cancels or inspects the task it keeps in a local (`task.cancel()`,
    /// `task.done()`, `for t in running: t.cancel()`): the frame holds it until then, and its
    /// being bound again or its container dying afterwards loses nothing by accident.
    pub held_by_frame: bool,
    /// Every hand-off of the local is to a call the frame awaits, and the frame reads the local
    /// after it: the line of the first such await (see [`super::held_across`]).
    pub held_across: Option<usize>,
    /// Held across that await inside a loop that may turn again with the task unended: the
    /// line of the loop, which binds the local again on its next turn (see
    /// [`super::held_across`]).
    pub lost_next_turn: Option<usize>,
    /// `run_coroutine_threadsafe(queue.put(x), loop)`: the coroutine finishes in its first step
    /// (see `dropped_task::finishes_at_once`), so its dropped future loses nothing; or its
    /// coroutine never suspends (see `first_step`), so the loop holds it until it is done (or,
    /// `unknown`, every definition of the method it calls in this file never suspends).
    pub finishes_at_once: bool,
    /// The method on the object a proof rests on (an `unknown` one stopped there, or a `kept`
    /// one through a keeper), which the classes of the checked code may settle after the walk.
    pub open_proof: Option<OpenProof>,
    /// `asyncio.ensure_future(<a future>)`: no task is made; the statement drops (or the local
    /// holds) a future that what made it holds until it is done (see [`super::not_a_task`]).
    pub not_a_task: bool,
    /// What the task's suspensions wait on, held by a live object: what it is (`future`,
    /// `asyncio queue`, ...) and its names as written, quoted (`` `interceptor.future` ``; see
    /// [`super::future_wait`]): it holds the task while it waits. On an `unknown` site, the
    /// object the frame handed on, whose holder is not read ([`super::handed_wait`]).
    pub waits_on: Option<(&'static str, String)>,
    /// The task's work never runs, though nothing is lost to the collector: its loop never runs
    /// ([`super::idle_loop`]), or the call makes no task at all ([`super::not_coroutine`]).
    pub never_runs: Option<NeverRuns>,
    /// Held by a frame that a function of the checked code keeps alive while it runs the event
    /// loop: that function as called, and where it runs the loop (see [`super::frame`]).
    pub frame_runner: Option<(String, String)>,
    /// Kept in one slot of a mapping or list (`state["task"] = task`): the slot is overwritten,
    /// not grown, so nothing need be taken out of it.
    pub in_slot: bool,
    /// For a task added to a container of an enclosing function (a closure's): that function,
    /// whose reads decide the task's fate.
    pub closure_frame: Option<Node<'t>>,
    /// A local bound again (at this offset) before anything kept the task it held.
    pub rebound_at: Option<usize>,
    /// The task is returned and nothing else keeps it: the statement that creates (`return
    /// <call>`) or binds it (`task = <call>` … `return task`), where a fix of the function's
    /// callers would keep it. See [`super::factory`].
    pub factory_return: Option<Node<'t>>,
    /// A drop whose coroutine stores its own task, but too late to prove it kept (see
    /// [`super::self_kept`]): what a reported drop's evidence adds, and the action of an
    /// `unknown` one.
    pub stores_itself: Option<String>,
    /// Returned, and otherwise stored only in this weak container (a `weakref.WeakSet`, a
    /// `WeakValueDictionary`), which holds nothing: the function's callers decide its fate.
    pub weakly_held: Option<String>,
    /// Passed to a function of the checked code that awaits it before it is done with it (a
    /// context manager's `finally`), or to a library call whose contract reads its outcome
    /// (`Deferred.fromFuture`, see [`super::from_future`]): its exception is retrieved there.
    pub awaited_by_callee: bool,
    /// Passed to a plain function of the checked code that polls it and reads its outcome,
    /// and cancels it where it gives up, without awaiting it: that function, as the audit
    /// names it (`` `C.wait` (c.py:12) ``), and the line of its cancel.
    pub cancelled_by_callee: Option<(String, usize)>,
}

impl<'t> TaskSite<'t> {
    /// Marks the site dropped by `found`, whichever pass found it. A `noqa` comment silences
    /// `check`, not the language: a silenced site is dropped all the same, with no kind for
    /// `check` to report or `fix` to plan from (`--ignore-noqa` reports `silenced_kind`).
    pub fn mark_dropped(&mut self, found: Dropped<'t>, silenced: bool) {
        if silenced {
            self.suppressed = true;
            self.silenced_kind = Some(found.kind);
            self.verdict = Verdict::Dropped(None);
        } else {
            self.verdict = Verdict::Dropped(Some(found));
        }
    }

    /// Marks the site `unknown` where a never-suspends proof stops at `open`, `why` its reason:
    /// whatever another file does, this file proves no drop.
    pub fn mark_unknown(&mut self, why: String, open: OpenProof) {
        self.verdict = Verdict::Unknown(why);
        self.finishes_at_once = true;
        self.open_proof = Some(open);
    }

    /// Whether a pass has found the site dropped, silenced or not: no later pass marks it again.
    pub fn is_dropped(&self) -> bool {
        matches!(self.verdict, Verdict::Dropped(_))
    }

    /// The drop `check` reports, if there is one.
    pub fn drop(&self) -> Option<Dropped<'t>> {
        self.verdict.drop()
    }

    /// The kind `check` reports the site as, if it reports it.
    pub fn kind(&self) -> Option<Kind> {
        self.drop().map(|d| d.kind)
    }

    /// Why `fix` leaves the reported drop alone, if it does.
    pub fn unfixable(&self) -> Option<&'static str> {
        self.drop().and_then(|d| d.unfixable)
    }

    /// Whether asyncio's own creator makes the task, so that it takes the coroutine first (a
    /// configured or project task function may do anything with it): the creator's kind and
    /// its spelling, one of `scan::asyncio_api::CREATORS`.
    pub fn takes_the_coroutine(&self, src: &str) -> bool {
        matches!(
            self.creator,
            Creator::Task | Creator::TaskClass | Creator::Threadsafe
        ) && self
            .call
            .child_by_field_name("function")
            .and_then(|f| super::callee::last_name(crate::scan::syntax::strip_parens(f), src))
            .is_some_and(|name| crate::scan::asyncio_api::CREATORS.contains(&name))
    }
}
