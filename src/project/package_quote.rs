//! The quote a package writes its strings with, for a module the fix adds to it where no
//! formatter of the project normalises quotes (Wavelink writes `'...'` and runs none): the
//! quote most of its modules use most.

use std::path::Path;

use crate::scan::syntax::new_parser;

/// Bytes read of each module: enough strings to tell its habit.
const HEAD_BYTES: usize = 16 * 1024;

/// The quote most modules beside and below `module` (the new module's path) write their
/// one-quote strings with; `None` where none has such strings or the modules are split evenly.
pub fn of_package(module: &Path) -> Option<char> {
    let folder = module.parent()?;
    let mut files = Vec::new();
    super::license_header::python_files(folder, &mut files);
    let mut parser = new_parser();
    let (mut single, mut double) = (0usize, 0usize);
    for path in files.iter().filter(|p| p.as_path() != module) {
        let Some(text) = head(path) else { continue };
        match module_quote(&mut parser, &text) {
            Some('\'') => single += 1,
            Some(_) => double += 1,
            None => {}
        }
    }
    match single.cmp(&double) {
        std::cmp::Ordering::Greater => Some('\''),
        std::cmp::Ordering::Less => Some('"'),
        std::cmp::Ordering::Equal => None,
    }
}

fn head(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    let file = std::fs::File::open(path).ok()?;
    file.take(HEAD_BYTES as u64).read_to_end(&mut bytes).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// The quote the module's one-quote strings use most (docstrings' triple quotes left out:
/// formatters and habits treat them apart), `None` on a tie.
fn module_quote(parser: &mut tree_sitter::Parser, text: &str) -> Option<char> {
    let tree = parser.parse(text, None)?;
    let (mut single, mut double) = (0usize, 0usize);
    crate::scan::syntax::walk(tree.root_node(), |node| {
        if node.kind() == "string_start" {
            let quotes = (text.get(node.byte_range()).unwrap_or(""))
                .trim_start_matches(|c: char| c.is_ascii_alphabetic());
            match quotes {
                "'" => single += 1,
                "\"" => double += 1,
                _ => {}
            }
        }
        true
    });
    match single.cmp(&double) {
        std::cmp::Ordering::Greater => Some('\''),
        std::cmp::Ordering::Less => Some('"'),
        std::cmp::Ordering::Equal => None,
    }
}

#[cfg(test)]
mod tests {
    use super::of_package;

    #[test]
    fn most_modules_decide() {
        let dir = tempfile::tempdir().unwrap();
        let pkg = dir.path().join("pkg");
        std::fs::create_dir(&pkg).unwrap();
        let write = |name: &str, text: &str| std::fs::write(pkg.join(name), text).unwrap();
        write("__init__.py", "\"\"\"Doc.\"\"\"\nfrom .a import x\n");
        write("a.py", "x = {'a': 'b', \"c\": 1}\n");
        write("b.py", "y = 'z'\n");
        assert_eq!(of_package(&pkg.join("_background.py")), Some('\''));
        write("c.py", "z = \"a\"\n");
        write("d.py", "w = \"b\"\n");
        assert_eq!(of_package(&pkg.join("_background.py")), None);
        write("e.py", "v = \"c\"\n");
        assert_eq!(of_package(&pkg.join("_background.py")), Some('"'));
    }
}
