//! Double opt-in: a consent asked for by e-mail counts only once the person confirms it.
//!
//! Asking writes a `pending` row with a random code (from the OS random number generator,
//! in an alphabet without look-alike characters) and composes the e-mail that carries the
//! consent text word for word and the code. Only a salted HMAC of the code is stored, and it
//! is compared in constant time. The person confirms with the code, or their reply is
//! recorded; either writes a `given` row and marks the pending one confirmed. After
//! [`MAX_WRONG_CODES`] wrong codes or [`CONFIRMATION_DAYS`] days the pending row expires and
//! consent must be asked for again.

use hmac::{Hmac, KeyInit, Mac};
use lagom_crypto::Entropy;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use uuid::Uuid;

use crate::audit::AuditKind;
use crate::consent::email::{Confirmation, confirmation_email};
use crate::consent::ledger::{event_view, evidence, named_address, person_language, recorded};
use crate::consent::model::{
    CONFIRMATION_DAYS, ConsentEventView, ConsentMethod, ConsentState, confirmation_deadline,
};
use crate::consent::sql::{self, EventRow, Latest};
use crate::mail::{Delivery, EmailKind};
use crate::people::sql as people_sql;
use crate::types::PersonRef;
use crate::vault::{Ctx, Vault};
use crate::{Error, Result};

/// The characters a code is made of: digits and capitals without 0/O, 1/I/L, which are
/// easily mistaken for one another when read aloud or typed.
pub const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Characters in a code: 31^8 ≈ 8.5 × 10^11 codes, against at most five guesses.
pub const CODE_LENGTH: usize = 8;
/// Wrong codes after which a pending consent expires.
pub const MAX_WRONG_CODES: u32 = 5;

const SALT_BYTES: usize = 16;

/// A consent asked for by e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct RequestConsent {
    /// The purpose, by name or id.
    pub purpose: String,
    /// The version of the consent text to send; the newest in the person's language when
    /// not given.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub text_version: Option<u32>,
    /// The version of the privacy notice to point to; the newest when not given.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub notice_version: Option<u32>,
    /// The address to ask at, one of the person's (their primary when not given); the
    /// consent confirmed names it, and marketing for the purpose writes there.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub email: Option<String>,
}

/// A pending consent and how the message that asks the person to confirm it left. The code
/// is only in the message: it is not handed back, so that it reaches no one but the person.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ConsentRequest {
    /// The `pending` ledger row.
    pub consent: ConsentEventView,
    /// How the message with the consent text word for word and the code left: sent, or
    /// saved as an `.eml` file.
    pub delivery: Delivery,
}

/// Draws a code from the alphabet, each character uniformly (bytes that would favour the
/// first characters are drawn again).
pub(crate) fn make_code(entropy: &mut impl Entropy) -> String {
    let n = CODE_ALPHABET.len();
    let limit = 256 - 256 % n;
    let mut code = String::with_capacity(CODE_LENGTH);
    let mut byte = [0u8; 1];
    while code.len() < CODE_LENGTH {
        entropy.fill(&mut byte);
        let b = usize::from(byte[0]);
        if b < limit {
            code.push(char::from(CODE_ALPHABET[b % n]));
        }
    }
    code
}

/// The code as typed, without spaces or dashes and in capitals.
fn normalise_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

fn mac(salt: &[u8]) -> Hmac<Sha256> {
    // HMAC takes a key of any length.
    <Hmac<Sha256> as KeyInit>::new_from_slice(salt).expect("HMAC accepts any key length")
}

/// What is stored for a code: a random salt and the HMAC-SHA256 of the code under it.
pub(crate) fn seal_code(code: &str, entropy: &mut impl Entropy) -> Vec<u8> {
    let mut salt = [0u8; SALT_BYTES];
    entropy.fill(&mut salt);
    let mut m = mac(&salt);
    m.update(normalise_code(code).as_bytes());
    let mut sealed = salt.to_vec();
    sealed.extend_from_slice(&m.finalize().into_bytes());
    sealed
}

/// Whether a typed code is the sealed one, compared in constant time.
pub(crate) fn code_matches(sealed: &[u8], typed: &str) -> bool {
    if sealed.len() <= SALT_BYTES {
        return false;
    }
    let (salt, tag) = sealed.split_at(SALT_BYTES);
    let mut m = mac(salt);
    m.update(normalise_code(typed).as_bytes());
    m.verify_slice(tag).is_ok()
}

/// Shown as two groups of four, which is easier to read out and type.
fn display_code(code: &str) -> String {
    let (a, b) = code.split_at(CODE_LENGTH / 2);
    format!("{a}-{b}")
}

/// The pending row a confirmation is for: the person's newest row for the purpose, still
/// pending and neither expired nor too old. An expired one is marked so (in `tx`) and
/// reported as a conflict.
enum Pending {
    Open(Latest),
    Expired(Latest),
}

fn pending(tx: &rusqlite::Connection, person: Uuid, purpose: Uuid, now: &str) -> Result<Pending> {
    let latest = sql::latest_event(tx, person, purpose)?
        .filter(|l| l.state == ConsentState::Pending)
        .ok_or_else(|| Error::NotFound {
            kind: "pending consent",
            id: "for this person and purpose".into(),
        })?;
    let too_old = latest
        .sent
        .as_deref()
        .and_then(confirmation_deadline)
        .is_some_and(|end| now > end.as_str());
    if latest.expired_at.is_some() || too_old {
        return Ok(Pending::Expired(latest));
    }
    Ok(Pending::Open(latest))
}

fn expired_error() -> Error {
    Error::Conflict(format!(
        "this consent can no longer be confirmed (after {MAX_WRONG_CODES} wrong codes or \
         {CONFIRMATION_DAYS} days it expires); ask for consent again"
    ))
}

/// Writes the `given` row a confirmation makes and marks the pending row confirmed.
fn confirm(
    tx: &rusqlite::Connection,
    ctx: &Ctx,
    audit: &mut crate::audit::sql::Appender<'_>,
    (person, purpose): (Uuid, Uuid),
    latest: &Latest,
    how: &str,
    (at, evidence): (&str, &str),
) -> Result<ConsentEventView> {
    let email = sql::event_email(tx, latest.pk)?;
    let row = EventRow {
        id: Uuid::now_v7(),
        person,
        purpose,
        state: ConsentState::Given,
        method: ConsentMethod::Email,
        occurred_at: at,
        recorded_at: &ctx.now,
        recorded_by: ctx.actor,
        text: latest.text,
        notice: latest.notice,
        evidence,
        confirmation: None,
        email: email.as_deref(),
    };
    sql::insert_event(tx, &row)?;
    sql::mark_confirmed(tx, latest.pk, at, how, row.id)?;
    audit.append(
        tx,
        ctx.event(
            AuditKind::ConsentConfirmed,
            Some(("person", person.to_string())),
            serde_json::json!({
                "pending": latest.id,
                "given": row.id,
                "purpose": purpose,
                "how": how,
            }),
        ),
    )?;
    event_view(tx, person, row.id)
}

/// How a confirmation by code ended, decided in the transaction and reported after it, so
/// that a wrong code is counted even though the call fails.
enum Outcome {
    Confirmed(Box<ConsentEventView>),
    Wrong { left: u32 },
    Expired,
}

impl Vault {
    /// Asks a person for consent by e-mail (double opt-in): writes a `pending` row and sends
    /// the message, in the person's language, with the consent text word for word and the
    /// code, through the mail server, or saves it as an `.eml` file at `save_to` (a file, or
    /// a folder for a new file) when that is given.
    ///
    /// The message is delivered inside the transaction that writes the pending row: a
    /// message the server refuses (or a file that cannot be written) leaves no pending
    /// consent behind, whose code nobody could ever have received. The reverse, a message
    /// accepted and then a commit that fails, leaves a code that confirms nothing: the
    /// person is told there is nothing pending, and is asked again.
    pub fn request_consent(
        &mut self,
        who: &PersonRef,
        request: &RequestConsent,
        save_to: Option<&std::path::Path>,
        entropy: &mut impl Entropy,
    ) -> Result<ConsentRequest> {
        let destination = crate::mail::Destination::file_or_server(save_to);
        self.request_consent_to(who, request, destination, entropy)
    }

    /// [`Vault::request_consent`] with the message sent, saved, or handed back as an `.eml`
    /// file ([`crate::mail::Delivery::Held`]) for the app to offer as a download.
    pub fn request_consent_to(
        &mut self,
        who: &PersonRef,
        request: &RequestConsent,
        destination: crate::mail::Destination<'_>,
        entropy: &mut impl Entropy,
    ) -> Result<ConsentRequest> {
        let outgoing = self.outgoing_to(EmailKind::ConsentConfirmation, destination)?;
        let code = make_code(entropy);
        let sealed = seal_code(&code, entropy);
        self.write(|tx, audit, ctx| {
            let person = people_sql::find_person(tx, who)?;
            let named = named_address(tx, person.id, request.email.as_deref())?;
            let to = named
                .clone()
                .or_else(|| person.details.email.clone())
                .ok_or_else(|| {
                    Error::validation("email", "the person has no e-mail address to ask by")
                })?;
            let purpose = sql::find_purpose(tx, &request.purpose, false)?;
            // A pending row would become the newest and so stop a valid consent counting.
            if sql::latest_event(tx, person.id, purpose.id)?
                .is_some_and(|l| l.state == ConsentState::Given)
            {
                return Err(Error::Conflict(
                    "the person's consent for this purpose is already given; withdraw it \
                     first, or record the new wording directly"
                        .into(),
                ));
            }
            // Art. 21(3) and Art. 18: asking is itself a message they have said no to.
            if !sql::may_be_marketed(tx, person.id)? {
                return Err(Error::Conflict(
                    "the person has restricted processing or objected to it, or is archived or \
                     in the recycle bin; they cannot be asked for consent while that holds"
                        .into(),
                ));
            }
            let language = person_language(tx, person.id)?;
            let text = sql::consent_text(tx, purpose.id, language, request.text_version)?
                .ok_or_else(|| Error::NotFound {
                    kind: "consent text",
                    id: match request.text_version {
                        Some(v) => format!("version {v} in {}", language.as_str()),
                        None => format!(
                            "in {} for this purpose; add one before asking for consent",
                            language.as_str()
                        ),
                    },
                })?;
            let notice = sql::privacy_notice(tx, language, request.notice_version)?;
            if let (Some(v), None) = (request.notice_version, &notice) {
                return Err(Error::NotFound {
                    kind: "privacy notice",
                    id: format!("version {v} in {}", language.as_str()),
                });
            }
            let row = EventRow {
                id: Uuid::now_v7(),
                person: person.id,
                purpose: purpose.id,
                state: ConsentState::Pending,
                method: ConsentMethod::Email,
                occurred_at: &ctx.now,
                recorded_at: &ctx.now,
                recorded_by: ctx.actor,
                text: Some(text.id),
                notice: notice.as_ref().map(|n| n.id),
                evidence: "",
                confirmation: Some((&sealed, &ctx.now)),
                email: named.as_deref(),
            };
            sql::insert_event(tx, &row)?;
            audit.append(tx, recorded(ctx, person.id, &row))?;
            let email = confirmation_email(&Confirmation {
                language,
                person: person.id,
                first_name: &person.details.first_name,
                last_name: &person.details.last_name,
                address: &to,
                purpose: &purpose.name,
                text: &text,
                notice: notice.as_ref(),
                code: &display_code(&code),
            });
            let delivery = outgoing.deliver(tx, audit, ctx, &email)?;
            Ok(ConsentRequest {
                consent: event_view(tx, person.id, row.id)?,
                delivery,
            })
        })
    }

    /// Confirms a pending consent with the code the person was sent. A wrong code is counted;
    /// after [`MAX_WRONG_CODES`] of them, or [`CONFIRMATION_DAYS`] days, it expires.
    pub fn confirm_consent(
        &mut self,
        who: &PersonRef,
        purpose: &str,
        code: &str,
    ) -> Result<ConsentEventView> {
        let outcome = self.write(|tx, audit, ctx| {
            let person = people_sql::find_person(tx, who)?.id;
            let purpose = sql::find_purpose(tx, purpose, true)?.id;
            let latest = match pending(tx, person, purpose, &ctx.now)? {
                Pending::Open(l) => l,
                Pending::Expired(l) => {
                    if l.expired_at.is_none() {
                        sql::mark_expired(tx, l.pk, &ctx.now)?;
                        audit.append(tx, expired_event(ctx, person, &l, "days"))?;
                    }
                    return Ok(Outcome::Expired);
                }
            };
            if latest
                .hash
                .as_deref()
                .is_some_and(|h| code_matches(h, code))
            {
                let given = confirm(
                    tx,
                    ctx,
                    audit,
                    (person, purpose),
                    &latest,
                    "code",
                    (&ctx.now, "confirmation code"),
                )?;
                return Ok(Outcome::Confirmed(Box::new(given)));
            }
            let wrong = latest.wrong_codes + 1;
            let ends = wrong >= MAX_WRONG_CODES;
            sql::note_wrong_code(tx, latest.pk, ends.then_some(ctx.now.as_str()))?;
            audit.append(
                tx,
                if ends {
                    expired_event(ctx, person, &latest, "wrong codes")
                } else {
                    ctx.event(
                        AuditKind::ConsentConfirmed,
                        Some(("person", person.to_string())),
                        serde_json::json!({
                            "pending": latest.id,
                            "outcome": "wrong code",
                            "wrong_codes": wrong,
                        }),
                    )
                },
            )?;
            Ok(if ends {
                Outcome::Expired
            } else {
                Outcome::Wrong {
                    left: MAX_WRONG_CODES - wrong,
                }
            })
        })?;
        match outcome {
            Outcome::Confirmed(given) => Ok(*given),
            Outcome::Wrong { left } => Err(Error::validation(
                "code",
                format!(
                    "is not the code that was sent; {left} {} left",
                    if left == 1 { "try" } else { "tries" }
                ),
            )),
            Outcome::Expired => Err(expired_error()),
        }
    }

    /// Confirms a pending consent by the person's reply to the message; `evidence` names the
    /// reply (its message id), `occurred_at` when it was sent (now when not given).
    pub fn record_consent_reply(
        &mut self,
        who: &PersonRef,
        purpose: &str,
        reply: &str,
        occurred_at: Option<&str>,
    ) -> Result<ConsentEventView> {
        let reply = evidence(reply)?;
        if reply.is_empty() {
            return Err(Error::validation(
                "evidence",
                "name the reply (its message id or date and sender)",
            ));
        }
        let at = crate::consent::model::occurred_at(occurred_at, self.clock.as_ref())?;
        self.write(|tx, audit, ctx| {
            let person = people_sql::find_person(tx, who)?.id;
            let purpose = sql::find_purpose(tx, purpose, true)?.id;
            match pending(tx, person, purpose, &ctx.now)? {
                Pending::Open(latest) => confirm(
                    tx,
                    ctx,
                    audit,
                    (person, purpose),
                    &latest,
                    "reply",
                    (&at, &reply),
                )
                .map(Ok),
                Pending::Expired(l) => {
                    if l.expired_at.is_none() {
                        sql::mark_expired(tx, l.pk, &ctx.now)?;
                        audit.append(tx, expired_event(ctx, person, &l, "days"))?;
                    }
                    Ok(Err(expired_error()))
                }
            }
        })?
    }
}

fn expired_event(ctx: &Ctx, person: Uuid, l: &Latest, why: &str) -> crate::audit::AuditEvent {
    ctx.event(
        AuditKind::ConsentConfirmed,
        Some(("person", person.to_string())),
        serde_json::json!({ "pending": l.id, "outcome": "expired", "after": why }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Counting(u8);

    impl Entropy for Counting {
        fn fill(&mut self, buf: &mut [u8]) {
            for b in buf {
                *b = self.0;
                self.0 = self.0.wrapping_add(37);
            }
        }
    }

    #[test]
    fn a_code_has_eight_characters_from_the_alphabet() {
        let code = make_code(&mut lagom_crypto::OsEntropy);
        assert_eq!(code.len(), CODE_LENGTH);
        assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)), "{code}");
        assert!(!CODE_ALPHABET.iter().any(|c| b"01OIL".contains(c)));
    }

    #[test]
    fn bytes_that_would_bias_the_code_are_drawn_again() {
        // 248 and up would favour the first characters of a 31-letter alphabet.
        struct High(Vec<u8>);
        impl Entropy for High {
            fn fill(&mut self, buf: &mut [u8]) {
                for b in buf {
                    *b = self.0.pop().unwrap_or(0);
                }
            }
        }
        let mut e = High(vec![1, 255, 0, 250, 248, 247]);
        let code = make_code(&mut e);
        // 247 % 31 = 30 ('Z'), then 248, 250, 255 skipped, then 0 ('2') and 1 ('3').
        assert!(code.starts_with("Z23"), "{code}");
    }

    #[test]
    fn a_sealed_code_matches_as_typed_and_nothing_else() {
        let mut e = Counting(7);
        let sealed = seal_code("ABCD2345", &mut e);
        assert_eq!(sealed.len(), SALT_BYTES + 32);
        assert!(code_matches(&sealed, "ABCD2345"));
        assert!(code_matches(&sealed, " abcd-2345 "));
        assert!(!code_matches(&sealed, "ABCD2346"));
        assert!(!code_matches(&sealed, ""));
        assert!(!code_matches(&sealed[..SALT_BYTES], "ABCD2345"));
        // The same code sealed twice is stored differently (a salt per row).
        assert_ne!(sealed, seal_code("ABCD2345", &mut e));
    }

    #[test]
    fn a_code_is_shown_in_two_groups() {
        assert_eq!(display_code("ABCD2345"), "ABCD-2345");
    }
}
