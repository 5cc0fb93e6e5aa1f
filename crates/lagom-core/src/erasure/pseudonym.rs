//! Pseudonyms: what an erased person's invoices name instead of them, and the only form a
//! pseudonym may take in the erasure ledger.

use lagom_crypto::Entropy;

/// What every pseudonym starts with, so that an invoice's customer reads as erased.
pub const PSEUDONYM_PREFIX: &str = "ERASED-";

/// Crockford's base 32: no I, L, O or U to misread.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A fresh pseudonym: 40 random bits, which is plenty for one vault's erasures (a clash is
/// looked for and drawn again anyway).
pub fn make_pseudonym(entropy: &mut impl Entropy) -> String {
    let mut bytes = [0u8; 8];
    entropy.fill(&mut bytes);
    let mut text = String::from(PSEUDONYM_PREFIX);
    text.extend(
        bytes
            .iter()
            .map(|b| char::from(ALPHABET[usize::from(b & 31)])),
    );
    text
}

/// Whether a pseudonym has the form erasure gives them (so a line cannot smuggle text in).
pub(crate) fn well_formed_pseudonym(text: &str) -> bool {
    text.strip_prefix(PSEUDONYM_PREFIX)
        .is_some_and(|rest| rest.len() == 8 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}
