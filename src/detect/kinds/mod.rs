//! The kinds of dropped task, each a rule in a file of its own that holds its documentation (as
//! ruff's rules do: What it does / Why is this bad? / Example / Fix safety), its message, its tier
//! and what the planner needs to know of its statement. This registry is the only list of them:
//! `undangle rule`, SARIF, the language server, the PR body and the documentation pages are
//! generated from it, and nothing else matches on a kind to decide wording.
//!
//! A new kind is a new file here, a variant of [`Kind`] and a line in [`RULES`].

mod bare;
mod callback_only;
mod callback_return;
mod chained_callback;
mod comprehension;
mod dying_container;
mod factory_result;
mod rebound;
mod threadsafe_handoff;
mod unused_assignment;
mod wait_pending;
mod weak_container;

use super::dropped_task::Dropped;
use crate::project::factories::FactoryRef;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Bare,
    UnusedAssignment,
    ChainedCallback,
    Comprehension,
    CallbackOnly,
    FactoryResult,
    ThreadsafeHandoff,
    Rebound,
    DyingContainer,
    CallbackReturn,
    WeakContainer,
    WaitPending,
    /// Never reported: the `return` in a task factory whose result some caller drops, where
    /// `fix` keeps the task.
    FactoryReturn,
}

/// Every rule that is reported, in the order `check --statistics`, SARIF and the docs list them.
pub const RULES: [&Rule; 12] = [
    &bare::RULE,
    &unused_assignment::RULE,
    &chained_callback::RULE,
    &comprehension::RULE,
    &callback_only::RULE,
    &factory_result::RULE,
    &threadsafe_handoff::RULE,
    &rebound::RULE,
    &dying_container::RULE,
    &callback_return::RULE,
    &weak_container::RULE,
    &wait_pending::RULE,
];

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
    /// The rule's file: its `//!` documentation is the explanation.
    source: &'static str,
    /// What happens to the task, and what follows: the finding's message.
    message: fn(&Dropped, &Message) -> String,
}

/// What a message names besides the site's nodes.
pub struct Message<'a> {
    /// What creates the task, as written.
    pub callee: &'a str,
    /// For `factory-result`: the factory.
    pub factory: Option<&'a FactoryRef>,
    pub src: &'a str,
}

/// The consequence that ends most messages.
const IT_CAN_BE_COLLECTED: &str = "; it can be garbage-collected before it finishes";

impl Kind {
    /// Every kind that is reported, in the order of [`RULES`].
    pub fn all() -> impl Iterator<Item = Kind> {
        RULES.iter().map(|rule| rule.kind)
    }

    pub fn rule(self) -> &'static Rule {
        match self {
            Kind::FactoryReturn => &factory_result::RETURN,
            _ => RULES
                .iter()
                .find(|rule| rule.kind == self)
                .copied()
                .unwrap_or(&factory_result::RETURN),
        }
    }

    /// One sentence on what the kind is, for rule descriptions.
    pub fn description(self) -> &'static str {
        self.rule().summary
    }

    pub fn as_str(self) -> &'static str {
        self.rule().name
    }

    /// The reported kind with this name.
    pub fn from_name(name: &str) -> Option<Kind> {
        RULES
            .iter()
            .find(|rule| rule.name == name)
            .map(|rule| rule.kind)
    }
}

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
    pub fn message(&self, site: &Dropped, names: &Message) -> String {
        (self.message)(site, names)
    }

    pub fn is_preview(&self) -> bool {
        self.tier == Tier::Preview
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_rule_with_the_four_sections() {
        let mut names = std::collections::HashSet::new();
        for (rule, kind) in RULES.iter().zip(Kind::all()) {
            assert_eq!(kind.rule().name, rule.name);
            assert_eq!(Kind::from_name(rule.name), Some(kind));
            assert!(names.insert(rule.name), "{} twice", rule.name);
            let doc = rule.explanation();
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Fix safety",
            ] {
                assert!(doc.contains(section), "{}: no {section}", rule.name);
            }
            assert!(doc.contains("```python"), "{}: no example", rule.name);
        }
        assert_eq!(Kind::FactoryReturn.as_str(), "factory-return");
        assert_eq!(Kind::from_name("factory-return"), None);
    }
}
