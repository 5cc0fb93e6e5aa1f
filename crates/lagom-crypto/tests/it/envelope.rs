//! Behaviour of the key envelope: round trips, wrong credentials, damaged headers and the
//! frozen header format.

#![allow(clippy::unwrap_used)] // Tests: a panic is the failure report.

use lagom_crypto::{
    AuditKey, Entropy, HEADER_VERSION, Header, HeaderError, KdfParams, Password, SecretKey,
    UnlockError, VaultKey, WrapError,
};
use proptest::prelude::*;
use sha2::{Digest, Sha256};

/// A reproducible byte stream, so that headers made in tests are byte-for-byte stable.
struct Seeded {
    seed: u64,
    counter: u64,
}

impl Seeded {
    fn new(seed: u64) -> Self {
        Self { seed, counter: 0 }
    }
}

impl Entropy for Seeded {
    fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(32) {
            let block = Sha256::new()
                .chain_update(self.seed.to_le_bytes())
                .chain_update(self.counter.to_le_bytes())
                .finalize();
            self.counter += 1;
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
    }
}

/// Cheap parameters: the format and the logic are under test here, not Argon2's cost.
const FAST: KdfParams = KdfParams {
    memory_kib: 64,
    iterations: 1,
    parallelism: 1,
};
const VAULT_ID: [u8; 16] = *b"vault-id-0000001";
const OWNER: [u8; 16] = *b"owner-id-0000001";

fn password(s: &str) -> Password {
    Password::from(s.to_owned())
}

struct Made {
    header: Header,
    key: VaultKey,
    secret: SecretKey,
}

fn make(seed: u64) -> Made {
    let mut e = Seeded::new(seed);
    let key = VaultKey::make(&mut e);
    let secret = SecretKey::make(&mut e);
    let header = Header::make(
        VAULT_ID,
        OWNER,
        FAST,
        &password("correct horse"),
        &secret,
        &key,
        &mut e,
    )
    .expect("make header");
    Made {
        header,
        key,
        secret,
    }
}

#[test]
fn header_round_trips_through_bytes_and_unlocks() {
    let m = make(1);
    let decoded = Header::decode(&m.header.encode()).expect("decode");
    assert_eq!(decoded, m.header);
    let unlocked = decoded
        .unlock(&OWNER, &password("correct horse"), &m.secret)
        .expect("unlock");
    assert_eq!(unlocked.current, m.key);
    assert!(unlocked.pending.is_none());
}

#[test]
fn wrong_password_is_reported_as_such() {
    let m = make(2);
    let err = m
        .header
        .unlock(&OWNER, &password("wrong horse"), &m.secret)
        .unwrap_err();
    assert_eq!(err, UnlockError::WrongPassword);
}

#[test]
fn wrong_secret_key_is_reported_as_such() {
    let m = make(3);
    let other = SecretKey::make(&mut Seeded::new(99));
    let err = m
        .header
        .unlock(&OWNER, &password("correct horse"), &other)
        .unwrap_err();
    assert_eq!(err, UnlockError::WrongSecretKey);
}

#[test]
fn unknown_user_has_no_slot() {
    let m = make(4);
    let err = m
        .header
        .unlock(b"someone-else-000", &password("correct horse"), &m.secret);
    assert_eq!(
        err.unwrap_err(),
        UnlockError::Header(HeaderError::NoSuchSlot)
    );
}

#[test]
fn password_is_normalised_before_derivation() {
    let mut e = Seeded::new(5);
    let key = VaultKey::make(&mut e);
    let secret = SecretKey::make(&mut e);
    let composed = password("Bl\u{e5}b\u{e6}r");
    let decomposed = password("Bla\u{30a}b\u{e6}r");
    let header = Header::make(VAULT_ID, OWNER, FAST, &composed, &secret, &key, &mut e).unwrap();
    assert_eq!(
        header.unlock(&OWNER, &decomposed, &secret).unwrap().current,
        key
    );
}

#[test]
fn every_flipped_byte_of_the_header_is_detected() {
    let bytes = make(6).header.encode();
    for i in 0..bytes.len() {
        for bit in [0x01u8, 0x80] {
            let mut damaged = bytes.clone();
            damaged[i] ^= bit;
            let err = Header::decode(&damaged).expect_err("a damaged header must not decode");
            if i < 8 {
                assert_eq!(err, HeaderError::NotAVaultHeader, "byte {i}");
            } else {
                assert!(matches!(err, HeaderError::Tampered(_)), "byte {i}: {err:?}");
            }
        }
    }
}

#[test]
fn truncated_and_extended_headers_are_detected() {
    let bytes = make(7).header.encode();
    for len in 0..bytes.len() {
        assert!(Header::decode(&bytes[..len]).is_err(), "length {len}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(Header::decode(&longer).is_err());
}

/// Someone who edits the header on purpose can recompute the plain checksum. Every such edit
/// is still refused: as a damaged header, or (for the bytes the secret key is checked
/// against: vault id, user id, the check value) as a wrong secret key. Never as a wrong
/// password, and never after running Argon2 with edited costs.
#[test]
fn edits_with_a_recomputed_checksum_are_reported_as_tampering() {
    let m = make(8);
    let bytes = m.header.encode();
    let body_len = bytes.len() - 32;
    // Offsets: vault id 10..26; the slot from 27: user id 27..43, costs 43..56, salt 56..72,
    // check value 72..88.
    let secret_key_bound = |i: usize| (10..26).contains(&i) || (72..88).contains(&i);
    for i in 8..body_len {
        let mut edited = bytes[..body_len].to_vec();
        edited[i] ^= 0x01;
        let checksum = Sha256::digest(&edited);
        edited.extend_from_slice(&checksum);
        let Ok(header) = Header::decode(&edited) else {
            continue;
        };
        match header.unlock(&OWNER, &password("correct horse"), &m.secret) {
            Err(UnlockError::Header(HeaderError::Tampered(_))) => {
                assert!(!secret_key_bound(i), "byte {i}")
            }
            Err(UnlockError::Header(HeaderError::NoSuchSlot)) => {
                assert!((27..43).contains(&i), "byte {i}")
            }
            Err(UnlockError::WrongSecretKey) => assert!(secret_key_bound(i), "byte {i}"),
            other => panic!("an edit at byte {i} gave {other:?}"),
        }
    }
}

/// Version 1 was the first format: a 0 is damage, not a header from a newer Lagom, while a
/// version above this one's is still told apart as such.
#[test]
fn header_version_0_is_damage_and_a_higher_one_is_unsupported() {
    let bytes = make(10).header.encode();
    let with_version = |version: u16| {
        let mut edited = bytes[..bytes.len() - 32].to_vec();
        edited[8..10].copy_from_slice(&version.to_le_bytes());
        let checksum = Sha256::digest(&edited);
        edited.extend_from_slice(&checksum);
        Header::decode(&edited).unwrap_err()
    };
    let err = with_version(0);
    assert!(matches!(err, HeaderError::Tampered(_)), "{err:?}");
    assert!(err.to_string().contains("version 0"), "{err}");
    assert_eq!(
        with_version(HEADER_VERSION + 1),
        HeaderError::UnsupportedVersion(HEADER_VERSION + 1)
    );
}

#[test]
fn change_password_rewraps_the_same_key() {
    let mut m = make(9);
    let new_secret = SecretKey::make(&mut Seeded::new(10));
    m.header
        .change_password(
            &OWNER,
            &m.key,
            &password("new pw"),
            &new_secret,
            FAST,
            &mut Seeded::new(11),
        )
        .unwrap();
    let bytes = m.header.encode();
    let header = Header::decode(&bytes).unwrap();
    assert_eq!(
        header
            .unlock(&OWNER, &password("new pw"), &new_secret)
            .unwrap()
            .current,
        m.key
    );
    assert_eq!(
        header
            .unlock(&OWNER, &password("correct horse"), &new_secret)
            .unwrap_err(),
        UnlockError::WrongPassword
    );
    assert_eq!(
        header
            .unlock(&OWNER, &password("new pw"), &m.secret)
            .unwrap_err(),
        UnlockError::WrongSecretKey
    );
}

#[test]
fn rotation_holds_both_keys_until_finished() {
    let mut m = make(12);
    let pw = password("correct horse");
    let next = VaultKey::make(&mut Seeded::new(13));
    m.header
        .begin_rotation(&OWNER, &pw, &m.secret, &m.key, &next, &mut Seeded::new(14))
        .unwrap();
    let mid = Header::decode(&m.header.encode()).unwrap();
    assert!(mid.has_pending_key());
    let unlocked = mid.unlock(&OWNER, &pw, &m.secret).unwrap();
    assert_eq!(unlocked.current, m.key);
    assert_eq!(unlocked.pending.as_ref(), Some(&next));

    m.header.finish_rotation(&OWNER, &m.secret, &next).unwrap();
    let done = Header::decode(&m.header.encode()).unwrap();
    assert!(!done.has_pending_key());
    let unlocked = done.unlock(&OWNER, &pw, &m.secret).unwrap();
    assert_eq!(unlocked.current, next);
}

#[test]
fn derived_keys_differ_by_purpose_and_vault_key() {
    let a = VaultKey::make(&mut Seeded::new(20));
    let b = VaultKey::make(&mut Seeded::new(21));
    assert_ne!(
        a.derive_sqlcipher_key().to_hex(),
        b.derive_sqlcipher_key().to_hex()
    );
    assert_ne!(a.derive_key_id(), b.derive_key_id());
    let pragma = a.derive_sqlcipher_key().pragma_value();
    assert!(pragma.starts_with("\"x'") && pragma.ends_with("'\"") && pragma.len() == 64 + 5);
}

#[test]
fn audit_key_wrap_opens_only_under_its_vault_key() {
    let a = VaultKey::make(&mut Seeded::new(30));
    let b = VaultKey::make(&mut Seeded::new(31));
    let audit = AuditKey::make(&mut Seeded::new(32));
    let wrapped = a.wrap_audit_key(&audit, &mut Seeded::new(33));
    assert_eq!(
        a.unwrap_audit_key(&wrapped).unwrap().as_bytes(),
        audit.as_bytes()
    );
    assert_eq!(b.unwrap_audit_key(&wrapped).unwrap_err(), WrapError);
    let mut altered = wrapped.clone();
    altered.ciphertext[0] ^= 1;
    assert_eq!(a.unwrap_audit_key(&altered).unwrap_err(), WrapError);
}

/// The stored format is frozen: a header written by this version must open in every later
/// version. If this test fails, the format changed and needs a new version number.
#[test]
fn frozen_header_vector_v1_still_decodes_and_unlocks() {
    let text = include_str!("../data/header_v1.txt");
    let field = |name: &str| -> String {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("field {name} in the vector"))
            .to_owned()
    };
    let bytes = hex::decode(field("header")).unwrap();
    let header = Header::decode(&bytes).unwrap();
    let secret = SecretKey::parse(&field("secret key")).unwrap();
    let unlocked = header
        .unlock(&OWNER, &password(&field("password")), &secret)
        .unwrap();
    assert_eq!(
        unlocked.current.derive_sqlcipher_key().to_hex().as_str(),
        field("sqlcipher key")
    );
    // Writing the same inputs again gives the same bytes.
    assert_eq!(hex::encode(make(42).header.encode()), field("header"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn decode_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = Header::decode(&bytes);
    }

    #[test]
    fn any_password_round_trips(pw in "\\PC{0,40}", seed in any::<u64>()) {
        let mut e = Seeded::new(seed);
        let key = VaultKey::make(&mut e);
        let secret = SecretKey::make(&mut e);
        let header = Header::make(VAULT_ID, OWNER, FAST, &password(&pw), &secret, &key, &mut e).unwrap();
        let back = Header::decode(&header.encode()).unwrap();
        prop_assert_eq!(back.unlock(&OWNER, &password(&pw), &secret).unwrap().current, key);
    }

    #[test]
    fn secret_key_text_round_trips(seed in any::<u64>()) {
        let key = SecretKey::make(&mut Seeded::new(seed));
        prop_assert_eq!(SecretKey::parse(&key.display()).unwrap(), key);
    }
}
