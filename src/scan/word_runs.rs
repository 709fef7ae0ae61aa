//! The runs of word bytes (`[A-Za-z0-9_]`) of a file, read in one SIMD pass, and their hashes:
//! what a file's words filter holds ([`crate::project::summary`]), and how a file is searched
//! for many words at once ([`WordTable`]: the project's factory names, known after the walk).

mod classify;
use classify::classify;
#[cfg(test)]
use classify::classify_eights;

/// Many words, each made of word bytes, of two bytes or more and not starting with a digit (the
/// runs [`each_word`] reports), found in a text as whole words by one pass over its runs: a
/// whole word is a run, so each run's hash is looked up, and a hit compared byte for byte. (An
/// automaton of a few hundred names, run over a file, stopped at a candidate every few bytes:
/// the factory search was 8.6% of `check` on the large tree.)
#[derive(Debug, Clone)]
pub(crate) struct WordTable {
    /// Open addressing, a power of two of slots, at most a quarter full: (hash, word + 1), 0
    /// for an empty slot.
    slots: Box<[(u64, u32)]>,
    words: Vec<Box<[u8]>>,
}

impl WordTable {
    /// Whether [`WordTable`] can hold `word`: what [`each_word`] reports as a run.
    pub(crate) fn holds_runs_like(word: &[u8]) -> bool {
        word.len() > 1 && !word[0].is_ascii_digit() && word.iter().all(|&b| is_word_byte(b))
    }

    /// The table of `words` (each as [`WordTable::holds_runs_like`] says; others are never
    /// found), numbered in their order.
    pub(crate) fn new<'w>(words: impl Iterator<Item = &'w [u8]>) -> Self {
        let words: Vec<Box<[u8]>> = words.map(Box::from).collect();
        let size = (4 * words.len()).max(8).next_power_of_two();
        let mut slots = vec![(0, 0); size].into_boxed_slice();
        for (i, word) in words.iter().enumerate() {
            let hash = hash(word, 0, word.len());
            let mut at = hash as usize & (size - 1);
            while slots[at].1 != 0 {
                at = (at + 1) & (size - 1);
            }
            slots[at] = (hash, i as u32 + 1);
        }
        WordTable { slots, words }
    }

    /// Calls `found(word, at)` for each whole-word occurrence in `text` of a word of the table
    /// (its number), at its start.
    pub(crate) fn each_found(&self, text: &[u8], mut found: impl FnMut(usize, usize)) {
        let mask = self.slots.len() - 1;
        each_word(text, |start, end| {
            let hash = hash(text, start, end);
            let mut at = hash as usize & mask;
            while let Some(&(h, word)) = self.slots.get(at).filter(|s| s.1 != 0) {
                let i = word as usize - 1;
                if h == hash && self.words.get(i).is_some_and(|w| **w == text[start..end]) {
                    found(i, start);
                }
                at = (at + 1) & mask;
            }
        });
    }
}

fn is_word_byte(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric()
}

/// Calls `word(start, end)` for each maximal run of `[A-Za-z0-9_]` in `bytes`, but those of
/// one byte and numbers (most of a file's runs, never a factory's name in practice; a word
/// asked about that is one is searched otherwise). The bytes are classified 64 at a time,
/// into a bit per byte; a word starts where a word byte follows another byte, and ends at the
/// next other byte.
pub(crate) fn each_word(bytes: &[u8], mut word: impl FnMut(usize, usize)) {
    let mut base = 0;
    // 1 when the byte before the block is a word byte.
    let mut carry = 0;
    // The start of a word that went on past the end of the blocks seen.
    let mut open = None;
    while base < bytes.len() {
        let (words, digits) = match bytes.get(base..base + 64) {
            Some(block) => classify(block),
            None => {
                // The padding is no word byte.
                let mut last = [0u8; 64];
                last[..bytes.len() - base].copy_from_slice(&bytes[base..]);
                classify(&last)
            }
        };
        if let Some(start) = open {
            let run = (!words).trailing_zeros() as usize;
            if run < 64 {
                open = None;
                if base + run - start > 1 {
                    word(start, base + run);
                }
            }
        }
        let firsts = words & !(words << 1 | carry);
        // Not a digit, and followed by a word byte in the block; the word that reaches the
        // end of the block (the last byte's) is left open.
        let mut starts = firsts & !digits & words >> 1;
        carry = words >> 63;
        if carry != 0 && firsts != 0 {
            let at = 63 - firsts.leading_zeros();
            starts &= !(1 << at);
            if digits >> at & 1 == 0 {
                open = Some(base + at as usize);
            }
        }
        while starts != 0 {
            let at = starts.trailing_zeros();
            starts &= starts - 1;
            let run = (!(words >> at)).trailing_zeros();
            let start = base + at as usize;
            word(start, start + run as usize);
        }
        base += 64;
    }
    // A word to the last byte of a file of whole blocks.
    if let Some(start) = open.filter(|&start| bytes.len() - start > 1) {
        word(start, bytes.len());
    }
}

/// The hash of `bytes[start..end]`, from its length and its first and last eight bytes, read
/// in place: one multiplication for a word of up to eight bytes, two for a longer one. The
/// middle of a word of more than sixteen bytes is left out: such words that differ only there
/// hash alike (a [`WordTable`] compares the bytes of a hit; to the words' filter it is a wrong
/// "yes", rare).
pub(crate) fn hash(bytes: &[u8], start: usize, end: usize) -> u64 {
    const SEED: u64 = 0x2545_F491_4F6C_DD1D;
    let len = end - start;
    match LENGTH_MASKS.get(len) {
        // No word holds a zero byte: its bytes, the ones after it masked off, tell its length.
        Some(mask) => mix(eight(bytes, start) & mask),
        None => mix(mix(eight(bytes, start) ^ SEED ^ len as u64) ^ eight(bytes, end - 8)),
    }
}

/// The low `n` bytes of a `u64`, for `n` up to 8.
const LENGTH_MASKS: [u64; 9] = {
    let mut masks = [0; 9];
    let mut n = 1;
    while n < 9 {
        masks[n] = u64::MAX >> (64 - 8 * n);
        n += 1;
    }
    masks
};

/// The eight bytes from `at`, zeros past the end.
fn eight(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => <[u8; 8]>::try_from(eight).map_or(0, u64::from_le_bytes),
        None => {
            let mut buf = [0u8; 8];
            let rest = bytes.get(at..).unwrap_or_default();
            buf[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(buf)
        }
    }
}

/// One wide multiplication, its halves folded: every bit of `x` reaches every bit.
fn mix(x: u64) -> u64 {
    let wide = u128::from(x) * 0x9E37_79B9_7F4A_7C15;
    (wide as u64) ^ (wide >> 64) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_finds_its_words_where_they_stand_whole() {
        let words: [&[u8]; 4] = [b"spawn", b"tasks", b"spawn_many_tasks_now", b"x1"];
        let table = WordTable::new(words.into_iter());
        let text = b"respawn spawn(x1) spawner x1_ tasks.spawn_many_tasks_now\nspawn";
        let mut found = Vec::new();
        table.each_found(text, |word, at| found.push((word, at)));
        found.sort();
        assert_eq!(found, [(0, 8), (0, 57), (1, 30), (2, 36), (3, 14)]);
        assert!(WordTable::holds_runs_like(b"x1"));
        for word in [b"x".as_slice(), b"1x", b"my-tasks", b""] {
            assert!(!WordTable::holds_runs_like(word), "{word:?}");
        }
    }

    #[test]
    fn a_table_finds_what_a_search_for_whole_words_finds() {
        // Runs the texts spell, and many that they do not, for a table of some size.
        let spelled = [
            "w0", "w9", "ww", "xw", "aZ", "Z_", "_9", "xx", "wxx", "Zw_0",
        ];
        let others = (0..40).map(|i| format!("other{i}"));
        let words: Vec<String> = spelled
            .map(String::from)
            .into_iter()
            .chain(others)
            .collect();
        let table = WordTable::new(words.iter().map(|w| w.as_bytes()));
        for text in texts() {
            let mut found = Vec::new();
            table.each_found(&text, |word, at| found.push((at, word)));
            found.sort();
            let mut searched = Vec::new();
            for (i, word) in words.iter().enumerate() {
                let word = word.as_bytes();
                for at in 0..text.len() {
                    let end = at + word.len();
                    let whole = (at == 0 || !is_word_byte(text[at - 1]))
                        && text.get(end).is_none_or(|&b| !is_word_byte(b));
                    if text[at..].starts_with(word) && whole {
                        searched.push((at, i));
                    }
                }
            }
            searched.sort();
            assert_eq!(found, searched, "{text:?}");
        }
    }

    /// Texts of every length to 300 from a few bytes (word bytes, digits, others, non-ASCII),
    /// with runs across the 64-byte blocks, and every byte value.
    fn texts() -> Vec<Vec<u8>> {
        const BYTES: &[u8] = b"aZ_9 .\n\x7f\xc3`{@[/0w";
        let mut state: u32 = 1;
        let mut texts: Vec<Vec<u8>> = (0..300)
            .map(|len| {
                (0..len)
                    .map(|_| {
                        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                        // Mostly word bytes, for long runs.
                        let pick = (state >> 16) as usize % (BYTES.len() + 8);
                        BYTES.get(pick).copied().unwrap_or(b'x')
                    })
                    .collect()
            })
            .collect();
        texts.push((0..=255).collect());
        texts.push([b"_".repeat(70), b"1x".to_vec(), b"y".repeat(130)].concat());
        texts
    }

    #[test]
    fn the_words_are_the_runs_of_word_bytes() {
        fn runs(text: &[u8]) -> Vec<&[u8]> {
            let mut runs = Vec::new();
            each_word(text, |start, end| runs.push((start, &text[start..end])));
            // A word across blocks comes before the block's others.
            runs.sort();
            runs.into_iter().map(|(_, run)| run).collect()
        }
        fn by_table(text: &[u8]) -> Vec<&[u8]> {
            (text.split(|&b| !is_word_byte(b)))
                .filter(|r| r.len() > 1 && !r[0].is_ascii_digit())
                .collect()
        }
        for text in texts() {
            assert_eq!(runs(&text), by_table(&text), "{text:?}");
        }
    }

    #[test]
    fn bytes_are_classified_alike_by_sse2_and_by_eights() {
        for text in texts() {
            for block in text.chunks_exact(64) {
                let mut words = 0;
                let mut digits = 0;
                for (i, &b) in block.iter().enumerate() {
                    words |= u64::from(is_word_byte(b)) << i;
                    digits |= u64::from(b.is_ascii_digit()) << i;
                }
                assert_eq!(classify(block), (words, digits), "{block:?}");
                assert_eq!(classify_eights(block), (words, digits), "{block:?}");
            }
        }
    }
}
