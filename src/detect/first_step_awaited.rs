//! The never-suspends proof of a method ([`super::first_step_method`]) one await into a class
//! another module of the checked code defines (issue 35, exam35o's AVA
//! `engine_external_media.py:78`): `_on_provider_event`'s one await is
//! `self.rtp_server.send_audio(...)`, where the class annotates `self.rtp_server:
//! Optional[RTPServer]` and binds it only to `RTPServer(...)`, a class the file imports by name
//! from `rtp_server.py`, whose own `send_audio` has no await. Awaiting a coroutine runs it in
//! the awaiting task's own step: where the awaited method never suspends, neither does the
//! await.
//!
//! The receiver's class is read as [`super::first_step_imported`] reads it (an attribute of
//! `self` its class's bindings annotate or make, a parameter annotated with one class, a local
//! every binding of which calls one class), and the method proved in its module as
//! [`super::first_step_instance`] proves it (no base but `object`, no metaclass, its own `m` an
//! undecorated `async def` whose body never suspends, no attribute `m` assigned in either
//! file), once per module, class and method; the class's name is bound once in the file, by
//! the import. The object may be of a subclass (an annotation admits one) that overrides `m`:
//! the method is named among those a subclass may override, and the site stays `unknown`, as
//! every proof through a method does.
//!
//! Cheap by construction: the text test before any parse
//! ([`super::first_step_text::imported_may_define`]) passes only for a
//! method some module of the run that the file imports a name from spells `async def m(` for
//! (the walk's hashes); then the receiver's class is read, and the module parsed only for a
//! class the file imports by name whose own text passes the proof's tests.

use tree_sitter::Node;

use super::first_step_across::kept_as_imported;
use super::first_step_instance::proof;
use super::first_step_through::Reached;
use crate::project::attributes::Attributes;
use crate::project::quiet_coroutines::QuietImports;
use crate::project::receivers::{Known, class_at};
use crate::scan::bound_names::Statements;
use crate::scan::source::SourceFile;

/// What an `await receiver.method(...)` runs when `receiver`'s class is one the file imports by
/// name from a module of the run, whose own `method` never suspends.
pub fn follow(
    imported: Option<&QuietImports>,
    receiver: Node,
    method: &str,
    source: &SourceFile,
) -> Option<Reached> {
    let src = source.text;
    if !super::first_step_text::imported_may_define(imported, method, src) {
        return None;
    }
    let refs = imported?;
    let known = match receiver.kind() {
        "identifier" => class_at(receiver, src),
        "attribute" => Attributes::new(src).class_of(receiver),
        _ => None,
    };
    let Known { class, made } = known?;
    let reference = refs.class_spelling(&class, method)?;
    proof(&reference, method)?;
    let tree = Statements::of_source(source).parse_spelling(source, &[&class], None)?;
    if !kept_as_imported(tree.root_node(), &class, src) {
        return None;
    }
    let module = &reference.module;
    Some(Reached::Imported {
        line: method_line(&module.text, &class, method)?,
        file: module.display.clone(),
        class,
        method: method.to_owned(),
        made,
    })
}

/// The line of `class`'s own `async def method` in the module's text.
fn method_line(src: &str, class: &str, method: &str) -> Option<usize> {
    let (start, text, _) = crate::scan::class_text::class_text(src, class)?;
    let bytes = text.as_bytes();
    let (at, _) = (super::first_step_text::def_spellings(bytes, method).into_iter())
        .find(|&(at, is_async)| is_async && super::first_step_text::indented(bytes, at))?;
    Some(memchr::memchr_iter(b'\n', &src.as_bytes()[..start + at]).count() + 1)
}
