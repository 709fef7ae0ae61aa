//! A task put in a local dict by the builtin `dict(k=task)` and handed on as `f(**d)`: the
//! language passes it to `f` as the keyword argument `k` (paasta's `mesh_status_kwargs =
//! dict(..., pods_task=pods_task)`, then `await mesh_status(..., **mesh_status_kwargs)`; exam35i
//! class 5). The callee's parameter `k` is then read as for `f(k=task)` (see [`super::handed`]).

use tree_sitter::Node;

use crate::scan::syntax::{outside_parens, strip_parens, text, walk};

/// A call that spreads the dict: its callee (as written, without whitespace), where `**d` is,
/// and the dict's local.
pub(super) struct Spread {
    pub callee: String,
    pub at: usize,
    pub dict: String,
}

/// The calls `name` (the keyword value of a `dict(...)` bound to a local `d`) is handed to
/// through `**d`, in `function`'s own frame. `None` unless `d = dict(...)` is a plain
/// assignment, `dict` is the builtin (the file binds no `dict`), and every later read of `d`
/// is a `**d` in a call's arguments (a dict changed or read otherwise may no longer hold it
/// under `key` where it is spread).
pub(super) fn handed_through(name: Node, function: Node, src: &str) -> Option<Vec<Spread>> {
    let keyword = name.parent().filter(|p| p.kind() == "keyword_argument")?;
    let call = keyword.parent()?.parent().filter(|c| c.kind() == "call")?;
    let assignment = outside_parens(call).parent()?;
    let target = assignment.child_by_field_name("left")?;
    if assignment.kind() != "assignment"
        || assignment.child_by_field_name("right") != Some(outside_parens(call))
        || target.kind() != "identifier"
        || binds_dict(src)
    {
        return None;
    }
    let local = text(target, src);
    let mut found = Vec::new();
    let mut other = false;
    walk(function, |node| {
        if other {
            return false;
        }
        if node.id() != function.id()
            && matches!(
                node.kind(),
                "function_definition" | "lambda" | "class_definition"
            )
        {
            // Another frame: a read there may change the dict at any time.
            other |= mentions(node, local, src);
            return false;
        }
        if node.kind() != "identifier"
            || text(node, src) != local
            || node.id() == target.id()
            || node.start_byte() < assignment.end_byte()
        {
            return true;
        }
        match splatted_into(node, src) {
            Some(callee) => found.push(Spread {
                callee,
                at: node.start_byte(),
                dict: local.to_owned(),
            }),
            None => other = true,
        }
        true
    });
    (!other && !found.is_empty()).then_some(found)
}

/// The callee of the call whose arguments spread `name` (`f(**name)`).
fn splatted_into(name: Node, src: &str) -> Option<String> {
    let splat = name.parent().filter(|p| p.kind() == "dictionary_splat")?;
    let list = splat.parent().filter(|p| p.kind() == "argument_list")?;
    let call = list.parent().filter(|c| c.kind() == "call")?;
    let function = strip_parens(call.child_by_field_name("function")?);
    Some(text(function, src).split_whitespace().collect())
}

/// `node` spells the identifier `name` somewhere inside.
fn mentions(node: Node, name: &str, src: &str) -> bool {
    let mut found = false;
    walk(node, |n| {
        found |= n.kind() == "identifier" && text(n, src) == name;
        !found
    });
    found
}

/// The file may bind the name `dict` itself (`def dict`, `dict = ...`, `import ... as dict`):
/// then `dict(...)` may not be the builtin.
fn binds_dict(src: &str) -> bool {
    let bytes = src.as_bytes();
    let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    memchr::memmem::find_iter(bytes, b"dict").any(|at| {
        let end = at + 4;
        if word(at.checked_sub(1).and_then(|i| bytes.get(i))) || word(bytes.get(end)) {
            return false;
        }
        let line = src[..at].rfind('\n').map_or(0, |i| i + 1);
        let before = src[line..at].trim_matches([' ', '\t']);
        let after = src[end..].trim_start_matches([' ', '\t']);
        // `dict = ...` as a statement (not `x: dict = {}`, an annotation).
        let assigned = (before.is_empty() || before.ends_with(';'))
            && after.starts_with('=')
            && !after.starts_with("==");
        let imported = before.starts_with("from ") || before.starts_with("import ");
        let defined = ["def", "class"].iter().any(|w| before.ends_with(w))
            || (imported
                && (before.ends_with(',')
                    || before.ends_with("import")
                    || before.ends_with(" as")));
        assigned || defined
    })
}

#[cfg(test)]
mod tests {
    use super::binds_dict;

    #[test]
    fn only_a_binding_of_the_name_dict_shadows_the_builtin() {
        assert!(!binds_dict(
            "d = dict(a=1)\nx: dict = {}\nmy_dict = 2\nisinstance(x, dict)\n"
        ));
        assert!(binds_dict("def dict(**kw):\n    pass\n"));
        assert!(binds_dict("dict = OrderedDict\n"));
        assert!(binds_dict("from x import y as dict\n"));
    }
}
