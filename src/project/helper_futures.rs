//! Whether the package's helper (`--strategy helper`) is typed for the concurrent futures of
//! `run_coroutine_threadsafe` too, so that one helper keeps both where the package hands it
//! both (a maintainer keeps them in one place, not in a helper and a set of futures beside it).
//! The answer is the package's, never one file's: every file of the package must write the
//! same helper module. A helper that is there says so by its own types; a new one is typed for
//! them when some module of the package may drop the future of a `run_coroutine_threadsafe`
//! call, the only futures a site hands it: a call that is a statement of its own, or bound to a
//! name its scope never reads again. A future whose result is read (`.result()`, a name read
//! after, an argument, awaited, returned) is no site, and the helper is typed for what it holds
//! (steam.py's gateway waits on its futures: exam36h class 3).

use std::path::Path;

use tree_sitter::Node;

use super::facts::ProjectFacts;
use super::helper_home::module::HelperModule;
use super::paths::file_key;
use crate::scan::syntax::{new_parser, text, walk};

/// The call whose future the helper may be handed.
const THREADSAFE: &str = "run_coroutine_threadsafe";

/// Whether the package's helper keeps concurrent futures too; a package is read once per run.
pub fn takes_futures(helper: &HelperModule, facts: &ProjectFacts) -> bool {
    if helper.exists {
        let text = std::fs::read(&helper.path).unwrap_or_default();
        return String::from_utf8_lossy(&text).contains("concurrent.futures");
    }
    let Some(folder) = helper.path.parent() else {
        return false;
    };
    let key = file_key(folder);
    facts.threadsafe.get_or(&key, || calls_threadsafe(&key, 0))
}

/// Whether a module in `folder` or a package below it calls `run_coroutine_threadsafe`.
fn calls_threadsafe(folder: &Path, depth: usize) -> bool {
    // Deep enough for any package; never a loop through links.
    if depth > 32 {
        return false;
    }
    let Ok(entries) = std::fs::read_dir(folder) else {
        return false;
    };
    let mut below = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() && path.join("__init__.py").is_file() {
            below.push(path);
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "py") {
            let text = std::fs::read(&path).unwrap_or_default();
            let named = (text.windows(THREADSAFE.len())).any(|w| w == THREADSAFE.as_bytes());
            if named && may_drop_future(&String::from_utf8_lossy(&text)) {
                return true;
            }
        }
    }
    below.iter().any(|dir| calls_threadsafe(dir, depth + 1))
}

/// Whether a `run_coroutine_threadsafe` call of `src` may be a dropped future (see the module's
/// documentation); an unparsable module may.
fn may_drop_future(src: &str) -> bool {
    let Some(tree) = new_parser().parse(src, None) else {
        return true;
    };
    let mut found = false;
    walk(tree.root_node(), |node| {
        if !found && node.kind() == "call" && calls_threadsafe_fn(node, src) {
            found = dropped(node, src);
        }
        !found
    });
    found
}

fn calls_threadsafe_fn(call: Node, src: &str) -> bool {
    let Some(function) = call.child_by_field_name("function") else {
        return false;
    };
    let name = match function.kind() {
        "attribute" => function.child_by_field_name("attribute"),
        "identifier" => Some(function),
        _ => None,
    };
    name.is_some_and(|n| text(n, src) == THREADSAFE)
}

/// The call's value is dropped: its statement is the call alone, or it binds a name that its
/// scope names nowhere else.
fn dropped(call: Node, src: &str) -> bool {
    let Some(parent) = call.parent() else {
        return false;
    };
    match parent.kind() {
        "expression_statement" => true,
        "assignment" if parent.child_by_field_name("right") == Some(call) => {
            let Some(left) = parent.child_by_field_name("left") else {
                return false;
            };
            if left.kind() != "identifier" {
                return false; // an attribute or an item holds it
            }
            let name = text(left, src);
            let scope = enclosing_scope(parent);
            let mut uses = 0;
            walk(scope, |node| {
                if node.kind() == "identifier" && text(node, src) == name {
                    uses += 1;
                }
                true
            });
            uses <= 1
        }
        _ => false,
    }
}

fn enclosing_scope(node: Node) -> Node {
    let mut scope = node;
    while let Some(up) = scope.parent() {
        scope = up;
        if matches!(scope.kind(), "function_definition" | "lambda") {
            break;
        }
    }
    scope
}

#[cfg(test)]
mod tests {
    use super::may_drop_future;

    #[test]
    fn only_a_future_nothing_reads_may_be_a_site() {
        let statement =
            "import asyncio\ndef f(loop):\n    asyncio.run_coroutine_threadsafe(g(), loop)\n";
        assert!(may_drop_future(statement));
        let unread = "def f(loop):\n    fut = asyncio.run_coroutine_threadsafe(g(), loop)\n";
        assert!(may_drop_future(unread));
        // steam.py's gateway and utils read theirs.
        let waited = "def f(loop):\n    f = asyncio.run_coroutine_threadsafe(g(), loop=loop)\n    f.result(10)\n";
        assert!(!may_drop_future(waited));
        let chained =
            "def f(loop):\n    asyncio.run_coroutine_threadsafe(g(), loop=loop).result()\n";
        assert!(!may_drop_future(chained));
        let kept =
            "def f(self, loop):\n    self.fut = asyncio.run_coroutine_threadsafe(g(), loop)\n";
        assert!(!may_drop_future(kept));
    }
}
