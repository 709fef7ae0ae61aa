//! After the walk (`audit` only): an attribute holder that the class the audit read it in never
//! shuts down, shut down by another class of the checked code that is the same object's (issue
//! 35's fifth exam, classes 1 and 7; [`crate::audit::other_class`]):
//! - `x.attr` where the code shows `x`'s class (`x = Heartbeat(...)`, `x: Batch`, `self.x`
//!   bound to one class): that class's methods that cancel or await `self.attr`;
//! - `self.attr` of a mixin: the classes joined with it in another file (`class
//!   Audio(LavalinkTasks, DpyEvents)`: `DpyEvents.cog_unload` cancels it).
//!
//! The classes are the walk's class headers ([`CallIndex::classes`]): the class and its
//! relatives (classes derived from it and their ancestors), a name defined once only. Only the
//! files that spell `.attr` are read again, and only for such entries.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use tree_sitter::{Node, Point};

use crate::app::walk;
use crate::audit::lifecycle::{Risk, Shutdown};
use crate::audit::other_class::{self, Shut};
use crate::detect::task_site::Reference;
use crate::project::attributes::Attributes;
use crate::project::method_calls::CallIndex;
use crate::project::own_class;
use crate::project::receivers;
use crate::render::report::FileReport;
use crate::scan::syntax::{self, strip_parens, text};

/// An open entry and the class the code shows its holder's object to be.
struct Asked {
    report: usize,
    site: usize,
    owner: String,
    class: String,
    attribute: String,
    /// How the code shows the class, in words.
    why: String,
    /// The holder is `self.attr` of the owner's class.
    of_self: bool,
    /// The object is made by this classmethod of the class (`C.m(...)`): it is the class's only
    /// where the class's `m` returns `cls(...)`.
    made_by: Option<String>,
    /// A `__del__`'s cancel counts: the task does not hold the instance.
    finalizer: bool,
}

/// Settles the entries of `reports` whose attribute holder is shut down `none` where another
/// class of the same object shuts it down.
pub(crate) fn settle(reports: &mut [FileReport], index: &CallIndex) {
    let asked = asked(reports);
    if asked.is_empty() {
        return;
    }
    let classes = index.classes();
    let mut texts: HashMap<PathBuf, Option<String>> = HashMap::new();
    for ask in asked {
        // Which class a name stands for is known only when the code defines one of that name.
        if classes.definitions(&ask.class) != 1 {
            continue;
        }
        let relatives =
            (classes.relatives(&ask.class)).unwrap_or_else(|| HashSet::from([ask.class.clone()]));
        // `self.attr` of a class with no relatives: its own file said all there is.
        if ask.of_self && relatives.len() < 2 {
            continue;
        }
        if let Some(method) = &ask.made_by {
            let shown = index.files_defining(&ask.class).into_iter().any(|path| {
                let src = texts.entry(path.clone()).or_insert_with(|| read(&path));
                (src.as_deref())
                    .is_some_and(|s| own_class::returns_own_class(s, &ask.class, method))
            });
            if !shown {
                continue;
            }
        }
        let mut best: Option<(Shut, PathBuf)> = None;
        for path in index.files_spelling(&[ask.attribute.as_str()]) {
            let src = texts.entry(path.clone()).or_insert_with(|| read(&path));
            let Some(src) = src.as_deref() else {
                continue;
            };
            let Some(shut) =
                other_class::shutdown_in(src, &relatives, &ask.attribute, ask.finalizer)
            else {
                continue;
            };
            if best
                .as_ref()
                .is_none_or(|(b, _)| rank(shut.shutdown) > rank(b.shutdown))
            {
                best = Some((shut, path));
            }
        }
        let Some((shut, path)) = best else {
            continue;
        };
        let report = &mut reports[ask.report];
        let file = (path != report.path).then(|| walk::display(&path));
        if let Some(description) = report.sites[ask.site].audit.as_deref_mut() {
            other_class::settle(description, &ask.owner, &shut, file.as_deref(), &ask.why);
        }
    }
}

fn read(path: &std::path::Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    crate::scan::source::decode(&bytes).ok().map(str::to_owned)
}

/// How much of a shutdown a place writes: a cancel and a wait above either alone.
fn rank(shutdown: Shutdown) -> u8 {
    match shutdown {
        Shutdown::CancelledAndAwaited => 3,
        Shutdown::Awaited => 2,
        Shutdown::Cancelled => 1,
        _ => 0,
    }
}

/// Each attribute entry shut down `none` (and not replaced while it runs), medium, with the
/// class its holder's object is shown to be.
fn asked(reports: &[FileReport]) -> Vec<Asked> {
    let mut asked = Vec::new();
    let mut texts: HashMap<usize, Option<Vec<u8>>> = HashMap::new();
    // Each statement parsed once, whatever the number of its sites (a class's every entry
    // parsed it again).
    let mut trees: HashMap<(usize, usize, usize), Option<(String, tree_sitter::Tree)>> =
        HashMap::new();
    for (r, report) in reports.iter().enumerate() {
        for (s, site) in report.sites.iter().enumerate() {
            let open = site.described().is_some_and(|d| {
                d.shutdown == Shutdown::None && d.replaced.is_none() && d.risk == Risk::Medium
            });
            let Some(owner) = site.owner.as_deref() else {
                continue;
            };
            if site.reference != Reference::Attribute || !open || owner.starts_with("module.") {
                continue;
            }
            let function = site.described().map_or("", |d| d.function.as_str());
            let Some((head, rest)) = owner.split_once('.') else {
                continue;
            };
            let of_self = function.starts_with(&format!("{head}."));
            let (class, attribute, why, made_by) = match (of_self, rest.rsplit_once('.')) {
                // `self.attr` of the owner's class: its relatives in other files.
                (true, None) => (
                    head.to_owned(),
                    rest.to_owned(),
                    format!("`self` in `{head}` is also an object of the classes derived from it"),
                    None,
                ),
                // `x.attr` (or `self.x.attr`): the class the code shows `x` to be.
                (_, _) => {
                    let holder = match of_self {
                        true => format!("self.{rest}"),
                        false => owner.to_owned(),
                    };
                    let object = holder.rsplit_once('.').map_or("", |(o, _)| o);
                    let text = texts
                        .entry(r)
                        .or_insert_with(|| std::fs::read(&report.path).ok());
                    // Parsed whole only where the text may show the object's class.
                    if !text.as_deref().is_some_and(|t| may_show_class(t, object)) {
                        continue;
                    }
                    let Some(text) = text.as_deref() else {
                        continue;
                    };
                    let Some((first, end)) = statement_around(text, site.at.line) else {
                        continue;
                    };
                    let parsed =
                        (trees.entry((r, first, end))).or_insert_with(|| parsed(text, first, end));
                    let Some((src, tree)) = parsed.as_ref() else {
                        continue;
                    };
                    let line = site.at.line - first;
                    let Some(found) = object_class(tree.root_node(), src, line, &holder, text)
                    else {
                        continue;
                    };
                    found
                }
            };
            asked.push(Asked {
                report: r,
                site: s,
                owner: owner.to_owned(),
                class,
                attribute,
                why,
                of_self: of_self && !rest.contains('.'),
                made_by,
                // The instance the task may hold is `self`; another object's is not read.
                finalizer: !(of_self
                    && !rest.contains('.')
                    && site.described().is_some_and(|d| d.holds_instance)),
            });
        }
    }
    asked
}

/// Whether `object` is ever bound to a call of a name (`x = Batch(`, `self.x = Batch(`, `x =
/// make(`) or annotated (`x: Batch`) in the text.
fn may_show_class(text: &[u8], object: &str) -> bool {
    memchr::memmem::find_iter(text, object.as_bytes()).any(|at| {
        let before = at.checked_sub(1).and_then(|i| text.get(i));
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.') {
            return false;
        }
        let rest = text.get(at + object.len()..).unwrap_or_default();
        let rest = rest.trim_ascii_start();
        let (annotated, rest) = match rest.first() {
            Some(b':') => (true, &rest[1..]),
            Some(b'=') if rest.get(1) != Some(&b'=') => (false, &rest[1..]),
            _ => return false,
        };
        let rest = rest.trim_ascii_start();
        let rest = rest
            .strip_prefix(b"await ")
            .unwrap_or(rest)
            .trim_ascii_start();
        // `x = make()` too: the file's function may be annotated to return the class.
        rest.first().is_some_and(|b| match annotated {
            true => b.is_ascii_alphabetic() || *b == b'_' || *b == b'"' || *b == b'\'',
            false => b.is_ascii_alphabetic() || *b == b'_',
        })
    })
}

/// The lines of the top-level statement around `line` (1-based: a `def` or `class` with its
/// decorators, or the whole module at its top level), first and end (0-based): only that
/// statement is parsed.
fn statement_around(text: &[u8], line: usize) -> Option<(usize, usize)> {
    let src = crate::scan::source::decode(text).ok()?;
    let lines: Vec<&str> = src.split_inclusive('\n').collect();
    let row = line.checked_sub(1)?;
    let top = |l: &&str| !l.starts_with([' ', '\t', '\r', '\n', '#']);
    let opens = |l: &str| {
        ["def ", "async def ", "class ", "@"]
            .iter()
            .any(|w| l.starts_with(w))
    };
    let mut first = (0..=row.min(lines.len().saturating_sub(1)))
        .rev()
        .find(|&i| top(&lines[i]))
        .filter(|&i| opens(lines[i]));
    while let Some(i) = first.filter(|&i| i > 0 && lines[i - 1].starts_with('@')) {
        first = Some(i - 1);
    }
    let (first, end) = match first {
        Some(first) => {
            let end =
                (row + 1..lines.len()).find(|&i| top(&lines[i]) && !lines[i].starts_with(')'));
            (first, end.unwrap_or(lines.len()))
        }
        None => (0, lines.len()),
    };
    Some((first, end))
}

/// The text of lines `first..end` of `text` and its tree.
fn parsed(text: &[u8], first: usize, end: usize) -> Option<(String, tree_sitter::Tree)> {
    let src = crate::scan::source::decode(text).ok()?;
    let lines: Vec<&str> = src.split_inclusive('\n').collect();
    let block: String = lines.get(first..end)?.concat();
    let tree = syntax::new_parser().parse(&block, None)?;
    Some((block, tree))
}

/// The class of the object in `holder` (`x.attr`), bound in the function around `line`
/// (1-based), the attribute, how the code shows it, and the classmethod that made the object if
/// one did: read at an assignment of `holder` in that function.
fn object_class(
    root: Node,
    src: &str,
    line: usize,
    holder: &str,
    whole: &[u8],
) -> Option<(String, String, String, Option<String>)> {
    let row = line.checked_sub(1)?;
    let start = src
        .lines()
        .nth(row)
        .map_or(0, |l| l.len() - l.trim_start().len());
    let at = root.descendant_for_point_range(Point::new(row, start), Point::new(row, start))?;
    let mut scope = at;
    while scope.kind() != "function_definition" && scope.kind() != "module" {
        scope = scope.parent()?;
    }
    let mut target = None;
    syntax::walk(scope, |node| {
        if target.is_some() {
            return false;
        }
        if node.kind() == "assignment"
            && let Some(left) = node.child_by_field_name("left").map(strip_parens)
            && left.kind() == "attribute"
            && text(left, src).split_whitespace().collect::<String>() == holder
        {
            target = Some(left);
        }
        true
    });
    let target = target?;
    let object = strip_parens(target.child_by_field_name("object")?);
    let attribute = text(target.child_by_field_name("attribute")?, src).to_owned();
    let written = text(object, src).split_whitespace().collect::<String>();
    if let Some((class, method)) = own_class::classmethod_made(object, src) {
        let why = format!(
            "`{written}` is an instance of `{class}` (made by its classmethod `{method}`, which \
             returns `cls(...)`)"
        );
        return Some((class, attribute, why, Some(method)));
    }
    let known = match object.kind() {
        "identifier" => receivers::class_at(object, src)?,
        "attribute" => Attributes::new(src).class_of(object)?,
        _ => return None,
    };
    // `ex = _make_executor()`: the class the file's own function is annotated to return.
    let made_by = (known.made && object.kind() == "identifier")
        .then(|| made_by_plain_call(scope, &written, &known.class, src))
        .filter(|&plain| plain)
        .and_then(|_| returned_class(whole, &known.class));
    if let Some(class) = made_by {
        let why = format!(
            "`{written}` is made by `{}`, annotated to return `{class}`",
            known.class
        );
        return Some((class, attribute, why, None));
    }
    let why = format!("`{written}` is an instance of `{}`", known.class);
    Some((known.class, attribute, why, None))
}

/// Whether every binding of `name` in `scope` is a call of the plain name `callee` (not
/// `x.callee(...)`, a method of whatever `x` is).
fn made_by_plain_call(scope: Node, name: &str, callee: &str, src: &str) -> bool {
    let mut plain = true;
    syntax::walk(scope, |node| {
        if node.kind() == "assignment"
            && let Some(left) = node.child_by_field_name("left")
            && left.kind() == "identifier"
            && text(left, src) == name
        {
            let right = node.child_by_field_name("right").map(strip_parens);
            let function = right
                .filter(|r| r.kind() == "call")
                .and_then(|r| r.child_by_field_name("function"));
            plain &= function.is_some_and(|f| f.kind() == "identifier" && text(f, src) == callee);
        }
        plain
    });
    plain
}

/// The one class the return annotation of the module's plain `def name(...) -> C` names, when
/// the file defines `name` once at its top level and no decorator wraps it.
fn returned_class(whole: &[u8], name: &str) -> Option<String> {
    let header = format!("def {name}(");
    let lines: Vec<&[u8]> = whole.split(|b| *b == b'\n').collect();
    let mut rows = (0..lines.len()).filter(|&i| lines[i].starts_with(header.as_bytes()));
    let row = rows.next()?;
    let decorated = row > 0 && lines[row - 1].starts_with(b"@");
    if rows.next().is_some() || decorated {
        return None;
    }
    let (first, end) = statement_around(whole, row + 1)?;
    let (src, tree) = parsed(whole, first, end)?;
    let function = tree.root_node().named_child(0)?;
    if function.kind() != "function_definition" {
        return None;
    }
    receivers::annotated_class(function.child_by_field_name("return_type")?, &src)
}
