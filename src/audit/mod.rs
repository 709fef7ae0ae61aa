//! What becomes of every task a file creates: owner, shutdown, exceptions, risk and action.

mod facts;
pub mod lifecycle;
