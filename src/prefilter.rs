//! A byte search that keeps files without a possible dropped task away from the parser, which is
//! where nearly all the time goes.

use memchr::memmem::Finder;
use std::sync::LazyLock;

static NEEDLES: LazyLock<[Finder<'static>; 2]> =
    LazyLock::new(|| [Finder::new("create_task"), Finder::new("ensure_future")]);

/// True when the file mentions `create_task` or `ensure_future` as a whole name
/// (so Home Assistant's `async_create_task` does not count).
pub fn has_candidate(bytes: &[u8]) -> bool {
    NEEDLES.iter().any(|finder| {
        finder
            .find_iter(bytes)
            .any(|at| at == 0 || !is_identifier_byte(bytes[at - 1]))
    })
}

fn is_identifier_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}
