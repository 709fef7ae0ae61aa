//! A task whose coroutine never suspends is never lost: `create_task` (and `ensure_future`,
//! `Task(...)`, `run_coroutine_threadsafe`) schedules the task's first step with
//! `loop.call_soon`, and the loop's ready queue holds that handle, and so the task, until the
//! step runs. A coroutine function whose own body has no `await`, `async for` or `async with`
//! returns in that step: nothing can collect the task while it is pending, whatever its
//! statement does with it and whatever ruff's RUF006 says.
//!
//! The proof reads the definition the call reaches, in this file only: the one `async def` of
//! that name in the nearest scope that binds it (a nested function, or the module's), bound
//! there by nothing else, undecorated (or `staticmethod`/`classmethod`). A method on the object
//! itself (`self.m()`) whose every definition in the file never suspends is `unknown`, not
//! kept: a subclass in another file may override it (see [`super::first_step_method`]).
//!
//! The tree may hold only the parts of the file around its sites (`scan::partial`): a
//! module-level `async def` that holds no site is not in it. When the name is bound nowhere in
//! those parts but the text spells a quiet `async def name` at column 0, the module-level
//! statements that spell the name, and those its awaits reach, are parsed and the module's
//! binding read there (`scan::bound_names`), so the prefilter changes no verdict.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::asyncio_queues::QueueNames;
use super::facts::Facts;
use super::first_step_text::def_names;
use super::quiet_awaits::{self, Outcome, Step};
use super::scope::{Binding, binding, declared_global};
use super::suspends::{Quiet, is_plain_coroutine, kept_by, suspends};
use super::task_site::{OpenProof, Reference, TaskSite};
use super::verdict::Verdict;
use crate::scan::bound_names::Statements;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{first_element, strip_parens, text};

/// Marks the dropped sites whose coroutine never suspends as kept until they are done.
pub fn mark(source: &SourceFile, facts: &Facts, sites: &mut [TaskSite]) {
    let src = source.text;
    let queues = QueueNames::of(&facts.names);
    // A scope's binding of a name is the same for every site that calls it: a function's
    // sites would otherwise each walk the whole function.
    let mut module = HashMap::new();
    let mut functions = HashMap::new();
    let mut defined = None;
    let mut methods = Methods::new(source, facts, &queues);
    let mut whole = Whole::default();
    for site in sites.iter_mut() {
        // A project's own task factory (even one named `create_task`) may do anything with
        // the coroutine: only asyncio's creators are read.
        let returned = returned_to_unknown(site, src);
        if !site.verdict.dropped_by_asyncio() && !returned {
            continue;
        }
        let Some(reached) =
            reached_definition(site, src, (&mut module, &mut functions), &mut defined)
        else {
            continue;
        };
        let (name, line, steps) = match reached {
            Reached::Function(name, definition) => {
                let defined = defined.get_or_insert_with(|| def_names(src));
                let line = definition.start_position().row + 1;
                if !suspends(definition) {
                    (name, line, Vec::new())
                } else {
                    let aside = nested_in_method(definition, site);
                    let read = quiet_awaits::read_setting_aside(
                        definition, src, defined, false, &queues, aside,
                    );
                    match read {
                        (Outcome::Quiet(steps), set_aside) if set_aside.is_empty() => {
                            (name, line, steps)
                        }
                        (Outcome::Quiet(_), set_aside) => {
                            methods.nested(site, &name, line, &set_aside);
                            continue;
                        }
                        (Outcome::Suspends, _) => continue,
                        (Outcome::Unparsed, _) => {
                            let start = definition.start_byte();
                            match whole.quiet_at(source, start, defined, &queues) {
                                Some(steps) => (name, line, steps),
                                None => continue,
                            }
                        }
                    }
                }
            }
            Reached::Unparsed(name) => {
                let defined = defined.get_or_insert_with(|| def_names(src));
                match whole.quiet_definition(source, &name, defined, &queues) {
                    Some((line, steps)) => (name, line, steps),
                    None => continue,
                }
            }
            // A lambda's task stays as `unknown::settle` says: only a function proves it kept.
            Reached::Method(_) if returned => continue,
            Reached::Method(called) => {
                if let Some((why, open)) = methods.reason(called, site) {
                    // Whatever another file does, this file proves no drop.
                    site.mark_unknown(why, open);
                }
                continue;
            }
        };
        site.verdict = Verdict::Kept {
            by: Some(kept_reason(&name, line, &steps)),
        };
        site.reference = Reference::Passed;
        site.finishes_at_once = true;
    }
}

/// A task a lambda returns to a callee that neither the code nor a contract describes (the
/// site `unknown::settle` makes `unknown`): whatever the callee does with the task, the ready
/// queue holds it through a first step that ends its coroutine. Not where a parameter of the
/// lambda is the coroutine function's name: that name is the callee's to give.
fn returned_to_unknown(site: &TaskSite, src: &str) -> bool {
    use super::callback::{Registered, registered_body};
    let undecided = matches!(site.verdict, Verdict::Kept { by: None })
        && matches!(site.reference, Reference::Passed | Reference::Returned);
    if !undecided
        || !matches!(
            registered_body(site.call, src),
            Some(Registered::Unknown(_))
        )
    {
        return false;
    }
    let lambda = crate::scan::syntax::outside_parens(site.call).parent();
    let parameters = lambda.and_then(|l| l.child_by_field_name("parameters"));
    // `create_task(c)` or `create_task(c(...))`: the name the coroutine comes through.
    let argument = (site.call.child_by_field_name("arguments"))
        .and_then(first_element)
        .map(strip_parens);
    let through = match argument {
        Some(a) if a.kind() == "call" => a.child_by_field_name("function").map(strip_parens),
        other => other,
    };
    let name = through
        .filter(|n| n.kind() == "identifier")
        .map(|n| text(n, src));
    let mut shadowed = false;
    if let (Some(parameters), Some(name)) = (parameters, name) {
        crate::scan::syntax::walk(parameters, |n| {
            shadowed |= n.kind() == "identifier" && text(n, src) == name;
            true
        });
    }
    !shadowed
}

/// The proofs of `self.m(...)` coroutines, shared by a file's sites (see
/// [`super::first_step_method`]), with the file they are read in.
struct Methods<'a> {
    source: &'a SourceFile<'a>,
    facts: &'a Facts,
    queues: &'a QueueNames,
    own: super::first_step_method::Proofs,
    /// A site ruff's RUF006 does not report may rest on a proof that stops (see
    /// [`super::first_step_through::Stops`]); one it reports stays reported unless it holds.
    beyond_ruff: Option<super::first_step_method::Proofs>,
    whole_tree: super::first_step_elements::WholeTree,
}

impl<'a> Methods<'a> {
    fn new(source: &'a SourceFile<'a>, facts: &'a Facts, queues: &'a QueueNames) -> Self {
        Methods {
            source,
            facts,
            queues,
            own: Default::default(),
            beyond_ruff: None,
            whole_tree: Default::default(),
        }
    }

    /// Why the task of the method `called` (`obj.m`) may be unknown rather than dropped: its
    /// every definition in reach never suspends, but another file may override it.
    fn reason<'t>(&mut self, called: Node<'t>, site: &TaskSite<'t>) -> Option<(String, OpenProof)> {
        let (source, facts, queues) = (self.source, self.facts, self.queues);
        let seen = match beyond_ruff(site) {
            true => self.beyond_ruff.get_or_insert_with(|| {
                let mut proofs = super::first_step_method::Proofs::default();
                proofs.stops = Some(stops(source, facts));
                proofs
            }),
            false => &mut self.own,
        };
        // An await may run a method of a class another module of the run defines.
        if seen.imported.is_none() && !facts.factories.quiet.is_empty() {
            let imported =
                super::first_step_awaited_import::Imported::new(facts.factories.quiet.clone());
            seen.imported = Some(std::rc::Rc::new(imported));
        }
        let enclosing = &site.enclosing;
        let own = super::first_step_method::unknown_reason(called, enclosing, source, queues, seen);
        own.or_else(|| {
            super::first_step_elements::unknown_reason(
                called,
                enclosing,
                source,
                queues,
                &mut self.whole_tree,
            )
            .map(|why| (why, OpenProof::Elements))
        })
    }

    /// A coroutine function nested in the site's method (`async def _runner(): await
    /// self.publish(...)`) whose awaits are quiet but for those of the method's own `self`,
    /// set aside: the site is unknown when each of those is, as the direct call would be.
    fn nested<'t: 'n, 'n>(
        &mut self,
        site: &mut TaskSite<'t>,
        name: &str,
        line: usize,
        set_aside: &[Node<'n>],
    ) {
        let mut proofs = Vec::new();
        for &called in set_aside {
            let Some(proof) = self.reason(called, site) else {
                return;
            };
            proofs.push(proof);
        }
        let each: Vec<&str> = proofs
            .iter()
            .map(|(why, _)| why.strip_prefix("asyncio: ").unwrap_or(why))
            .collect();
        let why = format!(
            "asyncio: its coroutine `{name}` (line {line}) awaits nothing that may suspend but \
             the methods of `self` it calls: {}",
            each.join("; ")
        );
        let open = match proofs.into_iter().map(|(_, open)| open).collect::<Vec<_>>()[..] {
            // One method: the classes that may override it settle the site, as the direct call.
            [
                OpenProof::Overrides {
                    ref class,
                    ref method,
                    line: at,
                    ref yields,
                    ref off,
                    ..
                },
            ] => OpenProof::Overrides {
                class: class.clone(),
                method: method.clone(),
                line: at,
                yields: yields.clone(),
                through: Some((name.to_owned(), line)),
                off: off.clone(),
            },
            [OpenProof::Elements] => OpenProof::Elements,
            _ => OpenProof::Awaits,
        };
        site.mark_unknown(why, open);
    }
}

/// Whether `definition` is a function defined in the method the site is in: its `self` is
/// the method's.
fn nested_in_method(definition: Node, site: &TaskSite) -> bool {
    let mut functions = site
        .enclosing
        .iter()
        .rev()
        .filter(|s| s.kind() == "function_definition");
    let Some(method) = functions.next() else {
        return false;
    };
    let in_class = site
        .enclosing
        .iter()
        .any(|s| s.kind() == "class_definition");
    let mut parent = definition.parent();
    while let Some(p) = parent {
        if p.kind() == "function_definition" {
            return in_class && p == *method;
        }
        parent = p.parent();
    }
    false
}

/// Whether ruff's RUF006 cannot see the site: its creator is a method of an attribute
/// (`self.loop.create_task(...)`), which ruff resolves to no event loop (it reads `asyncio`'s
/// functions and a name bound to `asyncio.get_running_loop()` and the like).
fn beyond_ruff(site: &TaskSite) -> bool {
    site.call
        .child_by_field_name("function")
        .map(strip_parens)
        .filter(|f| f.kind() == "attribute")
        .and_then(|f| f.child_by_field_name("object"))
        .is_some_and(|o| strip_parens(o).kind() == "attribute")
}

/// The run's methods for the proof's stops, or the file's own when it is analysed alone.
fn stops(source: &SourceFile, facts: &Facts) -> super::first_step_through::Stops {
    use super::first_step_through::Stops;
    match facts.factories.quiet.methods() {
        Some(methods) => Stops::Run(methods),
        None => Stops::File(std::sync::Arc::new(
            crate::project::quiet_coroutines::FileMethods::of(source.text),
        )),
    }
}

/// What the coroutine call handed to the creator reaches.
enum Reached<'t> {
    /// A name's one definition in the scope it resolves to.
    Function(String, Node<'t>),
    /// A method on an object, `obj.m` (see [`super::first_step_method`]).
    Method(Node<'t>),
    /// A module-level name the parsed parts bind nowhere, which the whole file may define.
    Unparsed(String),
}

/// The module's statements that a name's binding needs (the tree may hold only the parts
/// around the sites), and what they say of each name asked.
#[derive(Default)]
struct Whole {
    statements: Option<Statements>,
    lines: HashMap<String, Option<(usize, Vec<Step>)>>,
}

impl Whole {
    /// The line of the module's one binding of `name`, when it is a plain coroutine function
    /// that never suspends, read in the statements that spell it and those its awaits reach.
    /// Parsed only when the text spells such an `async def name` at column 0 whose block
    /// spells no `await`, `async` or `yield`.
    fn quiet_definition(
        &mut self,
        source: &SourceFile,
        name: &str,
        defined: &HashSet<&str>,
        queues: &QueueNames,
    ) -> Option<(usize, Vec<Step>)> {
        if let Some(line) = self.lines.get(name) {
            return line.clone();
        }
        let src = source.text;
        let bytes = src.as_bytes();
        let spelt = super::first_step_text::def_spellings(bytes, name);
        let quiet = spelt.iter().any(|&(at, is_async)| {
            // `def_spellings` gives the offset of `def`: at column 0, its line starts `async`.
            let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
            is_async
                && bytes[line_start..at].starts_with(b"async")
                && quiet_awaits::quiet_calls_block(src, at, defined)
        });
        let line = if quiet {
            self.read(source, name, defined, queues)
        } else {
            None
        };
        self.lines.insert(name.to_owned(), line.clone());
        line
    }

    fn statements(&mut self, source: &SourceFile) -> &Statements {
        (self.statements).get_or_insert_with(|| Statements::of_source(source))
    }

    fn read(
        &mut self,
        source: &SourceFile,
        name: &str,
        defined: &HashSet<&str>,
        queues: &QueueNames,
    ) -> Option<(usize, Vec<Step>)> {
        let src = source.text;
        let tree = self
            .statements(source)
            .parse_spelling(source, &[name], Some(defined))?;
        let root = tree.root_node();
        match binding(root, name, src) {
            Binding::Definition(definition)
                if is_plain_coroutine(definition, src) && !declared_global(root, name, src) =>
            {
                let line = definition.start_position().row + 1;
                if !suspends(definition) {
                    return Some((line, Vec::new()));
                }
                match quiet_awaits::read(definition, src, defined, true, queues) {
                    Outcome::Quiet(steps) => Some((line, steps)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The steps of the coroutine function that starts at `start`, read in its module-level
    /// statement and those its awaits reach: the parts parsed lack a definition one of its
    /// awaits reaches.
    fn quiet_at(
        &mut self,
        source: &SourceFile,
        start: usize,
        defined: &HashSet<&str>,
        queues: &QueueNames,
    ) -> Option<Vec<Step>> {
        let tree = self
            .statements(source)
            .parse_holding(source, start, defined)?;
        let root = tree.root_node();
        let mut found = None;
        crate::scan::syntax::walk(root, |node| {
            if node.kind() == "function_definition" && node.start_byte() == start {
                found = Some(node);
            }
            found.is_none() && node.start_byte() <= start && start < node.end_byte()
        });
        match quiet_awaits::read(found?, source.text, defined, true, queues) {
            Outcome::Quiet(steps) => Some(steps),
            _ => None,
        }
    }
}

/// The kept reason of a coroutine `name` defined at `line` whose awaits are `steps`.
fn kept_reason(name: &str, line: usize, steps: &[Step]) -> String {
    let place = format!("line {line}");
    match steps {
        [] => return kept_by(name, &place, Quiet::Bare),
        [first, ..] if steps.iter().all(|s| s.put) => {
            return kept_by(name, &place, Quiet::UnboundedPut(first.line));
        }
        _ => {}
    }
    let each: Vec<String> = steps
        .iter()
        .map(|s| {
            let off: Vec<String> = s.off.iter().map(|p| format!("`{p}=False`")).collect();
            let passes = if off.is_empty() {
                String::new()
            } else {
                let guards: Vec<String> = s.off.iter().map(|p| format!("`if {p}:`")).collect();
                format!(
                    ", passed {} (its {} is skipped),",
                    off.join(" and "),
                    guards.join(" and ")
                )
            };
            let does = if s.yields {
                "yields to the ready queue only"
            } else if s.put {
                "puts on an unbounded asyncio queue, which never waits"
            } else {
                "never suspends"
            };
            format!("`{}` (line {}){passes} {does}", s.call, s.line)
        })
        .collect();
    let awaits = match each.as_slice() {
        [one] => format!("its one await, {one}"),
        _ => format!("its awaits: {}", each.join("; ")),
    };
    if steps.iter().any(|s| s.yields) {
        format!(
            "asyncio: its coroutine `{name}` (line {line}) never leaves the loop's ready queue: \
             {awaits}; the loop holds it until it finishes"
        )
    } else {
        format!(
            "asyncio: its coroutine `{name}` (line {line}) never suspends: {awaits}; it \
             finishes in its first step, which the loop holds"
        )
    }
}

/// The module's binding of each name a site calls: a definition, none (`Some(None)`), or bound
/// nowhere in the parts parsed (`None`: the whole file is read for it).
type ModuleBindings<'t> = HashMap<String, Option<Option<Node<'t>>>>;
/// Each function scope's binding of a name a site in it calls, by (scope, name).
type FunctionBindings<'t> = HashMap<(usize, String), Binding<'t>>;

/// The coroutine function the site's task runs, when the call hands it a direct call of a
/// name this file defines once in the scope the name resolves to; or the method it calls.
fn reached_definition<'t>(
    site: &TaskSite<'t>,
    src: &'t str,
    (module, functions): (&mut ModuleBindings<'t>, &mut FunctionBindings<'t>),
    defined: &mut Option<HashSet<&'t str>>,
) -> Option<Reached<'t>> {
    let called = coroutine_call(site, src)?;
    if called.kind() == "attribute" {
        return Some(Reached::Method(called));
    }
    if called.kind() != "identifier" {
        return None;
    }
    let name = text(called, src);
    // Only a name the file defines with `def` can reach a definition here: the scope walks
    // below are skipped for the common call of an imported or unknown function.
    if !defined.get_or_insert_with(|| def_names(src)).contains(name) {
        return None;
    }
    // The nearest function scope that binds the name, else the module's (class bodies are no
    // scope for the functions nested in them).
    let scopes = site
        .enclosing
        .iter()
        .rev()
        .filter(|s| s.kind() == "function_definition");
    for scope in scopes {
        let bound = *(functions.entry((scope.id(), name.to_owned())))
            .or_insert_with(|| binding(*scope, name, src));
        match bound {
            Binding::None => continue,
            Binding::Definition(definition) if is_plain_coroutine(definition, src) => {
                return Some(Reached::Function(name.to_owned(), definition));
            }
            _ => return None,
        }
    }
    let root = crate::scan::syntax::root_of(site.call);
    let definition = *module.entry(name.to_owned()).or_insert_with(|| {
        match binding(root, name, src) {
            // `global name` in a function may bind it anew.
            Binding::Definition(definition)
                if is_plain_coroutine(definition, src) && !declared_global(root, name, src) =>
            {
                Some(Some(definition))
            }
            // Bound nowhere in the parts parsed: the whole file is read for it.
            Binding::None => None,
            _ => Some(None),
        }
    });
    match definition {
        Some(definition) => definition.map(|d| Reached::Function(name.to_owned(), d)),
        None => Some(Reached::Unparsed(name.to_owned())),
    }
}

/// The function of the coroutine call a site hands to asyncio's own creator (`create_task(f())`
/// gives `f`): only asyncio's creators take the coroutine first; a configured or project task
/// function may do anything with it.
pub(super) fn coroutine_call<'t>(site: &TaskSite<'t>, src: &str) -> Option<Node<'t>> {
    if !site.takes_the_coroutine(src) {
        return None;
    }
    let mut argument = strip_parens(
        first_element(site.call.child_by_field_name("arguments")?)
            .filter(|a| a.kind() != "keyword_argument")?,
    );
    if argument.kind() == "identifier" {
        argument = super::coroutine_local::bound_call(argument, &site.enclosing, src)?;
    }
    if argument.kind() != "call" {
        return None;
    }
    strip_parens(argument.child_by_field_name("function")?).into()
}
