//! The uses of a method's name that are no calls (`{"start": self.start}`, `if self.init:`), as
//! the callers' pass counts and reads them ([`super::callers::calls_in`]): every one counts
//! toward the pass's stop, so that a common name's reads bound what it reads, and only as many
//! of a file's reads are typed as the pass may still count.

use tree_sitter::Node;

/// A use of a method's name that is no call, to the callers' pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Read {
    /// A call (or a startup hook, or a use of a function's name).
    #[default]
    No,
    /// Handed on (`callback=x.start`, `{"start": self.start}`), its receiver typed: nothing
    /// but its receiver's class rules it out.
    Typed,
    /// Handed on, past the reads typed in its file (see [`super::callers::calls_in`]): not read.
    Untyped,
    /// Stored to, compared or tested (`check.connect == False`): the method is not handed on
    /// to be called; counted toward the pass's stop, never named.
    Skipped,
}

impl Read {
    /// What the use `attribute` is: for a read (`read`, a use that is no call, of a method of
    /// a class, that nothing else rules out) the test of [`no_use`], then one of the `typed`
    /// reads left in its file, if any.
    pub(super) fn of(attribute: Node, read: bool, typed: Option<&mut usize>) -> Read {
        if !read {
            return Read::No;
        }
        // Stored to, compared or tested: the method is not handed on to be called.
        if no_use(attribute) {
            return Read::Skipped;
        }
        match typed {
            Some(left) if *left > 0 => {
                *left -= 1;
                Read::Typed
            }
            _ => Read::Untyped,
        }
    }

    /// Its receiver's class is read ([`Read::No`]: as a call's).
    pub(super) fn typed(self) -> bool {
        matches!(self, Read::No | Read::Typed)
    }
}

/// `x.name` where its value goes nowhere a call of it can be made: the target of an assignment
/// or a `del` (a field written, `self.init = ...`), an operand of a comparison or an operator
/// (`check.connect == False`), the test of an `if` or `while`, a value put in an f-string.
fn no_use(attribute: Node) -> bool {
    let node = crate::scan::syntax::outside_parens(attribute);
    let Some(parent) = node.parent() else {
        return false;
    };
    match parent.kind() {
        "assignment" | "augmented_assignment" | "for_statement" => {
            parent.child_by_field_name("left") == Some(node)
        }
        "if_statement" | "elif_clause" | "while_statement" => {
            parent.child_by_field_name("condition") == Some(node)
        }
        "delete_statement"
        | "comparison_operator"
        | "not_operator"
        | "binary_operator"
        | "unary_operator"
        | "interpolation" => true,
        _ => false,
    }
}
