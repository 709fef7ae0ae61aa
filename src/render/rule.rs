//! `undangle rule`: a kind's documentation, as `ruff rule` prints a rule's: Markdown for a
//! person, JSON for the documentation site and other tools. Also each kind's page address, which
//! SARIF, the language server and the PR body link to.

use std::io::{self, Write};

use serde::Serialize;

use crate::detect::{FixAvailability, Rule};

/// The documentation site; each kind's page is `rules/<kind>/` below it.
pub const DOCS: &str = "https://undangle.github.io/undangle/";

/// The address of a kind's own page.
pub fn url(rule: &Rule) -> String {
    format!("{DOCS}rules/{}/", rule.name)
}

#[derive(Serialize)]
struct RuleJson<'a> {
    name: &'a str,
    summary: &'a str,
    explanation: String,
    /// Whether `fix` fixes sites of the kind (all, or some of them).
    fix: bool,
    fix_availability: &'a str,
    preview: bool,
    url: String,
}

/// The rule's page in Markdown: its name, its tier and fix, then its documentation.
pub fn markdown(rule: &Rule) -> String {
    let tier = match rule.is_preview() {
        true => {
            "This kind is in preview: `check` reports it with `--preview` (or `preview = true`)."
        }
        false => "This kind is stable: `check` reports it by default.",
    };
    format!(
        "# {}\n\n{}\n\n{tier}\n\n{}\n\n{}",
        rule.name,
        rule.summary,
        fix_sentence(rule.fix),
        rule.explanation()
    )
}

fn fix_sentence(fix: FixAvailability) -> &'static str {
    match fix {
        FixAvailability::Always => "Fix is always available.",
        FixAvailability::Sometimes => "Fix is sometimes available.",
    }
}

pub fn print(out: &mut impl Write, rules: &[&Rule], as_list: bool, json: bool) -> io::Result<()> {
    if !json {
        let pages: Vec<String> = rules.iter().map(|rule| markdown(rule)).collect();
        return out.write_all(pages.join("\n").as_bytes());
    }
    let objects: Vec<RuleJson> = rules
        .iter()
        .map(|rule| RuleJson {
            name: rule.name,
            summary: rule.summary,
            explanation: rule.explanation(),
            // Every kind is fixed at some of its sites (`fix_availability` says which).
            fix: true,
            fix_availability: match rule.fix {
                FixAvailability::Always => "always",
                FixAvailability::Sometimes => "sometimes",
            },
            preview: rule.is_preview(),
            url: url(rule),
        })
        .collect();
    let text = match (as_list, objects.first()) {
        (false, Some(one)) => serde_json::to_string_pretty(one),
        _ => serde_json::to_string_pretty(&objects),
    }
    .map_err(io::Error::other)?;
    writeln!(out, "{text}")
}
