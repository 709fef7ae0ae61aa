//! What a function does to its object's state before a point of it, read in one place for
//! detection (may a method that binds a task lose the task its attribute held?) and for the
//! callers of such a method (may this call run it again while the task runs?):
//! - a state tested: an `if` around the point, or an early exit at the top of the body that
//!   returns or raises ([`tested::guards`]);
//! - the state set by the function itself, a flag it checks and sets ([`guarded_by_state`]), or
//!   set after its test before the point, inline or through a method of the class that sets it
//!   on every path ([`set_under_test`]);
//! - the object stopped first: its task cancelled, or a method that cancels it on every path
//!   awaited (`await self.client.stop()`, [`stopped`]);
//! - the task looked at through a helper of the class before the point
//!   ([`looks_through_helper`]).

mod flag;
mod helper;
mod methods;
mod set;
pub mod stopped;
mod tested;

pub use flag::guarded_by_state;
pub use helper::looks_through_helper;
pub use methods::definition_name;
pub(crate) use methods::invoked;
pub(crate) use set::{Whole, set_under_test};
pub use stopped::stops;
