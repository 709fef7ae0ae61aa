//! The one look at a file's bytes that every later question about them reuses: one SIMD pass
//! for the words that matter ([`prefilter`]'s task functions, `Task`, silencing comments, weak
//! sets, loop factories), from which the pipeline asks what to parse (for `check`, the audit,
//! or the project's factories) and whether a line scan for factory definitions can find one.
//! Before, the bytes went through a search of their own for each of these questions.

use std::cell::OnceCell;

use crate::scan::lexer::{self, Confused, Lexed};
pub use crate::scan::prefilter::Words;
use crate::scan::prefilter::{self, Verdict};

/// What one pass over a file's bytes found, and their tokens once a question needed them.
pub struct Triage<'b> {
    bytes: &'b [u8],
    /// The text after its BOM, as the parser sees it.
    text: &'b [u8],
    words: Words,
    /// The [`crate::scan::method_defs::hash`] of each name the text spells `async def name(`
    /// for, in the order found (the one pass reads them: a scan of its own for `def` cost
    /// `check` 1.8% on the large tree).
    async_defs: Vec<u16>,
    /// The text's tokens, lexed the first time a verdict or the validation needs them: the
    /// walk asks a file that may define a factory for two verdicts, and a file with a finding
    /// is validated with the same tokens (each was a lex of its own).
    lexed: OnceCell<Result<Lexed, Confused>>,
    /// The verdicts keep the tokens they lex (see [`Triage::lend_tokens`]).
    keep_tokens: std::cell::Cell<bool>,
}

impl<'b> Triage<'b> {
    pub fn of(bytes: &'b [u8]) -> Self {
        let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        let mut async_defs = Vec::new();
        let words = prefilter::words_with(text, &mut |end| {
            if let Some(name) = crate::scan::method_defs::name_after_def(text, end) {
                async_defs.push(crate::scan::method_defs::hash(name));
            }
        });
        Triage {
            bytes,
            text,
            words,
            async_defs,
            lexed: OnceCell::new(),
            keep_tokens: std::cell::Cell::new(true),
        }
    }

    /// [`Triage::of`] `bytes` that were looked at before, with the `words` that look found
    /// ([`Triage::words`] of the same bytes): a file the walk holds for later is not looked at
    /// twice.
    pub fn with_words(bytes: &'b [u8], words: Words) -> Self {
        let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        Triage {
            bytes,
            text,
            words,
            async_defs: Vec::new(),
            lexed: OnceCell::new(),
            keep_tokens: std::cell::Cell::new(true),
        }
    }

    /// Whether the verdicts keep the tokens they lex, for the validation to read (by default
    /// they do). `fix` and `diff` do not: they parse the file whole and plan its fix before
    /// validating it, and the tokens of a large file, kept all that time, were what raised
    /// `diff`'s peak memory (47.9 MB to 53.0 MB on the large tree, one thread); the few files
    /// with a fix are lexed again for their validation.
    pub fn lend_tokens(&self, keep: bool) {
        self.keep_tokens.set(keep);
    }

    /// What the one pass found, to keep with the bytes for [`Triage::with_words`].
    pub fn words(&self) -> Words {
        self.words
    }

    /// The hashes of the names the text spells `async def name(` for, sorted, each once (none
    /// for a triage [`Triage::with_words`]).
    pub fn async_def_names(&self) -> Box<[u16]> {
        let mut names = self.async_defs.clone();
        names.sort_unstable();
        names.dedup();
        names.into_boxed_slice()
    }

    /// The tokens of the text after its BOM, lexed once.
    pub fn lexed(&self) -> Result<&Lexed, Confused> {
        let lexed = self.lexed.get_or_init(|| lexer::lex(self.text));
        lexed.as_ref().map_err(|confused| *confused)
    }

    /// The tokens of `text` if it is this triage's text (the decoded text after its BOM is:
    /// the same bytes), lexed once; `None` for another text.
    /// `None` too when the tokens are not kept ([`Triage::lend_tokens`]) and not lexed yet.
    pub fn lexed_for(&self, text: &str) -> Option<Result<&Lexed, Confused>> {
        let kept = self.keep_tokens.get() || self.lexed.get().is_some();
        (kept && std::ptr::eq(text.as_bytes(), self.text)).then(|| self.lexed())
    }

    /// The tokens of `text` if it is this triage's text and they were lexed already (without
    /// lexing them: a reader that lexes its own copy holds it only while it reads).
    pub fn lexed_already(&self, text: &str) -> Option<&Lexed> {
        let same = std::ptr::eq(text.as_bytes(), self.text);
        (same.then(|| self.lexed.get()).flatten()).and_then(|lexed| lexed.as_ref().ok())
    }

    /// The bytes looked at.
    pub fn bytes(&self) -> &'b [u8] {
        self.bytes
    }

    /// Whether a search for asyncio's task functions alone may find one (the line scan for
    /// factory definitions is run only then).
    pub fn may_spell_a_task_function(&self) -> bool {
        self.words.creators
    }

    /// Whether the bytes spell a call that runs the loop (`run_until_complete(`,
    /// `run_forever(`): only such a file may define a function that does.
    pub fn may_run_the_loop(&self) -> bool {
        self.words.runs_the_loop
    }

    /// Whether the bytes spell a loop getter's call (`_event_loop()`): only such a file may bind
    /// a module global to a loop (see `project::module_loops`).
    pub fn may_bind_a_loop(&self) -> bool {
        self.words.loop_getter
    }

    /// Whether the bytes spell `current_task(` and `async def`: only such a file may hold a
    /// coroutine that stores its own task (see [`crate::scan::current_task::may_store`]).
    pub fn may_store_its_task(&self) -> bool {
        self.words.current_task && self.words.async_def
    }

    /// Whether the bytes spell `async def`: only such a file may define a coroutine that never
    /// suspends (see [`crate::scan::quiet_candidates`]).
    pub fn may_define_a_coroutine(&self) -> bool {
        self.words.async_def
    }

    /// Whether the prefilter may pick anything of the file to parse, with no project factory
    /// known: a task function, `Task(` or `run_coroutine_threadsafe` (`every_mention`: or a
    /// `TaskGroup(`) as a word. When not, the file is not parsed.
    pub fn may_mention_a_task(&self, every_mention: bool) -> bool {
        prefilter::mentioned(&self.words, every_mention)
    }

    /// What to parse for `check` and `fix` (see [`prefilter::examine`]).
    pub fn examine(&self) -> Verdict {
        self.examine_with(false, &[])
    }

    /// What to parse for the audit (see [`prefilter::examine_all`]).
    pub fn examine_all(&self) -> Verdict {
        self.examine_with(true, &[])
    }

    /// What to parse with the project's factories' names (see [`prefilter::examine_with`]).
    pub fn examine_with(&self, every_mention: bool, extra: &[&[u8]]) -> Verdict {
        if !self.keep_tokens.get() && self.lexed.get().is_none() {
            let own = OnceCell::new();
            let lexed = || {
                own.get_or_init(|| lexer::lex(self.text))
                    .as_ref()
                    .map_err(|c| *c)
            };
            return prefilter::examine_words(self.text, &self.words, lexed, every_mention, extra);
        }
        let lexed = || self.lexed();
        prefilter::examine_words(self.text, &self.words, lexed, every_mention, extra)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::asyncio_api::TASK_FUNCTIONS;

    #[test]
    fn verdicts_from_one_lex_are_those_of_a_fresh_look() {
        for code in [
            "def f():\n    asyncio.create_task(x())\n    spawn(y())\n",
            "\u{feff}async def f():\n    t = asyncio.create_task(x())\n    await t\n",
            "async with asyncio.TaskGroup() as tg:\n    tg.create_task(x())\n",
            "x = 'open\nasyncio.create_task(x())\n",
            "def f():\n    spawn(y())\n",
        ] {
            let bytes = code.as_bytes();
            let fresh = |every: bool, extra: &[&[u8]]| prefilter::examine_with(bytes, every, extra);
            let one = Triage::of(bytes);
            // Each verdict in turn, from the tokens of the first; then from the words kept.
            assert_eq!(one.examine(), fresh(false, &[]), "{code}");
            assert_eq!(one.examine_all(), fresh(true, &[]), "{code}");
            assert_eq!(
                one.examine_with(false, &[b"spawn"]),
                fresh(false, &[b"spawn"])
            );
            let again = Triage::with_words(bytes, one.words());
            assert_eq!(
                again.examine_with(true, &[b"spawn"]),
                fresh(true, &[b"spawn"])
            );
        }
    }

    #[test]
    fn its_tokens_are_lent_only_for_its_own_text() {
        let bytes = "\u{feff}x = 1\n".as_bytes();
        let triage = Triage::of(bytes);
        let text = std::str::from_utf8(&bytes[3..]).expect("utf-8");
        assert!(triage.lexed_for(text).is_some());
        let copy = text.to_owned();
        assert!(triage.lexed_for(&copy).is_none());
        assert!(triage.lexed_for(&text[1..]).is_none());
    }

    #[test]
    fn tokens_not_kept_give_the_same_verdicts_and_are_not_lent() {
        let code = "async def f():\n    t = asyncio.create_task(x())\n    spawn(y())\n";
        let (kept, lent) = (Triage::of(code.as_bytes()), Triage::of(code.as_bytes()));
        lent.lend_tokens(false);
        assert_eq!(lent.examine(), kept.examine());
        assert_eq!(
            lent.examine_with(true, &[b"spawn"]),
            kept.examine_with(true, &[b"spawn"])
        );
        assert!(lent.lexed.get().is_none());
        assert!(lent.lexed_for(code).is_none());
        assert!(kept.lexed_for(code).is_some());
    }

    #[test]
    fn the_walks_notes_are_asked_where_their_own_search_finds_a_word() {
        let has = |code: &str, word: &str| code.contains(word);
        for code in [
            "import asyncio\nLOOP = asyncio.get_event_loop()\n",
            "async def f():\n    t = asyncio.current_task()\n",
            "import asyncio\nasync def f():\n    pass\n",
            // Beside the other words, whose matches do not overlap.
            "# noqasync def\nasync deflake8 = current_task(\n",
            "async  def f(): get_event_loop (); current_task\n",
            "asyncio.sync def x(): ync def _event_loop)\n",
            "\u{feff}async def f(): current_task(); new_event_loop()",
            "",
        ] {
            let triage = Triage::of(code.as_bytes());
            assert_eq!(
                triage.may_bind_a_loop(),
                has(code, "_event_loop()"),
                "{code}"
            );
            assert_eq!(
                triage.may_define_a_coroutine(),
                has(code, "async def"),
                "{code}"
            );
            let stores = has(code, "current_task(") && has(code, "async def");
            assert_eq!(triage.may_store_its_task(), stores, "{code}");
        }
        // `async def` hides no word the first look reads.
        let hidden = Triage::of(b"async deflake8: noqa\nasyncio.ensure_future(x())\n");
        assert!(hidden.may_define_a_coroutine());
        assert_eq!(hidden.examine(), Verdict::Full);
    }

    #[test]
    fn a_task_function_is_searched_for_only_where_one_may_stand() {
        let spelled = |code: &str| Triage::of(code.as_bytes()).may_spell_a_task_function();
        for code in [
            "return asyncio.create_task(x())\n",
            "\u{feff}t = ensure_future(x())\n",
            "self.tg.create_task(x())\n",
            // `ensure_future` hidden behind a word that ends in its `e`.
            "x = file-ignorensure_future\n",
            "run_coroutine_threadsafensure_future(x)\n",
        ] {
            assert!(spelled(code), "{code}");
        }
        for code in ["import asyncio\nasyncio.Task(x())\n", "x = 1  # noqa\n", ""] {
            assert!(!spelled(code), "{code}");
        }
        // Whatever it says no to holds no task function at all.
        for code in [
            "def f():\n    return spawn(x())\n",
            "createtask ensure_futur",
        ] {
            assert!(!spelled(code));
            assert!(!TASK_FUNCTIONS.iter().any(|f| code.contains(f)));
        }
    }
}
