//! The audit's words for a site's verdict: what keeps the task, what drops it, or what is not
//! known, each with what proves it.

use crate::detect::callback::{Registered, registered_body};
use crate::detect::task_site::{Reference, TaskSite};
use crate::detect::verdict::Verdict;

/// The proof of the site's verdict, in a sentence.
pub fn evidence(site: &TaskSite, src: &str) -> String {
    match &site.verdict {
        Verdict::Unknown(reason) => reason.clone(),
        Verdict::Kept { by: Some(by) } => by.clone(),
        Verdict::Kept { by: None } => kept(site),
        Verdict::Dropped(None) => {
            "the language: the statement drops the task (a `noqa` comment silences it)".to_owned()
        }
        Verdict::Dropped(Some(drop)) => {
            callback_contract(site, src).unwrap_or_else(|| drop.kind.rule().evidence.to_owned())
        }
    }
}

/// What keeps a task, by its reference.
fn kept(site: &TaskSite) -> String {
    let holder = site.holder.as_deref().unwrap_or("its holder");
    match site.reference {
        Reference::Awaited => "the language: the function awaits it, so its frame holds it until \
                               it is done"
            .to_owned(),
        Reference::Returned => "the language: it is returned, and its caller holds it".to_owned(),
        Reference::Attribute => format!("the language: the attribute `{holder}` holds it"),
        Reference::Collection => format!("the language: the collection `{holder}` holds it"),
        Reference::Module => format!("the language: the module's name `{holder}` holds it"),
        Reference::TaskGroup => {
            "asyncio: a `TaskGroup` holds its tasks until they are done".to_owned()
        }
        Reference::Local => match site.local.as_deref() {
            Some(local) => format!(
                "the language: the local `{local}` holds it, and the function reads it after"
            ),
            None => "the language: a local holds it".to_owned(),
        },
        // Settled as dropped or unknown, or kept `by` something named: never reached.
        Reference::Dropped | Reference::Passed => {
            "kept by what the site's statement does".to_owned()
        }
    }
}

/// The contract of the registration a dropped lambda's task goes to, in its words.
fn callback_contract(site: &TaskSite, src: &str) -> Option<String> {
    match registered_body(site.call, src)? {
        Registered::Dropped(_, api) => Some(api.to_owned()),
        Registered::Kept(_) | Registered::Unknown(_) => None,
    }
}
