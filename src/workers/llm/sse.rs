//! Server-sent events framing, incrementally: bytes in any pieces (lines
//! and characters split across network reads), `\n`, `\r\n` or `\r` line
//! ends, comments, `event:` names, multi-line `data:`, a leading BOM. It
//! holds at most one unfinished line and one unfinished event; the caller
//! bounds how many bytes it is fed in all (`reply.rs`), which bounds both.
//! An event still open when the stream ends is dropped, as the SSE
//! specification says: a stream cut mid-event was cut.

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Event {
    /// The `event:` name, empty when none was given.
    pub name: String,
    /// The `data:` lines joined with `\n`.
    pub data: String,
}

#[derive(Debug, Default)]
pub struct SseParser {
    line: Vec<u8>,
    /// The previous piece ended in `\r`: a `\n` starting this one belongs to it.
    after_cr: bool,
    started: bool,
    name: String,
    /// Raw bytes until dispatch, so held memory never exceeds what was read
    /// (decoding first would turn each invalid byte into three).
    data: Vec<u8>,
    has_data: bool,
}

impl SseParser {
    pub fn new() -> Self {
        SseParser::default()
    }

    /// Feeds the next bytes; complete events are pushed to `out`.
    pub fn feed(&mut self, mut bytes: &[u8], out: &mut Vec<Event>) {
        if !self.started && !bytes.is_empty() {
            self.started = true;
            bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        }
        for &b in bytes {
            match b {
                b'\n' if self.after_cr => self.after_cr = false,
                b'\n' | b'\r' => {
                    self.after_cr = b == b'\r';
                    let line = std::mem::take(&mut self.line);
                    self.line_done(&line, out);
                }
                _ => {
                    self.after_cr = false;
                    self.line.push(b);
                }
            }
        }
    }

    /// Bytes held while waiting for the end of a line.
    pub fn pending(&self) -> usize {
        self.line.len() + self.data.len()
    }

    fn line_done(&mut self, line: &[u8], out: &mut Vec<Event>) {
        if line.is_empty() {
            if self.has_data {
                let data = String::from_utf8_lossy(&std::mem::take(&mut self.data)).into_owned();
                out.push(Event { name: std::mem::take(&mut self.name), data });
            }
            self.name.clear();
            self.data.clear();
            self.has_data = false;
            return;
        }
        if line[0] == b':' {
            return;
        }
        let (field, value) = match line.iter().position(|&b| b == b':') {
            Some(i) => (&line[..i], line[i + 1..].strip_prefix(b" ").unwrap_or(&line[i + 1..])),
            None => (line, &b""[..]),
        };
        match field {
            b"data" => {
                if self.has_data {
                    self.data.push(b'\n');
                }
                self.data.extend_from_slice(value);
                self.has_data = true;
            }
            // A name is short; a hostile long one is cut, not kept whole.
            b"event" => self.name = String::from_utf8_lossy(&value[..value.len().min(64)]).into_owned(),
            // `id` and `retry` matter to browsers reconnecting, not to one answer.
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pieces: &[&[u8]]) -> Vec<Event> {
        let mut p = SseParser::new();
        let mut out = Vec::new();
        for piece in pieces {
            p.feed(piece, &mut out);
        }
        out
    }

    fn data(events: &[Event]) -> Vec<&str> {
        events.iter().map(|e| e.data.as_str()).collect()
    }

    #[test]
    fn events_split_anywhere_and_every_line_end_are_read() {
        let events =
            parse(&[b"\xEF\xBB\xBFda", b"ta: a\r", b"\ndata:b\r\n\r", b"\n: ping\n\nevent: error\ndata: {}\r\r"]);
        assert_eq!(data(&events), ["a\nb", "{}"]);
        assert_eq!(events[1].name, "error");
    }

    #[test]
    fn an_event_cut_by_the_end_of_the_stream_is_dropped() {
        assert_eq!(data(&parse(&[b"data: whole\n\ndata: half"])), ["whole"]);
        assert!(parse(&[b"id: 7\nretry: 10\n\n"]).is_empty());
    }
}
