//! The CLI's one way to the terminal: everything a command prints passes
//! through `Inert`, so text from a design, an import, a persona file, the
//! environment or a model cannot drive the terminal (see domain::text::inert).
//! The `out!`, `outln!` and `errln!` macros in cli/mod.rs print through it.

use std::io::{self, Write};

use archcrit_core::text::inert;

/// A writer that makes what it is given inert before passing it on. UTF-8
/// split across writes is held back until complete, so streamed text works.
pub struct Inert<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> Inert<W> {
    pub fn new(inner: W) -> Inert<W> {
        Inert { inner, pending: Vec::new() }
    }

    fn pass_on(&mut self, bytes: &[u8]) -> io::Result<()> {
        let text = String::from_utf8_lossy(bytes);
        self.inner.write_all(inert::text(&text).as_bytes())
    }
}

impl<W: Write> Write for Inert<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let complete = match std::str::from_utf8(&self.pending) {
            Ok(_) => self.pending.len(),
            // An incomplete character at the end waits for the next write;
            // invalid bytes elsewhere are shown as U+FFFD.
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => self.pending.len(),
        };
        let ready: Vec<u8> = self.pending.drain(..complete).collect();
        self.pass_on(&ready)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let rest = std::mem::take(&mut self.pending);
        self.pass_on(&rest)?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for Inert<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// Prints to stdout through `Inert`; a closed pipe is the reader's choice.
pub fn print(text: &str) {
    let _ = Inert::new(io::stdout().lock()).write_all(text.as_bytes());
}

/// Prints to stderr through `Inert`.
pub fn eprint(text: &str) {
    let _ = Inert::new(io::stderr().lock()).write_all(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_split_across_writes_are_still_caught() {
        let mut sink = Vec::new();
        {
            let mut w = Inert::new(&mut sink);
            let bytes = "é\u{1b}]52;c;x\u{7}\u{202e}ok\n".as_bytes();
            for b in bytes {
                w.write_all(std::slice::from_ref(b)).unwrap();
            }
        }
        assert_eq!(String::from_utf8(sink).unwrap(), "é\\e]52;c;x\\u{7}\\u{202e}ok\n");
    }
}
