//! The vault key and the keys derived from it.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::{Entropy, WrapError};

const LABEL_SQLCIPHER: &[u8] = b"lagom/v1/sqlcipher-raw-key";
const LABEL_KEY_ID: &[u8] = b"lagom/v1/key-id";
const LABEL_AUDIT_WRAP: &[u8] = b"lagom/v1/audit-key-wrap";
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

    /// A public fingerprint of this key, to find what was wrapped under it.
    pub fn derive_key_id(&self) -> [u8; 16] {
        let full = self.derive(LABEL_KEY_ID);
        let mut id = [0u8; 16];
        id.copy_from_slice(&full[..16]);
        id
    }

    fn audit_wrap_cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&(*self.derive(LABEL_AUDIT_WRAP)).into())
    }

    /// Wraps the audit-chain key under this vault key (XChaCha20-Poly1305, random nonce, the
    /// key id as associated data).
    pub fn wrap_audit_key(&self, key: &AuditKey, entropy: &mut impl Entropy) -> WrappedKey {
        let mut nonce = [0u8; 24];
        entropy.fill(&mut nonce);
        let ciphertext = self
            .audit_wrap_cipher()
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: key.0.as_ref(),
                    aad: &self.derive_key_id(),
                },
            )
            .expect("XChaCha20-Poly1305 encryption of 32 bytes cannot fail");
        WrappedKey { nonce, ciphertext }
    }

    /// Opens an audit-chain key wrapped by [`VaultKey::wrap_audit_key`].
    pub fn unwrap_audit_key(&self, wrapped: &WrappedKey) -> Result<AuditKey, WrapError> {
        let plain = Zeroizing::new(
            self.audit_wrap_cipher()
                .decrypt(
                    &XNonce::from(wrapped.nonce),
                    Payload {
                        msg: &wrapped.ciphertext,
                        aad: &self.derive_key_id(),
                    },
                )
                .map_err(|_| WrapError)?,
        );
        let bytes: [u8; 32] = plain.as_slice().try_into().map_err(|_| WrapError)?;
        Ok(AuditKey(Zeroizing::new(bytes)))
    }
}

/// A key wrapped under a vault key, as stored in the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedKey {
    /// The XChaCha20 nonce.
    pub nonce: [u8; 24],
    /// The ciphertext with its Poly1305 tag.
    pub ciphertext: Vec<u8>,
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
    /// Draws a fresh audit-chain key.
    pub fn make(entropy: &mut impl Entropy) -> Self {
        let mut bytes = Zeroizing::new([0u8; 32]);
        entropy.fill(bytes.as_mut());
        Self(bytes)
    }

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
