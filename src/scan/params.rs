//! A function's parameter list as Python binds it: each parameter's name, default and how a
//! call may pass it. The one reader of `def`'s parameters for the detection, the project's
//! summaries and the fix.

use tree_sitter::Node;

use super::syntax::text;

/// How a call may pass a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamKind {
    /// By position or by keyword.
    Either,
    PositionalOnly,
    KeywordOnly,
    /// `*args`, `**kwargs`: never tested.
    Rest,
}

/// One parameter of a `def` or `lambda`.
#[derive(Debug, Clone, Copy)]
pub struct Parameter<'t> {
    /// Its name; `None` for a `*args` or `**kwargs` whose node is not a plain name.
    pub name: Option<Node<'t>>,
    pub default: Option<Node<'t>>,
    pub kind: ParamKind,
}

/// The parameters of `function`, in order: before a `/` positional-only, after a `*args` or a
/// bare `*` keyword-only; `*args` and `**kwargs` themselves are `Rest`.
pub fn parameters(function: Node) -> Vec<Parameter> {
    let Some(list) = function.child_by_field_name("parameters") else {
        return Vec::new();
    };
    let mut params: Vec<Parameter> = Vec::new();
    let mut keyword_only = false;
    let mut cursor = list.walk();
    for p in list.named_children(&mut cursor) {
        let (name, default, rest) = match p.kind() {
            "identifier" => (Some(p), None, false),
            "typed_parameter" => {
                let first = p.named_child(0);
                let rest = first.is_some_and(|f| f.kind() != "identifier");
                (first.filter(|f| f.kind() == "identifier"), None, rest)
            }
            "default_parameter" | "typed_default_parameter" => (
                p.child_by_field_name("name"),
                p.child_by_field_name("value"),
                false,
            ),
            "list_splat_pattern" | "dictionary_splat_pattern" => (None, None, true),
            "keyword_separator" => {
                keyword_only = true;
                continue;
            }
            "positional_separator" => {
                for p in &mut params {
                    p.kind = ParamKind::PositionalOnly;
                }
                continue;
            }
            _ => continue,
        };
        let kind = match (rest, keyword_only) {
            (true, _) => ParamKind::Rest,
            (false, true) => ParamKind::KeywordOnly,
            (false, false) => ParamKind::Either,
        };
        keyword_only |= rest;
        params.push(Parameter {
            name,
            default,
            kind,
        });
    }
    params
}

/// The name one parameter node binds, when it is a plain one (not `*args` nor `**kwargs`).
pub fn parameter_name<'s>(param: Node, src: &'s str) -> Option<&'s str> {
    match param.kind() {
        "identifier" => Some(text(param, src)),
        "typed_parameter" => param
            .named_child(0)
            .filter(|n| n.kind() == "identifier")
            .map(|n| text(n, src)),
        "default_parameter" | "typed_default_parameter" => {
            param.child_by_field_name("name").map(|n| text(n, src))
        }
        _ => None,
    }
}

/// The name of the function's first parameter (a method's `self`), if it is a plain one.
pub fn first_parameter<'s>(function: Node, src: &'s str) -> Option<&'s str> {
    let list = function.child_by_field_name("parameters")?;
    let mut cursor = list.walk();
    let first = list.named_children(&mut cursor).next()?;
    parameter_name(first, src)
}

/// The class `function` is a plain method of, and its receiver name.
pub fn method_of<'t, 's>(function: Node<'t>, src: &'s str) -> Option<(Node<'t>, &'s str)> {
    if function.kind() != "function_definition" {
        return None;
    }
    let mut outer = function.parent()?;
    if outer.kind() == "decorated_definition" {
        let decorators = text(outer, src);
        if decorators.contains("@staticmethod") || decorators.contains("@classmethod") {
            return None;
        }
        outer = outer.parent()?;
    }
    let class = outer.parent().filter(|c| c.kind() == "class_definition")?;
    let receiver = first_parameter(function, src)?;
    Some((class, receiver))
}

/// `name` is one of the function's parameters.
pub fn is_parameter(function: Node, name: &str, src: &str) -> bool {
    let Some(list) = function.child_by_field_name("parameters") else {
        return false;
    };
    let splat = |n: Node| {
        matches!(n.kind(), "list_splat_pattern" | "dictionary_splat_pattern")
            .then(|| n.named_child(0))
            .flatten()
            .is_some_and(|n| text(n, src) == name)
    };
    let mut cursor = list.walk();
    let children: Vec<Node> = list.named_children(&mut cursor).collect();
    children.into_iter().any(|p| {
        parameter_name(p, src) == Some(name) || splat(p) || p.named_child(0).is_some_and(splat)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(code: &str) -> Vec<(String, ParamKind, Option<String>)> {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&tree_sitter_python::LANGUAGE.into())
            .unwrap();
        let tree = parser.parse(code, None).unwrap();
        let function = tree.root_node().named_child(0).unwrap();
        parameters(function)
            .iter()
            .map(|p| {
                let name = p.name.map_or(String::new(), |n| text(n, code).to_owned());
                let default = p.default.map(|d| text(d, code).to_owned());
                (name, p.kind, default)
            })
            .collect()
    }

    #[test]
    fn parameters_are_read_as_python_binds_them() {
        use ParamKind::*;
        let got = kinds("def f(a, b: int, /, c=1, *args: str, d, e: int = 2, **kw): pass\n");
        let want = [
            ("a", PositionalOnly, None),
            ("b", PositionalOnly, None),
            ("c", Either, Some("1")),
            ("", Rest, None),
            ("d", KeywordOnly, None),
            ("e", KeywordOnly, Some("2")),
            ("", Rest, None),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(n, k, d)| (n.to_string(), *k, d.map(str::to_owned)))
            .collect();
        assert_eq!(got, want);
        assert_eq!(kinds("def f(a, *, b): pass\n")[1].1, KeywordOnly);
    }

    #[test]
    fn a_name_in_a_default_or_an_annotation_is_no_parameter() {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&tree_sitter_python::LANGUAGE.into())
            .unwrap();
        let code = "def f(a: loop = other, *args, **kwargs): pass\n";
        let tree = parser.parse(code, None).unwrap();
        let function = tree.root_node().named_child(0).unwrap();
        assert!(is_parameter(function, "a", code));
        assert!(is_parameter(function, "args", code));
        assert!(is_parameter(function, "kwargs", code));
        assert!(!is_parameter(function, "loop", code));
        assert!(!is_parameter(function, "other", code));
        assert_eq!(first_parameter(function, code), Some("a"));
    }
}
