//! Shared helpers: cheap key derivation, reproducible randomness, a vault in a temp dir.

use std::path::Path;
use std::sync::Arc;

use lagom_core::model::{NewPerson, PersonFields};
use lagom_core::{
    Credentials, Entropy, KdfParams, NewVault, Password, SecretKey, SystemClock, Vault,
};
use sha2::{Digest, Sha256};

/// Cheap Argon2id parameters: the vault's logic is under test here, not the KDF's cost.
pub const FAST: KdfParams = KdfParams {
    memory_kib: 64,
    iterations: 1,
    parallelism: 1,
};

pub struct Seeded(pub u64, pub u64);

impl Entropy for Seeded {
    fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(32) {
            let block = Sha256::new()
                .chain_update(self.0.to_le_bytes())
                .chain_update(self.1.to_le_bytes())
                .finalize();
            self.1 += 1;
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
    }
}

pub fn secret_key(seed: u64) -> SecretKey {
    SecretKey::make(&mut Seeded(seed, 0))
}

pub fn creds(password: &str, seed: u64) -> Credentials {
    Credentials {
        password: Password::from(password.to_owned()),
        secret_key: secret_key(seed),
    }
}

pub fn create(dir: &Path) -> Vault {
    Vault::create(
        dir,
        NewVault {
            owner_name: "Åse Owner".into(),
            credentials: creds("correct horse", 1),
            kdf: FAST,
        },
        Arc::new(SystemClock),
        &mut lagom_core::OsEntropy,
    )
    .expect("create vault")
}

/// Creates a vault owned by "x" with the given password and secret-key seed.
pub fn try_create(dir: &Path, password: &str, seed: u64) -> lagom_core::Result<Vault> {
    Vault::create(
        dir,
        NewVault {
            owner_name: "x".into(),
            credentials: creds(password, seed),
            kdf: FAST,
        },
        Arc::new(SystemClock),
        &mut lagom_core::OsEntropy,
    )
}

/// Unlocks with the given password and secret-key seed.
pub fn try_unlock(dir: &Path, password: &str, seed: u64) -> lagom_core::Result<Vault> {
    Vault::unlock(dir, &creds(password, seed), Arc::new(SystemClock))
}

pub fn unlock(dir: &Path) -> Vault {
    Vault::unlock(dir, &creds("correct horse", 1), Arc::new(SystemClock)).expect("unlock vault")
}

pub fn person(first: &str, last: &str, email: &str) -> NewPerson {
    NewPerson {
        fields: PersonFields {
            first_name: first.into(),
            last_name: last.into(),
            email: (!email.is_empty()).then(|| email.into()),
            ..Default::default()
        },
        ..Default::default()
    }
}
