//! Printing results: JSON for scripts, aligned text for people. Nothing here panics when a
//! stream is gone: a closed pipe (`| head`) ends the command quietly with a failing exit code,
//! any other failed write to stdout (`> /dev/full`) is an error, and a message to a stderr
//! nobody reads is dropped (the exit code still tells what happened).

use std::io::{self, Write};

use serde::Serialize;

use crate::error::CliError;

pub struct Out {
    pub json: bool,
    /// `--force`: files named on the command line may replace existing ones.
    pub force: bool,
}

impl Out {
    /// Prints `value` as JSON, or runs `human` to print it as text.
    pub fn emit<T: Serialize>(
        &self,
        value: &T,
        human: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), CliError> {
        let stdout = io::stdout();
        let mut lock = stdout.lock();
        let result = if self.json {
            serde_json::to_writer_pretty(&mut lock, value)
                .map_err(io::Error::from)
                .and_then(|()| writeln!(lock))
        } else {
            human(&mut lock)
        };
        result.and_then(|()| lock.flush()).map_err(|e| written(&e))
    }
}

/// What a failed write to stdout means for the command.
pub fn written(e: &io::Error) -> CliError {
    if e.kind() == io::ErrorKind::BrokenPipe {
        CliError::OutputClosed
    } else {
        CliError::Io(format!("writing output: {e}"))
    }
}

/// Writes `text` to stderr as it is (a prompt, a progress line). A failure is dropped: there
/// is nowhere left to report it, and it must not end the command.
pub fn note(text: &str) {
    let stderr = io::stderr();
    let mut lock = stderr.lock();
    let _ = lock.write_all(text.as_bytes()).and_then(|()| lock.flush());
}

/// Writes `text` and a newline to stderr, like [`note`].
pub fn note_line(text: &str) {
    note(&format!("{text}\n"));
}

/// Pads a column; counts characters, not bytes, so Nordic names line up.
pub fn pad(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n >= width {
        let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
        s.push('…');
        s
    } else {
        format!("{text}{}", " ".repeat(width - n))
    }
}
