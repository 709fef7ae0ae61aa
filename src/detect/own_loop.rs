//! A receiver named like a loop that is proven not to be asyncio's (issue 35, exam35o's
//! ros2_asyncio demos): `loop = EventLoop()`, where `EventLoop` is a class of the file whose
//! `create_task` appends a wrapper to a list. The name says "loop"; the binding says which
//! object it is. Every binding of the name in its scope is a call of one class the file
//! defines at its top level, and that class derives from nothing but `object` and other such
//! classes of the file: no asyncio loop is in its ancestry, so `loop.create_task(...)` makes no
//! asyncio task. Where a binding, a base or a `global` cannot be read, nothing is proven and
//! the reading by name stays.

use tree_sitter::Node;

use super::module_receiver::class_in_whole_file;
use crate::project::ancestors::class_start;
use crate::project::receivers::class_at;
use crate::scan::syntax::{strip_parens, text};

/// How deep a chain of the file's own base classes is followed before giving up.
const MAX_DEPTH: usize = 8;

/// `receiver` (an identifier) is proven to be an object of a class of the file that no asyncio
/// loop is an ancestor of.
pub fn proven_not_a_loop(receiver: Node, src: &str) -> bool {
    let receiver = strip_parens(receiver);
    if receiver.kind() != "identifier" {
        return false;
    }
    let name = text(receiver, src);
    // Most loops are parameters or a getter's result: the text decides before any tree walk.
    if !spells_own_instance(src.as_bytes(), name) {
        return false;
    }
    let known = class_at(receiver, src).or_else(|| class_in_whole_file(receiver, src));
    // A function's `global name` may bind it to anything; the module's bindings do not show it.
    known.is_some_and(|k| k.made && own_ancestry(src.as_bytes(), &k.class, 0))
        && !declared_global(src, name)
}

/// Whether the text spells `name = C(` somewhere, `C` a class with a `class C` header at the
/// start of a line: what any proof of [`proven_not_a_loop`] needs.
fn spells_own_instance(bytes: &[u8], name: &str) -> bool {
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let skip = |at: usize| {
        at + bytes[at..]
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count()
    };
    memchr::memmem::find_iter(bytes, name.as_bytes()).any(|at| {
        let end = at + name.len();
        if at
            .checked_sub(1)
            .and_then(|i| bytes.get(i))
            .is_some_and(|b| word(b) || *b == b'.')
            || bytes.get(end).is_some_and(word)
        {
            return false;
        }
        let eq = skip(end);
        if bytes.get(eq) != Some(&b'=') || bytes.get(eq + 1) == Some(&b'=') {
            return false;
        }
        let class_at = skip(eq + 1);
        let class_len = bytes[class_at..].iter().take_while(|b| word(b)).count();
        let class = &bytes[class_at..class_at + class_len];
        class_len > 0
            && bytes.get(skip(class_at + class_len)) == Some(&b'(')
            && has_class_header(bytes, class)
    })
}

/// Whether a line starts `class <class>` followed by `(` or `:`.
fn has_class_header(bytes: &[u8], class: &[u8]) -> bool {
    let mut header = b"class ".to_vec();
    header.extend_from_slice(class);
    memchr::memmem::find_iter(bytes, &header).any(|at| {
        (at == 0 || bytes[at - 1] == b'\n')
            && matches!(bytes.get(at + header.len()), Some(b'(' | b':' | b' '))
    })
}

/// Whether a `global` statement of the file names `name`.
fn declared_global(src: &str, name: &str) -> bool {
    src.lines().any(|line| {
        let line = line.trim_start();
        line.strip_prefix("global")
            .filter(|rest| rest.starts_with([' ', '\t']))
            .is_some_and(|rest| {
                rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .any(|w| w == name)
            })
    })
}

/// `class` is defined once at the file's top level and every base it names is `object` or
/// such a class of the file, read as far as [`MAX_DEPTH`].
fn own_ancestry(bytes: &[u8], class: &str, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let Some(start) = class_start(bytes, class) else {
        return false;
    };
    let Some(bases) = bases(bytes, start) else {
        return false;
    };
    bases
        .iter()
        .all(|base| base == "object" || (base != class && own_ancestry(bytes, base, depth + 1)))
}

/// The bases a `class Name(...)` header starting at `start` lists, as plain names (`[]` for
/// `class Name:`); `None` where one is not a plain name (`mod.Base`, `metaclass=M`, `*bases`,
/// `Generic[T]`), or the header is not read to its end.
fn bases(bytes: &[u8], start: usize) -> Option<Vec<String>> {
    // The header ends at the first `:` (no base list spells one but a keyword's annotation).
    let rest = bytes.get(start..)?;
    let end = memchr::memchr(b':', rest)?;
    let header = std::str::from_utf8(&rest[..=end]).ok()?;
    let after_name = header
        .strip_prefix("class")?
        .trim_start()
        .trim_start_matches(|c: char| c.is_alphanumeric() || c == '_')
        .trim_start();
    if after_name.starts_with(':') {
        return Some(Vec::new());
    }
    let inside = after_name.strip_prefix('(')?;
    let list = &inside[..inside.find(')')?];
    let mut names = Vec::new();
    for part in list.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        if !part.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        names.push(part.to_owned());
    }
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::syntax::{new_parser, parse};

    /// Whether the receiver of the last `loop.create_task` of `code` is proven no loop.
    fn proven(code: &str) -> bool {
        let mut parser = new_parser();
        let tree = parse(&mut parser, code, None).unwrap();
        let at = code.rfind("loop.create_task").unwrap();
        let receiver = (tree.root_node())
            .descendant_for_byte_range(at, at + 4)
            .unwrap();
        proven_not_a_loop(receiver, code)
    }

    #[test]
    fn an_instance_of_a_class_of_the_file_is_no_loop() {
        let own = "class EventLoop:\n    def create_task(self, c):\n        pass\n\nloop = EventLoop()\nloop.create_task(f())\n";
        assert!(proven(own));
        let derived = "class Base(object):\n    pass\n\nclass EventLoop(Base):\n    pass\n\ndef main():\n    loop = EventLoop()\n    loop.create_task(f())\n";
        assert!(proven(derived));
    }

    #[test]
    fn anything_unread_keeps_the_reading_by_name() {
        let library_base = "import asyncio\nclass L(asyncio.SelectorEventLoop):\n    pass\n\nloop = L()\nloop.create_task(f())\n";
        assert!(!proven(library_base));
        let imported_base =
            "from x import Base\nclass L(Base):\n    pass\n\nloop = L()\nloop.create_task(f())\n";
        assert!(!proven(imported_base));
        let getter = "import asyncio\nloop = asyncio.get_event_loop()\nloop.create_task(f())\n";
        assert!(!proven(getter));
        let global = "class L:\n    pass\n\nloop = L()\ndef reset():\n    global loop\n    loop = make()\n\nloop.create_task(f())\n";
        assert!(!proven(global));
        let two =
            "class L:\n    pass\n\nloop = L()\nif x:\n    loop = make()\nloop.create_task(f())\n";
        assert!(!proven(two));
    }
}
