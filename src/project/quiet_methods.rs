//! The methods of the checked code by name, for the never-suspends proof's stops
//! (`detect/first_step_through.rs`): where an awaited `obj.m(...)` runs on an object whose class
//! the proof cannot read, the proof stops rather than fails when every `def m` the checked code
//! spells is a method that never suspends ([`crate::scan::method_defs`]) and no file assigns an
//! attribute `m`: the await then proves nothing either way, and the site is `unknown`.
//!
//! The walk keeps only the paths of the files that spell `async def` (as for
//! [`super::quiet_coroutines`]; a run that writes files scans them at once); they are read and
//! scanned the first time a proof stops, once for the run. A `def m` in a file that spells no
//! `async def` is not seen.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use crate::scan::method_defs::{self, MethodDefs};

/// One file of the walk that spells `async def`.
#[derive(Debug, Clone)]
struct File {
    file: PathBuf,
    /// Where the walk read it.
    path: PathBuf,
    display: String,
    /// Scanned in the walk (a run that writes files), else when first asked.
    defs: Option<Arc<MethodDefs>>,
}

/// Every file of the run that spells `async def`, and their methods once asked.
#[derive(Debug, Clone, Default)]
pub struct QuietMethods {
    files: Vec<File>,
    summary: Arc<OnceLock<Summary>>,
}

/// Each method name: the first quiet `def` (file, line) when every `def` of the name is one.
#[derive(Debug, Default)]
struct Summary {
    quiet: HashMap<String, Option<(String, usize)>>,
    assigned: HashSet<String>,
}

impl QuietMethods {
    /// Adds a file to be scanned only if a proof stops.
    pub fn add_unread(&mut self, file: PathBuf, path: PathBuf, display: String) {
        self.files.push(File {
            file,
            path,
            display,
            defs: None,
        });
    }

    /// Adds a file scanned now (`fix` may write it before a proof asks).
    pub fn add(&mut self, file: PathBuf, display: String, text: &str) {
        self.files.push(File {
            path: file.clone(),
            file,
            display,
            defs: Some(Arc::new(method_defs::of(text))),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Orders the files (the walk is parallel: the evidence names the first).
    pub fn finish(&mut self) {
        self.files
            .sort_by(|a, b| super::paths::file_order(&a.file, &b.file));
    }

    /// Where the checked code's only kind of `def name` is: every one a method that never
    /// suspends (the first, as `file:line`), and no file assigns an attribute `name`.
    pub fn quiet(&self, name: &str) -> Option<(String, usize)> {
        self.summary.get_or_init(|| self.summarize()).quiet(name)
    }

    fn summarize(&self) -> Summary {
        let mut summary = Summary::default();
        for file in &self.files {
            let read;
            let defs = match &file.defs {
                Some(defs) => defs.as_ref(),
                None => {
                    let Ok(bytes) = std::fs::read(&file.path) else {
                        continue;
                    };
                    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
                    let Ok(text) = crate::scan::source::decode(bytes) else {
                        continue;
                    };
                    read = method_defs::of(text);
                    &read
                }
            };
            summary.add(defs, &file.display);
        }
        summary
    }
}

impl Summary {
    fn quiet(&self, name: &str) -> Option<(String, usize)> {
        if self.assigned.contains(name) {
            return None;
        }
        self.quiet.get(name).cloned().flatten()
    }

    fn add(&mut self, defs: &MethodDefs, display: &str) {
        for (name, line) in &defs.defs {
            let entry = self.quiet.entry(name.clone());
            match line {
                Some(line) => {
                    entry.or_insert_with(|| Some((display.to_owned(), *line)));
                }
                None => {
                    entry.insert_entry(None);
                }
            }
        }
        self.assigned.extend(defs.assigned.iter().cloned());
    }
}

/// One file's own methods, when it is analysed with no run around it (standard input).
#[derive(Debug)]
pub struct FileMethods(Summary);

impl FileMethods {
    pub fn of(text: &str) -> Self {
        let mut summary = Summary::default();
        summary.add(&method_defs::of(text), "");
        FileMethods(summary)
    }

    /// As [`QuietMethods::quiet`], the file's name left empty.
    pub fn quiet(&self, name: &str) -> Option<(String, usize)> {
        self.0.quiet(name)
    }
}
