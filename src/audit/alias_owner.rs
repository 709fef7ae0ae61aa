//! A collection kept through a local alias of an attribute: `tasks = getattr(self, "_tasks",
//! None)`, `if tasks is None: tasks = {}; self._tasks = tasks`, then `tasks[key] = task`. The
//! local is the attribute, so the task's owner is the class's `_tasks`, and its shutdown is the
//! class's shutdown of `self._tasks`, not that of another function's local named `tasks`.

use std::sync::LazyLock;

use regex::Regex;

use super::facts::Facts;
use crate::detect::task_site::{Reference, TaskSite};
use crate::scan::blocks::block_end;
use crate::scan::syntax::text;

/// `self.name` or `getattr(self, "name")` (with a default or not), as a whole value.
static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^[ \t\r\n]*(?:self[ \t\r\n]*\.[ \t\r\n]*([0-9A-Za-z_]+)|getattr[ \t\r\n]*\([ \t\r\n]*self[ \t\r\n]*,[ \t\r\n]*(?:"([0-9A-Za-z_]+)"|'([0-9A-Za-z_]+)')[ \t\r\n]*(?:,[^()]*(?:\([ \t\r\n]*\)[^()]*)?)?\))[ \t\r\n]*(?:#.*)?$"#,
    )
    .expect("valid pattern")
});
/// A new empty container, as a whole value.
static EMPTY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t\r\n]*(?:\{[ \t\r\n]*\}|\[[ \t\r\n]*\]|(?:set|dict|list)[ \t\r\n]*\([ \t\r\n]*\))[ \t\r\n]*(?:#.*)?$")
        .expect("valid pattern")
});

/// The bindings of a name that are no plain `name = value`: a loop's target, a `with ... as`,
/// a walrus, a `global` or `nonlocal`, an augmented assignment; each group the names it binds.
static OTHER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)(?-u:\b)for[ \t\r\n]+([0-9A-Za-z_ \t\r\n,]*?)[ \t\r\n]+in(?-u:\b)|(?-u:\b)as[ \t\r\n]+([0-9A-Za-z_]+)|(?-u:\b)([0-9A-Za-z_]+)[ \t\r\n]*:=|^[ \t]*(?:global|nonlocal)[ \t\r\n]+([0-9A-Za-z_ \t\r\n,]+)|^[ \t]*([0-9A-Za-z_]+)[ \t\r\n]*(?:[-+*/|&^%@]|//|>>|<<)=",
    )
    .expect("valid pattern")
});
/// `name = value` (not `==`), its annotation skipped: group 1 the name, 2 the value.
static BOUND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*([0-9A-Za-z_]+)[ \t]*(?::[^=\n]*)?=([^=\n][^\n]*)$")
        .expect("valid pattern")
});
/// `self.x = name`: group 1 the attribute, 2 the name.
static STORED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t]*self[ \t\r\n]*\.[ \t\r\n]*([0-9A-Za-z_]+)[ \t]*=[ \t]*([0-9A-Za-z_]+)[ \t]*$",
    )
    .expect("valid pattern")
});

/// The site with its holder followed to the attribute its local collection aliases, when the
/// method's every binding of that local is the attribute (or a new empty container it then
/// stores in the attribute); `None` when the holder is no such alias.
pub(super) fn followed<'t>(site: &TaskSite<'t>, src: &str) -> Option<TaskSite<'t>> {
    let local = site.holder.as_deref()?;
    let plain = !local.is_empty()
        && local
            .bytes()
            .all(|b| b == b'_' || b.is_ascii_alphanumeric());
    if site.reference != Reference::Collection || !plain || site.owner.as_deref() != Some(local) {
        return None;
    }
    // A method of a class, its first parameter `self`, the site in its own body (not a
    // closure's, whose local may be another frame's).
    let [.., class, method] = site.enclosing.as_slice() else {
        return None;
    };
    if class.kind() != "class_definition" || method.kind() != "function_definition" {
        return None;
    }
    let parameters = method.child_by_field_name("parameters")?;
    let first = parameters.named_child(0).map(|p| text(p, src));
    let named = |p: tree_sitter::Node| text(p, src).split([':', '=']).next() == Some(local);
    let mut cursor = parameters.walk();
    if first != Some("self") || parameters.named_children(&mut cursor).any(named) {
        return None;
    }
    let body = src.get(method.start_byte()..method.end_byte())?;
    let attribute = aliased(body, local)?;
    let mut followed = site.clone();
    followed.holder = Some(format!("self.{attribute}"));
    let class_name = class.child_by_field_name("name").map(|n| text(n, src))?;
    followed.owner = Some(format!("{class_name}.{attribute}"));
    let line = src[..class.start_byte()].rfind('\n').map_or(0, |i| i + 1);
    let indent = class.start_byte() - line;
    let start = class.child_by_field_name("body")?.start_byte();
    let body_line = src[..start].rfind('\n').map_or(0, |i| i + 1);
    followed.owner_scope = Some(class.start_byte()..block_end(src, body_line, indent));
    Some(followed)
}

/// The method of the followed `site` takes tasks out of its local alias `local`
/// (`task.add_done_callback(tasks.discard)`, `tasks.pop(key)` in a closure of it): out of the
/// attribute.
pub(super) fn taken_out(site: &TaskSite, local: &str, src: &str) -> bool {
    let method = site.enclosing.last();
    let body = method.and_then(|m| src.get(m.start_byte()..m.end_byte()));
    body.is_some_and(|b| Facts::read(b.as_bytes()).taken_out.contains(local))
}

/// The attribute `local` stands for in the method `body`: every binding of it is `self.x` (or
/// `getattr(self, "x", ...)`), or a new empty container the method stores as `self.x = local`;
/// any other binding (a loop's, a `with`'s, a walrus, another value) proves nothing.
fn aliased(body: &str, local: &str) -> Option<String> {
    let names = |m: regex::Match| m.as_str().split(',').any(|n| n.trim() == local);
    if (OTHER.captures_iter(body)).any(|c| c.iter().skip(1).flatten().any(names)) {
        return None;
    }
    let stored: Vec<&str> = (STORED.captures_iter(body))
        .filter(|c| c.get(2).is_some_and(|n| n.as_str() == local))
        .filter_map(|c| c.get(1).map(|m| m.as_str()))
        .collect();
    let mut attribute: Option<&str> = stored.first().copied();
    if stored.iter().any(|s| Some(*s) != attribute) {
        return None;
    }
    let mut bindings = 0;
    let bound = (BOUND.captures_iter(body))
        .filter(|c| c.get(1).is_some_and(|n| n.as_str() == local))
        .filter_map(|c| c.get(2));
    for value in bound {
        bindings += 1;
        let value = value.as_str();
        if EMPTY.is_match(value) && !stored.is_empty() {
            continue;
        }
        let c = ATTRIBUTE.captures(value)?;
        let named = c.get(1).or(c.get(2)).or(c.get(3))?.as_str();
        // `getattr(self, "x", {})` is a new container when `x` is unset: the attribute only
        // if the method stores it there.
        if c.get(1).is_none() && value.matches(',').count() > 1 && stored.is_empty() {
            return None;
        }
        if attribute.is_some_and(|a| a != named) {
            return None;
        }
        attribute = Some(named);
    }
    (bindings > 0)
        .then_some(attribute)
        .flatten()
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::aliased;

    #[test]
    fn a_local_bound_only_to_the_attribute_or_a_new_one_stored_there_is_it() {
        let body = "def f(self, k):\n    tasks = getattr(self, \"_t\", None)\n    if tasks is None:\n        tasks = {}\n        self._t = tasks\n    tasks[k] = 1\n";
        assert_eq!(aliased(body, "tasks").as_deref(), Some("_t"));
        let plain = "def f(self, k):\n    tasks = self._t\n    tasks[k] = 1\n";
        assert_eq!(aliased(plain, "tasks").as_deref(), Some("_t"));
    }

    #[test]
    fn any_other_binding_proves_nothing() {
        let two = "def f(self):\n    tasks = self._a\n    tasks = self._b\n";
        assert_eq!(aliased(two, "tasks"), None);
        let fresh = "def f(self):\n    tasks = {}\n    tasks[1] = 2\n";
        assert_eq!(aliased(fresh, "tasks"), None);
        let looped = "def f(self):\n    tasks = self._a\n    for tasks in x:\n        pass\n";
        assert_eq!(aliased(looped, "tasks"), None);
        let copied = "def f(self):\n    tasks = list(self._a)\n";
        assert_eq!(aliased(copied, "tasks"), None);
    }
}
