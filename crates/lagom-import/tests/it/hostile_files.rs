//! Hostile files, written by the tests that read them, so each is readable here rather than
//! a binary fixture.

/// A vCard file of one contact whose note is `note_chars` characters, quoted-printable
/// with a soft line break every 76 characters, as old phones export long notes.
pub fn vcard_with_long_qp_note(note_chars: usize) -> (Vec<u8>, String) {
    let note: String = "Ringer helst før 10. "
        .chars()
        .cycle()
        .take(note_chars)
        .collect();
    let mut encoded = String::new();
    let mut line = 0;
    for b in note.as_bytes() {
        let piece = if b.is_ascii_alphanumeric() || *b == b' ' || *b == b'.' {
            (*b as char).to_string()
        } else {
            format!("={b:02X}")
        };
        if line + piece.len() > 75 {
            encoded.push_str("=\r\n");
            line = 0;
        }
        line += piece.len();
        encoded.push_str(&piece);
    }
    let card = format!(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Kjær;Bjørn;;;\r\nNOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{encoded}\r\nEND:VCARD\r\n"
    );
    (card.into_bytes(), note)
}
