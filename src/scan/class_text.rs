//! One module-level class of a file by its text alone (nothing lexed or parsed): the gate of
//! the never-suspends proof through a class another module defines
//! (`detect/first_step_imported.rs`). Parsing each such module whole cost `check` a quarter of
//! its time on the large tree (never35s); most classes asked about have a base, or a method
//! that awaits, which their text shows.

use crate::scan::blocks::block_end;

/// The one column-0 `class name` of `src`: where its `class` is, its text to the end of its
/// block, and where its header ends (the `:`, relative to the text); `None` when `src` spells
/// none or more than one.
pub fn class_text<'s>(src: &'s str, name: &str) -> Option<(usize, &'s str, usize)> {
    let bytes = src.as_bytes();
    let mut found = column_0_classes(bytes).filter(|&at| names(bytes, at + 5, name));
    let at = found.next()?;
    if found.next().is_some() {
        return None;
    }
    let colon = crate::scan::method_defs::header_end(bytes, at)?;
    let next = src[colon..].find('\n').map_or(src.len(), |i| colon + i + 1);
    let end = block_end(src, next, 0);
    Some((at, src.get(at..end)?, colon - at))
}

/// The offsets of `class` at the start of a line.
fn column_0_classes(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memmem::find_iter(bytes, b"class ").filter(move |&at| at == 0 || bytes[at - 1] == b'\n')
}

/// Whether `name`, whole, follows the blanks after `from`.
fn names(bytes: &[u8], from: usize, name: &str) -> bool {
    let rest = bytes.get(from..).unwrap_or_default().trim_ascii_start();
    rest.strip_prefix(name.as_bytes()).is_some_and(|after| {
        after
            .first()
            .is_none_or(|&b| !crate::scan::blocks::is_word_byte(b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_class_is_read_to_the_end_of_its_block() {
        let src = "import x\n\nclass Coordinator(object):\n    async def m(self):\n        \
                   pass\n\n    x = 1\n\nclass CoordinatorB:\n    pass\nclass Two: pass\n\
                   class Two: pass\n";
        let (at, text, colon) = class_text(src, "Coordinator").unwrap_or_default();
        assert_eq!(at, 10);
        assert!(text.starts_with("class Coordinator(object):\n"));
        assert!(text.ends_with("    x = 1\n\n"));
        assert_eq!(&text[..colon], "class Coordinator(object)");
        assert_eq!(class_text(src, "CoordinatorB").map(|t| t.2), Some(18));
        assert_eq!(class_text(src, "Two"), None);
        assert_eq!(class_text(src, "Coord"), None);
    }
}
