//! Helvetica's widths and the text encoding the PDF's fonts use. The summary is set in the
//! standard Helvetica and Helvetica-Bold, which every PDF reader has built in, so nothing is
//! embedded; their encoding is Windows-1252 (WinAnsiEncoding), which holds every letter of
//! the Nordic languages and of most of Western Europe. A letter outside it is written as its
//! nearest Latin letters (Ł as L, Ж as Zh), and the exact text is in the attached JSON.
//!
//! Helvetica-Oblique has Helvetica's widths. The widths are Adobe's published metrics for the two fonts, in thousandths of the font
//! size, for the codes 32 to 255 of WinAnsiEncoding.

/// The two faces the summary uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Face {
    /// Helvetica.
    Regular,
    /// Helvetica-Bold.
    Bold,
    /// Helvetica-Oblique ("None." in an empty section).
    Italic,
    /// Helvetica, for a field's label (set in grey).
    Label,
}

impl Face {
    /// The name of the font in the page's resources.
    pub(super) fn resource(self) -> &'static str {
        match self {
            Face::Regular | Face::Label => "F1",
            Face::Bold => "F2",
            Face::Italic => "F3",
        }
    }

    fn widths(self) -> &'static [u16; 224] {
        match self {
            Face::Regular | Face::Italic | Face::Label => &REGULAR,
            Face::Bold => &BOLD,
        }
    }

    /// The width of encoded text at a size, in points.
    pub(super) fn width(self, encoded: &[u8], size: f32) -> f32 {
        let widths = self.widths();
        let units: u32 = encoded
            .iter()
            .map(|&b| {
                usize::from(b)
                    .checked_sub(32)
                    .and_then(|i| widths.get(i))
                    .map_or(0, |&w| u32::from(w))
            })
            .sum();
        units as f32 * size / 1000.0
    }
}

/// The WinAnsiEncoding code of a character, if it has one.
fn code_of(c: char) -> Option<u8> {
    match u32::from(c) {
        0x20..=0x7E | 0xA0..=0xFF => u8::try_from(u32::from(c)).ok(),
        _ => HIGH
            .iter()
            .position(|&h| h == c && h != '\0')
            .and_then(|i| u8::try_from(0x80 + i).ok()),
    }
}

/// Text in WinAnsiEncoding. Tabs and other spaces become spaces; control characters are
/// dropped; a letter the encoding lacks becomes its nearest Latin letters, or `?`.
pub(super) fn encode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        if let Some(code) = code_of(c) {
            out.push(code);
        } else if c.is_whitespace() {
            out.push(b' ');
        } else if c.is_control() {
            continue;
        } else {
            let nearest = deunicode::deunicode_char(c).unwrap_or("?");
            let mut any = false;
            for n in nearest.chars().filter_map(code_of) {
                out.push(n);
                any = true;
            }
            if !any {
                out.push(b'?');
            }
        }
    }
    out
}

const REGULAR: [u16; 224] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    350, 556, 350, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 350, 611, 350, 350,
    222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 350, 500, 667, 278, 333, 556,
    556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, 400, 584, 333, 333, 333, 578,
    537, 278, 333, 333, 365, 556, 834, 834, 834, 611, 667, 667, 667, 667, 667, 667, 1000, 722, 667,
    667, 667, 667, 278, 278, 278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722,
    722, 667, 667, 611, 556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278,
    278, 556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
];

const BOLD: [u16; 224] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
    350, 556, 350, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 350, 611, 350, 350,
    278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 350, 500, 667, 278, 333, 556,
    556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333, 400, 584, 333, 333, 333, 611,
    556, 278, 333, 333, 365, 556, 834, 834, 834, 611, 722, 722, 722, 722, 722, 722, 1000, 722, 667,
    667, 667, 667, 278, 278, 278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722,
    722, 667, 667, 611, 556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278,
    278, 611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
];

const HIGH: [char; 32] = [
    '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0', '‘',
    '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nordic_letters_are_in_the_encoding_and_others_come_near() {
        assert_eq!(
            encode("Æøå ÄÖ é"),
            vec![0xC6, 0xF8, 0xE5, 0x20, 0xC4, 0xD6, 0x20, 0xE9]
        );
        assert_eq!(
            encode("€ – “x”"),
            vec![0x80, 0x20, 0x96, 0x20, 0x93, b'x', 0x94]
        );
        assert_eq!(encode("Łukasz"), b"Lukasz".to_vec());
        assert_eq!(encode("a\tb\u{7}c"), b"a bc".to_vec());
        let far = encode("\u{10FFFF}😀");
        assert!(!far.is_empty() && far.iter().all(|&b| (0x20..0x7F).contains(&b)));
    }

    #[test]
    fn widths_are_helveticas() {
        // "Hello" in Helvetica: H 722, e 556, l 222, l 222, o 556 = 2278 units.
        assert!((Face::Regular.width(b"Hello", 10.0) - 22.78).abs() < 0.001);
        assert!(Face::Bold.width(b"Hello", 10.0) > Face::Regular.width(b"Hello", 10.0));
        assert_eq!(Face::Regular.width(&[0x1F], 10.0), 0.0);
    }
}
