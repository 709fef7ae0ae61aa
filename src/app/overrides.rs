//! After the walk (`audit` only): each `unknown` entry whose coroutine is `self.m()` where every
//! `m` of its file never suspends, and each `kept` one whose keeper is `self.track(task)`
//! ([`crate::audit::overrides`]), is settled by the classes of the checked code: the classes an object of the site's class may also be
//! ([`crate::project::ancestors::heirs`]) are read in their files, and so are the files that
//! may assign an attribute `m` (`obj.m = ...` puts an instance's own `m` before its class's).
//! None binds `m`: `kept` (the keeper's stays as it is). One does, or may (a class the checked
//! code does not define, a file the lexer cannot read): `unknown`, naming it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::app::walk;
use crate::audit::lifecycle::{Description, Exceptions, Risk, Shutdown};
use crate::audit::overrides::{self, Found, Overridable, Rests, Settled};
use crate::core::site::Verdict;
use crate::detect::task_site::Reference;
use crate::project::ancestors;
use crate::project::method_calls::CallIndex;
use crate::render::report::FileReport;

/// Settles the entries of `reports` whose proof waits on the overrides of a method.
pub(crate) fn settle(reports: &mut [FileReport], index: &CallIndex) {
    let mut texts: HashMap<PathBuf, Option<Vec<u8>>> = HashMap::new();
    for report in reports.iter_mut() {
        for site in report.sites.iter_mut() {
            let Some(asked) = (site.described())
                .and_then(|d| d.overridable.as_deref())
                .cloned()
            else {
                continue;
            };
            // What the walk after detection made of the site may have settled it otherwise.
            let open = matches!(
                (&site.verdict, asked.rests),
                (Verdict::Unknown(_), Rests::Quiet(_)) | (Verdict::Kept { .. }, Rests::Keeps)
            );
            if !open {
                continue;
            }
            let Some(found) = found(&asked, &report.path, index, &mut texts) else {
                continue;
            };
            let Some(description) = site.audit.as_deref_mut() else {
                continue;
            };
            match overrides::words(&asked, &found, &description.evidence) {
                Some(Settled::Kept { evidence, action }) => {
                    site.verdict = Verdict::Kept {
                        by: Some(evidence.clone()),
                    };
                    site.reference = Reference::Passed;
                    description.lifetime =
                        "held by the loop's ready queue until it finishes".into();
                    description.risk = Risk::None;
                    description.evidence = evidence;
                    description.action = action;
                }
                Some(Settled::Unknown { evidence, action }) => {
                    // A keeper's task (the quiet coroutine's site keeps its reference).
                    if asked.rests == Rests::Keeps {
                        site.reference = Reference::Passed;
                        site.owner = None;
                        unkept(description);
                    }
                    site.verdict = Verdict::Unknown(evidence.clone());
                    description.evidence = evidence;
                    description.action = action;
                }
                None => {}
            }
        }
    }
}

/// A keeper's task no longer proven kept (its site now `passed`, with no owner): handed to code
/// that decides how long it lives, as any `unknown` handed task is; its holder's shutdown is
/// not its own, nor what that shutdown reads (a done callback's reading, `logged`, stays).
fn unkept(description: &mut Description) {
    description.lifetime = "handed to other code, which decides how long it lives".into();
    description.shutdown = Shutdown::NotApplicable;
    description.shutdown_line = None;
    description.shutdown_file = None;
    if description.exceptions != Exceptions::Logged {
        description.exceptions = Exceptions::NotRetrieved;
    }
    description.risk = Risk::Low;
    description.replaced = None;
}

/// What the classes say of `asked`, a method of a class of the file at `own`; `None` where
/// nothing can be read of them (another class of the same name, a header whose bases are not
/// read): the entry stays as it is.
fn found(
    asked: &Overridable,
    own: &Path,
    index: &CallIndex,
    texts: &mut HashMap<PathBuf, Option<Vec<u8>>>,
) -> Option<Found> {
    let classes = index.classes();
    // Several classes of one name (each example script's `ClientListener`) are read as one: a
    // superset of each one's heirs, unless a class derived from that name may be one of them.
    let definitions = classes.definitions(&asked.class);
    if definitions == 0 || (definitions > 1 && classes.derived_from(&asked.class)) {
        return None;
    }
    let heirs = ancestors::heirs(classes, &asked.class)?;
    let method = asked.method.as_str();
    let mut read = |path: &Path| {
        let bytes = texts
            .entry(path.to_owned())
            .or_insert_with(|| std::fs::read(path).ok());
        bytes.clone()
    };
    for heir in &heirs {
        if classes.definitions(heir) == 0 {
            return Some(Found::Override(format!(
                "a class derived from `{}` also derives from `{heir}`, which the checked code \
                 does not define, and which may bind `{method}`",
                asked.class
            )));
        }
        for path in index.files_defining(heir) {
            let display = walk::display(&path);
            let Some(bytes) = read(&path) else {
                return Some(Found::Override(format!("`{heir}` ({display}) is not read")));
            };
            let Some(bound) = ancestors::bindings(&bytes, heir, method) else {
                return Some(Found::Override(format!(
                    "`{heir}` ({display}) is not read: it is no class at the top of its module"
                )));
            };
            // The site's own file showed each `def m` of its classes to be such a coroutine
            // (not that it keeps what it is handed).
            let same_file = path.as_path() == own && matches!(asked.rests, Rests::Quiet(_));
            if let Some(b) = bound.iter().find(|b| !(same_file && b.is_def)) {
                return Some(Found::Override(format!(
                    "`{heir}` ({display}:{}) overrides it",
                    b.line
                )));
            }
        }
    }
    // The classes an object of the site's class may be: a `setattr(self, ...)` in any other
    // class binds nothing on its objects.
    let relatives = classes.relatives(&asked.class);
    for path in index.files_spelling(&[method]) {
        if path.as_path() == own && matches!(asked.rests, Rests::Quiet(_)) {
            continue; // its own file assigns none (`detect::first_step_method`)
        }
        let Some(bytes) = read(&path) else {
            continue;
        };
        let unrelated = |class: &str| relatives.as_ref().is_some_and(|r| !r.contains(class));
        if let Some(line) = assigns_attribute(&bytes, method, unrelated) {
            let display = walk::display(&path);
            return Some(Found::Override(format!(
                "{display}:{line} assigns an attribute `{method}`, which an object's own `{method}` \
                 may be"
            )));
        }
    }
    Some(Found::Nothing { heirs })
}

/// The line of an assignment to an attribute `name` (`x.name = ...`, not `==`), or of a
/// `setattr` call, in the bytes; not a `setattr(self, ...)` in a method of a module-level class
/// that is `unrelated` (no object of the site's class is one of its), nor one whose name is a
/// string constant other than `name` (`setattr(x, "text", v)` binds `text` alone).
fn assigns_attribute(bytes: &[u8], name: &str, unrelated: impl Fn(&str) -> bool) -> Option<usize> {
    let dotted = format!(".{name}");
    let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    let at = memchr::memmem::find_iter(bytes, dotted.as_bytes()).find(|&at| {
        let end = at + dotted.len();
        let rest = bytes[end..].trim_ascii_start();
        !word(bytes.get(end)) && rest.starts_with(b"=") && !rest.starts_with(b"==")
    });
    let at = at.or_else(|| {
        memchr::memmem::find_iter(bytes, b"setattr(").find(|&at| {
            let other = crate::scan::setattr_name::constant_name(&bytes[at + 8..])
                .is_some_and(|spelt| spelt != name.as_bytes());
            if other {
                return false;
            }
            let receiver = bytes[at + 8..].trim_ascii_start();
            let on_self = [&b"self,"[..], b"self ,", b"cls,", b"cls ,"];
            !(on_self.iter().any(|s| receiver.starts_with(s))
                && crate::scan::class_headers::class_around(bytes, at).is_some_and(&unrelated))
        })
    })?;
    Some(bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1)
}
