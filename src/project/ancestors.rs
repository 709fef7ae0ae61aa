//! Which classes of the checked code may bind a method in place of a class's own (issue 35):
//! Python looks `self.m` up along the object's class's method resolution order, so `self.m()`
//! written in class `C` runs `C.m` unless the object is of a class derived from `C` that binds
//! `m` itself, or derives from another class that does ahead of `C`. The classes an object of
//! `C` may be are `C`'s relatives ([`Classes::relatives`]: the classes derived from it and
//! their ancestors) but for `C` itself and its own ancestors, which `C.m` comes before.
//!
//! Each such class is read in its file by the lexer, never parsed ([`class_statements`]): a
//! statement of its body that defines or spells `m` may bind it.

use std::collections::HashSet;

use super::receivers::Classes;
use crate::scan::class_parts::class_statements;

/// The classes an object of `class` may also be, but for `class` and its ancestors, sorted;
/// `None` when any class may be (a header whose bases are not read).
pub fn heirs(classes: &Classes, class: &str) -> Option<Vec<String>> {
    let relatives = classes.relatives(class)?;
    let mut own: HashSet<&str> = HashSet::from([class]);
    let mut todo = vec![class];
    while let Some(name) = todo.pop() {
        for definition in classes.bases.get(name).into_iter().flatten() {
            for base in definition.iter().flatten() {
                if own.insert(base) {
                    todo.push(base);
                }
            }
        }
    }
    let mut heirs: Vec<String> = (relatives.into_iter())
        .filter(|r| !own.contains(r.as_str()))
        .collect();
    heirs.sort();
    Some(heirs)
}

/// A statement of a class's body that may bind `name`: its line, and whether it is a `def
/// name` (or `async def name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub line: usize,
    pub is_def: bool,
}

/// The statements of each module-level class `class` of the file that may bind `name`: a
/// `def`, `async def` or `class` of that name, or any other statement that spells it (`name =
/// other`, a decorator); `None` when the file defines no such class at its top level, or the
/// lexer cannot read it.
pub fn bindings(bytes: &[u8], class: &str, name: &str) -> Option<Vec<Binding>> {
    let blocks = crate::scan::partial::top_level_blocks(bytes)?;
    let line_of = |at: usize| bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    let spells = |range: std::ops::Range<usize>| {
        let part = &bytes[range.clone()];
        memchr::memmem::find_iter(part, name.as_bytes()).find(|&at| {
            !word(at.checked_sub(1).and_then(|i| part.get(i))) && !word(part.get(at + name.len()))
        })
    };
    let mut found = None;
    for block in blocks {
        let Some(start) = class_header(bytes, &block, class) else {
            continue;
        };
        let (_, statements) = class_statements(bytes, block, start)?;
        let bound = found.get_or_insert_with(Vec::new);
        for statement in statements {
            let range = statement.range.clone();
            match statement.definition {
                Some((line, ref defined))
                    if bytes.get(defined.clone()) == Some(name.as_bytes()) =>
                {
                    let is_def = bytes[line..range.end]
                        .trim_ascii_start()
                        .starts_with(b"def ")
                        || bytes[line..range.end]
                            .trim_ascii_start()
                            .starts_with(b"async ");
                    bound.push(Binding {
                        line: line_of(line),
                        is_def,
                    });
                }
                // Another definition: only its decorators are read in the class's scope.
                Some((line, _)) => {
                    if let Some(at) = spells(range.start..line) {
                        bound.push(Binding {
                            line: line_of(range.start + at),
                            is_def: false,
                        });
                    }
                }
                None => {
                    if let Some(at) = spells(range.clone()) {
                        bound.push(Binding {
                            line: line_of(range.start + at),
                            is_def: false,
                        });
                    }
                }
            }
        }
    }
    found
}

/// Where the one module-level class `name` of the file starts (its `class` keyword); `None`
/// when the file defines none or several, or the lexer cannot read it.
pub fn class_start(bytes: &[u8], name: &str) -> Option<usize> {
    let blocks = crate::scan::partial::top_level_blocks(bytes)?;
    let mut found = blocks.iter().filter_map(|b| class_header(bytes, b, name));
    let one = found.next()?;
    found.next().is_none().then_some(one)
}

/// Where the `class name` header of a module-level block starts, after its decorators.
fn class_header(bytes: &[u8], block: &std::ops::Range<usize>, name: &str) -> Option<usize> {
    let text = bytes.get(block.clone())?;
    let mut offset = 0;
    for line in text.split_inclusive(|&b| b == b'\n') {
        if let Some(rest) = line.strip_prefix(b"class")
            && matches!(rest.first(), Some(b' ' | b'\t'))
        {
            let rest = rest.trim_ascii_start();
            let after = rest.get(name.len());
            let named = rest.starts_with(name.as_bytes())
                && !after.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
            return named.then_some(block.start + offset);
        }
        if !matches!(
            line.first(),
            Some(b'@' | b' ' | b'\t' | b'\n' | b'\r' | b'#' | b')')
        ) {
            return None;
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subclass_that_defines_the_method_binds_it_and_one_that_does_not_binds_nothing() {
        let code = b"import x\n\nclass Slow(Base):\n    async def m(self):\n        pass\n\n\
                     @dataclass\nclass Other(Base):\n    def n(self):\n        self.m()\n";
        let slow = bindings(code, "Slow", "m").unwrap();
        assert_eq!(
            slow,
            vec![Binding {
                line: 4,
                is_def: true
            }]
        );
        assert_eq!(bindings(code, "Other", "m").unwrap(), Vec::new());
        assert_eq!(bindings(code, "Missing", "m"), None);
        let assigned = b"class A(B):\n    m = other\n";
        assert_eq!(
            bindings(assigned, "A", "m").unwrap(),
            vec![Binding {
                line: 2,
                is_def: false
            }]
        );
    }

    #[test]
    fn heirs_leave_out_the_class_and_its_ancestors() {
        let mut classes = Classes::default();
        classes.add(
            b"class Root:\n    pass\nclass C(Root):\n    pass\nclass D(Mixin, C):\n    pass\n",
        );
        assert_eq!(heirs(&classes, "C").unwrap(), vec!["D", "Mixin"]);
        assert_eq!(heirs(&classes, "D").unwrap(), Vec::<String>::new());
    }
}
