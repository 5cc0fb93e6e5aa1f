//! The vault header: a small binary file beside the database holding the key slots.
//!
//! Layout, version 1 (integers little-endian):
//!
//! ```text
//! magic "LAGOMVK\0" (8) | version u16 | vault id (16) | slot count u8 | slots…
//! slot: user id (16) | kdf id u8 (1 = Argon2id v1.3) | memory KiB u32 | passes u32 |
//!       lanes u32 | salt (16) | secret-key check (16) | flags u8 (bit 0: pending key) |
//!       nonce (24) | wrapped vault key (48) | [pending: nonce (24) | wrapped key (48)] |
//!       slot MAC (32): HMAC-SHA256 under the secret key over the header's identity and the slot
//! header MAC (32): HMAC-SHA256 under a key derived from the current vault key
//! checksum (32): SHA-256 of everything before it
//! ```
//!
//! The checksum catches any damage before a password is even tried, so a flipped byte is
//! reported as a damaged header, not as a wrong password. A deliberate edit by someone who
//! recomputed the checksum is caught by the slot MAC (keyed by the secret key, checked before
//! Argon2 runs, so edited cost parameters cannot stall an unlock) and by the header MAC
//! (keyed by the vault key, checked after unwrapping). The slot fields are the
//! associated data of the key wrap, so salt and cost parameters cannot be swapped either.
//!
//! A *pending* key exists only while the vault key is being rotated: the database may be
//! under either key until rotation finishes, and the header must be able to open both.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::keys::LABEL_HEADER_MAC;
use crate::{Entropy, HeaderError, KdfParams, Password, SecretKey, UnlockError, VaultKey};

/// The first eight bytes of every vault header.
pub const HEADER_MAGIC: &[u8; 8] = b"LAGOMVK\0";
/// The header format this version writes.
pub const HEADER_VERSION: u16 = 1;

const KDF_ARGON2ID_V13: u8 = 1;
const FLAG_PENDING: u8 = 1;
const NONCE_LEN: usize = 24;
const WRAPPED_LEN: usize = 32 + 16;
const TRAILER_LEN: usize = 32 + 32;
const FIXED_LEN: usize = 8 + 2 + 16 + 1;
const SLOT_FIXED_LEN: usize = 16 + 1 + 4 + 4 + 4 + 16 + 16 + 1 + NONCE_LEN + WRAPPED_LEN + 32;

const LABEL_SLOT_KEK: &[u8] = b"lagom/v1/slot-kek";
const LABEL_SK_CHECK: &[u8] = b"lagom/v1/secret-key-check";
const LABEL_SLOT_MAC: &[u8] = b"lagom/v1/slot-mac";

/// A vault's identity (a UUID's 16 bytes).
pub type VaultId = [u8; 16];
/// The identity of the user a slot belongs to (a UUID's 16 bytes).
pub type SlotId = [u8; 16];

/// One user's wrapped copy of the vault key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySlot {
    /// The user this slot belongs to.
    pub user_id: SlotId,
    /// Argon2id parameters used for this slot's password.
    pub kdf: KdfParams,
    salt: [u8; 16],
    secret_key_check: [u8; 16],
    wrapped: Wrapped,
    pending: Option<Wrapped>,
    /// HMAC-SHA256 under the secret key over the slot and the header's identity: an edit of
    /// the slot is found before any password work, by whoever holds the right secret key.
    slot_mac: [u8; 32],
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Wrapped {
    nonce: [u8; NONCE_LEN],
    ciphertext: [u8; WRAPPED_LEN],
}

/// The parsed vault header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The vault's identity.
    pub vault_id: VaultId,
    slots: Vec<KeySlot>,
    mac: [u8; 32],
}

/// What unlocking a slot yields: the current vault key and, during a key rotation, the key
/// being rotated to.
#[derive(Debug)]
pub struct UnlockedSlot {
    /// The key the header is authenticated with.
    pub current: VaultKey,
    /// The key a rotation in progress is moving to.
    pub pending: Option<VaultKey>,
}

/// The key-encryption key of one slot, derived from both secrets.
struct Kek(Zeroizing<[u8; 32]>);

impl Kek {
    fn derive(
        vault_id: &VaultId,
        user_id: &SlotId,
        kdf: &KdfParams,
        salt: &[u8; 16],
        password: &Password,
        secret_key: &SecretKey,
    ) -> Result<Self, UnlockError> {
        let password_key = kdf.derive_password_key(password, salt)?;
        let hk = Hkdf::<Sha256>::new(Some(secret_key.as_bytes()), password_key.as_ref());
        let mut info = Vec::with_capacity(LABEL_SLOT_KEK.len() + 32);
        info.extend_from_slice(LABEL_SLOT_KEK);
        info.extend_from_slice(vault_id);
        info.extend_from_slice(user_id);
        let mut out = Zeroizing::new([0u8; 32]);
        hk.expand(&info, out.as_mut())
            .expect("32 bytes is a valid HKDF-SHA256 output length");
        Ok(Self(out))
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&(*self.0).into())
    }
}

fn derive_secret_key_check(
    secret_key: &SecretKey,
    vault_id: &VaultId,
    user_id: &SlotId,
) -> [u8; 16] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret_key.as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(LABEL_SK_CHECK);
    mac.update(vault_id);
    mac.update(user_id);
    let full = mac.finalize().into_bytes();
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

impl KeySlot {
    /// The associated data that binds a wrapped key to its vault, user and parameters.
    fn associated_data(&self, vault_id: &VaultId) -> Vec<u8> {
        let mut ad = Vec::with_capacity(128);
        ad.extend_from_slice(HEADER_MAGIC);
        ad.extend_from_slice(&HEADER_VERSION.to_le_bytes());
        ad.extend_from_slice(vault_id);
        self.put_identity(&mut ad);
        ad
    }

    /// The slot as stored, without its MAC.
    fn put_content(&self, out: &mut Vec<u8>) {
        self.put_identity(out);
        out.push(if self.pending.is_some() {
            FLAG_PENDING
        } else {
            0
        });
        out.extend_from_slice(&self.wrapped.nonce);
        out.extend_from_slice(&self.wrapped.ciphertext);
        if let Some(p) = &self.pending {
            out.extend_from_slice(&p.nonce);
            out.extend_from_slice(&p.ciphertext);
        }
    }

    fn compute_slot_mac(&self, vault_id: &VaultId, secret_key: &SecretKey) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret_key.as_bytes())
            .expect("HMAC accepts keys of any length");
        let mut content = Vec::with_capacity(SLOT_FIXED_LEN + NONCE_LEN + WRAPPED_LEN + 32);
        content.extend_from_slice(HEADER_MAGIC);
        content.extend_from_slice(&HEADER_VERSION.to_le_bytes());
        content.extend_from_slice(vault_id);
        self.put_content(&mut content);
        mac.update(LABEL_SLOT_MAC);
        mac.update(&content);
        mac
    }

    fn seal(&mut self, vault_id: &VaultId, secret_key: &SecretKey) {
        self.slot_mac = self
            .compute_slot_mac(vault_id, secret_key)
            .finalize()
            .into_bytes()
            .into();
    }

    fn slot_mac_matches(&self, vault_id: &VaultId, secret_key: &SecretKey) -> bool {
        self.compute_slot_mac(vault_id, secret_key)
            .verify_slice(&self.slot_mac)
            .is_ok()
    }

    /// The slot's user, cost parameters, salt and secret-key check, as stored.
    fn put_identity(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.user_id);
        out.push(KDF_ARGON2ID_V13);
        out.extend_from_slice(&self.kdf.memory_kib.to_le_bytes());
        out.extend_from_slice(&self.kdf.iterations.to_le_bytes());
        out.extend_from_slice(&self.kdf.parallelism.to_le_bytes());
        out.extend_from_slice(&self.salt);
        out.extend_from_slice(&self.secret_key_check);
    }

    fn wrap(
        &self,
        kek: &Kek,
        vault_id: &VaultId,
        key: &VaultKey,
        entropy: &mut impl Entropy,
    ) -> Wrapped {
        let mut nonce = [0u8; NONCE_LEN];
        entropy.fill(&mut nonce);
        let ad = self.associated_data(vault_id);
        let ct = kek
            .cipher()
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: key.as_bytes(),
                    aad: &ad,
                },
            )
            .expect("XChaCha20-Poly1305 encryption of 32 bytes cannot fail");
        let mut ciphertext = [0u8; WRAPPED_LEN];
        ciphertext.copy_from_slice(&ct);
        Wrapped { nonce, ciphertext }
    }

    fn unwrap_with(
        &self,
        kek: &Kek,
        vault_id: &VaultId,
        wrapped: &Wrapped,
    ) -> Result<VaultKey, UnlockError> {
        let ad = self.associated_data(vault_id);
        let plain = Zeroizing::new(
            kek.cipher()
                .decrypt(
                    &XNonce::from(wrapped.nonce),
                    Payload {
                        msg: &wrapped.ciphertext,
                        aad: &ad,
                    },
                )
                .map_err(|_| UnlockError::WrongPassword)?,
        );
        let bytes: [u8; 32] = plain
            .as_slice()
            .try_into()
            .map_err(|_| UnlockError::WrongPassword)?;
        Ok(VaultKey::from_bytes(bytes))
    }

    fn make(
        vault_id: &VaultId,
        user_id: SlotId,
        kdf: KdfParams,
        password: &Password,
        secret_key: &SecretKey,
        key: &VaultKey,
        entropy: &mut impl Entropy,
    ) -> Result<Self, UnlockError> {
        let mut salt = [0u8; 16];
        entropy.fill(&mut salt);
        let kek = Kek::derive(vault_id, &user_id, &kdf, &salt, password, secret_key)?;
        let mut slot = KeySlot {
            user_id,
            kdf,
            salt,
            secret_key_check: derive_secret_key_check(secret_key, vault_id, &user_id),
            wrapped: Wrapped {
                nonce: [0; NONCE_LEN],
                ciphertext: [0; WRAPPED_LEN],
            },
            pending: None,
            slot_mac: [0; 32],
        };
        slot.wrapped = slot.wrap(&kek, vault_id, key, entropy);
        slot.seal(vault_id, secret_key);
        Ok(slot)
    }
}

impl Header {
    /// Makes the header of a new vault with one slot, for its owner.
    pub fn make(
        vault_id: VaultId,
        owner_id: SlotId,
        kdf: KdfParams,
        password: &Password,
        secret_key: &SecretKey,
        key: &VaultKey,
        entropy: &mut impl Entropy,
    ) -> Result<Self, UnlockError> {
        let slot = KeySlot::make(&vault_id, owner_id, kdf, password, secret_key, key, entropy)?;
        let mut header = Header {
            vault_id,
            slots: vec![slot],
            mac: [0; 32],
        };
        header.seal(key);
        Ok(header)
    }

    /// The key slots, in the order they are stored.
    pub fn slots(&self) -> &[KeySlot] {
        &self.slots
    }

    /// Whether a key rotation was started and not finished.
    pub fn has_pending_key(&self) -> bool {
        self.slots.iter().any(|s| s.pending.is_some())
    }

    fn slot(&self, user_id: &SlotId) -> Result<&KeySlot, HeaderError> {
        self.slots
            .iter()
            .find(|s| &s.user_id == user_id)
            .ok_or(HeaderError::NoSuchSlot)
    }

    /// Unlocks a user's slot. The secret key is checked first, so that a wrong secret key is
    /// told apart from a wrong password; then the slot's MAC under the secret key, so that an
    /// edited slot is reported as such (and costs no password work); then the password; last
    /// the header's MAC under the unwrapped key.
    pub fn unlock(
        &self,
        user_id: &SlotId,
        password: &Password,
        secret_key: &SecretKey,
    ) -> Result<UnlockedSlot, UnlockError> {
        let slot = self.slot(user_id)?;
        if derive_secret_key_check(secret_key, &self.vault_id, user_id) != slot.secret_key_check {
            return Err(UnlockError::WrongSecretKey);
        }
        if !slot.slot_mac_matches(&self.vault_id, secret_key) {
            return Err(HeaderError::Tampered("key slot").into());
        }
        let kek = Kek::derive(
            &self.vault_id,
            user_id,
            &slot.kdf,
            &slot.salt,
            password,
            secret_key,
        )?;
        let current = slot.unwrap_with(&kek, &self.vault_id, &slot.wrapped)?;
        let pending = match &slot.pending {
            Some(w) => Some(slot.unwrap_with(&kek, &self.vault_id, w)?),
            None => None,
        };
        if !self.mac_matches(&current) {
            return Err(HeaderError::Tampered("authentication code").into());
        }
        Ok(UnlockedSlot { current, pending })
    }

    /// Re-wraps the vault key of one slot under a new password (and optionally a new secret
    /// key). Nothing else changes: the database is not re-encrypted.
    #[allow(clippy::too_many_arguments)]
    pub fn change_password(
        &mut self,
        user_id: &SlotId,
        key: &VaultKey,
        new_password: &Password,
        new_secret_key: &SecretKey,
        kdf: KdfParams,
        entropy: &mut impl Entropy,
    ) -> Result<(), UnlockError> {
        let index = self
            .slots
            .iter()
            .position(|s| &s.user_id == user_id)
            .ok_or(HeaderError::NoSuchSlot)?;
        let slot = KeySlot::make(
            &self.vault_id,
            *user_id,
            kdf,
            new_password,
            new_secret_key,
            key,
            entropy,
        )?;
        self.slots[index] = slot;
        self.seal(key);
        Ok(())
    }

    /// First step of a key rotation: every slot the caller can open gets the new key as
    /// pending. The header stays authenticated under the current key.
    pub fn begin_rotation(
        &mut self,
        user_id: &SlotId,
        password: &Password,
        secret_key: &SecretKey,
        current: &VaultKey,
        next: &VaultKey,
        entropy: &mut impl Entropy,
    ) -> Result<(), UnlockError> {
        let vault_id = self.vault_id;
        let index = self
            .slots
            .iter()
            .position(|s| &s.user_id == user_id)
            .ok_or(HeaderError::NoSuchSlot)?;
        let slot = &self.slots[index];
        let kek = Kek::derive(
            &vault_id, user_id, &slot.kdf, &slot.salt, password, secret_key,
        )?;
        let pending = slot.wrap(&kek, &vault_id, next, entropy);
        self.slots[index].pending = Some(pending);
        self.slots[index].seal(&vault_id, secret_key);
        self.seal(current);
        Ok(())
    }

    /// Last step of a key rotation: the pending key becomes the current one and the header is
    /// authenticated under it. Slots of other users, which the caller cannot re-wrap, are
    /// dropped: their owners lose access, which is what rotating after a revocation means.
    pub fn finish_rotation(
        &mut self,
        user_id: &SlotId,
        secret_key: &SecretKey,
        next: &VaultKey,
    ) -> Result<(), UnlockError> {
        let index = self
            .slots
            .iter()
            .position(|s| &s.user_id == user_id)
            .ok_or(HeaderError::NoSuchSlot)?;
        let mut slot = self.slots[index].clone();
        let pending = slot
            .pending
            .take()
            .ok_or(HeaderError::Tampered("no pending key"))?;
        slot.wrapped = pending;
        slot.pending = None;
        slot.seal(&self.vault_id, secret_key);
        self.slots = vec![slot];
        self.seal(next);
        Ok(())
    }

    /// Abandons a key rotation that never reached the database: the pending key is dropped
    /// and the header stays under the current key.
    pub fn abandon_rotation(
        &mut self,
        user_id: &SlotId,
        secret_key: &SecretKey,
        current: &VaultKey,
    ) {
        let vault_id = self.vault_id;
        for slot in self.slots.iter_mut().filter(|s| &s.user_id == user_id) {
            slot.pending = None;
            slot.seal(&vault_id, secret_key);
        }
        self.seal(current);
    }

    fn body_mac(&self, key: &VaultKey) -> Hmac<Sha256> {
        let mac_key = key.derive(LABEL_HEADER_MAC);
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(mac_key.as_ref())
            .expect("HMAC accepts keys of any length");
        mac.update(&self.encode_body());
        mac
    }

    fn mac_matches(&self, key: &VaultKey) -> bool {
        self.body_mac(key).verify_slice(&self.mac).is_ok()
    }

    fn seal(&mut self, key: &VaultKey) {
        self.mac = self.body_mac(key).finalize().into_bytes().into();
    }

    fn encode_body(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            FIXED_LEN + self.slots.len() * (SLOT_FIXED_LEN + NONCE_LEN + WRAPPED_LEN),
        );
        out.extend_from_slice(HEADER_MAGIC);
        out.extend_from_slice(&HEADER_VERSION.to_le_bytes());
        out.extend_from_slice(&self.vault_id);
        out.push(u8::try_from(self.slots.len()).expect("slot count is kept within 1..=255"));
        for s in &self.slots {
            s.put_content(&mut out);
            out.extend_from_slice(&s.slot_mac);
        }
        out
    }

    /// Serialises the header for writing to disk.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = self.encode_body();
        out.extend_from_slice(&self.mac);
        let checksum = Sha256::digest(&out);
        out.extend_from_slice(&checksum);
        out
    }

    /// Parses a header read from disk. Damage anywhere is reported as
    /// [`HeaderError::Tampered`]; the magic number is checked first so that a file that is
    /// not a header at all gets its own error.
    pub fn decode(bytes: &[u8]) -> Result<Self, HeaderError> {
        if bytes.len() < HEADER_MAGIC.len() || &bytes[..HEADER_MAGIC.len()] != HEADER_MAGIC {
            return Err(HeaderError::NotAVaultHeader);
        }
        if bytes.len() < FIXED_LEN + TRAILER_LEN {
            return Err(HeaderError::Tampered("too short"));
        }
        let (content, checksum) = bytes.split_at(bytes.len() - 32);
        if Sha256::digest(content).as_slice() != checksum {
            return Err(HeaderError::Tampered("checksum"));
        }
        let mut r = Reader {
            bytes: &content[..content.len() - 32],
            pos: HEADER_MAGIC.len(),
        };
        let version = u16::from_le_bytes(r.array()?);
        if version == 0 {
            // Version 1 was the first format, so a 0 was never written: this is damage (or an
            // edit with the checksum recomputed), not a vault from a newer Lagom.
            return Err(HeaderError::Tampered(
                "version 0 is not a version Lagom ever wrote",
            ));
        }
        if version != HEADER_VERSION {
            return Err(HeaderError::UnsupportedVersion(version));
        }
        let vault_id: VaultId = r.array()?;
        let count = r.array::<1>()?[0];
        if count == 0 {
            return Err(HeaderError::SlotCount);
        }
        let mut slots = Vec::with_capacity(count as usize);
        for _ in 0..count {
            let user_id: SlotId = r.array()?;
            if r.array::<1>()?[0] != KDF_ARGON2ID_V13 {
                return Err(HeaderError::Tampered("unknown key-derivation function"));
            }
            let kdf = KdfParams {
                memory_kib: u32::from_le_bytes(r.array()?),
                iterations: u32::from_le_bytes(r.array()?),
                parallelism: u32::from_le_bytes(r.array()?),
            };
            // Out-of-range costs are refused before any work, so that an edited header
            // cannot make unlocking allocate gigabytes or run for hours.
            if !kdf.is_within_limits() {
                return Err(HeaderError::Tampered(
                    "key-derivation parameters out of range",
                ));
            }
            let salt = r.array()?;
            let secret_key_check = r.array()?;
            let flags = r.array::<1>()?[0];
            if flags & !FLAG_PENDING != 0 {
                return Err(HeaderError::Tampered("unknown slot flags"));
            }
            let wrapped = Wrapped {
                nonce: r.array()?,
                ciphertext: r.array()?,
            };
            let pending = if flags & FLAG_PENDING != 0 {
                Some(Wrapped {
                    nonce: r.array()?,
                    ciphertext: r.array()?,
                })
            } else {
                None
            };
            let slot_mac = r.array()?;
            slots.push(KeySlot {
                user_id,
                kdf,
                salt,
                secret_key_check,
                wrapped,
                pending,
                slot_mac,
            });
        }
        if r.pos != r.bytes.len() {
            return Err(HeaderError::Tampered("trailing bytes"));
        }
        let mac: [u8; 32] = content[content.len() - 32..]
            .try_into()
            .map_err(|_| HeaderError::Tampered("too short"))?;
        Ok(Header {
            vault_id,
            slots,
            mac,
        })
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn array<const N: usize>(&mut self) -> Result<[u8; N], HeaderError> {
        let end = self
            .pos
            .checked_add(N)
            .ok_or(HeaderError::Tampered("truncated"))?;
        let slice = self
            .bytes
            .get(self.pos..end)
            .ok_or(HeaderError::Tampered("truncated"))?;
        self.pos = end;
        Ok(slice.try_into().expect("slice has exactly N bytes"))
    }
}
