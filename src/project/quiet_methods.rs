//! The methods of the checked code by name, for the never-suspends proof's stops
//! (`detect/first_step_through.rs`): where an awaited `obj.m(...)` runs on an object whose class
//! the proof cannot read, the proof stops rather than fails when every `def m` the checked code
//! spells is a method that never suspends ([`crate::scan::method_defs`]) and no file that
//! spells one assigns an attribute `m`: the await then proves nothing either way, and the site
//! is `unknown`.
//!
//! The walk keeps, of each file that spells `async def`, only the 16-bit hashes of the names it
//! spells `async def name(` for, read in the one pass over its bytes (`scan::triage`; two bytes
//! a name; a run that writes files scans them at once). A proof asks for the few names it
//! awaits; each name is looked up once for the run, in the thread that asks, in the files whose
//! hashes hold it, and the lookup ends at the first `def` that is no such method. (An index
//! that read every such file again the first time a proof stopped cost `check` 37% on the large
//! tree, never35q, reverted; a scan of every `def` in the walk, 1.8% of its instructions.) A
//! plain `def m`, or an assignment of an attribute `m`, in a file that spells no `async def m`
//! is not seen: the proof may then stop where the object's `m` suspends, and the site is
//! `unknown` (a finding missed, never one made).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use crate::scan::method_defs::{self, Abstracts, MethodDefs, Named};

/// A file of the walk that spells `async def`, as the import index keeps it (its paths are
/// kept once, there).
pub trait Spelt: std::fmt::Debug + Send + Sync {
    /// Where the walk read it.
    fn path(&self) -> &std::path::Path;
    /// The file as the user sees it.
    fn display(&self) -> &str;
    /// The hashes of the names it spells `async def name(` for, sorted.
    fn names(&self) -> &[u16];
}

/// A file scanned in the walk (a run that writes files).
#[derive(Debug, Clone)]
struct Scanned {
    file: PathBuf,
    display: String,
    defs: Arc<MethodDefs>,
}

/// Where a name's every `def` is a quiet method: the first (file, line), or `None`.
type Found = Option<(String, usize)>;

/// Every file of the run that spells `async def`, and each name asked, looked up once.
#[derive(Debug, Clone, Default)]
pub struct QuietMethods {
    /// The import index's files, in order: read when a name asks that the hashes of their
    /// `async def` names hold.
    unread: Vec<Arc<dyn Spelt>>,
    /// Or, in a run that writes files, each one's methods, in order.
    scanned: Vec<Scanned>,
    asked: Arc<Mutex<HashMap<String, Arc<OnceLock<Found>>>>>,
    /// The hashes every file holds, one bit each (built by [`Self::finish`]): a name none
    /// holds is defined `async` nowhere, which no file need be read to say.
    spelt: Vec<u64>,
}

impl QuietMethods {
    /// Adds a file scanned now (`fix` may write it before a proof asks).
    pub fn add(&mut self, file: PathBuf, display: String, text: &str) {
        let defs = Arc::new(method_defs::of(text));
        self.scanned.push(Scanned {
            file,
            display,
            defs,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.unread.is_empty() && self.scanned.is_empty()
    }

    /// Takes the import index's `entries` (in order) that hold `async def` names, and orders the
    /// scanned files (the walk is parallel: the evidence names the first).
    pub fn finish(&mut self, entries: impl Iterator<Item = Arc<dyn Spelt>>) {
        self.unread = entries.filter(|e| !e.names().is_empty()).collect();
        self.scanned
            .sort_by(|a, b| super::paths::file_order(&a.file, &b.file));
        let mut spelt = vec![0u64; 1 << 10];
        let scanned = (self.scanned.iter()).flat_map(|s| {
            s.defs
                .defs
                .iter()
                .map(|(n, _)| method_defs::hash(n.as_bytes()))
        });
        let unread = self.unread.iter().flat_map(|e| e.names().iter().copied());
        for hash in scanned.chain(unread) {
            spelt[usize::from(hash >> 6)] |= 1 << (hash & 63);
        }
        self.spelt = spelt;
    }

    /// Whether a file of the run may spell `async def name(` (a hash collision says yes).
    pub fn may_define(&self, name: &str) -> bool {
        let hash = method_defs::hash(name.as_bytes());
        (self.spelt.get(usize::from(hash >> 6))).is_none_or(|w| w & (1 << (hash & 63)) != 0)
    }

    /// Where the checked code's only kind of `def name` is: every one a method that never
    /// suspends (the first, as `file:line`), and no file that spells `async def name` assigns
    /// an attribute `name` or spells another `def name`.
    pub fn quiet(&self, name: &str) -> Option<(String, usize)> {
        let cell = {
            let mut asked = self.asked.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(asked.entry(name.to_owned()).or_default())
        };
        cell.get_or_init(|| self.look_up(name, Abstracts::Loud))
            .clone()
    }

    /// As [`Self::quiet`], where `@abstractmethod` stubs of `name` count as no `def` (asked
    /// where the object's class declares `name` abstract: its objects run a subclass's).
    pub fn implemented(&self, name: &str) -> Option<(String, usize)> {
        let cell = {
            let mut asked = self.asked.lock().unwrap_or_else(|e| e.into_inner());
            // Kept apart from `quiet`'s answers: no method name starts with a NUL.
            Arc::clone(asked.entry(format!("\0{name}")).or_default())
        };
        cell.get_or_init(|| self.look_up(name, Abstracts::Skipped))
            .clone()
    }

    /// Reads the files whose hashes hold `name`, in order, up to the first that settles it.
    fn look_up(&self, name: &str, abstracts: Abstracts) -> Found {
        let hash = method_defs::hash(name.as_bytes());
        let scanned = (self.scanned.iter())
            .map(|s| (Some(scanned(&s.defs, name, abstracts)), s.display.as_str()));
        let unread = (self.unread.iter())
            .filter(|entry| entry.names().binary_search(&hash).is_ok())
            .map(|entry| (read(entry.path(), name, abstracts), entry.display()));
        let mut first = None;
        for (named, display) in scanned.chain(unread) {
            match named {
                Some(Named::Absent) => {}
                // Not read, not proved: the proof fails as it did without a stop.
                Some(Named::Loud) | None => return None,
                Some(Named::Quiet(line)) => {
                    first = first.or_else(|| Some((display.to_owned(), line)));
                }
            }
        }
        first
    }
}

/// What a file the walk did not keep says of `name`, read now (`None`: it cannot be).
fn read(path: &std::path::Path, name: &str, abstracts: Abstracts) -> Option<Named> {
    let bytes = std::fs::read(path).ok()?;
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let text = crate::scan::source::decode(bytes).ok()?;
    Some(method_defs::one(text, name, abstracts))
}

/// What a file scanned whole says of `name`.
fn scanned(defs: &MethodDefs, name: &str, abstracts: Abstracts) -> Named {
    if defs
        .assigned
        .binary_search_by(|a| a.as_str().cmp(name))
        .is_ok()
    {
        return Named::Loud;
    }
    let mut first = None;
    // Each abstract stub of the name stands for one `def` that is no quiet method.
    let mut stubs = match abstracts {
        Abstracts::Skipped => defs.abstracts.iter().filter(|n| *n == name).count(),
        Abstracts::Loud => 0,
    };
    for (_, line) in defs.defs.iter().filter(|(n, _)| n == name) {
        match line {
            Some(line) => first = first.or(Some(*line)),
            None if stubs > 0 => stubs -= 1,
            None => return Named::Loud,
        }
    }
    first.map_or(Named::Absent, Named::Quiet)
}

/// One file's own methods, when it is analysed with no run around it (standard input).
#[derive(Debug)]
pub struct FileMethods(MethodDefs);

impl FileMethods {
    pub fn of(text: &str) -> Self {
        FileMethods(method_defs::of(text))
    }

    /// As [`QuietMethods::quiet`], the file's name left empty.
    pub fn quiet(&self, name: &str) -> Option<(String, usize)> {
        match scanned(&self.0, name, Abstracts::Loud) {
            Named::Quiet(line) => Some((String::new(), line)),
            Named::Absent | Named::Loud => None,
        }
    }
}
