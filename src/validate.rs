//! Is this text Python that CPython accepts? tree-sitter recovers from some errors without
//! saying so (an unexpected indent, `g(a=1, 2)`, a `try:` with no handler), so before a file is
//! changed, and again after the fix is planned, its text goes through ruff's parser, which
//! rejects what CPython rejects. tree-sitter stays the engine for detection and edits.

use ruff_python_parser::parse_module;

/// Where the text stops being valid Python, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// Byte offset into the text.
    pub offset: usize,
    pub message: String,
}

pub fn check(text: &str) -> Result<(), Invalid> {
    match parse_module(text) {
        Ok(_) => Ok(()),
        Err(err) => Err(Invalid {
            offset: usize::from(err.location.start()),
            message: err.error.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn rejects_what_tree_sitter_lets_through() {
        for bad in [
            "def f():\n    pass\n        x = 1\n",
            "g(a=1, 2)\n",
            "def f(a=1, b):\n    pass\n",
            "try:\n    pass\nx = 1\n",
            "f(x for x in y, 1)\n",
            "x = 1\n\u{feff}y = 2\n",
        ] {
            assert!(check(bad).is_err(), "{bad:?}");
        }
        assert!(check("async def f():\n    await g()\n").is_ok());
        assert!(check("type X = int\nmatch x:\n    case _:\n        pass\n").is_ok());
    }
}
