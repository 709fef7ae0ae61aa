//! Messages on stderr. A write that fails (`2>/dev/full`, a closed stderr) is ignored: undangle
//! must finish its work and exit with its own code, never panic over a message.

use std::io::Write;

/// Writes one line to stderr, colour stripped unless stderr is a terminal; errors are ignored.
pub fn line(args: std::fmt::Arguments) {
    let mut err = anstream::stderr().lock();
    let _ = err.write_fmt(args);
    let _ = err.write_all(b"\n");
}

/// `eprintln!` that never panics.
macro_rules! eprintln {
    ($($arg:tt)*) => {
        $crate::app::console::line(format_args!($($arg)*))
    };
}
pub(crate) use eprintln;
