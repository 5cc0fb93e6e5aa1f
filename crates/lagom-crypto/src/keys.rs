//! The vault key and the keys derived from it.

use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::Entropy;

const LABEL_SQLCIPHER: &[u8] = b"lagom/v1/sqlcipher-raw-key";
const LABEL_AUDIT: &[u8] = b"lagom/v1/audit-chain";
pub(crate) const LABEL_HEADER_MAC: &[u8] = b"lagom/v1/header-mac";

/// The random 256-bit key that everything in a vault hangs from. Zeroed on drop; never
/// printed (its `Debug` output is redacted).
#[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
pub struct VaultKey([u8; 32]);

impl std::fmt::Debug for VaultKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VaultKey(..)")
    }
}

impl VaultKey {
    /// Draws a fresh vault key.
    pub fn make(entropy: &mut impl Entropy) -> Self {
        let mut bytes = [0u8; 32];
        entropy.fill(&mut bytes);
        Self(bytes)
    }

    pub(crate) fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub(crate) fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub(crate) fn derive(&self, label: &[u8]) -> Zeroizing<[u8; 32]> {
        let hk = Hkdf::<Sha256>::new(None, &self.0);
        let mut out = Zeroizing::new([0u8; 32]);
        hk.expand(label, out.as_mut())
            .expect("32 bytes is a valid HKDF-SHA256 output length");
        out
    }

    /// Derives the raw key SQLCipher uses for the database file. A raw key skips
    /// SQLCipher's own PBKDF2, which would only slow every connection down: the vault key is
    /// already uniformly random.
    pub fn derive_sqlcipher_key(&self) -> SqlcipherKey {
        SqlcipherKey(self.derive(LABEL_SQLCIPHER))
    }

    /// Derives the key that authenticates the audit trail's hash chain.
    pub fn derive_audit_key(&self) -> AuditKey {
        AuditKey(self.derive(LABEL_AUDIT))
    }
}

/// SQLCipher's raw database key.
#[derive(Clone)]
pub struct SqlcipherKey(Zeroizing<[u8; 32]>);

impl SqlcipherKey {
    /// The value for `PRAGMA key` / `PRAGMA rekey`: `x'<64 hex digits>'` inside double
    /// quotes, the form SQLCipher reads as a raw key.
    pub fn pragma_value(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("\"x'{}'\"", hex_lower(self.0.as_ref())))
    }

    /// The raw key as 64 lower-case hex digits, for opening the database with another
    /// SQLCipher 4 implementation.
    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex_lower(self.0.as_ref()))
    }
}

impl std::fmt::Debug for SqlcipherKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SqlcipherKey(..)")
    }
}

/// The key of the audit trail's HMAC chain.
#[derive(Clone)]
pub struct AuditKey(Zeroizing<[u8; 32]>);

impl AuditKey {
    /// The key bytes, for keying an HMAC.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(..)")
    }
}

fn hex_lower(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 0x0f) as usize] as char);
    }
    s
}
