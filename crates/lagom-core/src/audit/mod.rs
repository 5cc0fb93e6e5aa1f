//! The audit trail: an append-only log of who did what kind of thing when, chained so that
//! an edited, removed or re-ordered event is found.
//!
//! Each event's `hash` is HMAC-SHA256 over the previous event's hash and the event's fields,
//! under the vault's audit key. That key is random, stored in the database wrapped under the
//! vault key, so a person holding only the database's raw SQLCipher key can read and edit
//! rows but cannot forge a valid chain. The head (last sequence number and hash) is stored
//! with its own MAC, so that cutting events off the end is found as well; it is checked
//! before every write, so a cut or edited head is never re-sealed by the next event.
//!
//! A copy of the head also lives outside the database, in `audit.head` beside it (see
//! [`witness`]), written after every commit. A `vault.db` replaced by an older copy of
//! itself, or one whose write-ahead log was deleted, ends before the event that file
//! vouches for, and is found at the next unlock.
//!
//! Events never hold personal data: the subject is an id, and `detail` holds field *names*,
//! counts and reasons, never values.

pub(crate) mod sql;
pub mod witness;

use hmac::{Hmac, KeyInit, Mac};
use lagom_crypto::AuditKey;
use serde::Serialize;
use sha2::Sha256;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AuditKind {
    /// The vault was created.
    #[serde(rename = "vault.created")]
    VaultCreated,
    /// Someone unlocked the vault.
    #[serde(rename = "unlock.ok")]
    UnlockOk,
    /// An unlock attempt failed.
    #[serde(rename = "unlock.failed")]
    UnlockFailed,
    /// A person was created.
    #[serde(rename = "person.created")]
    PersonCreated,
    /// A person was changed.
    #[serde(rename = "person.updated")]
    PersonUpdated,
    /// A person was deleted.
    #[serde(rename = "person.deleted")]
    PersonDeleted,
    /// A person's full record was read.
    #[serde(rename = "person.read")]
    PersonRead,
    /// Personal data left the vault.
    #[serde(rename = "export")]
    Export,
    /// A password (or secret key) was changed.
    #[serde(rename = "password.changed")]
    PasswordChanged,
    /// The vault key was rotated.
    #[serde(rename = "key.rotated")]
    KeyRotated,
    /// An import was committed (its change log names the people it created or changed).
    #[serde(rename = "import.committed")]
    ImportCommitted,
    /// An import was undone.
    #[serde(rename = "import.undone")]
    ImportUndone,
    /// The vault's settings were changed (the event names which).
    #[serde(rename = "settings.changed")]
    SettingsChanged,
    /// An organisation was created.
    #[serde(rename = "organisation.created")]
    OrganisationCreated,
    /// An organisation was changed.
    #[serde(rename = "organisation.updated")]
    OrganisationUpdated,
    /// An organisation was deleted (its people stay, without it).
    #[serde(rename = "organisation.deleted")]
    OrganisationDeleted,
    /// A note about a person was added (the event names the note, not what it says).
    #[serde(rename = "note.added")]
    NoteAdded,
    /// A note about a person was deleted.
    #[serde(rename = "note.deleted")]
    NoteDeleted,
    /// A purpose, source or subscription type was added, changed or archived.
    #[serde(rename = "lists.changed")]
    ListsChanged,
    /// The purpose or legal basis of people's processing was changed (the event counts them).
    #[serde(rename = "processing.changed")]
    ProcessingChanged,
    /// A consent was given, asked for (pending) or withdrawn.
    #[serde(rename = "consent.recorded")]
    ConsentRecorded,
    /// A pending consent was confirmed (code or reply).
    #[serde(rename = "consent.confirmed")]
    ConsentConfirmed,
    /// A person was put on or taken off a subscription.
    #[serde(rename = "subscription.changed")]
    SubscriptionChanged,
    /// A person's restriction of processing (Art. 18) was set or lifted.
    #[serde(rename = "restriction.changed")]
    RestrictionChanged,
    /// A person's objection (Art. 21) was recorded or lifted.
    #[serde(rename = "objection.changed")]
    ObjectionChanged,
    /// A data subject request was registered.
    #[serde(rename = "request.created")]
    RequestCreated,
    /// A data subject request was changed: identity, extension, an action.
    #[serde(rename = "request.updated")]
    RequestUpdated,
    /// A data subject request was closed.
    #[serde(rename = "request.closed")]
    RequestClosed,
    /// A person was erased (the event keeps only the pseudonym).
    #[serde(rename = "person.erased")]
    PersonErased,
    /// An erasure made after a backup was applied again to the restored vault.
    #[serde(rename = "erasure.reapplied")]
    ErasureReapplied,
    /// A person covered by an earlier erasure was registered again on purpose: the event
    /// holds the reason given and names the suppression entries lifted.
    #[serde(rename = "suppression.lifted")]
    SuppressionLifted,
    /// A suppression entry the restored vault lacked was read back from the erasure ledger.
    #[serde(rename = "suppression.restored")]
    SuppressionRestored,
    /// An e-mail was sent or saved as a file (the event names its kind, not its text).
    #[serde(rename = "email.sent")]
    EmailSent,
    /// A backup of the vault was written.
    #[serde(rename = "backup.created")]
    BackupCreated,
    /// A backup was restored.
    #[serde(rename = "backup.restored")]
    BackupRestored,
    /// Two people were merged into one: the event's subject is the person kept, its detail
    /// names the person merged away, the merge and the fields taken from them.
    #[serde(rename = "person.merged")]
    PersonMerged,
    /// A merge was undone: the person merged away is back with everything they brought.
    #[serde(rename = "person.merge_undone")]
    PersonMergeUndone,
    /// Two people were marked as not the same person.
    #[serde(rename = "duplicates.dismissed")]
    DuplicatesDismissed,
    /// The register was searched for duplicates (the event counts the pairs).
    #[serde(rename = "duplicates.refreshed")]
    DuplicatesRefreshed,
    /// The owner accepted a damaged audit trail as it is and sealed it again, so that work
    /// can go on; the event lists the damage found.
    #[serde(rename = "audit.resealed")]
    AuditResealed,
    /// A person was archived: kept, but out of lists, default searches and marketing.
    #[serde(rename = "person.archived")]
    PersonArchived,
    /// An archived person was brought back.
    #[serde(rename = "person.unarchived")]
    PersonUnarchived,
    /// A person was moved to the recycle bin.
    #[serde(rename = "person.binned")]
    PersonBinned,
    /// A person was restored from the recycle bin.
    #[serde(rename = "person.restored")]
    PersonRestored,
    /// A person was anonymised: erased, keeping only figures that identify no one.
    #[serde(rename = "person.anonymised")]
    PersonAnonymised,
    /// The owner kept a person a housekeeping step was waiting for.
    #[serde(rename = "hygiene.kept")]
    HygieneKept,
    /// A housekeeping run ended (what it did, what waits, what failed, in counts).
    #[serde(rename = "hygiene.run")]
    HygieneRun,
}

impl AuditKind {
    /// Every kind.
    pub const ALL: [AuditKind; 47] = [
        AuditKind::VaultCreated,
        AuditKind::UnlockOk,
        AuditKind::UnlockFailed,
        AuditKind::PersonCreated,
        AuditKind::PersonUpdated,
        AuditKind::PersonDeleted,
        AuditKind::PersonRead,
        AuditKind::Export,
        AuditKind::PasswordChanged,
        AuditKind::KeyRotated,
        AuditKind::ImportCommitted,
        AuditKind::ImportUndone,
        AuditKind::SettingsChanged,
        AuditKind::OrganisationCreated,
        AuditKind::OrganisationUpdated,
        AuditKind::OrganisationDeleted,
        AuditKind::NoteAdded,
        AuditKind::NoteDeleted,
        AuditKind::ListsChanged,
        AuditKind::ProcessingChanged,
        AuditKind::ConsentRecorded,
        AuditKind::ConsentConfirmed,
        AuditKind::SubscriptionChanged,
        AuditKind::RestrictionChanged,
        AuditKind::ObjectionChanged,
        AuditKind::RequestCreated,
        AuditKind::RequestUpdated,
        AuditKind::RequestClosed,
        AuditKind::PersonErased,
        AuditKind::ErasureReapplied,
        AuditKind::SuppressionLifted,
        AuditKind::SuppressionRestored,
        AuditKind::EmailSent,
        AuditKind::BackupCreated,
        AuditKind::BackupRestored,
        AuditKind::AuditResealed,
        AuditKind::PersonArchived,
        AuditKind::PersonUnarchived,
        AuditKind::PersonBinned,
        AuditKind::PersonRestored,
        AuditKind::PersonAnonymised,
        AuditKind::HygieneKept,
        AuditKind::HygieneRun,
        AuditKind::PersonMerged,
        AuditKind::PersonMergeUndone,
        AuditKind::DuplicatesDismissed,
        AuditKind::DuplicatesRefreshed,
    ];

    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::VaultCreated => "vault.created",
            AuditKind::UnlockOk => "unlock.ok",
            AuditKind::UnlockFailed => "unlock.failed",
            AuditKind::PersonCreated => "person.created",
            AuditKind::PersonUpdated => "person.updated",
            AuditKind::PersonDeleted => "person.deleted",
            AuditKind::PersonRead => "person.read",
            AuditKind::Export => "export",
            AuditKind::PasswordChanged => "password.changed",
            AuditKind::KeyRotated => "key.rotated",
            AuditKind::ImportCommitted => "import.committed",
            AuditKind::ImportUndone => "import.undone",
            AuditKind::OrganisationCreated => "organisation.created",
            AuditKind::OrganisationUpdated => "organisation.updated",
            AuditKind::OrganisationDeleted => "organisation.deleted",
            AuditKind::SettingsChanged => "settings.changed",
            AuditKind::NoteAdded => "note.added",
            AuditKind::NoteDeleted => "note.deleted",
            AuditKind::ListsChanged => "lists.changed",
            AuditKind::ProcessingChanged => "processing.changed",
            AuditKind::ConsentRecorded => "consent.recorded",
            AuditKind::ConsentConfirmed => "consent.confirmed",
            AuditKind::SubscriptionChanged => "subscription.changed",
            AuditKind::RestrictionChanged => "restriction.changed",
            AuditKind::ObjectionChanged => "objection.changed",
            AuditKind::RequestCreated => "request.created",
            AuditKind::RequestUpdated => "request.updated",
            AuditKind::RequestClosed => "request.closed",
            AuditKind::PersonErased => "person.erased",
            AuditKind::ErasureReapplied => "erasure.reapplied",
            AuditKind::SuppressionLifted => "suppression.lifted",
            AuditKind::SuppressionRestored => "suppression.restored",
            AuditKind::EmailSent => "email.sent",
            AuditKind::BackupCreated => "backup.created",
            AuditKind::BackupRestored => "backup.restored",
            AuditKind::AuditResealed => "audit.resealed",
            AuditKind::PersonArchived => "person.archived",
            AuditKind::PersonUnarchived => "person.unarchived",
            AuditKind::PersonBinned => "person.binned",
            AuditKind::PersonRestored => "person.restored",
            AuditKind::PersonAnonymised => "person.anonymised",
            AuditKind::HygieneKept => "hygiene.kept",
            AuditKind::HygieneRun => "hygiene.run",
            AuditKind::PersonMerged => "person.merged",
            AuditKind::PersonMergeUndone => "person.merge_undone",
            AuditKind::DuplicatesDismissed => "duplicates.dismissed",
            AuditKind::DuplicatesRefreshed => "duplicates.refreshed",
        }
    }

    /// Reads the stored spelling.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// One event as stored and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct AuditEvent {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// The event's id.
    pub id: String,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// The user who acted, if known.
    pub actor_id: Option<String>,
    /// What happened (see [`AuditKind`]).
    pub kind: String,
    /// The kind of thing acted on ("person", "vault").
    pub subject_kind: Option<String>,
    /// Its id.
    pub subject_id: Option<String>,
    /// Field names, counts, reasons: never values.
    pub detail: serde_json::Value,
}

/// An event as the audit log shows it: as stored, with the name of the user who acted and,
/// while the person or organisation it is about is still in the vault, its name (for a
/// person without one, their e-mail address). The names are looked up as the log is read;
/// the event itself still holds only ids, so an erased person's events name nobody.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct AuditEntry {
    /// The event.
    #[serde(flatten)]
    pub event: AuditEvent,
    /// The acting user's display name.
    pub actor_name: Option<String>,
    /// The subject's name, when it is a person or organisation still in the vault.
    pub subject_name: Option<String>,
    /// The purposes, sources and subscription types the detail names by id, with their names
    /// as they are now, so that the log shows a name and never an id.
    pub named: Vec<AuditName>,
}

impl AuditEntry {
    /// The detail with each purpose, source and subscription type it holds by id replaced by
    /// its name in `language` (a built-in one's in that language, the owner's as written), for
    /// a reader who should see a name, not an id.
    pub fn detail_named(&self, language: crate::types::Language) -> serde_json::Value {
        fn named(
            v: &serde_json::Value,
            names: &[AuditName],
            language: crate::types::Language,
        ) -> serde_json::Value {
            match v {
                serde_json::Value::String(s) => match names.iter().find(|n| n.id == *s) {
                    Some(n) => {
                        crate::words::shown(n.list, n.key.as_deref(), &n.name, language).into()
                    }
                    None => v.clone(),
                },
                serde_json::Value::Array(items) => {
                    items.iter().map(|x| named(x, names, language)).collect()
                }
                serde_json::Value::Object(m) => m
                    .iter()
                    .map(|(k, x)| (k.clone(), named(x, names, language)))
                    .collect::<serde_json::Map<_, _>>()
                    .into(),
                _ => v.clone(),
            }
        }
        named(&self.event.detail, &self.named, language)
    }
}

/// A purpose, source or subscription type an event's detail names by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct AuditName {
    /// The id as the detail holds it.
    pub id: String,
    /// Which list it is in.
    pub list: crate::words::BuiltIn,
    /// Its name as stored.
    pub name: String,
    /// Its key when it is a built-in one, which the reader sees in their own language.
    pub key: Option<String>,
}

/// What is wrong with the chain, event by event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum ChainProblem {
    /// The event's content does not match its hash: it was edited.
    Altered {
        /// The edited event.
        seq: i64,
    },
    /// The event does not follow the one before it: events were removed or re-ordered.
    Broken {
        /// The event whose link back is wrong.
        seq: i64,
    },
    /// Sequence numbers are missing: events were deleted.
    Missing {
        /// First missing number.
        from: i64,
        /// Last missing number.
        to: i64,
    },
    /// The newest events were removed (the head names a later event than the last one).
    TailRemoved {
        /// The last event the head vouches for.
        expected_last: i64,
        /// The last event found.
        found_last: i64,
    },
    /// The head record itself was edited.
    HeadAltered,
    /// The head record was deleted while the trail holds events.
    HeadMissing,
    /// The newest event is not the one the head vouches for: events were added or replaced
    /// without the audit key.
    HeadMismatch {
        /// The last event the head vouches for.
        head: i64,
        /// The last event found.
        found_last: i64,
    },
    /// `audit.head` beside the database is gone, though the database says it was written.
    WitnessMissing,
    /// `audit.head` does not carry this vault's audit key's seal: edited or from elsewhere.
    WitnessAltered,
    /// The database ends before the event `audit.head` vouches for: `vault.db` was replaced
    /// by an older copy of itself, or committed work in its write-ahead log was lost.
    RolledBack {
        /// The last event `audit.head` vouches for.
        recorded_last: i64,
        /// The last event found in the database.
        found_last: i64,
    },
    /// The event `audit.head` vouches for is in the database with other content.
    WitnessMismatch {
        /// The event.
        seq: i64,
    },
    /// The trail does not begin with the vault's creation: the oldest events were deleted.
    BeginningRemoved,
}

impl std::fmt::Display for ChainProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainProblem::Altered { seq } => write!(f, "event #{seq} was edited"),
            ChainProblem::Broken { seq } => {
                write!(f, "event #{seq} does not follow the event before it")
            }
            ChainProblem::Missing { from, to } if from == to => {
                write!(f, "event #{from} was deleted")
            }
            ChainProblem::Missing { from, to } => write!(f, "events #{from}–#{to} were deleted"),
            ChainProblem::TailRemoved {
                expected_last,
                found_last,
            } => write!(
                f,
                "the newest events were deleted: the log ends at #{found_last}, it should end at #{expected_last}"
            ),
            ChainProblem::HeadAltered => write!(f, "the record of the newest event was edited"),
            ChainProblem::HeadMissing => {
                write!(f, "the record of the newest event was deleted")
            }
            ChainProblem::HeadMismatch { head, found_last } => write!(
                f,
                "the log ends at #{found_last}, but its record of the newest event names #{head}: \
                 events were added or replaced without the audit key"
            ),
            ChainProblem::WitnessMissing => write!(
                f,
                "audit.head, the copy of the newest event kept beside the database, is missing"
            ),
            ChainProblem::WitnessAltered => write!(
                f,
                "audit.head, the copy of the newest event kept beside the database, was edited \
                 or belongs to another vault"
            ),
            ChainProblem::RolledBack {
                recorded_last,
                found_last,
            } => write!(
                f,
                "the database ends at event #{found_last}, but audit.head shows it reached \
                 #{recorded_last}: vault.db was replaced by an older copy, or its write-ahead \
                 log (vault.db-wal) was lost with the work committed in it"
            ),
            ChainProblem::WitnessMismatch { seq } => write!(
                f,
                "event #{seq} differs from the one audit.head vouches for: the database was \
                 replaced or the event rewritten"
            ),
            ChainProblem::BeginningRemoved => {
                write!(
                    f,
                    "the oldest events were deleted: the trail does not begin with the vault's creation"
                )
            }
        }
    }
}

/// The result of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// Events checked.
    pub events: u64,
    /// Everything found wrong; empty when the chain is intact.
    pub problems: Vec<ChainProblem>,
    /// Every time the owner resealed a damaged trail, with the damage then found: a
    /// resealed trail verifies as intact from there on, and this keeps the damage in view.
    pub reseals: Vec<Reseal>,
}

/// What a reseal recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ResealReport {
    /// The `audit.resealed` event's sequence number.
    pub seq: i64,
    /// The damage it records.
    pub problems: Vec<ChainProblem>,
    /// Each problem in words, as `audit verify` describes it.
    pub messages: Vec<String>,
}

/// A reseal of a damaged trail, as its `audit.resealed` event records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Reseal {
    /// The event's sequence number.
    pub seq: i64,
    /// When.
    pub at: String,
    /// The damage found then.
    pub problems: Vec<ChainProblem>,
    /// Each problem in words, as they were worded then.
    pub messages: Vec<String>,
}

impl VerifyReport {
    /// Whether the chain is intact.
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}

fn mac(key: &AuditKey) -> Hmac<Sha256> {
    <Hmac<Sha256> as KeyInit>::new_from_slice(key.as_bytes())
        .expect("HMAC accepts keys of any length")
}

fn put(m: &mut Hmac<Sha256>, field: Option<&str>) {
    match field {
        // Length-prefixed, with absence distinct from empty, so no two events encode alike.
        Some(s) => {
            m.update(&[1]);
            m.update(&(s.len() as u64).to_le_bytes());
            m.update(s.as_bytes());
        }
        None => m.update(&[0]),
    }
}

/// The chain hash of an event.
pub(crate) fn event_hash(
    key: &AuditKey,
    prev: &[u8; 32],
    e: &AuditEvent,
    detail: &str,
) -> [u8; 32] {
    let mut m = mac(key);
    m.update(b"lagom/v1/audit-event");
    m.update(prev);
    m.update(&e.seq.to_le_bytes());
    put(&mut m, Some(&e.id));
    put(&mut m, Some(&e.at));
    put(&mut m, e.actor_id.as_deref());
    put(&mut m, Some(&e.kind));
    put(&mut m, e.subject_kind.as_deref());
    put(&mut m, e.subject_id.as_deref());
    put(&mut m, Some(detail));
    m.finalize().into_bytes().into()
}

/// The MAC of the chain's head. A head sealed as `witnessed` promises that `audit.head` was
/// written beside the database from then on, so that file's absence is damage; a head of a
/// vault from before that file existed is sealed without it, and is re-sealed as witnessed
/// by its next write.
pub(crate) fn head_mac(key: &AuditKey, seq: i64, hash: &[u8; 32], witnessed: bool) -> [u8; 32] {
    let mut m = mac(key);
    m.update(if witnessed {
        b"lagom/v2/audit-head-witnessed".as_slice()
    } else {
        b"lagom/v1/audit-head".as_slice()
    });
    m.update(&seq.to_le_bytes());
    m.update(hash);
    m.finalize().into_bytes().into()
}

/// The head row as stored.
#[derive(Debug, Clone)]
pub(crate) struct StoredHead {
    pub(crate) seq: i64,
    pub(crate) hash: Vec<u8>,
    pub(crate) mac: Vec<u8>,
}

/// The newest event in the table: its sequence number and stored hash.
pub(crate) type LastEvent = (i64, Vec<u8>);

/// Checks the head row against the newest event. `Ok(witnessed)` when they agree (and
/// whether `audit.head` must exist); otherwise what is wrong. An empty table without a head
/// is a vault being created.
pub(crate) fn check_head(
    key: &AuditKey,
    head: Option<&StoredHead>,
    last: Option<&LastEvent>,
) -> std::result::Result<bool, ChainProblem> {
    let Some(head) = head else {
        return match last {
            None => Ok(false),
            Some(_) => Err(ChainProblem::HeadMissing),
        };
    };
    let hash = to32(&head.hash);
    let sealed_as = [true, false]
        .into_iter()
        .find(|w| head.mac.len() == 32 && head_mac(key, head.seq, &hash, *w) == to32(&head.mac));
    let Some(witnessed) = sealed_as.filter(|_| head.hash.len() == 32) else {
        return Err(ChainProblem::HeadAltered);
    };
    let (last_seq, last_hash) = last.map_or((0, &[][..]), |(s, h)| (*s, h.as_slice()));
    if last_seq < head.seq {
        return Err(ChainProblem::TailRemoved {
            expected_last: head.seq,
            found_last: last_seq,
        });
    }
    if last_seq > head.seq {
        return Err(ChainProblem::HeadMismatch {
            head: head.seq,
            found_last: last_seq,
        });
    }
    if last_hash != head.hash.as_slice() {
        return Err(ChainProblem::Altered { seq: head.seq });
    }
    Ok(witnessed)
}

/// Checks `audit.head` (its bytes, if the file exists) against the database: the event it
/// names must still be there, unchanged. `event_hash_at` reads an event's stored hash.
pub(crate) fn check_witness(
    key: &AuditKey,
    vault_id: &[u8; 16],
    witnessed: bool,
    file: Option<&[u8]>,
    last_seq: i64,
    event_hash_at: impl FnOnce(i64) -> crate::Result<Option<Vec<u8>>>,
) -> crate::Result<Option<ChainProblem>> {
    let Some(bytes) = file else {
        return Ok(witnessed.then_some(ChainProblem::WitnessMissing));
    };
    let Some(w) = witness::Witness::decode(bytes, key, vault_id) else {
        return Ok(Some(ChainProblem::WitnessAltered));
    };
    if w.seq > last_seq {
        return Ok(Some(ChainProblem::RolledBack {
            recorded_last: w.seq,
            found_last: last_seq,
        }));
    }
    Ok(match event_hash_at(w.seq)? {
        Some(hash) if hash.as_slice() == w.hash.as_slice() => None,
        _ => Some(ChainProblem::WitnessMismatch { seq: w.seq }),
    })
}

/// Walks the chain event by event. Each event is checked against its own stored hash and
/// its predecessor's, so that one edited event is reported once, not with everything after it.
pub(crate) struct Verifier<'k> {
    key: &'k AuditKey,
    expected_seq: i64,
    prev: [u8; 32],
    began_with_creation: bool,
    pub(crate) report: VerifyReport,
}

impl<'k> Verifier<'k> {
    pub(crate) fn new(key: &'k AuditKey) -> Self {
        Self {
            key,
            expected_seq: 1,
            prev: [0; 32],
            began_with_creation: false,
            report: VerifyReport {
                events: 0,
                problems: vec![],
                reseals: vec![],
            },
        }
    }

    pub(crate) fn check(&mut self, e: &AuditEvent, detail: &str, prev_hash: &[u8], hash: &[u8]) {
        self.report.events += 1;
        if self.report.events == 1 {
            self.began_with_creation = e.seq == 1 && e.kind == AuditKind::VaultCreated.as_str();
        }
        if e.kind == AuditKind::AuditResealed.as_str() {
            // The event is sealed in the chain like any other; what it says is read leniently.
            let problems = serde_json::from_value(e.detail["problems"].clone()).unwrap_or_default();
            let messages = serde_json::from_value(e.detail["messages"].clone()).unwrap_or_default();
            self.report.reseals.push(Reseal {
                seq: e.seq,
                at: e.at.clone(),
                problems,
                messages,
            });
        }
        if e.seq > self.expected_seq {
            self.report.problems.push(ChainProblem::Missing {
                from: self.expected_seq,
                to: e.seq.saturating_sub(1),
            });
        } else if prev_hash != self.prev {
            self.report
                .problems
                .push(ChainProblem::Broken { seq: e.seq });
        }
        if prev_hash.len() != 32
            || hash.len() != 32
            || event_hash(self.key, &to32(prev_hash), e, detail) != to32(hash)
        {
            self.report
                .problems
                .push(ChainProblem::Altered { seq: e.seq });
        }
        self.expected_seq = e.seq.saturating_add(1);
        self.prev = to32(hash);
    }

    /// The last event walked: its sequence number and stored hash.
    pub(crate) fn last(&self) -> Option<LastEvent> {
        (self.report.events > 0).then(|| (self.expected_seq - 1, self.prev.to_vec()))
    }

    /// Ends the walk: the head row is checked against the last event, and whatever else was
    /// found about the head (`extra`, from `audit.head`) is added.
    pub(crate) fn finish(
        mut self,
        head: Option<&StoredHead>,
        extra: Option<ChainProblem>,
    ) -> VerifyReport {
        let last = self.last();
        if let Err(problem) = check_head(self.key, head, last.as_ref()) {
            // An edited last event is already reported by the walk.
            if !self.report.problems.contains(&problem) {
                self.report.problems.push(problem);
            }
        }
        self.report.problems.extend(extra);
        if !self.began_with_creation {
            self.report.problems.push(ChainProblem::BeginningRemoved);
        }
        self.report
    }
}

pub(crate) fn to32(bytes: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let n = bytes.len().min(32);
    out[..n].copy_from_slice(&bytes[..n]);
    out
}
