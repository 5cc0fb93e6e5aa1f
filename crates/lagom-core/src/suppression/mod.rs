//! An erased person stays erased: each erasure leaves a *suppression entry*, and everywhere
//! a person enters the register it is looked for.
//!
//! An entry holds keyed hashes of every e-mail address and phone number the person had
//! (HMAC-SHA256 under a key derived from the vault's audit key with its own label, over the
//! canonical forms of [`canonical`]), when they were erased and the number of the request
//! the erasure answered. Never the values: without the vault's key a hash cannot be tested
//! against a guessed address, and with it only a guess can be confirmed, never an address
//! read back. Entries live in the vault (`suppressions`, `suppression_hashes`) and in the
//! erasure ledger's version-2 lines, so a backup made before an erasure gets them back when
//! the ledger is applied at unlock.
//!
//! Where it is looked for: an import skips a row any of whose addresses or numbers an entry
//! holds (dry run and commit alike, with its own outcome and a problem line that names the
//! date and the request, never the person); `person.create` refuses such a person with
//! [`crate::Error::Erased`] unless it is given the reason they are registered again. Then
//! the entry is *lifted*, not deleted: it stays as the proof of the erasure, with when, by
//! whom, why and the new person's id, a `suppression.lifted` event records the reason, and
//! later imports of the person go through.
//!
//! Erasures made before schema 10 left no entry: by the time this code runs their addresses
//! are gone from the vault, so they cannot be hashed after the fact.

pub(crate) mod canonical;
pub(crate) mod sql;

use std::collections::HashMap;

use hmac::{Hmac, KeyInit, Mac};
use lagom_crypto::AuditKey;
use serde::Serialize;
use sha2::Sha256;
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::audit::AuditKind;
use crate::audit::sql::Appender;
use crate::clock::Clock;
use crate::vault::Ctx;
use crate::{Error, Result};

/// The label the suppression key is derived under, apart from every other use of the
/// audit key.
const LABEL: &[u8] = b"lagom suppression v1";

/// The key suppression hashes are made under.
pub(crate) struct Key(Zeroizing<[u8; 32]>);

impl Key {
    /// Derives the key from the vault's audit key (which survives key rotation and travels in
    /// every backup, so hashes made today still match after either).
    pub(crate) fn derive(audit: &AuditKey) -> Key {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(audit.as_bytes())
            .expect("HMAC accepts keys of any length");
        mac.update(LABEL);
        Key(Zeroizing::new(mac.finalize().into_bytes().into()))
    }

    /// The hash of one canonical form: lower-case hex of HMAC-SHA256(key, tag, 0, form).
    fn hash(&self, (tag, form): (&str, String)) -> String {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(self.0.as_ref())
            .expect("HMAC accepts keys of any length");
        mac.update(tag.as_bytes());
        mac.update(&[0]);
        mac.update(form.as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The hashes an erasure keeps for these addresses and numbers, sorted, once each.
    pub(crate) fn kept(&self, emails: &[String], phones: &[String]) -> Vec<String> {
        let forms = emails
            .iter()
            .filter_map(|e| canonical::email(e))
            .chain(phones.iter().flat_map(|p| canonical::phone_kept(p)));
        let mut hashes: Vec<String> = forms.map(|f| self.hash(f)).collect();
        hashes.sort();
        hashes.dedup();
        hashes
    }

    /// The hashes to look for when these addresses and numbers enter the register.
    pub(crate) fn sought<'a>(
        &self,
        emails: impl IntoIterator<Item = &'a str>,
        phones: impl IntoIterator<Item = &'a str>,
    ) -> Vec<String> {
        let forms = emails
            .into_iter()
            .filter_map(canonical::email)
            .chain(phones.into_iter().flat_map(canonical::phone_sought));
        forms.map(|f| self.hash(f)).collect()
    }
}

/// An earlier erasure that covers someone entering the register: when, and for which
/// request. Nothing about the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ErasedEarlier {
    /// The day of the erasure (YYYY-MM-DD, in the computer's time zone).
    pub erased_on: String,
    /// The number of the request it answered (`R-0004`), if it answered one.
    pub request: Option<String>,
}

impl ErasedEarlier {
    fn of(clock: &dyn Clock, row: &sql::EntryRow) -> ErasedEarlier {
        ErasedEarlier {
            erased_on: crate::clock::stored_day(clock, &row.erased_at)
                .map(|d| d.to_string())
                .unwrap_or_else(|| row.erased_at.get(..10).unwrap_or_default().to_owned()),
            request: row.request.clone(),
        }
    }

    /// "erased on 2026-03-01 (request R-0004)", or without the request.
    pub fn describe(&self) -> String {
        match &self.request {
            Some(r) => format!("erased on {} (request {r})", self.erased_on),
            None => format!("erased on {}", self.erased_on),
        }
    }

    /// The refusal of a person this erasure covers.
    pub(crate) fn refusal(self) -> Error {
        Error::Erased {
            erased_on: self.erased_on,
            request: self.request,
        }
    }
}

/// Every entry in force, held in memory for an import (one look-up per row, no query).
pub(crate) struct Suppressed {
    key: Key,
    by_hash: HashMap<String, (String, ErasedEarlier)>,
}

impl Suppressed {
    /// Loads the entries not lifted.
    pub(crate) fn load(
        conn: &rusqlite::Connection,
        audit: &AuditKey,
        clock: &dyn Clock,
    ) -> Result<Suppressed> {
        let by_hash = sql::hashes_in_force(conn)?
            .into_iter()
            .map(|(hash, row)| {
                let stamp = row.erased_at.clone();
                (hash, (stamp, ErasedEarlier::of(clock, &row)))
            })
            .collect();
        Ok(Suppressed {
            key: Key::derive(audit),
            by_hash,
        })
    }

    /// The newest erasure that covers any of these addresses and numbers.
    pub(crate) fn find<'a>(
        &self,
        emails: impl IntoIterator<Item = &'a str>,
        phones: impl IntoIterator<Item = &'a str>,
    ) -> Option<&ErasedEarlier> {
        if self.by_hash.is_empty() {
            return None;
        }
        self.key
            .sought(emails, phones)
            .iter()
            .filter_map(|h| self.by_hash.get(h))
            .max_by(|a, b| a.0.cmp(&b.0))
            .map(|(_, e)| e)
    }
}

/// Records an erasure's entry, unless the person has one already. Returns how many hashes
/// it holds (none: the person had no address or number, and no entry is made).
pub(crate) fn record(
    conn: &rusqlite::Connection,
    key: &Key,
    person: Uuid,
    erased_at: &str,
    request: Option<&str>,
    (emails, phones): (&[String], &[String]),
) -> Result<Vec<String>> {
    let hashes = key.kept(emails, phones);
    if hashes.is_empty() {
        return Ok(hashes);
    }
    sql::insert(conn, &person.to_string(), erased_at, request, &hashes)?;
    // A person registered again after an earlier erasure is erased now: the reasons staff
    // wrote for registering them go too (the entries stay lifted, as proof).
    sql::clear_reasons_for(conn, &person.to_string())?;
    Ok(hashes)
}

/// What adding a person by hand does about earlier erasures that cover them.
pub(crate) struct Guard {
    key: Key,
    clock: std::sync::Arc<dyn Clock>,
    /// The reason the person is registered again, cleaned; `None`: refuse.
    reason: Option<String>,
    /// Whether any entry is in force at all (most vaults: none, and nothing is hashed).
    any: bool,
}

impl Guard {
    /// Ready to check people about to be added, in the transaction that adds them.
    pub(crate) fn new(
        conn: &rusqlite::Connection,
        audit: &AuditKey,
        clock: std::sync::Arc<dyn Clock>,
        register_erased: Option<&str>,
    ) -> Result<Guard> {
        let reason = register_erased
            .map(|r| crate::text::clean("register erased", r))
            .transpose()?;
        if reason.as_deref() == Some("") {
            return Err(Error::validation(
                "register erased",
                "give the reason the person is registered again after their erasure",
            ));
        }
        Ok(Guard {
            key: Key::derive(audit),
            clock,
            reason,
            any: sql::any_in_force(conn)?,
        })
    }

    /// The entries in force that cover the person about to be added; refused with
    /// [`Error::Erased`] when there are any and no reason was given.
    pub(crate) fn check<'a>(
        &self,
        conn: &rusqlite::Connection,
        emails: impl IntoIterator<Item = &'a str>,
        phones: impl IntoIterator<Item = &'a str>,
    ) -> Result<Vec<sql::EntryRow>> {
        if !self.any {
            return Ok(Vec::new());
        }
        let found = sql::in_force_with(conn, &self.key.sought(emails, phones))?;
        match found.first() {
            Some(newest) if self.reason.is_none() => {
                Err(ErasedEarlier::of(self.clock.as_ref(), newest).refusal())
            }
            _ => Ok(found),
        }
    }

    /// Lifts the entries [`Guard::check`] found, now that the person is added as
    /// `registered_as`, and records why in a `suppression.lifted` event.
    pub(crate) fn lift(
        &self,
        tx: &rusqlite::Transaction<'_>,
        audit: &mut Appender<'_>,
        ctx: &Ctx,
        entries: &[sql::EntryRow],
        registered_as: Uuid,
    ) -> Result<()> {
        let (Some(reason), false) = (&self.reason, entries.is_empty()) else {
            return Ok(());
        };
        let lifted: Vec<serde_json::Value> = entries
            .iter()
            .map(|e| {
                serde_json::json!({
                    "erased_person": e.person,
                    "erased_at": e.erased_at,
                    "request": e.request,
                })
            })
            .collect();
        for e in entries {
            sql::lift(
                tx,
                &e.person,
                (&ctx.now, &ctx.actor.to_string(), reason),
                &registered_as.to_string(),
            )?;
        }
        audit.append(
            tx,
            ctx.event(
                AuditKind::SuppressionLifted,
                Some(("person", registered_as.to_string())),
                serde_json::json!({ "reason": reason, "lifted": lifted }),
            ),
        )
    }
}

/// An earlier erasure of someone now registered again, as their subject-access bundle
/// tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct EarlierErasure {
    /// When they were erased (RFC 3339, UTC).
    pub erased_at: String,
    /// The request it answered (`R-0004`), if any.
    pub request: Option<String>,
    /// When they were registered again.
    pub registered_again_at: Option<String>,
    /// Why, as staff wrote it.
    pub reason: Option<String>,
    /// How many keyed hashes of their addresses and numbers the vault keeps of it.
    pub hashes: u64,
}

/// The earlier erasures of a person registered again after them.
pub(crate) fn earlier_erasures_of(
    conn: &rusqlite::Connection,
    person: Uuid,
) -> Result<Vec<EarlierErasure>> {
    sql::lifted_for(conn, &person.to_string())?
        .into_iter()
        .map(|row| {
            Ok(EarlierErasure {
                hashes: sql::hash_count(conn, &row.person)?,
                erased_at: row.erased_at,
                request: row.request,
                registered_again_at: row.lifted_at,
                reason: row.lifted_reason.filter(|r| !r.is_empty()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn audit_key(byte: u8) -> AuditKey {
        struct Fixed(u8);
        impl lagom_crypto::Entropy for Fixed {
            fn fill(&mut self, buf: &mut [u8]) {
                buf.fill(self.0);
            }
        }
        AuditKey::make(&mut Fixed(byte))
    }

    /// HMAC-SHA256(HMAC-SHA256(audit key 0x01…01, "lagom suppression v1"), tag 0x00 form)
    /// for `email` kari@example.no, `phone` +47 41200001 and `phone-national` 41200001,
    /// sorted (checked with Python's hmac module).
    const FROZEN: [&str; 3] = [
        "3ef2d200e15b69b7f6bb974d37b7975c4b8f4a39fa43a8144b48ea1eae81f06a",
        "c9e79cfe440e82b8af88bed7d663a89bf97eb0e268f1011ea461259f71305a4a",
        "e429b5323e6467f1638ceb3332eebe3052ecfb0bd77f2c94ad06a0a48a2923f8",
    ];
    /// The same for `phone-bare` 41200001.
    const FROZEN_BARE: &str = "bd4d6c277135030643c0d56a1e74c4b9feb81053082d7e23ea548d346df8ce54";

    /// The stored form, frozen: a vault's hashes must match in every later version.
    #[test]
    fn frozen_hash_vectors() {
        let key = Key::derive(&audit_key(1));
        assert_eq!(
            key.kept(&["Kari@Example.no".into()], &["+47 412 00 001".into()]),
            FROZEN
        );
        assert_eq!(key.kept(&[], &["412 00 001".into()]), [FROZEN_BARE]);
    }

    #[test]
    fn hashes_depend_on_the_vaults_key() {
        let one = Key::derive(&audit_key(1)).kept(&["kari@example.no".into()], &[]);
        let two = Key::derive(&audit_key(2)).kept(&["kari@example.no".into()], &[]);
        assert_ne!(one, two);
    }

    #[test]
    fn what_is_sought_meets_what_was_kept_however_it_is_written() {
        let key = Key::derive(&audit_key(1));
        let kept = key.kept(&["kari@example.no".into()], &["+4741200001".into()]);
        for (emails, phones) in [
            (vec![" KARI@example.NO "], vec![]),
            (vec![], vec!["41200001"]),
            (vec![], vec!["0047 412 00 001"]),
        ] {
            let sought = key.sought(emails.clone(), phones.clone());
            assert!(
                sought.iter().any(|h| kept.contains(h)),
                "{emails:?} {phones:?}"
            );
        }
        assert!(
            !key.sought(["kari@example.com"], ["+45 41200001"])
                .iter()
                .any(|h| kept.contains(h))
        );
    }
}
