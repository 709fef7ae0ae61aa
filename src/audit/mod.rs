//! What becomes of every task a file creates: owner, shutdown, exceptions, risk and action.

mod action;
mod aliases;
mod all_tasks;
mod branches;
mod context;
pub mod coroutine;
pub mod creation;
mod drains;
mod early;
mod emptied;
mod evidence;
mod exceptions;
pub mod explain;
mod facts;
mod fate;
mod hierarchy;
pub mod lifecycle;
mod module_names;
mod names;
mod pending;
mod rebind;
pub mod replaced;
mod retrieval;
pub mod returned;
mod shutdown;
mod signal;
mod waits;
