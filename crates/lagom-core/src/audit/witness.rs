//! `audit.head`: the audit chain's newest event, kept outside the database.
//!
//! The head row inside `vault.db` catches events cut off the end, but not a whole
//! `vault.db` put back from an older copy, since the copy's head row matches its own events.
//! So after every commit that adds events, the newest sequence number and hash are also
//! written to a small file beside the database, sealed under the audit key. At unlock and
//! at verify, a database that ends before that event, or holds another event at that
//! place, has been rolled back.
//!
//! The file is written after the commit, never before: a crash in between leaves the file
//! one commit behind the database, which is allowed (the database may run ahead of it, as
//! long as the event it names is still there, unchanged). Two processes writing it in turn
//! can leave the older of their two heads, which is allowed for the same reason.

use hmac::{Hmac, KeyInit, Mac};
use lagom_crypto::AuditKey;
use sha2::Sha256;

/// The file's name in the vault directory.
pub const FILE_NAME: &str = "audit.head";

const MAGIC: &[u8; 8] = b"LAGOMAH1";
const LEN: usize = 8 + 16 + 8 + 32 + 32;

/// The newest event of a chain, as `audit.head` vouches for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Witness {
    /// Its sequence number.
    pub seq: i64,
    /// Its chain hash.
    pub hash: [u8; 32],
}

/// The seal's MAC over the file's content, under the audit key.
fn sealing(key: &AuditKey, vault_id: &[u8; 16], seq: i64, hash: &[u8; 32]) -> Hmac<Sha256> {
    let mut m = <Hmac<Sha256> as KeyInit>::new_from_slice(key.as_bytes())
        .expect("HMAC accepts keys of any length");
    m.update(b"lagom/v1/audit-witness");
    m.update(vault_id);
    m.update(&seq.to_le_bytes());
    m.update(hash);
    m
}

impl Witness {
    /// The file's bytes, sealed for this vault.
    pub(crate) fn encode(&self, key: &AuditKey, vault_id: &[u8; 16]) -> Vec<u8> {
        let mut out = Vec::with_capacity(LEN);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(vault_id);
        out.extend_from_slice(&self.seq.to_le_bytes());
        out.extend_from_slice(&self.hash);
        out.extend_from_slice(
            &sealing(key, vault_id, self.seq, &self.hash)
                .finalize()
                .into_bytes(),
        );
        out
    }

    /// Reads the file's bytes; `None` unless they are whole and sealed for this vault.
    pub(crate) fn decode(bytes: &[u8], key: &AuditKey, vault_id: &[u8; 16]) -> Option<Self> {
        if bytes.len() != LEN || &bytes[..8] != MAGIC || &bytes[8..24] != vault_id {
            return None;
        }
        let seq = i64::from_le_bytes(bytes[24..32].try_into().ok()?);
        let hash: [u8; 32] = bytes[32..64].try_into().ok()?;
        sealing(key, vault_id, seq, &hash)
            .verify_slice(&bytes[64..])
            .ok()?;
        Some(Witness { seq, hash })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fill(u8);

    impl lagom_crypto::Entropy for Fill {
        fn fill(&mut self, bytes: &mut [u8]) {
            bytes.fill(self.0);
        }
    }

    fn key(byte: u8) -> AuditKey {
        AuditKey::make(&mut Fill(byte))
    }

    #[test]
    fn a_witness_reads_back_only_under_its_key_and_vault() {
        let w = Witness {
            seq: 42,
            hash: [7; 32],
        };
        let bytes = w.encode(&key(1), &[9; 16]);
        assert_eq!(Witness::decode(&bytes, &key(1), &[9; 16]), Some(w));
        assert_eq!(Witness::decode(&bytes, &key(2), &[9; 16]), None);
        assert_eq!(Witness::decode(&bytes, &key(1), &[8; 16]), None);
        for i in 0..bytes.len() {
            let mut flipped = bytes.clone();
            flipped[i] ^= 1;
            assert_eq!(
                Witness::decode(&flipped, &key(1), &[9; 16]),
                None,
                "byte {i}"
            );
        }
        assert_eq!(Witness::decode(&bytes[..LEN - 1], &key(1), &[9; 16]), None);
    }
}
