//! Shared helpers: cheap key derivation, reproducible randomness, a clock moved by hand, a
//! vault in a temp dir.

use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, TimeZone, Utc};

use lagom_core::people::{NewPerson, PersonFields};
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

/// A clock the test moves by hand; its clones share one time, so a test keeps one to move
/// while the vault holds another.
#[derive(Clone)]
pub struct HandClock(Arc<Mutex<DateTime<Utc>>>);

impl HandClock {
    /// Standing at `at`.
    pub fn new(at: DateTime<Utc>) -> HandClock {
        HandClock(Arc::new(Mutex::new(at)))
    }

    /// Standing at an RFC 3339 time.
    pub fn at_time(text: &str) -> HandClock {
        HandClock::new(
            DateTime::parse_from_rfc3339(text)
                .unwrap()
                .with_timezone(&Utc),
        )
    }

    /// Standing at 09:00 UTC on a day.
    pub fn at(y: i32, m: u32, d: u32) -> HandClock {
        HandClock::new(Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).unwrap())
    }

    /// Moves the clock on by `by`.
    pub fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }

    /// Sets the clock to 09:00 UTC on a day.
    pub fn set(&self, y: i32, m: u32, d: u32) {
        *self.0.lock().unwrap() = Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).unwrap();
    }

    /// The clock to hand to a vault or a session.
    pub fn shared(&self) -> Arc<dyn lagom_core::Clock> {
        Arc::new(self.clone())
    }
}

impl lagom_core::Clock for HandClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }

    /// Days are counted in UTC, so that a test reads the same on any computer.
    fn offset_at(&self, _at: DateTime<Utc>) -> chrono::FixedOffset {
        chrono::FixedOffset::east_opt(0).unwrap()
    }
}

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

/// Gives the business the name and address every subject-access bundle must carry.
pub fn name_the_business(v: &mut Vault) {
    v.update_business(lagom_core::notice::BusinessPatch {
        name: Some(Some("Fjord Rør AS".into())),
        email: Some(Some("post@fjordror.no".into())),
        ..Default::default()
    })
    .unwrap();
}

/// An attachment of an encrypted PDF as qpdf, a reader independent of Lagom's PDF library,
/// extracts it with the passphrase; `Err` with qpdf's words when it refuses.
pub fn pdf_attachment(pdf: &Path, passphrase: &str, name: &str) -> Result<Vec<u8>, String> {
    let out = std::process::Command::new("qpdf")
        .arg(format!("--password={passphrase}"))
        .arg(format!("--show-attachment={name}"))
        .arg(pdf)
        .output()
        .expect("qpdf is installed");
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// The names of an encrypted PDF's attachments, as qpdf lists them.
pub fn pdf_attachments(pdf: &Path, passphrase: &str) -> Vec<String> {
    let out = std::process::Command::new("qpdf")
        .arg(format!("--password={passphrase}"))
        .arg("--list-attachments")
        .arg(pdf)
        .output()
        .expect("qpdf is installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split(" -> ").next())
        .map(str::to_owned)
        .collect()
}

/// The text of an encrypted PDF's pages as pypdf (Debian's python3-pypdf) extracts it.
pub fn pdf_text(pdf: &Path, passphrase: &str) -> String {
    let script = "import sys, pypdf\n\
        r = pypdf.PdfReader(sys.argv[1])\n\
        assert r.is_encrypted\n\
        assert r.decrypt(sys.argv[2]) != 0, 'refused'\n\
        print('\\n'.join(p.extract_text() for p in r.pages))\n";
    let out = std::process::Command::new("/usr/bin/python3")
        .args(["-c", script])
        .arg(pdf)
        .arg(passphrase)
        .output()
        .expect("python3-pypdf is installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
