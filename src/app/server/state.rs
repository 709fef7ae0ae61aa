//! What the language server knows: the open documents, the settings (the project's files and the
//! client's options), the workspace's task factories, and the analysis of one document through
//! the same pipeline as `check` and `fix`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use crate::app::job::Job;
pub(crate) use crate::app::server::document::Analysed;
use crate::app::server::document::{Document, Encoding, Since};
use crate::app::worker::package_helper;
use crate::core::pipeline::{self, Mode, Options, Outcome};
use crate::core::site::findings;
use crate::project::factories::FactoryIndex;
use crate::project::facts::ProjectFacts;
use crate::project::file_key;
use crate::scan::syntax;
use crate::settings::{self, Loader, Overrides, Settings, Strategy};

pub(crate) struct State {
    pub(crate) docs: HashMap<String, Document>,
    pub(crate) encoding: Encoding,
    overrides: Overrides,
    loader: Arc<Loader>,
    roots: Vec<PathBuf>,
    /// The task factories of the workspace's files as saved.
    factories: Arc<FactoryIndex>,
    /// What the helper strategy read of the workspace's files as saved, forgotten with the
    /// factories when a file changes on disk.
    facts: Arc<ProjectFacts>,
    parser: tree_sitter::Parser,
    /// Whether code actions leave their edits to `codeAction/resolve` (the client resolves `edit`).
    pub(crate) lazy_edits: bool,
    /// Counts the changes of settings and factories: an action computed lazily under other
    /// settings than those it was offered under is refused, not resolved to another edit.
    pub(crate) generation: u64,
    /// The document whose last edit, inside a comment, was answered with its last findings and
    /// whose tree is parsed again only once the answer is out (see [`State::catch_up`]).
    unparsed: Option<String>,
}

impl State {
    pub(crate) fn new(encoding: Encoding, roots: Vec<PathBuf>, options: Option<&Value>) -> Self {
        let overrides = options.map(client_overrides).unwrap_or_default();
        let mut state = State {
            docs: HashMap::new(),
            encoding,
            loader: Arc::new(Loader::new(settings::Source::Discover, overrides.clone())),
            overrides,
            roots,
            factories: Arc::default(),
            facts: Arc::default(),
            parser: syntax::new_parser(),
            lazy_edits: false,
            generation: 0,
            unparsed: None,
        };
        state.refresh_factories();
        state
    }

    /// New client options (`workspace/didChangeConfiguration`): the settings are read again.
    /// Returns whether they changed anything.
    pub(crate) fn configure(&mut self, options: &Value) -> bool {
        let new = client_overrides(options);
        let key = |o: &Overrides| (o.strategy, o.drain_on_shutdown, o.log_exceptions);
        if key(&new) == key(&self.overrides) {
            return false;
        }
        self.overrides = new;
        self.reload_settings();
        true
    }

    /// A settings file changed: every file's settings are read again, and the factories with them.
    pub(crate) fn reload_settings(&mut self) {
        self.loader = Arc::new(Loader::new(
            settings::Source::Discover,
            self.overrides.clone(),
        ));
        self.generation += 1;
        self.refresh_factories();
    }

    /// The workspace's task factories, read again from disk (after a save), and what the
    /// helper strategy read of the files forgotten.
    pub(crate) fn refresh_factories(&mut self) {
        self.facts = Arc::default();
        let roots: Vec<PathBuf> = self.roots.iter().filter(|r| r.is_dir()).cloned().collect();
        if roots.is_empty() {
            return;
        }
        let job = self.job(Mode::Check);
        self.generation += 1;
        self.factories = Arc::new(crate::app::discover::factory_index(&roots, 1, &job));
    }

    fn job(&self, mode: Mode) -> Job {
        Job {
            mode,
            no_prefilter: false,
            loader: Arc::clone(&self.loader),
            write_back: false,
            creates_files: false,
            factories: Arc::clone(&self.factories),
            keeper_faults: Arc::default(),
            roots: Arc::default(),
            facts: Arc::clone(&self.facts),
            helpers_made: Arc::default(),
        }
    }

    /// The settings of the file at `path` (the defaults with the client's options without one).
    pub(crate) fn settings(&self, path: Option<&Path>) -> Result<Arc<Settings>, String> {
        match path {
            Some(path) => self
                .loader
                .for_file(path)
                .map_err(|err| format!("{}: {}", err.path.display(), err.message)),
            // A buffer without a file: the defaults with the client's options.
            None => Loader::new(settings::Source::Isolated, self.overrides.clone())
                .for_file(Path::new("-"))
                .map_err(|err| err.message),
        }
    }

    /// Whether the file at `uri` defines one of the workspace's task factories: `fix` may keep
    /// a task there that a caller elsewhere drops, with no finding in the file itself.
    pub(crate) fn defines_factories(&self, uri: &str) -> bool {
        let key = uri_to_path(uri).map(|p| file_key(&p));
        self.factories.defines(key.as_deref())
    }

    /// The pipeline's options for a document: its settings, and the workspace's factories (the
    /// buffer's own when it lies outside the workspace, as `fix -` reads them).
    fn options(&mut self, uri: &str, text: &str) -> Result<Options, String> {
        let path = uri_to_path(uri);
        let settings = self.settings(path.as_deref())?;
        let key = path.as_deref().map(file_key);
        let in_workspace = path
            .as_deref()
            .is_some_and(|p| self.roots.iter().any(|r| p.starts_with(r)));
        let factories = if in_workspace {
            Arc::clone(&self.factories)
        } else {
            let mut index = FactoryIndex::default();
            let found = pipeline::factories_of(text.as_bytes(), &mut self.parser, &settings);
            let key = key.clone().unwrap_or_else(|| PathBuf::from("-"));
            index.add(key, "-".to_owned(), found);
            index.finish();
            Arc::new(index)
        };
        Ok(Options {
            no_prefilter: false,
            file: key.filter(|_| !factories.is_empty()),
            settings,
            factories,
            select: None,
            notebook: false,
            helper_module: None,
            facts: Arc::clone(&self.facts),
        })
    }

    /// The findings of an open document, as `check` reports them: the last analysis again when
    /// nothing it depends on changed since (the text, or only a comment away from every
    /// finding's lines; the settings and factories).
    pub(crate) fn analyse(&mut self, uri: &str) -> Option<Analysed> {
        // Only the document being edited keeps its tree: a tree costs several times its text.
        for (other, doc) in self.docs.iter_mut() {
            if other != uri {
                doc.tree = None;
            }
        }
        let generation = self.generation;
        let doc = self.docs.get_mut(uri)?;
        let reusable = match (&doc.since, &doc.analysed) {
            (Since::Nothing, Some((made, _))) => *made == generation,
            (Since::Comment(row), Some((made, Analysed::Findings(sites)))) => {
                // Findings count lines from 1; a comment in a finding's statement may be in
                // its callee's text.
                let line = row + 1;
                *made == generation
                    && !findings(sites).any(|(_, f)| f.at.line <= line && line <= f.at.end_line)
            }
            _ => false,
        };
        if reusable && let Some((_, analysed)) = &doc.analysed {
            let analysed = analysed.clone();
            if doc.since != Since::Nothing {
                // The next edit is judged on the tree of its text: parsed again, but after the
                // diagnostics are sent, which do not need it.
                doc.since = Since::Nothing;
                self.unparsed = Some(uri.to_owned());
            }
            return Some(analysed);
        }
        let analysed = self.analyse_anew(uri)?;
        let doc = self.docs.get_mut(uri)?;
        doc.analysed = Some((generation, analysed.clone()));
        doc.since = Since::Nothing;
        Some(analysed)
    }

    /// Parses again the tree of the document whose comment edit was answered without it, once
    /// the answer is written and before the next message is read.
    pub(crate) fn catch_up(&mut self) {
        let Some(uri) = self.unparsed.take() else {
            return;
        };
        if let Some(doc) = self.docs.get_mut(&uri) {
            doc.parse_again(&mut self.parser);
        }
    }

    fn analyse_anew(&mut self, uri: &str) -> Option<Analysed> {
        let text = self.docs.get(uri)?.text.clone();
        let options = match self.options(uri, &text) {
            Ok(options) => options,
            Err(problem) => return Some(Analysed::Problem(problem)),
        };
        // The buffer is parsed again from its last tree (only what the edits touched), and
        // analysed whole; a tree with an error, or a BOM, goes the CLI's way for its message,
        // and so does a file the analysis skips: the CLI, which parses only around the sites,
        // may meet another problem first, or none.
        let doc = self.docs.get_mut(uri)?;
        let tree = syntax::parse(&mut self.parser, &text, doc.tree.as_ref());
        doc.set_tree(tree.clone());
        let outcome = match tree {
            Some(tree) if !tree.root_node().has_error() && !text.starts_with('\u{feff}') => {
                pipeline::check_parsed(&text, &tree, &options, &mut doc.pieces)
            }
            _ => Outcome::Skipped(String::new()),
        };
        let outcome = match outcome {
            Outcome::Skipped(_) => {
                pipeline::process(text.as_bytes(), &mut self.parser, Mode::Check, &options)
            }
            outcome => outcome,
        };
        Some(match outcome {
            Outcome::NoCandidate => Analysed::Findings(Vec::new()),
            Outcome::Skipped(reason) => Analysed::Problem(reason),
            Outcome::Analyzed(analysis) => Analysed::Findings(analysis.sites),
        })
    }

    /// The whole fixed text of an open document, as `fix -` writes it: every site, or the one
    /// whose finding starts at `select`, with `strategy` instead of the configured one. `None`
    /// when nothing changes.
    pub(crate) fn fixed(
        &mut self,
        uri: &str,
        select: Option<(usize, usize)>,
        strategy: Option<Strategy>,
    ) -> Option<String> {
        let text = self.docs.get(uri)?.text.clone();
        let mut options = self.options(uri, &text).ok()?;
        options.select = select;
        if let Some(strategy) = strategy {
            let mut settings = (*options.settings).clone();
            settings.strategy = strategy;
            options.settings = Arc::new(settings);
        }
        // The package's helper module, as `fix -` finds it for the file on disk.
        options.helper_module = uri_to_path(uri)
            .and_then(|path| package_helper(&self.job(Mode::Fix), &options.settings, &path));
        match pipeline::process(text.as_bytes(), &mut self.parser, Mode::Fix, &options) {
            Outcome::Analyzed(analysis) if analysis.internal_error.is_none() => analysis.fixed,
            _ => None,
        }
    }
}

/// The client's options (`initializationOptions`, or the `undangle` section of the workspace
/// configuration): `strategy`, `drainOnShutdown`, `logExceptions` (also in kebab-case).
pub(crate) fn client_overrides(options: &Value) -> Overrides {
    let options = options.get("undangle").unwrap_or(options);
    let flag = |camel: &str, kebab: &str| {
        options
            .get(camel)
            .or_else(|| options.get(kebab))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    };
    Overrides {
        strategy: options
            .get("strategy")
            .and_then(|s| serde_json::from_value(s.clone()).ok()),
        drain_on_shutdown: flag("drainOnShutdown", "drain-on-shutdown"),
        log_exceptions: flag("logExceptions", "log-exceptions"),
        ..Overrides::default()
    }
}

/// The path of a `file:` URI (percent-decoded), `None` for any other scheme.
pub(crate) fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // `file:///path` (empty host) or `file://localhost/path`.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    Some(PathBuf::from(decoded.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_become_paths() {
        assert_eq!(
            uri_to_path("file:///tmp/a%20b/c.py"),
            Some(PathBuf::from("/tmp/a b/c.py"))
        );
        assert_eq!(uri_to_path("untitled:Untitled-1"), None);
    }

    #[test]
    fn client_options_override_the_strategy() {
        let options =
            serde_json::json!({"undangle": {"strategy": "helper", "logExceptions": true}});
        let overrides = client_overrides(&options);
        assert_eq!(overrides.strategy, Some(Strategy::Helper));
        assert!(overrides.log_exceptions);
    }

    #[test]
    fn a_comment_edit_is_answered_first_and_parsed_after() {
        use lsp_types::{Position, Range};
        let mut state = State::new(Encoding::Utf8, Vec::new(), None);
        let uri = "file:///nowhere/m.py";
        let text = "import asyncio\n\n# note\nasync def f():\n    asyncio.create_task(g())\n";
        state.docs.insert(uri.into(), Document::new(text.into(), 1));
        let count = |analysed: Option<Analysed>| match analysed {
            Some(Analysed::Findings(findings)) => findings.len(),
            _ => usize::MAX,
        };
        assert_eq!(count(state.analyse(uri)), 1);
        let type_x = |state: &mut State| {
            let at = Position::new(2, 6);
            let doc = state.docs.get_mut(uri).expect("open");
            doc.change(Some(Range::new(at, at)), "x", Encoding::Utf8);
            doc.since
        };
        assert_eq!(type_x(&mut state), Since::Comment(2));
        assert_eq!(count(state.analyse(uri)), 1);
        // Not parsed yet: an edit now would be analysed whole (right, only slower).
        assert!(state.unparsed.is_some());
        state.catch_up();
        assert!(state.unparsed.is_none());
        // Parsed once the answer is out: the next comment edit is known inert again.
        assert_eq!(type_x(&mut state), Since::Comment(2));
        assert_eq!(count(state.analyse(uri)), 1);
    }
}
