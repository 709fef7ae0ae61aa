//! isort's order, as the fix's new imports follow it: its sections (the standard library's
//! modules make one), `import x` before `from x import y`, and imported members by type.

use crate::scan::stdlib::is_stdlib;
use crate::settings::ImportOrder;

/// isort's sections, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Future,
    StandardLibrary,
    ThirdParty,
    FirstParty,
    Local,
}

/// The section isort puts `module` in: the project's own lists first (as ruff and isort ask
/// them), then the standard library, else third-party.
pub fn section_of(module: &str, order: &ImportOrder) -> Section {
    one_block(section_of_module(module, order), order)
}

/// Under `force_alphabetical_sort` every section but `__future__` is one block.
fn one_block(section: Section, order: &ImportOrder) -> Section {
    match order.force_alphabetical_sort && section != Section::Future {
        true => Section::StandardLibrary,
        false => section,
    }
}

fn section_of_module(module: &str, order: &ImportOrder) -> Section {
    if module.starts_with('.') {
        return match order.relative_first_party {
            true => Section::FirstParty,
            false => Section::Local,
        };
    }
    let top = module.split('.').next().unwrap_or(module);
    if top == "__future__" {
        return Section::Future;
    }
    if let Some(section) = named_section(module, order) {
        return section;
    }
    match is_stdlib(top) {
        true => Section::StandardLibrary,
        false => Section::ThirdParty,
    }
}

/// The section the project's settings name `module` into: a listed module or a package above
/// it (`pkg` lists `pkg.sub`), or a `*` pattern.
pub fn named_section(module: &str, order: &ImportOrder) -> Option<Section> {
    let lists = [
        (&order.known_local_folder, Section::Local),
        (&order.known_first_party, Section::FirstParty),
        (&order.known_third_party, Section::ThirdParty),
        (&order.extra_standard_library, Section::StandardLibrary),
    ];
    lists.into_iter().find_map(|(list, section)| {
        list.iter()
            .any(|pattern| names(pattern, module))
            .then_some(section)
    })
}

/// Whether `pattern` names `module` or a package above it.
fn names(pattern: &str, module: &str) -> bool {
    let mut prefix = module;
    loop {
        if glob(pattern, prefix) {
            return true;
        }
        match prefix.rfind('.') {
            Some(dot) => prefix = &prefix[..dot],
            None => return false,
        }
    }
}

/// A glob with `*` only (what isort's and ruff's module lists use).
fn glob(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, tail)) => {
            text.len() >= head.len()
                && text.starts_with(head)
                && (0..=text.len() - head.len())
                    .filter(|&i| text.is_char_boundary(head.len() + i))
                    .any(|i| glob(tail, &text[head.len() + i..]))
        }
    }
}

/// The order of two imports in a section: `import x` before `from x import y` (unless the
/// project sorts them together, or puts `from` lines first), then a `force_to_top` module
/// first, then by length where the project sorts by it (isort's `length_sort`, see
/// [`length_key`]), or by the whole line where isort sorts them together (see
/// [`section_key`]), then by module, then by the first imported name.
pub type ImportKey = (bool, bool, Natural, String, String, (u8, String, String));

/// Text in isort's natural order (`sorting.naturally`, the order of every sort it makes):
/// runs of digits compare as numbers (`B9x` before `B10x`).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Natural(Vec<(String, Option<u128>)>);

impl Natural {
    pub fn of(text: &str) -> Self {
        let mut parts = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            let start = rest
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(rest.len());
            let end = rest[start..]
                .find(|c: char| !c.is_ascii_digit())
                .map_or(rest.len(), |e| start + e);
            let number = (start < end).then(|| rest[start..end].parse().unwrap_or(u128::MAX));
            parts.push((rest[..start].to_owned(), number));
            rest = &rest[end..];
        }
        Natural(parts)
    }
}

/// An import the fix adds: `import asyncio`, or `from typing import Any, TypeVar`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewImport {
    pub module: String,
    /// Empty for `import module`.
    pub names: Vec<String>,
    pub section: Section,
    /// A trailing comment, such as a `noqa` for an import used only in a type comment.
    pub comment: Option<String>,
    /// How isort orders the lines of a section.
    sorting: Sorting,
    /// Named in `force_to_top`.
    top: bool,
}

/// How isort orders the lines of a section and the members of a `from` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sorting {
    /// `force-sort-within-sections`: `import x` and `from x import y` by module alone.
    together: bool,
    /// `from_first` (or `force_alphabetical_sort`): `from` lines before `import` lines.
    pub from_first: bool,
    /// `lines_between_types`: a blank line between the two kinds.
    pub types_apart: bool,
    /// Members alphabetically, case ignored (not by type).
    pub alphabetical_members: bool,
    /// isort's `length_sort`: modules, lines and members shortest first.
    length: bool,
    /// isort's `length_sort_straight`: `import x` lines shortest first.
    length_straight: bool,
    /// isort's own settings sort the lines together, by its `section_key` (see [`section_key`]).
    isort_lines: bool,
    /// isort's `order_by_type = false`: such lines compare with case ignored.
    lines_ignore_case: bool,
    /// isort's `lexicographical`.
    lexicographical: bool,
    /// isort's `group_by_package`.
    group_by_package: bool,
}

impl Sorting {
    /// Whether `import` and `from` lines form groups of their own in a section: isort's
    /// `from_first`, or its `lines_between_types` alone (the `import` lines, a blank line, the
    /// `from` lines); not where `force_sort_within_sections` sorts them together.
    pub fn kinds_apart(&self) -> bool {
        self.from_first || (self.types_apart && !self.together)
    }

    pub fn of(order: &ImportOrder) -> Self {
        Sorting {
            together: order.force_sort_within_sections && !order.force_alphabetical_sort,
            from_first: order.from_first,
            types_apart: order.lines_between_types,
            alphabetical_members: order.alphabetical_members,
            length: order.length_sort,
            length_straight: order.length_sort_straight,
            isort_lines: order.isort_sorts_lines,
            lines_ignore_case: order.lines_ignore_case,
            lexicographical: order.lexicographical,
            group_by_package: order.group_by_package,
        }
    }
}

impl NewImport {
    pub fn module(module: &str, order: &ImportOrder) -> Self {
        NewImport {
            module: module.to_owned(),
            names: Vec::new(),
            section: section_of(module, order),
            comment: None,
            sorting: Sorting::of(order),
            top: forced_to_top(module, order),
        }
    }

    /// `from module import names`, one line, or one line per name where the project forces
    /// single lines. `section` is where it goes unless the project's settings name one.
    pub fn from(module: &str, names: &[&str], section: Section, order: &ImportOrder) -> Vec<Self> {
        let mut names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        let sorting = Sorting::of(order);
        names.sort_by_key(|a| member_key(a, sorting));
        let one = |names: Vec<String>| NewImport {
            module: module.to_owned(),
            names,
            section: one_block(named_section(module, order).unwrap_or(section), order),
            comment: None,
            sorting,
            top: forced_to_top(module, order),
        };
        match single_lines(module, order) {
            true => names.into_iter().map(|n| one(vec![n])).collect(),
            false => vec![one(names)],
        }
    }

    pub fn statement(&self) -> String {
        let statement = if self.names.is_empty() {
            format!("import {}", self.module)
        } else {
            format!("from {} import {}", self.module, self.names.join(", "))
        };
        match &self.comment {
            Some(comment) => format!("{statement}  # {comment}"),
            None => statement,
        }
    }

    pub fn key(&self) -> ImportKey {
        let first = self.names.first().map(String::as_str);
        import_key(
            (!self.names.is_empty(), &self.statement()),
            &self.module,
            first,
            self.sorting,
            self.top,
        )
    }
}

/// Whether the project's `force_to_top` names `module` (isort and ruff match the whole name).
pub fn forced_to_top(module: &str, order: &ImportOrder) -> bool {
    order.force_to_top.iter().any(|m| m == module)
}

/// Whether `from module import` lines hold one name each in this project.
pub fn single_lines(module: &str, order: &ImportOrder) -> bool {
    order.force_single_line && !order.single_line_exclusions.iter().any(|m| m == module)
}

/// The [`ImportKey`] of an import of `module` (`first`: its first imported name, if a `from`;
/// `line`: the statement as written).
pub fn import_key(
    (from, line): (bool, &str),
    module: &str,
    first: Option<&str>,
    sorting: Sorting,
    top: bool,
) -> ImportKey {
    let after = match sorting.from_first {
        true => !from,
        false => from && !sorting.together,
    };
    let length = match (sorting.length, sorting.length_straight && !from) {
        // Sorted together by isort: its key of the whole line.
        _ if sorting.together && sorting.isort_lines => Natural::of(&section_key(line, sorting)),
        // Otherwise (and by ruff, sorting together or not) the module's length.
        (true, _) | (_, true) => Natural::of(&length_key(&module.to_lowercase())),
        _ => Natural::default(),
    };
    (
        after,
        !top,
        length,
        module.to_lowercase(),
        module.to_owned(),
        first.map(|f| member_key(f, sorting)).unwrap_or_default(),
    )
}

/// isort's key of an import line in a section it sorts together (`sorting.section_key`, on
/// `output._unwrap_for_sort`'s line): the line without its comments, brackets, commas and
/// backslashes, its spaces collapsed; `from `/`import ` taken off the front (with
/// `lexicographical`, `from a import b` is `a.b`; with `group_by_package`, a `from` line is its
/// module); lower case only where `order_by_type` is off; its length first under
/// `length_sort`. (`force_to_top` is the key's element before this one.)
fn section_key(line: &str, sorting: Sorting) -> String {
    let code: Vec<&str> = line
        .lines()
        .map(|part| part.split('#').next().unwrap_or(""))
        .collect();
    let code = code.join(" ").replace(['(', ')', ',', '\\'], "");
    let mut line = code.split_whitespace().collect::<Vec<_>>().join(" ");
    if sorting.group_by_package
        && line.starts_with("from")
        && let Some((module, _)) = line.split_once(" import ")
    {
        line = module.to_owned();
    }
    let line = if sorting.lexicographical {
        let line = line.replace(" import ", ".");
        let line = line.strip_prefix("from ").unwrap_or(&line);
        line.strip_prefix("import ").unwrap_or(line).to_owned()
    } else {
        let line = line.strip_prefix("from ").unwrap_or(&line);
        line.strip_prefix("import ").unwrap_or(line).to_owned()
    };
    let line = match sorting.lines_ignore_case {
        true => line.to_lowercase(),
        false => line,
    };
    match sorting.length {
        true => format!("{}{line}", line.chars().count()),
        false => line,
    }
}

/// isort's key of a name under `length_sort`: its length before it (`"3:any"`), which isort's
/// natural sort compares as a number (zero-padded here to compare the same as text).
fn length_key(name: &str) -> String {
    format!("{:06}:{name}", name.chars().count())
}

/// isort's `order-by-type` for imported members: CONSTANTS, then Classes, then functions;
/// or plainly alphabetical, case ignored.
pub(super) fn member_key(name: &str, sorting: Sorting) -> (u8, String, String) {
    let constant = name.len() > 1 && name.chars().all(|c| !c.is_lowercase());
    // Alphabetical: one kind for all.
    let kind = if sorting.alphabetical_members || constant {
        0
    } else if name.starts_with(|c: char| c.is_uppercase()) {
        1
    } else {
        2
    };
    let lower = name.to_lowercase();
    match sorting.length {
        true => (kind, length_key(&lower), name.to_owned()),
        false => (kind, lower, name.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_projects_lists_decide_the_section_before_the_standard_library() {
        let order = ImportOrder {
            extra_standard_library: vec!["typing_extensions".into()],
            known_first_party: vec!["app".into(), "plug*".into()],
            known_third_party: vec!["asyncio_mqtt".into()],
            ..ImportOrder::default()
        };
        for (module, section) in [
            ("typing_extensions", Section::StandardLibrary),
            ("app.tasks", Section::FirstParty),
            ("plugins.x", Section::FirstParty),
            ("asyncio_mqtt", Section::ThirdParty),
            ("asyncio", Section::StandardLibrary),
            ("requests", Section::ThirdParty),
            ("__future__", Section::Future),
            (".sibling", Section::Local),
        ] {
            assert_eq!(section_of(module, &order), section, "{module}");
        }
        assert!(!names("app", "apple"));
        assert!(glob("a*c", "abbc") && !glob("a*c", "abcd"));
    }

    #[test]
    fn isort_section_key_and_natural_order() {
        let on = |length, case, lexi, group| Sorting {
            together: true,
            isort_lines: true,
            length,
            lines_ignore_case: case,
            lexicographical: lexi,
            group_by_package: group,
            ..Sorting::default()
        };
        let wrapped = "from pkg.ab import (  # why\n    a,\n    b,\n)";
        assert_eq!(
            section_key(wrapped, on(true, false, false, false)),
            "17pkg.ab import a b"
        );
        assert_eq!(
            section_key("import Zeta", on(false, false, false, false)),
            "Zeta"
        );
        assert_eq!(
            section_key("import Zeta", on(false, true, false, false)),
            "zeta"
        );
        assert_eq!(
            section_key("from a import b", on(false, false, true, false)),
            "a.b"
        );
        assert_eq!(
            section_key("from a import b", on(false, false, true, true)),
            "a"
        );
        assert!(Natural::of("B9x") < Natural::of("B10a"));
        assert!(Natural::of("a") < Natural::of("a1"));
        assert!(Natural::of("a1") < Natural::of("a.b"));
    }
}
