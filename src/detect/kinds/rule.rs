//! What a rule is: a kind of dropped task, its tier, its fix, the statement shape the planner
//! rewrites, and its message. Each kind's file fills one in; [`super`] lists them.

pub use super::kind::Kind;
use crate::detect::dropped::Dropped;
use crate::detect::facts::Facts;
use crate::detect::statement::Statement;
use crate::detect::task_site::TaskSite;
use crate::project::factories::FactoryRef;
use crate::scan::source::SourceFile;

/// Whether a kind is reported by default, as ruff's preview: a kind whose precision on code
/// nobody here had seen is not yet measured at 99% or better waits for `--preview`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    Stable,
    Preview,
}

/// Whether `fix` fixes a site of the kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    Always,
    Sometimes,
}

/// Where the task stands in the statement that drops it: what the planner rewrites.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The call is the statement (`asyncio.create_task(work())`).
    Call,
    /// The statement holds a concurrent future that holds the task
    /// (`asyncio.run_coroutine_threadsafe(work(), loop)`).
    Future,
    /// `<task call>.add_done_callback(cb)`.
    Chained,
    /// `[<task call> for ...]`.
    Comprehension,
    /// The task is bound to a name (`task = <task call>`).
    Named,
    /// `return <task call>`.
    Return,
    /// The call is inside a container or a wait (`tasks.append(<task call>)`).
    Held,
    /// The call is the body of a lambda whose caller drops what it returns.
    Lambda,
}

/// Whether a keeper that takes the coroutine (`spawn(work())`) may stand in for the task call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spawn {
    /// Yes: nothing reads the task.
    Always,
    /// Only a keeper that returns the task: the statement uses it.
    IfItReturns,
    Never,
}

/// A kind of dropped task, as its file describes it.
pub struct Rule {
    pub kind: Kind,
    /// The kind's name, as `check` prints it.
    pub name: &'static str,
    /// One sentence on what the kind is.
    pub summary: &'static str,
    pub tier: Tier,
    pub fix: FixAvailability,
    pub shape: Shape,
    pub spawn: Spawn,
    /// How the rule finds its sites.
    pub detect: &'static [Detector],
    /// What proves a drop of this kind: the language, asyncio's contract, the checked code or a
    /// library's, in a few words.
    pub evidence: &'static str,
    /// The rule's file: its `//!` documentation is the explanation.
    pub(super) source: &'static str,
    /// What happens to the task, and what follows: the finding's message.
    pub(super) message: fn(&Message) -> String,
}

/// How a rule finds its sites; detection runs each rule's detectors in the registry's order.
#[derive(Clone, Copy)]
pub enum Detector {
    /// Looks at each expression statement: the first rule that finds a drop there reports it.
    Statement(StatementDetector),
    /// Looks at each expression or `return` statement where no `Statement` detector found one.
    Callback(StatementDetector),
    /// Looks again at a drop another rule found, and may make it this rule's.
    Refine(RefineDetector),
    /// Looks at the sites once every site's reads are known, and marks the drops it finds.
    Sites(SitesDetector),
}

pub type StatementDetector =
    for<'t, 's, 'a, 'b> fn(&'b mut Statement<'t, 's, 'a>) -> Option<Dropped<'t>>;
pub type RefineDetector = for<'t, 's, 'a, 'b> fn(&'b Statement<'t, 's, 'a>, &'b mut Dropped<'t>);
pub type SitesDetector =
    for<'t, 'a> fn(&'t tree_sitter::Tree, &'a SourceFile<'a>, &'a Facts, &'a mut [TaskSite<'t>]);

/// What a message can name of its site, as written.
pub struct Message<'a> {
    /// What creates the task.
    pub callee: &'a str,
    /// The name the task is bound to, if any (`""` when none).
    pub target: &'a str,
    /// The container the task is added to (`tasks` in `tasks.append(...)`).
    pub container: &'a str,
    /// The method that calls the lambda whose task is dropped (`loop.call_later`).
    pub registrar: &'a str,
    /// The function the call is, without whitespace (`loop.call_soon_threadsafe`).
    pub function: &'a str,
    /// For `factory-result`: the factory.
    pub factory: Option<&'a FactoryRef>,
}

/// The consequence that ends most messages.
pub(super) const IT_CAN_BE_COLLECTED: &str = "; it can be garbage-collected before it finishes";

impl Rule {
    /// The rule's documentation, in Markdown: its file's `//!` lines.
    pub fn explanation(&self) -> String {
        let mut doc = String::new();
        for line in self.source.lines() {
            let Some(rest) = line.strip_prefix("//!") else {
                break;
            };
            doc.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            doc.push('\n');
        }
        doc.trim().to_owned() + "\n"
    }

    /// The finding's message for a site of this rule.
    pub fn message(&self, names: &Message) -> String {
        (self.message)(names)
    }

    pub fn is_preview(&self) -> bool {
        self.tier == Tier::Preview
    }
}
