//! What is kept of a file once its bytes are gone, for the project's task factories found after
//! it was read: its words, in a Bloom filter. A run reads each file once and analyses it before
//! every factory is known; this is what says afterwards that it cannot call one.

/// The words of a file (its maximal runs of `[A-Za-z0-9_]`), in a blocked Bloom filter: a "no"
/// is sure, a "yes" is wrong for about one absent word in a thousand (each wrong "yes" costs a
/// file read and analysed again). Two bytes per distinct word: a twentieth of a file's size, for
/// most Python.
#[derive(Debug, Clone, Default)]
pub struct FileWords {
    blocks: Box<[u64]>,
}

/// Bits per distinct word, and bits set per word in its block.
const BITS_PER_WORD: usize = 16;
const PROBES: u32 = 8;

/// A thread's buffers for [`FileWords::of`]: a roomy filter that tells the first sight of a
/// word from a repeat, to count them, and the hash of every word.
#[derive(Default)]
struct Scratch {
    seen: Vec<u64>,
    hashes: Vec<u64>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

impl FileWords {
    pub fn of(bytes: &[u8]) -> Self {
        SCRATCH.with_borrow_mut(|scratch| Self::with(bytes, scratch))
    }

    /// The filter is sized by the file's distinct words, counted (about: a repeat is told by a
    /// roomy filter) as they are hashed. A set of them would cost an insertion per word, more
    /// than the search this replaces; a size from the file's length would be too small for
    /// dense, generated code. Every word goes in, whatever the count.
    fn with(bytes: &[u8], scratch: &mut Scratch) -> Self {
        scratch.seen.clear();
        scratch.seen.resize((bytes.len() / 32).max(1), 0);
        let seen = FileWords::probes(scratch.seen.len());
        scratch.hashes.clear();
        let mut distinct = 0;
        let mut at = 0;
        while at < bytes.len() {
            if !WORD_BYTES[usize::from(bytes[at])] {
                at += 1;
                continue;
            }
            let start = at;
            while at < bytes.len() && WORD_BYTES[usize::from(bytes[at])] {
                at += 1;
            }
            if is_kept(&bytes[start..at]) {
                let hash = hash(bytes, start, at);
                let (block, bits) = seen(hash);
                if scratch.seen[block] & bits != bits {
                    scratch.seen[block] |= bits;
                    distinct += 1;
                }
                scratch.hashes.push(hash);
            }
        }
        let size = (distinct * BITS_PER_WORD).div_ceil(64).max(1);
        let mut blocks = vec![0; size].into_boxed_slice();
        let probe = FileWords::probes(size);
        for &hash in &scratch.hashes {
            let (block, bits) = probe(hash);
            blocks[block] |= bits;
        }
        FileWords { blocks }
    }

    /// Whether `word` may stand in the file as a whole word (as
    /// [`FactoryIndex::may_be_called`](super::factories::FactoryIndex::may_be_called) searches
    /// it). A word with other bytes (a module `my-tasks`) may when each of its runs of word
    /// bytes is a word of the file: around a whole-word match, they are; one with no such run
    /// always may.
    pub fn may_hold(&self, word: &str) -> bool {
        let mut runs = (word.as_bytes())
            .split(|&b| !is_word_byte(b))
            .filter(|run| !run.is_empty())
            .peekable();
        runs.peek().is_none()
            || runs.all(|run| {
                let (block, bits) = FileWords::probes(self.blocks.len())(hash(run, 0, run.len()));
                !is_kept(run) || self.blocks[block] & bits == bits
            })
    }

    /// In a filter of `size` blocks: a word's block, from the hash's high half, and its bits
    /// there, from the low half.
    fn probes(size: usize) -> impl Fn(u64) -> (usize, u64) {
        move |hash| {
            let block = ((hash >> 32) * size as u64) >> 32;
            let mixed = hash.wrapping_mul(0x2545_F491_4F6C_DD1D);
            let bits = (0..PROBES).fold(0, |bits, i| bits | 1 << ((mixed >> (6 * i)) & 63));
            (block as usize, bits)
        }
    }
}

/// Words of one letter and numbers are left out (most of a file's runs, never a factory's name
/// in practice): asked about, they may be there.
fn is_kept(word: &[u8]) -> bool {
    word.len() > 1 && !word[0].is_ascii_digit()
}

fn is_word_byte(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

/// `[A-Za-z0-9_]`, looked up: the test runs on every byte of every file.
static WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c == b'_' || c.is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The hash of `bytes[start..end]`, eight bytes at a time (read in place, the bytes after the
/// word masked off), then mixed: the filter takes its bits from all 64.
fn hash(bytes: &[u8], start: usize, end: usize) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = ((end - start) as u64).wrapping_mul(K);
    let mut at = start;
    while at < end {
        let take = (end - at).min(8);
        let eight = match bytes.get(at..at + 8) {
            Some(eight) => <[u8; 8]>::try_from(eight).map_or(0, u64::from_le_bytes),
            None => {
                let mut buf = [0u8; 8];
                buf[..take].copy_from_slice(&bytes[at..at + take]);
                u64::from_le_bytes(buf)
            }
        };
        let kept = if take == 8 {
            u64::MAX
        } else {
            (1 << (8 * take)) - 1
        };
        h = (h.rotate_left(26) ^ (eight & kept)).wrapping_mul(K);
        at += 8;
    }
    h = (h ^ (h >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^ (h >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_of_the_file_is_held() {
        let text = "from pkg.tasks import spawn as start\nstart(work())  # tâches\n";
        let words = FileWords::of(text.as_bytes());
        for word in [
            "from", "pkg", "tasks", "spawn", "start", "work", "t", "ches",
        ] {
            assert!(words.may_hold(word), "{word}");
        }
        // Runs of word bytes, each a word of the file; none at all: it may be anywhere.
        assert!(words.may_hold("pkg.tasks"));
        assert!(words.may_hold("t\u{e2}ches"));
        assert!(words.may_hold("--"));
    }

    #[test]
    fn words_that_are_not_there_are_mostly_told_apart() {
        let text: String = (0..500).map(|i| format!("name{i} = call{i}()\n")).collect();
        let words = FileWords::of(text.as_bytes());
        assert!((0..500).all(|i| words.may_hold(&format!("call{i}"))));
        let wrong = (0..1000)
            .filter(|i| words.may_hold(&format!("other{i}")))
            .count();
        assert!(wrong < 10, "{wrong} of 1000 absent words held");
        // Part of a word is no word of the file.
        assert!(!FileWords::of(b"respawn spawner").may_hold("spawn"));
    }

    #[test]
    fn an_empty_file_holds_no_word() {
        let words = FileWords::of(b"");
        assert!(!words.may_hold("spawn"));
    }
}
