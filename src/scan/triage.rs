//! The one look at a file's bytes that every later question about them reuses: one SIMD pass
//! for the words that matter ([`prefilter`]'s task functions, `Task`, silencing comments, weak
//! sets, loop factories), from which the pipeline asks what to parse (for `check`, the audit,
//! or the project's factories) and whether a line scan for factory definitions can find one.
//! Before, the bytes went through a search of their own for each of these questions.

use crate::scan::prefilter::{self, Verdict, Words};

/// What one pass over a file's bytes found.
pub struct Triage<'b> {
    bytes: &'b [u8],
    /// The text after its BOM, as the parser sees it.
    text: &'b [u8],
    words: Words,
}

impl<'b> Triage<'b> {
    pub fn of(bytes: &'b [u8]) -> Self {
        let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        Triage {
            bytes,
            text,
            words: prefilter::words(text),
        }
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
        prefilter::examine_words(self.text, &self.words, every_mention, extra)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::asyncio_api::TASK_FUNCTIONS;

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
