//! The class of a module-level receiver read in the whole file, when the tree at hand may be a
//! partial one (issue 36, exam36k's Nezuko-Telegram-Bot): `manager = LogQueue()` at the top
//! level, then `asyncio.create_task(manager.queue_log(line))` in a function. The parts parsed
//! around the sites (`scan::partial`) hold the function, not the binding, so the module read
//! in them binds no `manager`; the whole file binds it once, to a class of the file. One site
//! must get one verdict however much of the file was parsed: `check` and `audit` read the parts,
//! `fix` plans on the whole tree, and they disagreed.
//!
//! Cheap by construction: the whole file is parsed only when its text spells `name = C(` at
//! column 0 with a column-0 `class C`, the one shape the reading of a module name can prove.

use tree_sitter::{Node, Tree};

use crate::project::receivers::{Known, class_at};
use crate::scan::syntax::{self, text};

/// The class of the identifier `receiver`, as [`class_at`] reads it in the whole file `src`;
/// `None` where the text cannot make it a module-level instance of a class of the file.
pub fn class_in_whole_file(receiver: Node, src: &str) -> Option<Known> {
    if receiver.kind() != "identifier" || !made_at_top_level(src, text(receiver, src)) {
        return None;
    }
    let mut parser = syntax::new_parser();
    let tree: Tree =
        syntax::parse(&mut parser, src, None).filter(|t| !t.root_node().has_error())?;
    let same = (tree.root_node())
        .descendant_for_byte_range(receiver.start_byte(), receiver.end_byte())
        .filter(|n| n.kind() == "identifier" && n.byte_range() == receiver.byte_range())?;
    class_at(same, src)
}

/// Whether the text spells `name = C(` at column 0, `C` a class defined at column 0.
fn made_at_top_level(src: &str, name: &str) -> bool {
    crate::scan::bound_names::classes_made_at_top_level(src, name)
        .any(|class| crate::project::ancestors::class_start(src.as_bytes(), &class).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_column_0_instance_of_a_class_of_the_file() {
        let code = "class C:\n    pass\n\n\nc = C()\nd = f()\n e = C()\nc2 == C()\n";
        assert!(made_at_top_level(code, "c"));
        assert!(!made_at_top_level(code, "d"));
        assert!(!made_at_top_level(code, "e"));
        assert!(!made_at_top_level(code, "c2"));
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)] // one part: the function around the site
    fn a_partial_tree_reads_the_binding_it_left_out() {
        let code = "class C:\n    async def m(self):\n        pass\n\n\nc = C()\n\n\ndef f():\n    asyncio.create_task(c.m())\n";
        let start = code.find("def f").unwrap_or(0);
        let source = crate::scan::source::SourceFile::new(code);
        let mut parser = syntax::new_parser();
        let Some(part) = syntax::parse_ranges(&mut parser, &source, &[start..code.len()]) else {
            panic!("the part parses");
        };
        let at = code.rfind("c.m").unwrap_or(0);
        let Some(receiver) = part.root_node().descendant_for_byte_range(at, at + 1) else {
            panic!("the receiver is in the part");
        };
        assert_eq!(class_at(receiver, code), None);
        let known = class_in_whole_file(receiver, code).map(|k| k.class);
        assert_eq!(known.as_deref(), Some("C"));
    }
}
