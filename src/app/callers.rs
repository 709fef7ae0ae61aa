//! After the walk (`audit` only): the calls of each method whose entry says it may replace its
//! task, found in the files the walk's index says may spell its name (read again and parsed),
//! and each such entry settled from them (see [`crate::audit::replaced::Replaced::settled`]).

use crate::app::{discover, walk};
use crate::project::callers::{self, Call, Method};
use crate::project::method_calls::CallIndex;
use crate::render::report::FileReport;
use crate::scan::source::decode;
use crate::scan::syntax;

/// Settles every entry of `reports` whose method may replace its task, from the calls of it in
/// the files `index` holds.
pub(crate) fn settle(reports: &mut [FileReport], index: CallIndex, threads: usize) {
    let mut asked = Vec::new();
    let mut methods: Vec<Method> = Vec::new();
    for (r, report) in reports.iter().enumerate() {
        for (s, site) in report.sites.iter().enumerate() {
            if let Some(replaced) = site.described().and_then(|d| d.replaced.as_deref()) {
                asked.push((r, s));
                methods.push(replaced.method.clone());
            }
        }
    }
    if methods.is_empty() {
        return;
    }
    let names: Vec<&str> = methods.iter().map(|m| m.name.as_str()).collect();
    let files = index.files_spelling(&names);
    let methods_ref = &methods;
    let found = discover::each(files, threads, |path, parser| {
        let display = walk::display(&path);
        let bytes = std::fs::read(&path).ok();
        let text = bytes.as_deref().and_then(|b| decode(b).ok());
        let tree = text.and_then(|text| syntax::parse(parser, text, None));
        let calls = match (text, tree) {
            (Some(text), Some(tree)) => callers::calls_in(tree.root_node(), text, methods_ref),
            // Not read: any of its uses may be a call that replaces a live task.
            _ => (0..methods_ref.len())
                .map(|method| Call {
                    method,
                    line: 0,
                    why: None,
                })
                .collect(),
        };
        (!calls.is_empty()).then_some((display, calls))
    });
    let mut per_method: Vec<Vec<Result<String, String>>> = vec![Vec::new(); methods.len()];
    for (display, calls) in found {
        for call in calls {
            let at = match call.line {
                0 => display.clone(),
                line => format!("{display}:{line}"),
            };
            per_method[call.method].push(match call.why {
                Some(why) => Ok(format!("{at} {}", why.as_str())),
                None => Err(at),
            });
        }
    }
    for ((r, s), mut calls) in asked.into_iter().zip(per_method) {
        // Two uses on one line are one place to look.
        calls.dedup();
        let Some(description) = reports[r].sites[s].audit.as_deref_mut() else {
            continue;
        };
        let Some(replaced) = description.replaced.take() else {
            continue;
        };
        let (safe, said) = replaced.settled(&calls);
        if safe {
            description.risk = replaced.risk;
            description.action = replaced.action;
        }
        description.evidence = format!("{}; {said}", description.evidence);
    }
}
