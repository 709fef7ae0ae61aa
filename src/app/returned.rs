//! After the walk (`audit` only): the uses of each method whose entry says it returns its task,
//! found in the files the walk's index says may spell its name (read again and parsed), and each
//! entry whose calls all drop the task made `dropped` there (see
//! [`crate::audit::returned::Returned::dropped`]).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::app::{discover, walk};
use crate::audit::lifecycle::Risk;
use crate::audit::returned::{self, Returned, Use};
use crate::core::site::Verdict;
use crate::detect::task_site::Reference;
use crate::project::method_calls::CallIndex;
use crate::render::report::FileReport;
use crate::scan::source::decode;
use crate::scan::syntax::{self, text};

/// What the pass reads of a name: a use as an attribute (`x.name`) or a definition (`def name`).
const USE_OR_DEFINITION: &[&[u8]] = &[b".", b"def"];

/// What one file says of the methods asked: each use (method, line, use) and each definition of
/// one of their names.
struct Found {
    display: String,
    uses: Vec<(usize, usize, Use)>,
    definitions: Vec<usize>,
}

/// Settles every entry of `reports` whose method returns its task, from the uses of it in the
/// files `index` holds and in the methods' own files.
pub(crate) fn settle(reports: &mut [FileReport], index: &CallIndex, threads: usize) {
    let mut asked = Vec::new();
    let mut methods: Vec<Returned> = Vec::new();
    let mut files = Vec::new();
    for (r, report) in reports.iter().enumerate() {
        for (s, site) in report.sites.iter().enumerate() {
            if let Some(returned) = site.described().and_then(|d| d.returned.as_deref()) {
                asked.push((r, s));
                methods.push(returned.clone());
                files.push(report.path.clone());
            }
        }
    }
    if methods.is_empty() {
        return;
    }
    let names: Vec<&str> = methods.iter().map(|m| m.name.as_str()).collect();
    files.extend(index.files_spelling(&names));
    files.sort();
    files.dedup();
    let mut uses = vec![Vec::new(); methods.len()];
    let mut definitions = vec![0usize; methods.len()];
    // A method with a use that keeps or passes on what it returns, or a second definition, is
    // settled (its entry stays as it is): it is asked about no more, and once none is left no
    // other file is read (a common name, `start`, is spelled in hundreds of files).
    let mut live = vec![true; methods.len()];
    for batch in files.chunks(super::callers::BATCH) {
        if !live.contains(&true) {
            break;
        }
        let live_ref = &live;
        let found = discover::each(batch.to_vec(), threads, |path, parser| {
            Some(found_in(&path, &methods, live_ref, parser))
        });
        for file in found {
            for (method, line, used) in file.uses {
                uses[method].push((at(&file.display, line), used));
            }
            for method in file.definitions {
                definitions[method] += 1;
            }
        }
        for (i, live) in live.iter_mut().enumerate() {
            *live &= definitions[i] <= 1
                && (uses[i].iter().all(|(_, u)| *u == Use::Drops)
                    || uses[i].iter().all(|(_, u)| *u == Use::Handed));
        }
    }
    // The calls already dropped as sites of their own (a factory's result, `factory-result`):
    // the drop is reported where it happens, and the factory's entry stays as it is.
    let dropped: HashSet<String> = (reports.iter())
        .flat_map(|r| {
            (r.sites.iter())
                .filter(|s| s.reference == Reference::Dropped)
                .map(|s| at(&r.display, s.at.line))
        })
        .collect();
    for (i, (r, s)) in asked.into_iter().enumerate() {
        // Another definition of the name: a call of it may be a call of that one.
        if definitions[i] != 1 || uses[i].iter().all(|(at, _)| dropped.contains(at)) {
            continue;
        }
        if let Some(evidence) = methods[i].handed_on(&uses[i]) {
            let site = &mut reports[r].sites[s];
            if let Some(description) = site.audit.as_deref_mut() {
                description.evidence = evidence.clone();
                description.action = "find out what keeps the task: the checked code and the \
                                      library contracts do not say (see its evidence)"
                    .to_owned();
                description.risk = description.risk.max(Risk::Low);
                site.verdict = Verdict::Unknown(evidence);
            }
            continue;
        }
        let Some((evidence, action)) = methods[i].dropped(&uses[i]) else {
            continue;
        };
        let site = &mut reports[r].sites[s];
        let Some(description) = site.audit.as_deref_mut() else {
            continue;
        };
        description.evidence = evidence;
        description.action = action;
        description.risk = Risk::High;
        site.verdict = Verdict::Dropped(None);
        site.reference = Reference::Dropped;
    }
}

/// Where a use is: `path:line` (the path alone for a file that could not be read).
fn at(display: &str, line: usize) -> String {
    match line {
        0 => display.to_owned(),
        line => format!("{display}:{line}"),
    }
}

/// The uses and definitions of the names of the `live` methods in the file at `path`. A file
/// that cannot be read or parsed may use any of them in any way.
fn found_in(
    path: &Path,
    methods: &[Returned],
    live: &[bool],
    parser: &mut tree_sitter::Parser,
) -> Found {
    let display = walk::display(path);
    let asked: Vec<usize> = (0..methods.len()).filter(|&m| live[m]).collect();
    let unread = |display: String| Found {
        display,
        uses: asked.iter().map(|&m| (m, 0, Use::Other)).collect(),
        definitions: Vec::new(),
    };
    let Ok(bytes) = std::fs::read(path) else {
        return unread(display);
    };
    // Only the functions around the names are parsed (parsing each file whole was most of
    // `audit`'s time on the corpus).
    let names: Vec<&str> = asked.iter().map(|&m| methods[m].name.as_str()).collect();
    let Some((text_of, tree)) = decode(&bytes).ok().and_then(|t| {
        super::callers::parse_around(parser, t, &names, USE_OR_DEFINITION).map(|tree| (t, tree))
    }) else {
        return unread(display);
    };
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for &i in &asked {
        by_name.entry(methods[i].name.as_str()).or_default().push(i);
    }
    let mut found = Found {
        display,
        uses: Vec::new(),
        definitions: Vec::new(),
    };
    syntax::walk(tree.root_node(), |node| {
        let (name, is_definition) = match node.kind() {
            "attribute" => (node.child_by_field_name("attribute"), false),
            "function_definition" => (node.child_by_field_name("name"), true),
            _ => return true,
        };
        let Some(indices) = name.and_then(|n| by_name.get(text(n, text_of))) else {
            return true;
        };
        let line = node.start_position().row + 1;
        for &method in indices {
            match is_definition {
                true => found.definitions.push(method),
                false => {
                    let used = returned::use_of(node, methods[method].is_async);
                    found.uses.push((method, line, used));
                }
            }
        }
        true
    });
    found
}
