//! What becomes of every task a file creates: owner, shutdown, exceptions, risk and action.

pub mod coroutine;
pub mod explain;
mod facts;
pub mod lifecycle;
