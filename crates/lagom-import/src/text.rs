//! Which encoding a text file is in, found rather than asked: a byte-order mark when there
//! is one (UTF-8, UTF-16 LE/BE), UTF-16 without a mark by its zero bytes, valid UTF-8 as
//! UTF-8, and anything else by `chardetng`, the detector Firefox uses for unlabelled pages
//! (for Nordic text that is Windows-1252, which is also what ISO-8859-1 means in practice).

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// The outcome of detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DetectedEncoding {
    /// The encoding.
    pub encoding: &'static Encoding,
    /// Whether the text starts with a byte-order mark.
    pub bom: bool,
}

impl DetectedEncoding {
    /// The encoding's name as people know it ("UTF-8", "windows-1252", …).
    pub fn name(&self) -> &'static str {
        self.encoding.name()
    }
}

/// Detects the encoding from the first bytes of a file (64 KiB is plenty).
pub fn detect_encoding(sample: &[u8]) -> DetectedEncoding {
    if let Some((encoding, _)) = Encoding::for_bom(sample) {
        return DetectedEncoding {
            encoding,
            bom: true,
        };
    }
    if let Some(encoding) = utf16_without_bom(sample) {
        return DetectedEncoding {
            encoding,
            bom: false,
        };
    }
    if is_utf8_allowing_a_cut_char(sample) {
        return DetectedEncoding {
            encoding: UTF_8,
            bom: false,
        };
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(sample, true);
    DetectedEncoding {
        encoding: detector.guess(None, Utf8Detection::Allow),
        bom: false,
    }
}

/// Text in UTF-16 without a mark has a zero byte in every other position for Latin text.
fn utf16_without_bom(sample: &[u8]) -> Option<&'static Encoding> {
    let n = sample.len().min(1024) & !1;
    if n < 8 {
        return None;
    }
    let zeros_at = |parity: usize| {
        sample[..n]
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    let half = n / 2;
    if odd * 10 >= half * 7 && even * 10 <= half {
        Some(UTF_16LE)
    } else if even * 10 >= half * 7 && odd * 10 <= half {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Valid UTF-8, except that the sample may end in the middle of a character.
fn is_utf8_allowing_a_cut_char(sample: &[u8]) -> bool {
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && sample.len() - e.valid_up_to() < 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(text: &str, encoding: &'static Encoding) -> Vec<u8> {
        if encoding == UTF_16LE {
            return text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        }
        if encoding == UTF_16BE {
            return text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        }
        encoding.encode(text).0.into_owned()
    }

    const NORDIC: &str = "Fornavn;Etternavn;Poststed\nBjørn;Kjær;Tromsø\nÅse;Sørensen;Ærøskøbing\nMärta;Öberg;Södertälje\n";

    #[test]
    fn byte_order_marks_decide() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(NORDIC.as_bytes());
        assert_eq!(
            detect_encoding(&bytes),
            DetectedEncoding {
                encoding: UTF_8,
                bom: true
            }
        );
        let mut le = vec![0xFF, 0xFE];
        le.extend(encoded(NORDIC, UTF_16LE));
        assert_eq!(
            detect_encoding(&le),
            DetectedEncoding {
                encoding: UTF_16LE,
                bom: true
            }
        );
        let mut be = vec![0xFE, 0xFF];
        be.extend(encoded(NORDIC, UTF_16BE));
        assert_eq!(
            detect_encoding(&be),
            DetectedEncoding {
                encoding: UTF_16BE,
                bom: true
            }
        );
    }

    #[test]
    fn utf16_without_a_mark_is_found_by_its_zero_bytes() {
        assert_eq!(
            detect_encoding(&encoded(NORDIC, UTF_16LE)).encoding,
            UTF_16LE
        );
        assert_eq!(
            detect_encoding(&encoded(NORDIC, UTF_16BE)).encoding,
            UTF_16BE
        );
    }

    #[test]
    fn plain_utf8_and_windows_1252_are_told_apart() {
        assert_eq!(detect_encoding(NORDIC.as_bytes()).encoding, UTF_8);
        let latin = encoded(NORDIC, encoding_rs::WINDOWS_1252);
        assert_eq!(detect_encoding(&latin).encoding, encoding_rs::WINDOWS_1252);
        let iso15 = encoded(NORDIC, encoding_rs::ISO_8859_15);
        let found = detect_encoding(&iso15).encoding;
        // ISO-8859-15 and Windows-1252 agree on every letter here: either reads the text right.
        assert_eq!(found.decode(&iso15).0, NORDIC);
    }

    #[test]
    fn a_sample_cut_inside_a_character_is_still_utf8() {
        let bytes = NORDIC.as_bytes();
        let cut = bytes
            .iter()
            .position(|b| *b == 0xC3)
            .expect("a two-byte letter")
            + 1;
        assert_eq!(detect_encoding(&bytes[..cut]).encoding, UTF_8);
    }
}
