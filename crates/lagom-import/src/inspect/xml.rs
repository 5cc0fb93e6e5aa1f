//! XML parts read as calamine reads them (quick-xml, the same configuration), with one bound
//! calamine lacks: quick-xml holds each piece of XML (a text, a tag, a comment, a CDATA
//! section) whole in a buffer, so a part that is one 200 MB text would be held whole, by
//! the check and again by calamine. [`Pieces`] watches the bytes on their way to quick-xml
//! and stops a piece at [`MAX_XML_PIECE_BYTES`], before it is buffered.

use std::io::{BufReader, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::ReadError;
use crate::inspect::container::Part;
use crate::limits::{MAX_XML_PIECE_BYTES, megabytes};

/// Where in the XML the bytes are, as far as where a piece ends goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Character data, up to the next `<`.
    Text,
    /// Just after `<`.
    Open,
    /// After `<!`.
    Bang,
    /// After `<!-`.
    BangDash,
    /// After `<!` and this many characters of `[CDATA[`.
    CdataOpening(u8),
    /// In a tag, inside a quoted value when there is a quote.
    Tag(Option<u8>),
    /// In a comment, after this many `-` in a row.
    Comment(u8),
    /// In a CDATA section, after this many `]` in a row.
    Cdata(u8),
    /// In a processing instruction, just after a `?` or not.
    Instruction(bool),
    /// In a `<!DOCTYPE …>` or other declaration: bracket depth and quote.
    Declaration(u32, Option<u8>),
}

/// Passes bytes through unchanged, failing the read when one piece of XML grows past
/// [`MAX_XML_PIECE_BYTES`].
pub(crate) struct Pieces<R> {
    inner: R,
    state: State,
    /// Bytes of the current piece so far.
    run: u64,
    limit: u64,
    exceeded: bool,
}

impl<R> Pieces<R> {
    pub(crate) fn new(inner: R) -> Self {
        Self::with_limit(inner, MAX_XML_PIECE_BYTES)
    }

    fn with_limit(inner: R, limit: u64) -> Self {
        Self {
            inner,
            state: State::Text,
            run: 0,
            limit,
            exceeded: false,
        }
    }

    /// Moves over `bytes`, returning false as soon as a piece is too long.
    fn watch(&mut self, bytes: &[u8]) -> bool {
        let mut i = 0;
        while i < bytes.len() {
            // The two common states skip ahead to the next byte that matters.
            let skip = match self.state {
                State::Text => memchr::memchr(b'<', &bytes[i..]),
                State::Tag(None) => memchr::memchr3(b'>', b'"', b'\'', &bytes[i..]),
                State::Tag(Some(quote)) => memchr::memchr(quote, &bytes[i..]),
                _ => Some(0),
            };
            let Some(skip) = skip else {
                self.run += (bytes.len() - i) as u64;
                break;
            };
            self.run += skip as u64;
            i += skip;
            let b = bytes[i];
            i += 1;
            let (next, ends) = step(self.state, b);
            self.state = next;
            if ends && b == b'<' {
                // The text before it ended; the `<` begins the next piece.
                if self.run > self.limit {
                    return false;
                }
                self.run = 1;
                continue;
            }
            self.run += 1;
            if self.run > self.limit {
                return false;
            }
            if ends {
                self.run = 0;
            }
        }
        self.run <= self.limit
    }
}

/// The state after byte `b`, and whether a piece ended (or a new one began) with it.
fn step(state: State, b: u8) -> (State, bool) {
    match (state, b) {
        (State::Text, b'<') => (State::Open, true),
        (State::Text, _) => (State::Text, false),
        (State::Open, b'!') => (State::Bang, false),
        (State::Open, b'?') => (State::Instruction(false), false),
        (State::Open, b'>') => (State::Text, true),
        (State::Open, b'"' | b'\'') => (State::Tag(Some(b)), false),
        (State::Open, _) => (State::Tag(None), false),
        (State::Bang, b'-') => (State::BangDash, false),
        (State::Bang, b'[') => (State::CdataOpening(1), false),
        (State::Bang, _) => declaration(0, None, b),
        (State::BangDash, b'-') => (State::Comment(0), false),
        (State::BangDash, _) => declaration(0, None, b),
        (State::CdataOpening(n), _) if b"[CDATA["[usize::from(n)] == b => {
            if n == 6 {
                (State::Cdata(0), false)
            } else {
                (State::CdataOpening(n + 1), false)
            }
        }
        (State::CdataOpening(_), _) => declaration(1, None, b),
        (State::Tag(None), b'>') => (State::Text, true),
        (State::Tag(None), b'"' | b'\'') => (State::Tag(Some(b)), false),
        (State::Tag(Some(q)), _) if q == b => (State::Tag(None), false),
        (State::Tag(quote), _) => (State::Tag(quote), false),
        (State::Comment(dashes), b'>') if dashes >= 2 => (State::Text, true),
        (State::Comment(dashes), b'-') => (State::Comment(dashes.saturating_add(1)), false),
        (State::Comment(_), _) => (State::Comment(0), false),
        (State::Cdata(brackets), b'>') if brackets >= 2 => (State::Text, true),
        (State::Cdata(brackets), b']') => (State::Cdata(brackets.saturating_add(1)), false),
        (State::Cdata(_), _) => (State::Cdata(0), false),
        (State::Instruction(true), b'>') => (State::Text, true),
        (State::Instruction(_), _) => (State::Instruction(b == b'?'), false),
        (State::Declaration(depth, quote), _) => declaration(depth, quote, b),
    }
}

/// A declaration (`<!DOCTYPE x [ … ]>`) ends at a `>` outside brackets and quotes.
fn declaration(depth: u32, quote: Option<u8>, b: u8) -> (State, bool) {
    match (quote, b) {
        (Some(q), _) if q == b => (State::Declaration(depth, None), false),
        (Some(q), _) => (State::Declaration(depth, Some(q)), false),
        (None, b'"' | b'\'') => (State::Declaration(depth, Some(b)), false),
        (None, b'[') => (State::Declaration(depth + 1, None), false),
        (None, b']') => (State::Declaration(depth.saturating_sub(1), None), false),
        (None, b'>') if depth == 0 => (State::Text, true),
        (None, _) => (State::Declaration(depth, None), false),
    }
}

impl<R: Read> Read for Pieces<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if !self.watch(&buf[..n]) {
            self.exceeded = true;
            return Err(std::io::Error::new(
                std::io::ErrorKind::FileTooLarge,
                "a piece of XML is too long",
            ));
        }
        Ok(n)
    }
}

/// How a scan of a part ended, when it did not read to the end.
pub(crate) enum Stop {
    /// A limit was passed: the file is refused.
    Limit(ReadError),
    /// The part is not XML quick-xml can read to its end. Calamine reads it no further
    /// either (the same parser and configuration stop at the same byte), so what was
    /// counted up to here is all it could hold.
    Unreadable,
}

impl From<ReadError> for Stop {
    fn from(e: ReadError) -> Self {
        Self::Limit(e)
    }
}

/// Reads `part` as XML, giving every event to `visit`, until the end, a limit, or XML that
/// does not parse.
pub(crate) fn scan(
    part: Part<'_, '_>,
    mut visit: impl FnMut(Event<'_>) -> Result<(), ReadError>,
) -> Result<(), Stop> {
    let name = part.name().to_owned();
    let mut reader = Reader::from_reader(BufReader::new(Pieces::new(part)));
    // As calamine configures its readers (`xl/mod.rs`, `ods.rs`).
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::with_capacity(1024);
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) => return Ok(()),
            Ok(event) => visit(event)?,
            Err(_) => {
                let pieces = reader.get_mut().get_mut();
                if pieces.exceeded {
                    return Err(Stop::Limit(ReadError::too_large(
                        format!(
                            "part '{name}' has a single piece of text or markup longer than {}",
                            megabytes(MAX_XML_PIECE_BYTES)
                        ),
                        format!("{} in one piece of XML", megabytes(MAX_XML_PIECE_BYTES)),
                    )));
                }
                return Err(match pieces.inner.exceeded() {
                    Some(limit) => Stop::Limit(limit),
                    None => Stop::Unreadable,
                });
            }
        }
    }
}

/// The attributes of `e` as calamine reads them (`attrs.rs`): name and value as written
/// (not unescaped), ending where calamine's reading of them would fail.
fn attributes<'e>(e: &'e BytesStart<'_>) -> impl Iterator<Item = (&'e str, &'e str)> {
    let raw = e.attributes_raw();
    let bytes = raw.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let key_start = pos;
        while pos < bytes.len() && bytes[pos] != b'=' {
            pos += 1;
        }
        if pos >= bytes.len() {
            return None;
        }
        let key = raw[key_start..pos].trim_ascii_end();
        pos += 1;
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let quote = *bytes.get(pos)?;
        if quote != b'"' && quote != b'\'' {
            pos = bytes.len();
            return None;
        }
        pos += 1;
        let start = pos;
        while pos < bytes.len() && bytes[pos] != quote {
            pos += 1;
        }
        let value = &raw[start..pos];
        pos = (pos + 1).min(bytes.len());
        Some((key, value))
    })
}

/// Attribute `name` of `e` as calamine reads it: the first of that name.
pub(crate) fn attribute<'e>(e: &'e BytesStart<'_>, name: &str) -> Option<&'e str> {
    attributes(e).find(|(k, _)| *k == name).map(|(_, v)| v)
}

/// Attribute `local` of `e` with any namespace prefix (`r:id` for `id`).
pub(crate) fn attribute_local<'e>(e: &'e BytesStart<'_>, local: &str) -> Option<&'e str> {
    attributes(e)
        .find(|(k, _)| {
            *k == local
                || k.strip_suffix(local)
                    .is_some_and(|prefix| prefix.ends_with(':'))
        })
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Does `xml`, fed in chunks of `chunk` bytes, pass with pieces of at most `limit`?
    fn passes(xml: &[u8], chunk: usize, limit: u64) -> bool {
        let mut pieces = Pieces::with_limit(std::io::empty(), limit);
        xml.chunks(chunk).all(|part| pieces.watch(part))
    }

    /// The longest piece of `xml`, as `Pieces` sees it.
    fn longest_piece(xml: &[u8], chunk: usize) -> u64 {
        let longest = (1..=xml.len() as u64)
            .find(|&limit| passes(xml, chunk, limit))
            .unwrap();
        assert!(!passes(xml, chunk, longest - 1));
        longest
    }

    #[test]
    fn pieces_end_where_quick_xml_ends_them() {
        // A `>` inside a quoted value, a comment or a CDATA section does not end it.
        let tag = br#"<c r="A1" note="a > b">"#;
        assert_eq!(longest_piece(tag, 3), tag.len() as u64);
        let comment = b"<!-- a > b -- > c -->text";
        assert_eq!(longest_piece(comment, 2), 21);
        let cdata = b"<![CDATA[ <x> ]] > ]]>";
        assert_eq!(longest_piece(cdata, 5), cdata.len() as u64);
        let doctype = b"<!DOCTYPE x [ <!ENTITY y \"a>b\"> ]><x/>";
        assert_eq!(longest_piece(doctype, 7), 34);
        assert_eq!(longest_piece(b"<?xml version=\"1.0\"?>abc", 4), 21);
        assert_eq!(longest_piece(b"<a>some text</a>", 1), 9, "the text");
    }

    #[test]
    fn a_long_text_is_stopped_before_it_is_all_read() {
        let mut text = b"<t>".to_vec();
        text.resize(MAX_XML_PIECE_BYTES as usize + 10, b'0');
        let mut pieces = Pieces::new(&text[..]);
        let mut sink = Vec::new();
        let err = pieces.read_to_end(&mut sink).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::FileTooLarge);
        assert!(pieces.exceeded);
    }

    #[test]
    fn many_short_pieces_pass() {
        let xml = "<r><c>1</c></r>".repeat(2_000_000);
        let mut pieces = Pieces::new(xml.as_bytes());
        let mut sink = Vec::new();
        assert_eq!(pieces.read_to_end(&mut sink).unwrap(), xml.len());
    }

    #[test]
    fn attributes_are_read_as_calamine_reads_them() {
        let mut reader = Reader::from_str(r#"<c r = "B2" r="XFD9" t='s' bad/>"#);
        let Ok(Event::Empty(e)) = reader.read_event() else {
            panic!("an element")
        };
        assert_eq!(attribute(&e, "r"), Some("B2"), "the first wins");
        assert_eq!(attribute(&e, "t"), Some("s"));
        assert_eq!(attribute(&e, "x"), None);
        let mut reader = Reader::from_str(r#"<sheet name="Kunder" r:id="rId1"/>"#);
        let Ok(Event::Empty(e)) = reader.read_event() else {
            panic!("an element")
        };
        assert_eq!(attribute_local(&e, "id"), Some("rId1"));
    }
}
