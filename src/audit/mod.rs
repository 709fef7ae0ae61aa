//! What becomes of every task a file creates: owner, shutdown, exceptions, risk and action.

mod action;
pub mod coroutine;
pub mod explain;
mod facts;
mod fate;
pub mod lifecycle;
mod rebind;
mod waits;
