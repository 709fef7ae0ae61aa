//! Coroutines of other modules that may never suspend, for the never-suspends rule across files
//! (`detect/first_step_across.rs`): a module-level `async def` a file imports by name or through
//! its module, and a method of a module's singleton (`obj = C()` at the module's top level, `C`
//! defined there) a file imports by name. A function summary fact, gathered in the walk.
//!
//! The walk keeps only the text of the files that spell a candidate (a column-0 `async def`
//! whose block spells no `yield` or `async` and awaits only `.put(` calls, or a column-0
//! `name = C(` with a column-0 `class C`): a byte scan, which a file that spells no `async def`
//! leaves at one search. Nothing is parsed here; the proof (`detect`'s, which reads the
//! definition's body) runs the first time a file's imports reach a candidate, and is kept.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tree_sitter::Node;

use super::paths::{Bound, import_bindings, module_parts, named_by};
use crate::scan::syntax::text;

/// One module with candidates, its text kept for the proof.
#[derive(Debug)]
pub struct QuietModule {
    pub file: PathBuf,
    /// The file as the user sees it.
    pub display: String,
    parts: Vec<String>,
    pub text: Arc<str>,
    /// Its module-level `async def`s that may never suspend.
    functions: Vec<String>,
    /// Its module-level names bound to an instance of one of its classes.
    singletons: Vec<String>,
    /// Each proof asked (`f`, `obj.m`), once: the evidence, or `None`.
    proofs: Mutex<HashMap<String, Option<String>>>,
}

impl QuietModule {
    /// The evidence that `name` (`f`, or `obj.m`) of this module never suspends, proved by
    /// `prove` (handed the module's text) the first time it is asked.
    pub fn proof(
        &self,
        name: &str,
        prove: impl FnOnce(&QuietModule) -> Option<String>,
    ) -> Option<String> {
        let known = self
            .proofs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(name)
            .cloned();
        if let Some(known) = known {
            return known;
        }
        let proved = prove(self);
        let mut proofs = self.proofs.lock().unwrap_or_else(|e| e.into_inner());
        proofs.insert(name.to_owned(), proved.clone());
        proved
    }
}

/// A coroutine a file's call spells (`f`, `m.f`, `obj.m`, `m.obj.m`): its module, and its name
/// there (`f`, or `obj.m`).
#[derive(Debug, Clone)]
pub struct QuietRef {
    pub module: Arc<QuietModule>,
    pub name: String,
    /// `name` is a singleton, whose methods the calls name (`obj.m`).
    pub singleton: bool,
}

/// Every module of the run with candidates.
#[derive(Debug, Clone, Default)]
pub struct QuietCoroutines {
    modules: Vec<Arc<QuietModule>>,
    /// The candidates' names and their modules' last names: an import that spells none of
    /// them is not resolved.
    words: rustc_hash::FxHashSet<String>,
}

impl QuietCoroutines {
    /// Adds one file's candidates (`found` by [`candidates`]).
    pub fn add(&mut self, file: PathBuf, display: String, text: &str, found: Candidates) {
        let (functions, singletons) = found;
        if functions.is_empty() && singletons.is_empty() {
            return;
        }
        let parts = module_parts(&file);
        self.modules.push(Arc::new(QuietModule {
            file,
            display,
            parts,
            text: Arc::from(text),
            functions,
            singletons,
            proofs: Mutex::default(),
        }));
    }

    pub fn is_empty(&self) -> bool {
        self.modules.is_empty()
    }

    /// Orders the modules (the walk is parallel; resolution must not depend on its order).
    pub fn finish(&mut self) {
        self.modules.sort_by(|a, b| a.file.cmp(&b.file));
        self.words = (self.modules.iter())
            .flat_map(|m| {
                let names = m.functions.iter().chain(&m.singletons);
                names.chain(m.parts.last()).cloned()
            })
            .collect();
    }

    /// The candidates a file's imports reach, by how its calls spell them. An import that
    /// names more than one module of the run proves nothing.
    pub fn for_file(
        &self,
        file: Option<&Path>,
        imports: &[Node],
        src: &str,
    ) -> HashMap<String, QuietRef> {
        let mut found = HashMap::new();
        if self.modules.is_empty() {
            return found;
        }
        let names_one = |stmt: &Node| {
            let spelled = text(*stmt, src);
            let word = |c: char| !(c.is_alphanumeric() || c == '_');
            spelled.split(word).any(|w| self.words.contains(w))
        };
        let one = |level: usize, dotted: &str| match named_by(
            &self.modules,
            |m| &m.parts,
            file,
            level,
            dotted,
        )[..]
        {
            [module] => Some(Arc::clone(module)),
            _ => None,
        };
        for stmt in imports.iter().filter(|stmt| names_one(stmt)) {
            import_bindings(stmt, src, |bound| match bound {
                Bound::Module {
                    level,
                    dotted,
                    local,
                } => {
                    let Some(module) = one(level, &dotted) else {
                        return;
                    };
                    let functions = module.functions.iter().map(|n| (n, false));
                    for (name, singleton) in
                        functions.chain(module.singletons.iter().map(|n| (n, true)))
                    {
                        let module = Arc::clone(&module);
                        let reference = QuietRef {
                            module,
                            name: name.clone(),
                            singleton,
                        };
                        found.entry(format!("{local}.{name}")).or_insert(reference);
                    }
                }
                Bound::Name {
                    level,
                    dotted,
                    name,
                    local,
                } => {
                    let Some(module) = one(level, dotted) else {
                        return;
                    };
                    let singleton = module.singletons.iter().any(|n| n == name);
                    if singleton || module.functions.iter().any(|n| n == name) {
                        let module = Arc::clone(&module);
                        let reference = QuietRef {
                            module,
                            name: name.to_owned(),
                            singleton,
                        };
                        found.entry(local.to_owned()).or_insert(reference);
                    }
                }
                Bound::Star { .. } => {}
            });
        }
        found
    }
}

/// A file's module functions and singletons that may never suspend.
pub type Candidates = (Vec<String>, Vec<String>);

/// The file's candidates by its bytes: the names of its column-0 `async def`s whose block
/// spells no `yield` or `async` and no `await` but of a `.put(` call, and of its column-0
/// bindings `name = C(...)` where it spells a column-0 `class C`.
pub fn candidates(bytes: &[u8]) -> Candidates {
    let mut functions = Vec::new();
    let mut singletons = Vec::new();
    // Searches only, no walk of the lines (one cost `check` several percent): most files with
    // no `async def` pay one search.
    if memchr::memmem::find(bytes, b"async def").is_none() {
        return (functions, singletons);
    }
    let at_column_0 = |needle: &'static [u8]| {
        let first = bytes.starts_with(needle).then_some(0);
        let newline = [b"\n", needle].concat();
        let rest: Vec<usize> = memchr::memmem::find_iter(bytes, &newline)
            .map(|at| at + 1)
            .collect();
        first.into_iter().chain(rest)
    };
    let block_after = |at: usize| {
        let next = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
        &bytes[next..next + column_0_block(&bytes[next..])]
    };
    for at in at_column_0(b"async def ") {
        let name = leading_name(bytes[at + 10..].trim_ascii_start());
        if !name.is_empty() && quiet_text(block_after(at)) {
            functions.extend(std::str::from_utf8(name).ok().map(str::to_owned));
        }
    }
    // Only a class with a coroutine method is searched for: `name = C(` at column 0.
    for at in at_column_0(b"class ") {
        let class = leading_name(bytes[at + 6..].trim_ascii_start());
        if class.is_empty() || memchr::memmem::find(block_after(at), b"async def").is_none() {
            continue;
        }
        let made = [class, b"("].concat();
        for call in memchr::memmem::find_iter(bytes, &made) {
            let line = memchr::memrchr(b'\n', &bytes[..call]).map_or(0, |i| i + 1);
            let before = bytes[line..call].trim_ascii_end();
            let Some(target) = before.strip_suffix(b"=").map(<[u8]>::trim_ascii_end) else {
                continue;
            };
            let name = leading_name(target);
            if !name.is_empty() && name.len() == target.len() {
                singletons.extend(std::str::from_utf8(name).ok().map(str::to_owned));
            }
        }
    }
    singletons.sort();
    singletons.dedup();
    functions.sort();
    functions.dedup();
    (functions, singletons)
}

/// The length of the block that starts `bytes` (a body after its header): up to the first line
/// that starts at column 0 with code. A gate only (a string at column 0 ends it early); the
/// parse decides.
fn column_0_block(bytes: &[u8]) -> usize {
    let mut at = 0;
    while at < bytes.len() {
        let code = bytes[at..]
            .first()
            .is_some_and(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'#'));
        if code {
            return at;
        }
        at = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
    }
    bytes.len()
}

/// The name at the start of `text`.
fn leading_name(text: &[u8]) -> &[u8] {
    let end = text
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80))
        .unwrap_or(text.len());
    match text.first() {
        Some(b) if !b.is_ascii_digit() => &text[..end],
        _ => &[],
    }
}

/// A block that spells no `yield` or `async`, and `await` only before a `.put(` call.
pub fn quiet_text(block: &[u8]) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    let whole = |w: &[u8], i: usize| {
        (i == 0 || !word(block[i - 1])) && block.get(i + w.len()).is_none_or(|&b| !word(b))
    };
    let spelt =
        |w: &'static [u8]| memchr::memmem::find_iter(block, w).filter(move |&i| whole(w, i));
    if spelt(b"yield").next().is_some() || spelt(b"async").next().is_some() {
        return false;
    }
    spelt(b"await").all(|i| {
        let rest = block[i + 5..].trim_ascii_start();
        let dotted = rest.iter().take_while(|&&b| word(b) || b == b'.').count();
        rest[..dotted].ends_with(b".put") && rest[dotted..].trim_ascii_start().starts_with(b"(")
    })
}
