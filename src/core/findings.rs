//! What a file's analysis says in plain data: the findings `check` reports, the audit's sites
//! and notes, and which factory results `fix` keeps at their call.

use std::collections::HashSet;
use std::path::Path;

use crate::audit::lifecycle::{self, TaskUse};
use crate::detect::{self, Finding};
use crate::project::factories::FactoryRef;
use crate::scan::source::SourceFile;
use crate::scan::source::{GENERATED, is_generated};

/// What `check` reports of the file: its dropped sites, in plain data. Where the file sets a
/// loop-wide factory that keeps tasks, each drop it could not be shown to cover says so; where
/// it says it is generated, none is fixed.
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
    not_fixed_if_generated(&mut findings, source.text);
    findings
}

/// A file that says it is generated is reported but never edited: each finding says to fix the
/// generator's source instead.
fn not_fixed_if_generated(findings: &mut [Finding], text: &str) {
    if findings.iter().all(|f| !f.fixable) || !is_generated(text) {
        return;
    }
    for finding in findings.iter_mut().filter(|f| f.fixable) {
        finding.fixable = false;
        finding.unfixable = Some(GENERATED);
        finding.message.push_str(" (no automatic fix: ");
        finding.message.push_str(GENERATED);
        finding.message.push(')');
    }
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
    let mut tasks = lifecycle::describe(&detection.sites, source);
    if is_generated(source.text) {
        for task in tasks.iter_mut().filter(|t| t.fixable) {
            task.fixable = false;
            task.action = format!("keep a reference by hand ({})", GENERATED);
        }
    }
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

/// The factories of this file whose task `fix` keeps, with those `findings` drop the result of
/// (a dropped factory result is fixed in the factory: here if it is this file's, else there);
/// with `select`, only the factory of the finding at that (line, column).
pub(super) fn keep_factories(
    kept: &mut HashSet<String>,
    findings: &[Finding],
    file: Option<&Path>,
    select: Option<(usize, usize)>,
) {
    let factories = findings.iter().filter_map(|f| f.factory.as_ref());
    let here = factories.filter(|f| Some(f.file.as_path()) == file);
    kept.extend(here.map(|f| f.name.clone()));
    if let Some(at) = select {
        let selected = findings.iter().find(|f| (f.line, f.column) == at);
        let name = selected.and_then(|f| f.factory.as_ref()).map(|f| &f.name);
        kept.retain(|kept| Some(kept) == name);
    }
}
