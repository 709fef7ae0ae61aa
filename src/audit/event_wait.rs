//! A task whose coroutine only waits for an asyncio `Event` has no exception to retrieve:
//! `Event.wait()` raises nothing but `CancelledError` (the contract table's `EVENT_WAIT`). Raced
//! in `asyncio.wait(..., return_when=FIRST_COMPLETED)` and only tested for membership after, its
//! exceptions are `n/a`, not `not-retrieved`, and the evidence names the contract and how the
//! code shows the event to be asyncio's ([`crate::detect::asyncio_events`]).

use super::context::Context;
use super::fate::{Exceptions, Shutdown};
use crate::detect::asyncio_events::{EventNames, waited_event};
use crate::detect::task_site::{Creator, TaskSite};
use crate::scan::contracts::EVENT_WAIT;
use crate::scan::syntax::{first_element, strip_parens, text};

/// The task's exceptions as [`super::exceptions::exceptions_of`] reads them, unless the contract
/// table says its coroutine raises none to retrieve: then `n/a`, with the words the evidence
/// adds (`; asyncio `Event.wait()` ...`; empty otherwise).
pub(super) fn exceptions(
    site: &TaskSite,
    shutdown: Shutdown,
    context: &mut Context,
) -> (Exceptions, String) {
    let read = super::exceptions::exceptions_of(site, shutdown, context);
    let src = context.source.text;
    match (read == Exceptions::NotRetrieved)
        .then(|| raises_none(site, src))
        .flatten()
    {
        Some(why) => (Exceptions::NotApplicable, format!("; {why}")),
        None => (read, String::new()),
    }
}

/// The evidence that the site's task raises nothing to retrieve, when the contract applies: a
/// task asyncio's own creator makes (`create_task`, `ensure_future`, `Task`) of `<event>.wait()`,
/// the event proved asyncio's. A coroutine handed to another loop's thread
/// (`run_coroutine_threadsafe`) may wait for an event bound to this one: no proof.
fn raises_none(site: &TaskSite, src: &str) -> Option<String> {
    let creators = matches!(site.creator, Creator::Task | Creator::TaskClass);
    if !creators || !site.takes_the_coroutine(src) {
        return None;
    }
    let arguments = site.call.child_by_field_name("arguments")?;
    let first = first_element(arguments)?;
    // `create_task(coro=...)`: the keyword's value.
    let coroutine = match first.kind() {
        "keyword_argument" => first
            .child_by_field_name("name")
            .filter(|n| text(*n, src) == "coro")
            .and_then(|_| first.child_by_field_name("value"))?,
        _ => first,
    };
    let names = || EventNames::of_text(src);
    let how = waited_event(strip_parens(coroutine), &site.enclosing, src, names)?;
    Some(format!("{EVENT_WAIT} ({how})"))
}
