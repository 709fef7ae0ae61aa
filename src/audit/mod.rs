//! What becomes of every task a file creates: owner, shutdown, exceptions, risk and action.

pub mod explain;
pub mod coroutine;
mod facts;
pub mod lifecycle;
