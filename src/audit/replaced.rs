//! "Cancel or check the task before `start` replaces it": a method binds a task to its object
//! with no look at the task the attribute held. That replaces a live task only if the method can
//! run again on the same object while it runs, which its callers decide, read across the project
//! after the walk ([`crate::project::callers`]). What the entry needs for that, and what it says
//! once the calls are known.

use std::sync::LazyLock;

use regex::Regex;

use super::fate::{Fate, Risk};
use crate::detect::task_site::TaskSite;
use crate::project::callers::{Method, UNPROVEN};
use crate::project::state::stopped::Stops;
use crate::scan::source::SourceFile;
use crate::scan::syntax::text;

/// The method that may replace its task, and the entry's risk and action if it cannot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    pub method: Method,
    pub risk: Risk,
    pub action: String,
}

static SETS_TRUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bself\.(\w+)\s*=\s*True\b").expect("valid pattern"));

/// What the callers of the site's method are asked, with `fate` as it is if none replaces a
/// live task (the methods that stop the task read once per class, in `stops`). `None` when
/// the task is not bound to an attribute of `self` in a method.
pub(super) fn of(
    site: &TaskSite,
    source: &SourceFile,
    fate: Fate,
    stops: &mut Stops,
) -> Option<Box<Replaced>> {
    let src = source.text;
    let function = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition")?;
    let name = text(function.child_by_field_name("name")?, src);
    let attribute = site.holder.as_deref()?.strip_prefix("self.")?;
    if !attribute.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let body = text(*function, src);
    let flags = (SETS_TRUE.captures_iter(body))
        .filter_map(|c| c.get(1).map(|m| m.as_str().to_owned()))
        .collect();
    let method = Method {
        name: name.to_owned(),
        attribute: attribute.to_owned(),
        flags,
        is_async: function.child(0).is_some_and(|c| c.kind() == "async"),
        passing: None,
        class: crate::project::receivers::class_of_method(*function, src),
        runs: own_method(site, src),
        stops: stops.of(*function, attribute, source),
    };
    // A task held in `self.X` is no drop: no slot note is asked of it.
    let action = super::action::action(site, source, &fate, &mut Default::default());
    Some(Box::new(Replaced {
        method,
        risk: fate.risk,
        action,
    }))
}

/// `m` of `create_task(self.m(...))`: the method of the object the task runs.
fn own_method(site: &TaskSite, src: &str) -> Option<String> {
    let arguments = site.call.child_by_field_name("arguments")?;
    let coroutine = arguments.named_child(0).filter(|c| c.kind() == "call")?;
    let function = coroutine.child_by_field_name("function")?;
    let object = function.child_by_field_name("object")?;
    (function.kind() == "attribute" && text(object, src) == "self")
        .then(|| function.child_by_field_name("attribute"))
        .flatten()
        .map(|m| text(m, src).to_owned())
}

/// How many of the uses that may replace a live task the evidence names.
pub const SHOWN: usize = 3;

impl Replaced {
    /// The pass stopped at uses that are no calls, or did not type every read: no proof either
    /// way for the uses not read, so the hazard stands, said so, with the uses read.
    fn unread(&self, calls: &[Result<String, String>]) -> String {
        let name = &self.method.name;
        let said = format!(
            "`{name}` may run again while the task runs: not every use of `.{name}` is read \
             (unknown)"
        );
        if calls.is_empty() {
            return said;
        }
        let more = match calls.len() {
            n if n > SHOWN => format!("; and {} more", n - SHOWN),
            _ => String::new(),
        };
        let read: Vec<&str> = (calls.iter().take(SHOWN))
            .map(|c| c.as_ref().map_or_else(String::as_str, String::as_str))
            .collect();
        format!(
            "{said}; the uses read rule nothing in: {}{more}",
            read.join("; ")
        )
    }

    /// What the entry says once the uses of its method in the checked code are read: `calls`
    /// as `path:line`, each with why it replaces no live task (`Ok`), or as a use that may
    /// (`Err`); `cut` when uses were left unread (files after them, or reads not typed),
    /// which leaves the hazard standing. `true` when none may: the entry takes [`Replaced::risk`] and its action. The
    /// clause is added to the evidence.
    pub fn settled(&self, calls: &[Result<String, String>], cut: bool) -> (bool, String) {
        let name = &self.method.name;
        let open: Vec<&str> = (calls.iter().filter_map(|c| c.as_ref().err()))
            .map(String::as_str)
            .collect();
        if open.is_empty() && cut {
            return (false, self.unread(calls));
        }
        if calls.is_empty() {
            let said = format!(
                "no call of `{name}` in the checked code: code outside it may run it again while \
                 the task runs"
            );
            return (false, said);
        }
        if open.is_empty() {
            // A call on an object of unknown class is not shown to replace a live task, nor
            // shown not to: those are counted, and the first few named.
            let suffix = format!(" {UNPROVEN}");
            let (unproven, proven): (Vec<&str>, Vec<&str>) = (calls.iter())
                .filter_map(|c| c.as_ref().ok())
                .map(String::as_str)
                .partition(|c| c.ends_with(&suffix));
            let mut said: Vec<String> = proven.iter().map(|c| (*c).to_owned()).collect();
            let shown = match unproven.len() {
                0 => "replaces",
                _ => "in the checked code is shown to replace",
            };
            if !unproven.is_empty() {
                let places: Vec<&str> = (unproven.iter().take(SHOWN))
                    .map(|c| c.strip_suffix(suffix.as_str()).unwrap_or(c))
                    .collect();
                let more = match unproven.len() {
                    n if n > SHOWN => format!(" and {} more", n - SHOWN),
                    _ => String::new(),
                };
                let each = if unproven.len() > 1 { ", each" } else { "" };
                said.push(format!("{}{more}{each} {UNPROVEN}", places.join(", ")));
            }
            let said = format!(
                "no call of `{name}` {shown} a live task: {}",
                said.join("; ")
            );
            return (true, said);
        }
        // The first few say where to look; a common name is called in many places.
        // The calls are read until that many are found: how many more there are is not known.
        let more = match open.len() {
            n if n > SHOWN => " and elsewhere",
            _ => "",
        };
        let shown = &open[..open.len().min(SHOWN)];
        let said = format!(
            "`{name}` may run again while the task runs: nothing rules it out at {}{more}",
            shown.join(", ")
        );
        (false, said)
    }
}
