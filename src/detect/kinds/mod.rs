//! The kinds of dropped task, each a rule in a file of its own that holds its documentation (as
//! ruff's rules do: What it does / Why is this bad? / Example / Fix safety), its message, its tier
//! and what the planner needs to know of its statement. This registry is the only list of them:
//! `undangle rule`, SARIF, the language server, the PR body and the documentation pages are
//! generated from it, and nothing else matches on a kind to decide wording.
//!
//! Each file holds its rule's detector too (see [`Detector`]). A new kind is a new file here and
//! its fixtures: `scripts/add_kind.py NAME` writes the file to fill in and registers it (a
//! variant of [`Kind`], a `mod` line and the end of [`RULES`]).

pub(super) mod kind;
pub(super) mod rule;

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

pub use rule::{Detector, FixAvailability, Kind, Message, Rule, Shape, Spawn, Tier};
pub use threadsafe_handoff::HANDOFF_EVIDENCE;

/// Every rule that is reported, in the order `check --statistics`, SARIF and the docs list them
/// and detection asks them in.
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
