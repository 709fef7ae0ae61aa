//! Which emitter or signal a registration (`emitter.on(...)`, `button.clicked.connect(...)`) is
//! called on, when the file shows it by what it imports: pyee's two emitters differ (one keeps
//! what a listener returns, the other drops it), and Qt's `connect` drops what a slot returns.
//! Anything the file does not show stays unresolved, so its registration stays `unknown`.

use std::collections::HashMap;

use tree_sitter::Node;

use crate::scan::contracts::{
    EMITTER_CLASSES, EMITTER_METHODS, EmitterClass, OTHER_SIGNALS, QT_CONNECT, QT_MODULES,
};
use crate::scan::pinned::{PYEE_BEFORE_KEEPING, Side, pins};
use crate::scan::syntax::{root_of, split_alias, strip_parens, text, walk};

/// What the registration does with what its callback returns, by the class the file shows.
pub struct Resolved {
    /// `None` where that depends on a release of the library the project's requirements do not
    /// decide (pyee's `AsyncIOEventEmitter` keeps only since 9.1.1).
    pub keeps: Option<bool>,
    pub api: &'static str,
}

/// The contract of `<object>.<method>(callback)` where the file shows the object's class.
pub fn resolve(object: Node, method: &str, src: &str) -> Option<Resolved> {
    let root = root_of(object);
    let imports = Imports::of(root, src);
    if method == "connect" {
        // A Qt signal is an attribute (`button.clicked`, `self.changed`); a bare name is more
        // often blinker's or Django's.
        let qt = imports.modules.iter().any(|m| is_under(m, &QT_MODULES));
        let other = imports.modules.iter().any(|m| is_under(m, &OTHER_SIGNALS));
        return (qt && !other && object.kind() == "attribute").then_some(Resolved {
            keeps: Some(false),
            api: QT_CONNECT,
        });
    }
    if !EMITTER_METHODS.contains(&method) {
        return None;
    }
    let class = emitter_class(object, root, &imports, src)?;
    Some(match emitter_keeps(class) {
        Some(keeps) => Resolved {
            keeps: Some(keeps),
            api: match (keeps, class.keeps) {
                (false, true) => PYEE_BEFORE_KEEPING,
                _ => class.api,
            },
        },
        None => Resolved {
            keeps: None,
            api: class.api,
        },
    })
}

/// `m` is one of `modules` or a submodule of one.
fn is_under(m: &str, modules: &[&str]) -> bool {
    (modules.iter()).any(|q| m == *q || m.strip_prefix(q).is_some_and(|r| r.starts_with('.')))
}

/// The file's imports: every module it names, and what each local name of a known emitter class
/// (or its module) refers to.
#[derive(Default)]
struct Imports {
    modules: Vec<String>,
    /// Local spelling (`AsyncIOEventEmitter`, `pyee.asyncio.AsyncIOEventEmitter`) → class.
    classes: HashMap<String, &'static EmitterClass>,
}

impl Imports {
    fn of(root: Node, src: &str) -> Imports {
        let mut imports = Imports::default();
        walk(root, |node| {
            match node.kind() {
                "import_statement" => imports.add_import(node, src),
                "import_from_statement" => imports.add_from(node, src),
                _ => return true,
            }
            false
        });
        imports
    }

    fn add_import(&mut self, stmt: Node, src: &str) {
        let mut cursor = stmt.walk();
        for name in stmt.children_by_field_name("name", &mut cursor) {
            let (dotted, alias) = split_alias(name, src);
            self.modules.push(dotted.to_owned());
            for class in &EMITTER_CLASSES {
                for module in class.modules.iter().filter(|m| **m == dotted) {
                    let local = alias.unwrap_or(module);
                    self.classes
                        .insert(format!("{local}.{}", class.class), class);
                }
            }
        }
    }

    fn add_from(&mut self, stmt: Node, src: &str) {
        let module = (stmt.child_by_field_name("module_name")).map_or("", |m| text(m, src));
        self.modules.push(module.to_owned());
        let mut cursor = stmt.walk();
        for name in stmt.children_by_field_name("name", &mut cursor) {
            let (imported, alias) = split_alias(name, src);
            let local = alias.unwrap_or(imported);
            for class in &EMITTER_CLASSES {
                if class.class == imported && class.modules.contains(&module) {
                    self.classes.insert(local.to_owned(), class);
                }
                // `from pyee import asyncio as pa` then `pa.AsyncIOEventEmitter()`.
                if class
                    .modules
                    .contains(&format!("{module}.{imported}").as_str())
                {
                    self.classes
                        .insert(format!("{local}.{}", class.class), class);
                }
            }
        }
    }

    fn class(&self, spelled: &str) -> Option<&'static EmitterClass> {
        self.classes.get(&compact(spelled)).copied()
    }
}

/// The emitter class of `object`: `self` in a class whose only base is one, or a name every
/// assignment in the file makes one of (`self.ee = AsyncIOEventEmitter()`), all the same class.
fn emitter_class(
    object: Node,
    root: Node,
    imports: &Imports,
    src: &str,
) -> Option<&'static EmitterClass> {
    if imports.classes.is_empty() {
        return None;
    }
    let spelled = compact(text(object, src));
    if spelled == "self" {
        let mut class = object.parent();
        while let Some(c) = class.filter(|c| c.kind() != "class_definition") {
            class = c.parent();
        }
        let bases = class?.child_by_field_name("superclasses")?;
        let mut cursor = bases.walk();
        let bases: Vec<Node> = bases.named_children(&mut cursor).collect();
        return match bases.as_slice() {
            [only] => imports.class(text(*only, src)),
            _ => None,
        };
    }
    let mut found: Option<&'static EmitterClass> = None;
    let mut all_known = true;
    walk(root, |node| {
        if node.kind() != "assignment" {
            return true;
        }
        let left = node.child_by_field_name("left");
        if left.is_some_and(|l| compact(text(l, src)) == spelled) {
            let right = node.child_by_field_name("right").map(strip_parens);
            let made = right
                .filter(|r| r.kind() == "call")
                .and_then(|r| r.child_by_field_name("function"))
                .and_then(|f| imports.class(text(f, src)));
            match (made, found) {
                (Some(made), None) => found = Some(made),
                (Some(made), Some(before)) if made == before => {}
                _ => all_known = false,
            }
        }
        true
    });
    found.filter(|_| all_known)
}

fn compact(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether `class` keeps what a listener returns, for the file being analysed: `None` when that
/// depends on a release the project's requirements do not decide.
fn emitter_keeps(class: &EmitterClass) -> Option<bool> {
    match class.keeps_since {
        None => Some(class.keeps),
        Some(("pyee", _)) => match pins().pyee? {
            Side::Since => Some(class.keeps),
            Side::Before => Some(false),
        },
        Some(_) => None,
    }
}
