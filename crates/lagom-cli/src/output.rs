//! Printing results: JSON for scripts, aligned text for people. A closed pipe (`| head`)
//! ends the output quietly.

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
        match result.and_then(|()| lock.flush()) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(CliError::Io(format!("writing output: {e}"))),
            Ok(()) => Ok(()),
        }
    }
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
