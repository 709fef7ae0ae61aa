//! After the walk (`audit` only): the calls of each method whose entry says it may replace its
//! task, found in the files the walk's index says may spell its name (read again and parsed),
//! and each such entry settled from them (see [`crate::audit::replaced::Replaced::settled`]).

use std::path::Path;

use crate::app::{discover, walk};
use crate::audit::replaced::SHOWN;
use crate::project::callers::{self, Call, Method, Read, Why};
use crate::project::method_calls::{self, CallIndex};
use crate::project::receivers::{Classes, Ruled};
use crate::render::report::FileReport;
use crate::scan::partial;
use crate::scan::source::{SourceFile, decode};
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
    let mut classes = None;
    let (per_method, cut) = placed(&index, &methods, threads, &mut classes);
    // A call under a parameter (`if is_initial:`): the calls of its function that pass it.
    let mut through = Vec::new();
    for (i, calls) in per_method.iter().enumerate() {
        for (j, (_, call)) in calls.iter().enumerate() {
            if let (None, Some(method)) = (call.why, &call.through) {
                through.push(((i, j), method.clone()));
            }
        }
    }
    let passing: Vec<Method> = through.iter().map(|(_, m)| m.clone()).collect();
    let mut by = vec![None; passing.len()];
    if !passing.is_empty() {
        let (per_passing, cut_passing) = placed(&index, &passing, threads, &mut classes);
        for (k, (calls, cut)) in per_passing.into_iter().zip(cut_passing).enumerate() {
            // Uses left unread: the calls that pass the parameter are not all known.
            if cut {
                continue;
            }
            let mut words: Result<Vec<String>, String> = calls.iter().map(described).collect();
            // Two calls on one line are one place to look.
            if let Ok(words) = words.as_mut() {
                words.dedup();
            }
            by[k] = words.ok().filter(|w| !w.is_empty()).map(|w| w.join(", "));
        }
    }
    let mut words: Vec<Vec<Result<String, String>>> = (per_method.iter())
        .map(|calls| calls.iter().map(described).collect())
        .collect();
    for (((i, j), method), by) in through.into_iter().zip(by) {
        let (Some(by), Some((parameter, _))) = (by, method.passing) else {
            continue;
        };
        let at = at(&per_method[i][j]);
        words[i][j] = Ok(format!("{at} only when `{parameter}` is passed, by {by}"));
    }
    for (((r, s), mut calls), cut) in asked.into_iter().zip(words).zip(cut) {
        // Two uses on one line are one place to look.
        calls.dedup();
        let Some(description) = reports[r].sites[s].audit.as_deref_mut() else {
            continue;
        };
        let Some(replaced) = description.replaced.take() else {
            continue;
        };
        // The pass stopped at uses that are no calls, each ruled out by its receiver's class
        // (`self.init = self._combatant.init`): the files after them are not read (reading
        // a common name's every use, `start`, `close`, cost the audit half its time again).
        let (safe, said) = replaced.settled(&calls, cut);
        if safe {
            description.risk = replaced.risk;
            description.action = replaced.action;
        }
        description.evidence = format!("{}; {said}", description.evidence);
    }
}

/// Rules out each call whose receiver the code shows to be of a class that cannot be its
/// method's ([`Classes::can_be`]); the classes of the checked code are read once, and only when
/// some call's receiver is of another class than its method's.
fn other_classes<'i>(
    per_method: &mut [Vec<(String, Call)>],
    methods: &[Method],
    index: &'i CallIndex,
    classes: &mut Option<&'i Classes>,
) {
    for (method, calls) in methods.iter().zip(per_method.iter_mut()) {
        let Some(owner) = method.class.as_deref() else {
            continue;
        };
        let mut relatives = None;
        for (_, call) in calls.iter_mut() {
            let Some(known) = call.receiver.take().filter(|_| call.why.is_none()) else {
                continue;
            };
            let classes = classes.get_or_insert_with(|| index.classes());
            let relatives = relatives.get_or_insert_with(|| classes.relatives(owner));
            let why = match classes.ruled(&known, relatives.as_ref()) {
                Ruled::Possible => continue,
                Ruled::OtherClass => Why::OtherClass,
                Ruled::Unshown => Why::Unproven,
            };
            call.why = Some(why);
            call.through = None;
        }
    }
}

/// Where the call is: `path:line`.
fn at((display, call): &(String, Call)) -> String {
    match call.line {
        0 => display.clone(),
        line => format!("{display}:{line}"),
    }
}

/// Where the call is, with why it replaces no live task (`Ok`), or without (`Err`).
fn described(call: &(String, Call)) -> Result<String, String> {
    match call.1.why {
        Some(why) => Ok(format!("{} {}", at(call), why.as_str())),
        None => Err(at(call)),
    }
}

/// How many files are parsed at a time, in path order (a few for each thread, whatever the
/// threads: the output is the same with any): between two batches, a method with
/// enough uses that may replace a live task to name in its evidence is asked about no more
/// (a common name, `close` or `start`, is spelled in hundreds of files).
pub(super) const BATCH: usize = 8;

/// A use nothing rules out: it may run the method again while the task runs.
fn open(call: &Call) -> bool {
    call.why.is_none() && call.through.is_none()
}

/// The uses of each of `methods` in the files `index` says may spell one, with the display
/// path of each, in path order: all of them, or for a method some of whose uses may replace a
/// live task, the first of those ([`SHOWN`] or more) and the uses before them; with whether
/// each method's uses were cut short (files left unread, or reads not typed). A use that is no
/// call counts among those that may replace, whatever it is ([`Read`]): the pass reads no
/// further for it, and types only as many of a file's reads as it may still count.
fn placed<'i>(
    index: &'i CallIndex,
    methods: &[Method],
    threads: usize,
    classes: &mut Option<&'i Classes>,
) -> (Vec<Vec<(String, Call)>>, Vec<bool>) {
    let names: Vec<&str> = methods.iter().map(|m| m.name.as_str()).collect();
    let files = index.files_spelling(&names);
    let mut per_method = vec![Vec::new(); methods.len()];
    let mut live = vec![true; methods.len()];
    let mut cut = vec![false; methods.len()];
    for (b, batch) in files.chunks(BATCH).enumerate() {
        if !live.contains(&true) {
            break;
        }
        let live_ref = &live;
        let typed: Vec<usize> = (per_method.iter())
            .map(|calls| SHOWN.saturating_sub(counted(calls)))
            .collect();
        let typed = &typed;
        let found = discover::each(batch.to_vec(), threads, |path, parser| {
            calls_of(&path, methods, live_ref, typed, parser)
        });
        for (display, calls) in found {
            for call in calls {
                per_method[call.method].push((display.clone(), call));
            }
        }
        other_classes(&mut per_method, methods, index, classes);
        for (method, calls) in per_method.iter().enumerate() {
            // A call under a parameter may still be settled by the calls that pass it.
            let open = counted(calls);
            // Files are left that this method's uses are not looked for in.
            cut[method] |= live[method] && open >= SHOWN && (b + 1) * BATCH < files.len();
            live[method] &= open < SHOWN;
        }
    }
    // Reads not typed, or no uses at all, are no places to name: a read not typed leaves the
    // proof where the files not read do.
    for (calls, cut) in per_method.iter_mut().zip(cut.iter_mut()) {
        *cut |= calls.iter().any(|(_, c)| c.read == Read::Untyped);
        calls.retain(|(_, c)| matches!(c.read, Read::No | Read::Typed));
    }
    (per_method, cut)
}

/// The uses that count toward the pass's stop: those nothing rules out, and every use that is
/// no call.
fn counted(calls: &[(String, Call)]) -> usize {
    (calls.iter())
        .filter(|(_, c)| open(c) || c.read != Read::No)
        .count()
}

/// The uses of the `live` methods in the file at `path`, with its display path; none when its
/// bytes do not spell `.name` for any of them.
fn calls_of(
    path: &Path,
    methods: &[Method],
    live: &[bool],
    typed: &[usize],
    parser: &mut tree_sitter::Parser,
) -> Option<(String, Vec<Call>)> {
    let display = walk::display(path);
    let Ok(bytes) = std::fs::read(path) else {
        // Not read: any of its uses may be a call that replaces a live task.
        let all = (0..methods.len()).filter(|&m| live[m]).map(|method| Call {
            method,
            line: 0,
            why: None,
            through: None,
            receiver: None,
            read: Read::No,
        });
        return Some((display, all.collect()));
    };
    let asked: Vec<&Method> = (0..methods.len())
        .filter(|&m| live[m])
        .map(|m| &methods[m])
        .collect();
    if !method_calls::may_run(&bytes, &asked) {
        return None;
    }
    let text = decode(&bytes).ok();
    let mut names: Vec<&str> = asked.iter().map(|m| m.name.as_str()).collect();
    // The methods that cancel an asked task (`self._task.cancel()` in `stop`), which a call
    // may follow (`await self.stop()`): parsed only where the file spells such a cancel.
    let cancels = |m: &&Method| {
        let cancel = format!(".{}.cancel()", m.attribute);
        memchr::memmem::find(&bytes, cancel.as_bytes()).is_some()
    };
    if asked.iter().any(cancels) {
        names.push("cancel");
    }
    let tree = text.and_then(|text| parse_around(parser, text, &names, ATTRIBUTE));
    let calls: Vec<Call> = match (text, tree) {
        (Some(text), Some(tree)) => callers::calls_in(tree.root_node(), text, methods, typed),
        _ => (0..methods.len())
            .map(|method| Call {
                method,
                line: 0,
                why: None,
                through: None,
                receiver: None,
                read: Read::No,
            })
            .collect(),
    };
    let calls: Vec<Call> = calls.into_iter().filter(|c| live[c.method]).collect();
    (!calls.is_empty()).then_some((display, calls))
}

/// What a use of a method is: an attribute (`x.name`), the only use the callers' pass reads.
pub(crate) const ATTRIBUTE: &[&[u8]] = &[b"."];

/// A tree of only the parts of the file around each place it spells one of the `names` right
/// after one of the tokens `after` (see [`ATTRIBUTE`]): the
/// function around it, or where none is, the smallest statement (see
/// [`partial::statements_around`]); what decides a use is read there (parsing each file whole
/// was a tenth of `audit`, and its fallbacks for names spelt outside functions a third). A byte
/// order mark, a file the lexer cannot read, or a syntax error in the parts, and the file is
/// parsed whole.
pub(crate) fn parse_around(
    parser: &mut tree_sitter::Parser,
    text: &str,
    names: &[&str],
    after: &[&[u8]],
) -> Option<tree_sitter::Tree> {
    let parts = (!text.starts_with('\u{feff}'))
        .then(|| blocks_around(text.as_bytes(), names, after))
        .flatten();
    let tree = parts.and_then(|ranges| {
        // Only comments spell them: no code to read (and no ranges would be the whole file).
        if ranges.is_empty() {
            return syntax::parse(parser, "", None);
        }
        let source = SourceFile::new(text);
        syntax::parse_ranges(parser, &source, &ranges).filter(|t| !t.root_node().has_error())
    });
    tree.or_else(|| syntax::parse(parser, text, None))
}

/// The parts around every place `bytes` spells one of the `names` as a whole word (see
/// [`partial::statements_around`]) right after one of the tokens `after`.
fn blocks_around(
    bytes: &[u8],
    names: &[&str],
    after: &[&[u8]],
) -> Option<Vec<std::ops::Range<usize>>> {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    let mut offsets = Vec::new();
    for name in names {
        let name = name.as_bytes();
        if name.is_empty() {
            return None;
        }
        for at in memchr::memmem::find_iter(bytes, name) {
            let before = at.checked_sub(1).and_then(|b| bytes.get(b));
            let after = bytes.get(at + name.len());
            if !(before.is_some_and(|&b| word(b)) || after.is_some_and(|&b| word(b))) {
                offsets.push(at);
            }
        }
    }
    // No place to read: nothing to lex (most of the files a pass reads, once the common names
    // are no longer asked about).
    if offsets.is_empty() {
        return Some(Vec::new());
    }
    offsets.sort_unstable();
    partial::statements_around(bytes, &offsets, after)
}
