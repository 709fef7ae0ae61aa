//! What a file's analysis says in plain data: the findings `check` reports, the audit's sites
//! and notes, and which factory results `fix` keeps at their call.

use crate::audit::lifecycle::{self, TaskUse};
use crate::detect::{self, Finding};
use crate::project::factories::FactoryRef;
use crate::scan::source::SourceFile;

/// What `check` reports of the file: its dropped sites, in plain data. Where the file sets a
/// loop-wide factory that keeps tasks, each drop it could not be shown to cover says so.
pub(super) fn findings_of(detection: &detect::Detection, source: &SourceFile) -> Vec<Finding> {
    let factories = &detection.facts.factories.refs;
    let dropped = detection.dropped();
    let mut findings: Vec<Finding> = dropped
        .iter()
        .map(|d| d.finding(source, factories))
        .collect();
    if let Some(set) = detection.loop_factories.first() {
        for finding in &mut findings {
            finding.message.push_str(&format!(
                " (line {} sets a task factory that keeps the tasks of `{}`; this task is not \
                 shown to run on that loop)",
                set.line, set.receiver
            ));
        }
    }
    findings
}

/// The audit's line on a loop-wide task factory that keeps what it creates.
fn loop_factory_note(set: &detect::loop_factory::LoopFactory) -> (usize, String) {
    let message = format!(
        "`{}.set_task_factory({})` keeps every task created on `{}` from here on (its factory \
         adds each to a set it discards from when done)",
        set.receiver, set.factory, set.receiver
    );
    (set.line, message)
}

/// The audit of the file: every task site, and a note for each loop-wide task factory that keeps
/// what it creates.
pub(super) fn audit_of(
    detection: &detect::Detection,
    source: &SourceFile,
) -> (Vec<TaskUse>, Vec<(usize, String)>) {
    let tasks = lifecycle::describe(&detection.sites, source);
    let notes = detection
        .loop_factories
        .iter()
        .map(loop_factory_note)
        .collect();
    (tasks, notes)
}

/// The factory results `fix` keeps at their call (see `Options::fixed_at_call`) are
/// findings like any other, planned in this file.
pub(super) fn fix_at_call(findings: &mut [Finding], at_call: impl Fn(&FactoryRef) -> bool) {
    for finding in findings {
        if finding.factory.as_ref().is_some_and(&at_call) {
            finding.factory = None;
        }
    }
}
