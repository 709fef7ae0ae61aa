//! How a run of word bytes is told: a bit per byte of a 64-byte block, whether it is
//! in `[A-Za-z0-9_]` and whether it is a digit (see [`super::each_word`]).

/// A bit per byte of `block` (64 of them): whether it is in `[A-Za-z0-9_]`, and whether it is
/// a digit. SSE2, which every x86-64 has: sixteen bytes in a few instructions (eight at a time
/// in a `u64` cost five times as many, a tenth of `check`).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
pub(super) fn classify(block: &[u8]) -> (u64, u64) {
    // SAFETY: SSE2, all that `classify_sse2` requires, is enabled in this build (the `cfg`
    // above).
    unsafe { classify_sse2(block) }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn classify_sse2(block: &[u8]) -> (u64, u64) {
    use std::arch::x86_64::{
        _mm_add_epi8, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set_epi64x, _mm_set1_epi8,
    };
    let (sixteens, _) = block.as_chunks::<16>();
    let (mut words, mut digits) = (0, 0);
    for (i, sixteen) in sixteens.iter().take(4).enumerate() {
        let x = u128::from_le_bytes(*sixteen);
        let x = _mm_set_epi64x((x >> 64) as i64, x as i64);
        // `b + (0x80 - first)` puts `first..=last` at the bottom of the signed bytes, alone
        // (bytes from 0x80 on wrap elsewhere): one comparison tells the range.
        let lower = _mm_or_si128(x, _mm_set1_epi8(0x20));
        let letter = _mm_cmplt_epi8(
            _mm_add_epi8(lower, _mm_set1_epi8((0x80u8 - b'a') as i8)),
            _mm_set1_epi8((0x80u8 + 26) as i8),
        );
        let digit = _mm_cmplt_epi8(
            _mm_add_epi8(x, _mm_set1_epi8((0x80u8 - b'0') as i8)),
            _mm_set1_epi8((0x80u8 + 10) as i8),
        );
        let underscore = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'_' as i8));
        let word = _mm_or_si128(_mm_or_si128(letter, digit), underscore);
        words |= u64::from(_mm_movemask_epi8(word) as u16) << (16 * i);
        digits |= u64::from(_mm_movemask_epi8(digit) as u16) << (16 * i);
    }
    (words, digits)
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
pub(super) fn classify(block: &[u8]) -> (u64, u64) {
    classify_eights(block)
}

/// [`classify`] eight bytes at a time, in the bytes of a `u64`.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
pub(super) fn classify_eights(block: &[u8]) -> (u64, u64) {
    let (eights, _) = block.as_chunks::<8>();
    let (mut words, mut digits) = (0, 0);
    for (i, eight) in eights.iter().take(8).enumerate() {
        let (word, digit) = word_bytes(u64::from_le_bytes(*eight));
        words |= high_bits(word) << (8 * i);
        digits |= high_bits(digit) << (8 * i);
    }
    (words, digits)
}

/// The high bit of each byte, gathered into the low eight bits.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
fn high_bits(x: u64) -> u64 {
    ((x >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `eight` in `[A-Za-z0-9_]`, and of each digit. On seven bits per
/// byte, each sum stays in its byte: a sum's high bit says whether the byte reached a bound.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
fn word_bytes(eight: u64) -> (u64, u64) {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = eight & !HIGH;
    let at_least = |x: u64, bound: u64| x + (0x80 - bound) * ONES;
    let within = |x: u64, first: u8, last: u8| {
        at_least(x, u64::from(first)) & !at_least(x, u64::from(last) + 1)
    };
    // Upper case folds onto lower case; `_` would become DEL, so it is told by itself.
    let letter = within(low | (0x20 * ONES), b'a', b'z');
    let digit = within(low, b'0', b'9') & !eight & HIGH;
    let underscore = !at_least(low ^ (u64::from(b'_') * ONES), 1);
    ((letter | underscore) & !eight & HIGH | digit, digit)
}
