//! Password-based key derivation with Argon2id (RFC 9106), parameters stored per key slot so
//! that they can be raised later without re-encrypting anything.

use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::ExposeSecret;
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use crate::{Password, UnlockError};

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Number of passes.
    pub iterations: u32,
    /// Degree of parallelism (lanes).
    pub parallelism: u32,
}

impl KdfParams {
    /// The parameters new slots get: 64 MiB, 3 passes, 4 lanes (RFC 9106's second
    /// recommended option, above OWASP's minimum).
    pub const RECOMMENDED: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        iterations: 3,
        parallelism: 4,
    };

    /// Whether these parameters are at least [`KdfParams::RECOMMENDED`] in every dimension.
    pub fn meets_recommendation(&self) -> bool {
        self.memory_kib >= Self::RECOMMENDED.memory_kib
            && self.iterations >= Self::RECOMMENDED.iterations
            && self.parallelism >= Self::RECOMMENDED.parallelism
    }

    /// Whether the parameters are within what any slot may ask for: up to 4 GiB of memory,
    /// 64 passes and 64 lanes, and the 8 KiB per lane Argon2 needs.
    pub fn is_within_limits(&self) -> bool {
        (1..=64).contains(&self.parallelism)
            && (1..=64).contains(&self.iterations)
            && self.memory_kib >= 8 * self.parallelism
            && self.memory_kib <= 4 * 1024 * 1024
    }

    /// Derives the 32-byte password key. Passwords are NFC-normalised first, so that "å"
    /// typed as one code point or as "a" plus a combining ring gives the same key.
    pub(crate) fn derive_password_key(
        &self,
        password: &Password,
        salt: &[u8],
    ) -> Result<Zeroizing<[u8; 32]>, UnlockError> {
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
            .map_err(|_| UnlockError::BadKdfParams)?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let normalised: Zeroizing<String> =
            Zeroizing::new(password.expose_secret().nfc().collect());
        let mut out = Zeroizing::new([0u8; 32]);
        argon
            .hash_password_into(normalised.as_bytes(), salt, out.as_mut())
            .map_err(|_| UnlockError::BadKdfParams)?;
        Ok(out)
    }
}
