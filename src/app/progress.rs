//! The progress line on stderr: drawn only when stderr is a terminal and only once a run has
//! lasted long enough to need it, and cleared when the run ends, so it never reaches a pipe, a
//! log or the scrollback.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Runs shorter than this finish before the bar would be drawn: it would only flicker.
const DELAY: Duration = Duration::from_millis(300);

pub struct Progress {
    bar: ProgressBar,
    start: Instant,
    /// Whether stderr is a terminal (otherwise the bar is never drawn).
    enabled: bool,
    shown: AtomicBool,
}

impl Progress {
    /// `verb` says what is done to each file ("Checking", "Fixing").
    pub fn new(verb: &'static str) -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        // The total is not known while the walk is still finding files: count instead.
        if let Ok(style) = ProgressStyle::with_template("{spinner:.cyan} {msg} {human_pos} files") {
            bar.set_style(style);
        }
        bar.set_message(verb);
        Progress {
            bar,
            start: Instant::now(),
            enabled: std::io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
        }
    }

    /// One more file done; may be called from any thread.
    pub fn inc(&self) {
        self.bar.inc(1);
        if self.enabled
            && !self.shown.load(Ordering::Relaxed)
            && self.start.elapsed() >= DELAY
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            // Keep the spinner moving through a file that takes long on its own.
            self.bar.enable_steady_tick(Duration::from_millis(100));
        }
    }

    /// Clears the line before anything else is printed.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
