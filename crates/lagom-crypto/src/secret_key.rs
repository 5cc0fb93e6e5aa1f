//! The 128-bit secret key: the second secret of the two-secret key derivation.
//!
//! Written for people: `LG1-` followed by 28 characters of Crockford base32 in four groups.
//! The last two characters are a check on the other 26, so a typing mistake is reported as
//! such instead of as a wrong key. Crockford's alphabet has no I, L, O or U, and reading
//! accepts the look-alikes (`O`→`0`, `I`/`L`→`1`), lower case, spaces and dashes.

use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::{Entropy, SecretKeyError};

const PREFIX: &str = "LG1";
const BODY_CHARS: usize = 26;
const CHECK_CHARS: usize = 2;
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A user's secret key. Zeroed on drop, redacted in `Debug`.
#[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
pub struct SecretKey([u8; 16]);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

impl SecretKey {
    /// Draws a fresh secret key.
    pub fn make(entropy: &mut impl Entropy) -> Self {
        let mut bytes = [0u8; 16];
        entropy.fill(&mut bytes);
        Self(bytes)
    }

    pub(crate) fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// The key as people read and type it: `LG1-XXXXXXX-XXXXXXX-XXXXXXX-XXXXXXX`.
    pub fn display(&self) -> Zeroizing<String> {
        let body = Zeroizing::new(base32::encode(base32::Alphabet::Crockford, &self.0));
        let mut chars = Zeroizing::new(String::with_capacity(BODY_CHARS + CHECK_CHARS));
        chars.push_str(&body);
        chars.push_str(&check_chars(&self.0));
        let mut out = Zeroizing::new(String::from(PREFIX));
        for (i, c) in chars.chars().enumerate() {
            if i % 7 == 0 {
                out.push('-');
            }
            out.push(c);
        }
        out
    }

    /// Reads a key typed by a person or stored in the keyring.
    pub fn parse(text: &str) -> Result<Self, SecretKeyError> {
        let mut cleaned = Zeroizing::new(String::with_capacity(text.len()));
        for c in text.chars() {
            match c {
                '-' | ' ' | '\t' | '\n' | '\r' => {}
                c => cleaned.push(match c.to_ascii_uppercase() {
                    'O' => '0',
                    'I' | 'L' => '1',
                    other => other,
                }),
            }
        }
        // The prefix was normalised with the rest: "LG1" became "1G1". Only a key of full
        // length with the prefix loses it, so a key typed without it still reads.
        let full = PREFIX.len() + BODY_CHARS + CHECK_CHARS;
        let without_prefix = match cleaned.strip_prefix("1G1") {
            Some(rest) if cleaned.len() == full => rest,
            _ => cleaned.as_str(),
        };
        if without_prefix.len() != BODY_CHARS + CHECK_CHARS
            || !without_prefix.bytes().all(|b| CROCKFORD.contains(&b))
        {
            return Err(SecretKeyError::Format);
        }
        let (body, check) = without_prefix.split_at(BODY_CHARS);
        let decoded = Zeroizing::new(
            base32::decode(base32::Alphabet::Crockford, body).ok_or(SecretKeyError::Format)?,
        );
        let bytes: [u8; 16] = decoded
            .as_slice()
            .try_into()
            .map_err(|_| SecretKeyError::Format)?;
        if check_chars(&bytes) != check {
            return Err(SecretKeyError::Checksum);
        }
        // 26 characters carry 130 bits: the last two must be zero in a canonical key.
        if base32::encode(base32::Alphabet::Crockford, &bytes) != body {
            return Err(SecretKeyError::Format);
        }
        Ok(Self(bytes))
    }
}

fn check_chars(bytes: &[u8; 16]) -> String {
    let digest = Sha256::new()
        .chain_update(b"lagom/v1/secret-key-typo-check")
        .chain_update(bytes)
        .finalize();
    let bits = u16::from_be_bytes([digest[0], digest[1]]) >> 6;
    let hi = CROCKFORD[(bits >> 5) as usize & 31] as char;
    let lo = CROCKFORD[bits as usize & 31] as char;
    [hi, lo].iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Counter(u8);
    impl Entropy for Counter {
        fn fill(&mut self, buf: &mut [u8]) {
            for b in buf {
                self.0 = self.0.wrapping_add(37);
                *b = self.0;
            }
        }
    }

    #[test]
    fn display_then_parse_round_trips() {
        let key = SecretKey::make(&mut Counter(1));
        let shown = key.display();
        assert!(shown.starts_with("LG1-"));
        assert_eq!(shown.len(), 3 + 4 + 28);
        assert_eq!(SecretKey::parse(&shown), Ok(key));
    }

    #[test]
    fn parse_accepts_lower_case_lookalikes_and_no_dashes() {
        let key = SecretKey::make(&mut Counter(9));
        let shown = key
            .display()
            .replace('-', " ")
            .to_lowercase()
            .replace('0', "o")
            .replace('1', "l");
        assert_eq!(SecretKey::parse(&shown), Ok(key));
    }

    #[test]
    fn parse_reports_a_typing_mistake_as_checksum() {
        let key = SecretKey::make(&mut Counter(3));
        let mut shown: Vec<char> = key.display().chars().collect();
        let i = 6;
        shown[i] = if shown[i] == 'A' { 'B' } else { 'A' };
        let typo: String = shown.into_iter().collect();
        assert_eq!(SecretKey::parse(&typo), Err(SecretKeyError::Checksum));
    }

    #[test]
    fn parse_rejects_wrong_length_and_alphabet() {
        assert_eq!(SecretKey::parse("LG1-ABC"), Err(SecretKeyError::Format));
        assert_eq!(SecretKey::parse(""), Err(SecretKeyError::Format));
        assert_eq!(
            SecretKey::parse("LG1-UUUUUUU-UUUUUUU-UUUUUUU-UUUUUUU"),
            Err(SecretKeyError::Format)
        );
    }
}
