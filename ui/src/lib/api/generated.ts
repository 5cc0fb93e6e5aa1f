// Generated from the Rust types of lagom-core's command table by ts-rs. Do not edit:
// run `LAGOM_WRITE_TS=1 cargo test -p lagom-core generated_types` to write it again.

/**
 * An action on a request.
 */
export type ActionEntry = { 
/**
 * When.
 */
at: string, 
/**
 * What.
 */
action: string, 
/**
 * Ids, counts, field names.
 */
detail: JsonValue, };

/**
 * `audit.list`'s arguments; every filter is optional.
 */
export type AuditArgs = { 
/**
 * Only this kind of event (see `audit.kinds`).
 */
kind?: string | null, 
/**
 * Only events about this subject (an id).
 */
subject?: string | null, 
/**
 * Only events at or after this time.
 */
since?: string | null, 
/**
 * Only events before this time.
 */
until?: string | null, 
/**
 * The sequence number of the last event of the previous page.
 */
before?: number | null, 
/**
 * At most this many (200 when not given).
 */
limit?: number | null, };

/**
 * An event as the audit log shows it: as stored, with the name of the user who acted and,
 * while the person or organisation it is about is still in the vault, its name (for a
 * person without one, their e-mail address). The names are looked up as the log is read;
 * the event itself still holds only ids, so an erased person's events name nobody.
 */
export type AuditEntry = { 
/**
 * The acting user's display name.
 */
actor_name: string | null, 
/**
 * The subject's name, when it is a person or organisation still in the vault.
 */
subject_name: string | null, 
/**
 * The purposes, sources and subscription types the detail names by id, with their names
 * as they are now, so that the log shows a name and never an id.
 */
named: Array<AuditName>, 
/**
 * Position in the chain, from 1.
 */
seq: number, 
/**
 * The event's id.
 */
id: string, 
/**
 * When (RFC 3339, UTC).
 */
at: string, 
/**
 * The user who acted, if known.
 */
actor_id: string | null, 
/**
 * What happened (see [`AuditKind`]).
 */
kind: string, 
/**
 * The kind of thing acted on ("person", "vault").
 */
subject_kind: string | null, 
/**
 * Its id.
 */
subject_id: string | null, 
/**
 * Field names, counts, reasons: never values.
 */
detail: JsonValue, };

/**
 * A purpose, source or subscription type an event's detail names by id.
 */
export type AuditName = { 
/**
 * The id as the detail holds it.
 */
id: string, 
/**
 * Which list it is in.
 */
list: BuiltIn, 
/**
 * Its name as stored.
 */
name: string, 
/**
 * Its key when it is a built-in one, which the reader sees in their own language.
 */
key: string | null, };

/**
 * `audit.reseal`'s arguments: the password again.
 */
export type AuditResealArgs = { 
/**
 * The vault's password.
 */
password: string, };

/**
 * The result of checking the whole chain.
 */
export type AuditVerified = { 
/**
 * Whether the chain is intact.
 */
intact: boolean, 
/**
 * Events checked.
 */
events: number, 
/**
 * Everything found wrong; empty when intact.
 */
problems: Array<ChainProblem>, 
/**
 * Each problem in words, in the same order.
 */
messages: Array<string>, 
/**
 * Every reseal of a damaged trail, with the damage found then.
 */
reseals: Array<Reseal>, 
/**
 * Whether the vault refuses changes until the trail is resealed or a backup restored.
 */
writes_refused: boolean, };

/**
 * A supervisory authority to complain to (Art. 77).
 */
export type Authority = { 
/**
 * The country it serves, or `None` for "the authority where you live".
 */
country: string | null, 
/**
 * Its name.
 */
name: string, 
/**
 * Its postal address.
 */
address: string, 
/**
 * Its web site.
 */
url: string, };

/**
 * `vault.backup`'s arguments: a folder, a file, or neither for a download.
 */
export type BackupArgs = { 
/**
 * Write the backup's files into this folder (empty or new).
 */
dir?: string | null, 
/**
 * Write a single-file backup (`.lagom-backup`) here.
 */
file?: string | null, 
/**
 * Replace `file` if it exists (after the platform's save dialog asked, or `--force`).
 */
overwrite?: boolean, };

/**
 * What a backup wrote.
 */
export type BackupReport = { 
/**
 * The backup written: a folder, or a `.lagom-backup` file; none for a download.
 */
path: string | null, 
/**
 * The size of the database copy, in bytes.
 */
bytes: number, 
/**
 * The name a single-file backup is offered under (`lagom-backup-<date>.lagom-backup`).
 */
file_name: string, 
/**
 * Set by the command table when `content` was kept as a download.
 */
download: Download | null, };

/**
 * The last backup.
 */
export type BackupState = { 
/**
 * When it was made (RFC 3339, UTC); none if never.
 */
last_at?: string | null, 
/**
 * Its age in whole days.
 */
age_days?: number | null, 
/**
 * Whether a new one is due.
 */
due: boolean, 
/**
 * Where scheduled backups go, if chosen.
 */
folder?: string | null, };

/**
 * A page of the recycle bin with the day each person will be purged.
 */
export type Bin = { 
/**
 * Days a person stays in the bin.
 */
bin_days: number, 
/**
 * The day each person on the page is purged, in the page's order.
 */
purge_on: Array<string>, 
/**
 * The people on this page.
 */
people: Array<BinnedPerson>, 
/**
 * How many are in the bin in all.
 */
total: number, };

/**
 * `bin.list`'s arguments.
 */
export type BinArgs = { 
/**
 * At most this many (50 when not given; at most 1,000).
 */
limit?: number, 
/**
 * Skipping this many.
 */
offset?: number, };

/**
 * One person in the recycle bin.
 */
export type BinnedPerson = { 
/**
 * The person's id.
 */
id: string, 
/**
 * Given name(s).
 */
first_name: string, 
/**
 * Family name.
 */
last_name: string, 
/**
 * E-mail.
 */
email: string | null, 
/**
 * Organisation name.
 */
organisation: string | null, 
/**
 * When they were put in the bin (RFC 3339, UTC).
 */
binned_at: string, };

/**
 * Which list a built-in name belongs to.
 */
export type BuiltIn = "purpose" | "source" | "subscription";

/**
 * The business behind the vault.
 */
export type Business = { 
/**
 * Its name.
 */
name: string | null, 
/**
 * Its organisation number (org.nr., organisationsnummer, CVR).
 */
org_number: string | null, 
/**
 * Its postal address; lines separated by `\n`.
 */
address: string | null, 
/**
 * Where people write about their data.
 */
email: string | null, 
/**
 * ISO 3166 country code (NO, SE, DK, …).
 */
country: string | null, 
/**
 * Service providers that process personal data for the business ("Fiken (accounting)").
 */
recipients: Array<string>, };

/**
 * A change to the business: absent fields stay; `null` clears.
 */
export type BusinessPatch = { 
/**
 * New name.
 */
name?: string | null | null, 
/**
 * New organisation number.
 */
org_number?: string | null | null, 
/**
 * New address.
 */
address?: string | null | null, 
/**
 * New contact e-mail.
 */
email?: string | null | null, 
/**
 * New country code.
 */
country?: string | null | null, 
/**
 * The whole list of recipients.
 */
recipients?: Array<string> | null, };

/**
 * What is wrong with the chain, event by event.
 */
export type ChainProblem = { "problem": "altered", 
/**
 * The edited event.
 */
seq: number, } | { "problem": "broken", 
/**
 * The event whose link back is wrong.
 */
seq: number, } | { "problem": "missing", 
/**
 * First missing number.
 */
from: number, 
/**
 * Last missing number.
 */
to: number, } | { "problem": "tail_removed", 
/**
 * The last event the head vouches for.
 */
expected_last: number, 
/**
 * The last event found.
 */
found_last: number, } | { "problem": "head_altered" } | { "problem": "head_missing" } | { "problem": "head_mismatch", 
/**
 * The last event the head vouches for.
 */
head: number, 
/**
 * The last event found.
 */
found_last: number, } | { "problem": "witness_missing" } | { "problem": "witness_altered" } | { "problem": "rolled_back", 
/**
 * The last event `audit.head` vouches for.
 */
recorded_last: number, 
/**
 * The last event found in the database.
 */
found_last: number, } | { "problem": "witness_mismatch", 
/**
 * The event.
 */
seq: number, } | { "problem": "beginning_removed" };

/**
 * `vault.change_password`'s arguments.
 */
export type ChangePasswordArgs = { 
/**
 * The password now, typed again.
 */
current_password: string, 
/**
 * The new password.
 */
new_password: string, 
/**
 * Also issue a new secret key (shown once, with its emergency kit).
 */
new_secret_key?: boolean | null, };

/**
 * E-mail or phone.
 */
export type Channel = "email" | "phone";

/**
 * `duplicates.check`'s arguments: the person about to be added.
 */
export type CheckArgs = { 
/**
 * Their fields, as `person.create` would take them.
 */
fields: PersonFields, };

/**
 * `request.close`'s arguments.
 */
export type CloseArgs = { 
/**
 * R-0001 or the request's id.
 */
request: string, 
/**
 * Done, refused or withdrawn.
 */
status: RequestStatus, 
/**
 * How it ended; for a refusal, why.
 */
outcome?: string, };

/**
 * What happens to one column.
 */
export type ColumnPlan = { 
/**
 * The column's position.
 */
column: number, 
/**
 * Its header (or "Column N" without one).
 */
header: string, 
/**
 * The field it fills, if it is imported.
 */
field: Field | null, 
/**
 * For an e-mail or phone column: what its addresses or numbers are for (a row's own
 * type cell or a kind written after the value overrides it).
 */
kind: ContactKind | null, 
/**
 * How sure the suggestion was (1.0 for a saved choice).
 */
confidence: number, 
/**
 * Why it looks sensitive, if it does.
 */
sensitivity: Sensitivity | null, 
/**
 * Whether its values are imported.
 */
included: boolean, 
/**
 * Its first values (up to [`ColumnPlan::SAMPLES`] non-empty cells, each at most
 * [`ColumnPlan::SAMPLE_CHARS`] characters), so that the owner knows the column by what it
 * holds. Empty for a column held back as sensitive: its values are shown nowhere until the
 * owner chooses it.
 */
samples: Array<string>, };

/**
 * `consent.confirm`'s arguments.
 */
export type ConfirmArgs = { 
/**
 * The person's id or e-mail address.
 */
person: string, 
/**
 * The purpose by name.
 */
purpose: string, 
/**
 * The code the person was sent (dashes and case do not matter).
 */
code: string, };

/**
 * How a double opt-in went.
 */
export type ConfirmationView = { 
/**
 * When the message with the code was composed for sending.
 */
sent_at: string | null, 
/**
 * When the person confirmed.
 */
confirmed_at: string | null, 
/**
 * `code` or `reply`.
 */
how: string | null, 
/**
 * The `given` row the confirmation wrote.
 */
given_event: string | null, 
/**
 * Wrong codes tried so far.
 */
wrong_codes: number, 
/**
 * Until when it can be confirmed.
 */
expires_at: string | null, 
/**
 * When it ended unconfirmed (too many wrong codes, or found too old).
 */
expired_at: string | null, };

/**
 * Which value wins where the file and the vault disagree.
 */
export type ConflictRule = "keep_existing" | "prefer_imported";

/**
 * One row of the consent ledger.
 */
export type ConsentEntry = { 
/**
 * Id.
 */
id: string, 
/**
 * The purpose.
 */
purpose: string, 
/**
 * pending, given or withdrawn.
 */
state: string, 
/**
 * web_form, email, phone, in_person, import.
 */
method: string, 
/**
 * When the person did it.
 */
occurred_at: string, 
/**
 * When it was written down.
 */
recorded_at: string, 
/**
 * By whom.
 */
recorded_by: string | null, 
/**
 * The evidence (form, message, who took the call).
 */
evidence: string, 
/**
 * The words agreed to.
 */
consent_text: TextVersion | null, 
/**
 * The privacy notice shown.
 */
privacy_notice: TextVersion | null, 
/**
 * When a confirmation was sent (double opt-in).
 */
confirmation_sent: string | null, 
/**
 * When it was confirmed.
 */
confirmed_at: string | null, 
/**
 * How: code or reply.
 */
confirmed_how: string | null, };

/**
 * One row of the consent ledger.
 */
export type ConsentEventView = { 
/**
 * Its id.
 */
id: string, 
/**
 * The purpose's name.
 */
purpose: string, 
/**
 * What happened.
 */
state: ConsentState, 
/**
 * How.
 */
method: ConsentMethod, 
/**
 * When the person did it (RFC 3339, UTC).
 */
occurred_at: string, 
/**
 * When it was written down.
 */
recorded_at: string, 
/**
 * Who wrote it down (a user's display name).
 */
recorded_by: string, 
/**
 * The form, the message id, who took the call.
 */
evidence: string, 
/**
 * The words agreed to, in full.
 */
text: ConsentTextView | null, 
/**
 * The privacy notice the person had seen.
 */
notice: PrivacyNoticeRef | null, 
/**
 * For a double opt-in: how the confirmation went.
 */
confirmation: ConfirmationView | null, 
/**
 * The address the consent was given for, when it names one (marketing writes there
 * instead of the primary address).
 */
email: string | null, };

/**
 * `consent.give`'s arguments: the person, and the consent as [`GiveConsent`] has it.
 */
export type ConsentGiveArgs = { 
/**
 * The person's id or e-mail address.
 */
person: string, 
/**
 * The purpose, by name or id.
 */
purpose: string, 
/**
 * How it was given.
 */
method: ConsentMethod, 
/**
 * When (a date or an RFC 3339 time; now when not given). Not in the future.
 */
occurred_at?: string | null, 
/**
 * The version of the purpose's consent text agreed to; the newest when not given.
 */
text_version?: number | null, 
/**
 * The version of the privacy notice seen; the newest when not given.
 */
notice_version?: number | null, 
/**
 * The language of the text and notice; the person's when not given.
 */
language?: Language | null, 
/**
 * The form, the message id, who took the call.
 */
evidence?: string, 
/**
 * The address the consent was given for, one of the person's (their primary when not
 * given): marketing for this purpose writes there.
 */
email?: string | null, };

/**
 * How a person gave or withdrew consent.
 */
export type ConsentMethod = "web_form" | "email" | "phone" | "in_person" | "import";

/**
 * Arguments naming one person, for consent's commands.
 */
export type ConsentPersonArgs = { 
/**
 * The person's id or e-mail address.
 */
person: string, };

/**
 * A pending consent and how the message that asks the person to confirm it left. The code
 * is only in the message: it is not handed back, so that it reaches no one but the person.
 */
export type ConsentRequest = { 
/**
 * The `pending` ledger row.
 */
consent: ConsentEventView, 
/**
 * How the message with the consent text word for word and the code left: sent, or
 * saved as an `.eml` file.
 */
delivery: Delivery, };

/**
 * `consent.request`'s arguments: the person, where to save the message instead of sending
 * it, and the request as [`RequestConsent`] has it.
 */
export type ConsentRequestArgs = { 
/**
 * The person's id or e-mail address.
 */
person: string, 
/**
 * Save the message as an `.eml` file (or into this folder) instead of sending it.
 */
save_to?: string | null, 
/**
 * Hand the message back as an `.eml` download instead of sending it (a browser,
 * where no path can be given).
 */
hold?: boolean, 
/**
 * The purpose, by name or id.
 */
purpose: string, 
/**
 * The version of the consent text to send; the newest in the person's language when
 * not given.
 */
text_version?: number | null, 
/**
 * The version of the privacy notice to point to; the newest when not given.
 */
notice_version?: number | null, 
/**
 * The address to ask at, one of the person's (their primary when not given); the
 * consent confirmed names it, and marketing for the purpose writes there.
 */
email?: string | null, };

/**
 * Where a person's consent for a purpose stands, as one row of the ledger says.
 */
export type ConsentState = "pending" | "given" | "withdrawn";

/**
 * One version of the words a person agrees to for a purpose, in one language.
 */
export type ConsentTextView = { 
/**
 * Its id.
 */
id: string, 
/**
 * The purpose's name.
 */
purpose: string, 
/**
 * The language it is written in.
 */
language: Language, 
/**
 * 1 for the first wording, then 2, 3 …
 */
version: number, 
/**
 * The words, exactly as shown to the person.
 */
body: string, 
/**
 * SHA-256 of the body's UTF-8 bytes, in hex.
 */
sha256: string, 
/**
 * When it was added (RFC 3339, UTC).
 */
created_at: string, 
/**
 * Who added it (a user's display name).
 */
created_by: string, };

/**
 * A person's consent for one purpose: where it stands and everything that led there.
 */
export type ConsentView = { 
/**
 * The purpose's name.
 */
purpose: string, 
/**
 * The newest row's state.
 */
state: ConsentState, 
/**
 * Whether the consent counts: given, and neither withdrawn since nor merely pending.
 */
valid: boolean, 
/**
 * When the newest row happened.
 */
since: string, 
/**
 * For a pending consent: it can no longer be confirmed.
 */
expired: boolean, 
/**
 * The ledger for this purpose, oldest first.
 */
history: Array<ConsentEventView>, };

/**
 * `consent.withdraw`'s arguments: the person, and the withdrawal as [`Withdrawal`] has it.
 */
export type ConsentWithdrawArgs = { 
/**
 * The person's id or e-mail address.
 */
person: string, 
/**
 * The purpose, by name or id.
 */
purpose: string, 
/**
 * How the person said so.
 */
method: ConsentMethod, 
/**
 * When (a date or an RFC 3339 time; now when not given). Not in the future.
 */
occurred_at?: string | null, 
/**
 * The message id, who took the call.
 */
evidence?: string, };

/**
 * `person.contact_add`'s arguments.
 */
export type ContactAddArgs = { 
/**
 * The person's id or e-mail address.
 */
person: string, 
/**
 * The address or number, its kind and whether it becomes the primary one.
 */
contact: NewContact, 
/**
 * Why an address or number an earlier erasure covers is added anyway (the person asked
 * to be registered again); without it such an add is refused as `erased`.
 */
register_erased?: string | null, };

/**
 * Arguments naming one of a person's addresses or numbers.
 */
export type ContactArgs = { 
/**
 * The address's or number's id (a card lists them).
 */
contact: string, };

/**
 * What an address or number is for.
 */
export type ContactKind = "work" | "private" | "mobile" | "other";

/**
 * `person.contact_kind`'s arguments.
 */
export type ContactKindArgs = { 
/**
 * The address's or number's id.
 */
contact: string, 
/**
 * What it is for.
 */
kind: ContactKind, };

/**
 * One of a person's addresses or numbers.
 */
export type ContactPoint = { 
/**
 * Its id (for removing it or making it the primary one).
 */
id: string, 
/**
 * E-mail or phone.
 */
channel: Channel, 
/**
 * The address in lower case, or the number: E.164 (`+4791234567`) when its country is
 * known, else as it was written.
 */
value: string, 
/**
 * The value as a person reads it: a phone number grouped the way its country writes
 * it (`+47 912 34 567`, `+46 8 555 123 45`); an address as stored.
 */
display: string, 
/**
 * Work, private, mobile or other.
 */
kind: ContactKind, 
/**
 * The one used when one is needed (marketing, letters, the list).
 */
primary: boolean, };

/**
 * The business as data controller.
 */
export type Controller = { 
/**
 * The business's name (empty when not set).
 */
name: string, 
/**
 * Its organisation number.
 */
org_number: string, 
/**
 * Its postal address, lines separated by `\n`.
 */
address: string, 
/**
 * Where people write about their data.
 */
email: string, 
/**
 * Its country (ISO 3166-1 alpha-2), which names the supervisory authority.
 */
country: string, };

/**
 * One thing a file showed about its country. Serialised with a `kind` tag:
 * `{"kind": "header_language", "country": "SE", "headers": ["Förnamn", "Postort"]}`.
 */
export type CountryEvidence = { "kind": "header_language", 
/**
 * ISO alpha-2.
 */
country: string, 
/**
 * The headers, as written, that only this language uses.
 */
headers: Array<string>, } | { "kind": "email_domains", 
/**
 * ISO alpha-2.
 */
country: string, 
/**
 * Addresses in the country's domain.
 */
count: number, 
/**
 * Addresses looked at.
 */
of: number, } | { "kind": "country_column", 
/**
 * ISO alpha-2.
 */
country: string, 
/**
 * Rows naming this country.
 */
rows: number, 
/**
 * Rows naming any country.
 */
of: number, } | { "kind": "number_formats", 
/**
 * ISO alpha-2.
 */
country: string, 
/**
 * Numbers valid in the country.
 */
valid: number, 
/**
 * Numbers looked at.
 */
of: number, };

/**
 * Where a file's phone country came from.
 */
export type CountrySource = "chosen" | "inferred" | "vault";

/**
 * The id of something created.
 */
export type Created = { 
/**
 * Its id.
 */
id: string, };

/**
 * The database's raw SQLCipher key.
 */
export type DatabaseKey = { 
/**
 * The key in hex, as `PRAGMA key = "x'…'"` takes it.
 */
sqlcipher_raw_key: string, };

/**
 * `vault.database_key`'s arguments: the password again, as for every change of keys.
 */
export type DatabaseKeyArgs = { 
/**
 * The vault's password.
 */
password: string, };

/**
 * A deal with the person.
 */
export type DealEntry = { 
/**
 * Id.
 */
id: string, 
/**
 * What it is about.
 */
title: string, 
/**
 * lead, qualified, proposal, won, lost.
 */
stage: string, 
/**
 * Value in the currency's minor unit.
 */
value_minor: number | null, 
/**
 * Currency.
 */
currency: string | null, 
/**
 * Expected close.
 */
expected_close: string | null, 
/**
 * Who handles it.
 */
owner: string | null, 
/**
 * Created.
 */
created_at: string, 
/**
 * Last changed.
 */
updated_at: string, };

/**
 * Where a deal stands: the five stages the schema allows.
 */
export type DealStage = "lead" | "qualified" | "proposal" | "won" | "lost";

/**
 * A deal with someone, as their card shows it.
 */
export type DealView = { 
/**
 * The deal's id.
 */
id: string, 
/**
 * What it is about.
 */
title: string, 
/**
 * Where it stands.
 */
stage: DealStage, 
/**
 * Its value in the currency's minor unit (øre, cents).
 */
value_minor: number | null, 
/**
 * ISO 4217 currency code.
 */
currency: string | null, 
/**
 * When it is expected to close (a date).
 */
expected_close: string | null, 
/**
 * Who owns it (a user's display name).
 */
owner: string, };

/**
 * The id of something deleted.
 */
export type Deleted = { 
/**
 * Its id.
 */
deleted: string, };

/**
 * How a message left: sent through the mail server, or saved as an `.eml` file.
 */
export type Delivery = { "delivery": "sent", 
/**
 * The message's `Message-ID` header, angle brackets included.
 */
message_id: string, } | { "delivery": "saved", 
/**
 * The file.
 */
path: string, } | { "delivery": "held", 
/**
 * The download to fetch it by (set by the command table, which holds the file).
 */
download?: Download | null, };

/**
 * Made-up people added.
 */
export type DemoAdded = { 
/**
 * How many.
 */
created: number, };

/**
 * `demo.add`'s arguments.
 */
export type DemoArgs = { 
/**
 * How many made-up people to add.
 */
people: number, };

/**
 * Uploaded files let go of.
 */
export type Discarded = { 
/**
 * How many ids were given.
 */
discarded: number, };

/**
 * `hygiene.dismiss`'s arguments.
 */
export type DismissArgs = { 
/**
 * The finding's id.
 */
finding: number, };

/**
 * A finding dismissed.
 */
export type Dismissed = { 
/**
 * The finding.
 */
finding: number, };

/**
 * A file a command made for a client that cannot be handed a path (a browser), waiting to
 * be fetched once (`api::downloads` holds it): what the command answers.
 */
export type Download = { 
/**
 * Its id, to fetch it by.
 */
id: string, 
/**
 * The name to save it under.
 */
name: string, 
/**
 * Its media type (`application/pdf`).
 */
media_type: string, 
/**
 * Its size in bytes.
 */
size: number, };

/**
 * What to do with a row that matches someone known.
 */
export type DuplicateAction = "merge" | "skip" | "create";

/**
 * Two people who may be one, side by side, with how sure the matcher is and why.
 */
export type DuplicatePair = { 
/**
 * One person (the one whose id sorts first).
 */
a: PairPerson, 
/**
 * The other.
 */
b: PairPerson, 
/**
 * 0 (surely two people) to 1 (surely one).
 */
score: number, 
/**
 * What is alike and what differs, strongest likeness first.
 */
reasons: Array<Reason>, 
/**
 * The matcher would merge them unasked (an identifier in common, names that agree,
 * nothing that differs).
 */
automatic: boolean, 
/**
 * When the pair was first found (RFC 3339, UTC).
 */
found_at: string, };

/**
 * One duplicate, side by side.
 */
export type DuplicateView = { 
/**
 * The file of the new row.
 */
file: string, 
/**
 * The new row.
 */
row: number, 
/**
 * How alike they are and why (the importer takes a pair at or above
 * `lagom_import::matching::REVIEW_THRESHOLD` as a duplicate).
 */
scored: Scored, 
/**
 * What is done with it.
 */
action: DuplicateAction, 
/**
 * The row's person.
 */
incoming: PersonFields, 
/**
 * Who it matched.
 */
earlier: Earlier, 
/**
 * For a merge into the vault: fields that change.
 */
changes: Array<string>, 
/**
 * For a merge into the vault: fields where both have different values, and which won.
 */
conflicts: Array<FieldConflict>, 
/**
 * For a match in the vault: the person as a merge would leave them.
 */
merged: PersonFields | null, };

/**
 * The person a duplicate matched.
 */
export type Earlier = { "in": "vault", 
/**
 * Their id.
 */
id: string, 
/**
 * Their fields as they are now.
 */
person: PersonFields, } | { "in": "row", 
/**
 * Its file.
 */
file: string, 
/**
 * Its row.
 */
row: number, };

/**
 * An earlier erasure of someone now registered again, as their subject-access bundle
 * tells it.
 */
export type EarlierErasure = { 
/**
 * When they were erased (RFC 3339, UTC).
 */
erased_at: string, 
/**
 * The request it answered (`R-0004`), if any.
 */
request: string | null, 
/**
 * When they were registered again.
 */
registered_again_at: string | null, 
/**
 * Why, as staff wrote it.
 */
reason: string | null, 
/**
 * How many keyed hashes of their addresses and numbers the vault keeps of it.
 */
hashes: number, };

/**
 * `person.erase`'s arguments.
 */
export type EraseArgs = { 
/**
 * The person's id or e-mail address.
 */
person: string, 
/**
 * The request the erasure answers: its id or number ("R-0001").
 */
request?: string | null, };

/**
 * How much of each kind an erasure removed or changed.
 */
export type ErasureCounts = { 
/**
 * Notes about the person, deleted.
 */
notes: number, 
/**
 * Notes on the person's deals (naming no person), deleted: they are about dealings
 * with the person.
 */
deal_notes: number, 
/**
 * Consent events (given, pending, withdrawn), deleted.
 */
consents: number, 
/**
 * Subscriptions, deleted.
 */
subscriptions: number, 
/**
 * Tag links, deleted (the tags stay).
 */
tags: number, 
/**
 * Processing records, deleted.
 */
processing_records: number, 
/**
 * Deals that named the person, now without one.
 */
deals_detached: number, 
/**
 * Requests about the person, now naming the pseudonym.
 */
requests_pseudonymised: number, 
/**
 * Requests about nobody left in the vault whose free text (description, outcome,
 * extension reason) was emptied.
 */
request_texts_cleared: number, 
/**
 * Entries in imports' change logs, deleted.
 */
import_log_entries: number, 
/**
 * Invoices kept under the pseudonym.
 */
invoices_kept: number, 
/**
 * Invoices past their retention, deleted.
 */
invoices_deleted: number, };

/**
 * What erasing a person would do, for the confirmation.
 */
export type ErasurePreview = { 
/**
 * The person.
 */
person: string, 
/**
 * What goes, and what is detached or pseudonymised.
 */
counts: ErasureCounts, 
/**
 * Invoices kept under a pseudonym (the bookkeeping law).
 */
invoices_kept: Array<InvoiceOutcome>, 
/**
 * Invoices past their retention, deleted with the person.
 */
invoices_deleted: Array<InvoiceOutcome>, 
/**
 * How many keyed hashes of their addresses and numbers the suppression entry will
 * keep ("a suppression record is kept (N keyed hashes)"); 0: no entry is made.
 */
suppression_hashes: number, };

/**
 * What an erasure did.
 */
export type ErasureReport = { 
/**
 * The erased person's id (it now names nobody).
 */
person: string, 
/**
 * The pseudonym kept invoices and requests carry.
 */
pseudonym: string, 
/**
 * What went.
 */
counts: ErasureCounts, 
/**
 * Invoices kept under the pseudonym.
 */
invoices_kept: Array<InvoiceOutcome>, 
/**
 * The request the erasure was made for, if one was named.
 */
request: string | null, 
/**
 * How many keyed hashes of their addresses and numbers the suppression entry keeps,
 * so that they are not added again; 0: they had none, and no entry was made.
 */
suppression_hashes: number, };

/**
 * Stable error codes. The UI shows a sentence per code and the CLI maps them to exit codes;
 * neither ever matches on message text.
 */
export type ErrorCode = "wrong_credentials" | "not_found" | "validation" | "conflict" | "exists" | "corrupt" | "unsupported" | "io" | "unreadable" | "cancelled" | "locked" | "mail" | "erased" | "internal";

/**
 * An audit event about the person.
 */
export type EventEntry = { 
/**
 * When.
 */
at: string, 
/**
 * What kind (see the audit kinds).
 */
kind: string, 
/**
 * Who did it.
 */
actor: string | null, };

/**
 * How a bundle leaves the vault.
 */
export type ExportFormat = "pdf" | "zip" | "folder" | "json" | "email";

/**
 * What the export dialog needs to know before an export: the language the summary will be
 * in and why, and which of the business's details are missing (exports are refused until
 * they are given).
 */
export type ExportPlan = { 
/**
 * The summary's language by default.
 */
language: Language, 
/**
 * Why that language.
 */
language_from: LanguageFrom, 
/**
 * The business's details a bundle must name and the vault lacks: `name`, `email`.
 */
missing: Array<string>, 
/**
 * Whether the person has an e-mail address to send the bundle to.
 */
can_email: boolean, 
/**
 * The person's name, as the summary heads it.
 */
name: string, 
/**
 * The file's name per language (`nb`: `innsyn-ase-hansen-2026-12-05`), without its
 * extension, for a save dialog to suggest.
 */
file_names: { [key in string]: string }, };

/**
 * `subject.export_plan`'s arguments.
 */
export type ExportPlanArgs = { 
/**
 * The person's id or e-mail address.
 */
person: string, };

/**
 * `request.extend`'s arguments.
 */
export type ExtendArgs = { 
/**
 * R-0001 or the request's id.
 */
request: string, 
/**
 * Why more time is needed (the person is told).
 */
reason: string, };

/**
 * A field of a person a column can fill.
 */
export type Field = "full_name" | "first_name" | "last_name" | "email" | "phone" | "title" | "organisation" | "customer_number" | "street" | "postcode" | "city" | "country" | "tags" | "note";

/**
 * A field where both sides hold a value and they differ.
 */
export type FieldConflict = { 
/**
 * The field's name.
 */
field: string, 
/**
 * The value known.
 */
existing: string, 
/**
 * The file's value.
 */
imported: string, 
/**
 * Whether the file's value was taken.
 */
imported_wins: boolean, };

/**
 * What was found in one file.
 */
export type FileReport = { 
/**
 * The file's name.
 */
name: string, 
/**
 * Its format.
 */
format: Format, 
/**
 * For CSV: the encoding found.
 */
encoding: string | null, 
/**
 * For CSV: the delimiter found ("semicolon", …).
 */
delimiter: string | null, 
/**
 * For workbooks: the sheet read.
 */
sheet: string | null, 
/**
 * For workbooks: every sheet with its size.
 */
sheets: Array<SheetInfo>, 
/**
 * What happens to each column.
 */
columns: Array<ColumnPlan>, 
/**
 * Columns not mapped to any field, dropped (data minimisation).
 */
dropped_columns: Array<string>, 
/**
 * Columns that look sensitive and were held back: not chosen, or not mapped to a
 * field. Plain free text is not among them: it comes in as notes, or is dropped.
 */
held_back_columns: Array<string>, 
/**
 * Data rows read from this file.
 */
rows: number, 
/**
 * The country its phone numbers without a country code are read in, and why.
 */
phone_country: PhoneCountry, };

/**
 * A value a list can be filtered by, with how many people have it.
 */
export type FilterChoice = { 
/**
 * What the filter is given: a name, or for users and statuses an id or code.
 */
value: string, 
/**
 * What is shown (a user's name; otherwise the same as `value`).
 */
label: string, 
/**
 * How many people have it.
 */
people: number, };

/**
 * Something a review job found.
 */
export type Finding = { 
/**
 * Its key, to dismiss it.
 */
id: number, 
/**
 * What was found (see `hygiene::reviews::kinds`).
 */
kind: string, 
/**
 * The person it is about, if any.
 */
person?: string | null, 
/**
 * Their name, while they are in the vault.
 */
name?: string | null, 
/**
 * Detail without personal values (purpose ids, versions, dates, counts).
 */
detail: Record<string, unknown>, 
/**
 * When it was found.
 */
found_at: string, };

/**
 * Findings of some kinds.
 */
export type Findings = { 
/**
 * The first few.
 */
items: Array<Finding>, 
/**
 * How many in all.
 */
total: number, };

/**
 * `hygiene.findings`'s arguments.
 */
export type FindingsArgs = { 
/**
 * The kinds (`consent_old`, `consent_superseded`, `subscribed_without_consent`,
 * `no_purpose`, `invalid_email`, `backup_due`, `integrity_problem`, `access_review`).
 */
kinds: Array<string>, 
/**
 * At most this many (50 when not given; at most 1,000).
 */
limit?: number, };

/**
 * What kind of file it is.
 */
export type Format = "csv" | "workbook" | "vcard";

/**
 * How housekeeping runs.
 */
export type HygieneSettings = { 
/**
 * Days between announcing a destructive step and taking it (0–365; 14 unless set).
 */
grace_days: number, 
/**
 * Days a person stays in the recycle bin before being erased (1–365; 30 unless set).
 */
bin_days: number, 
/**
 * A marketing consent older than this many months is listed for renewal (1–120).
 */
consent_max_age_months: number, 
/**
 * Days after which the last backup is too old (1–365; 7 unless set).
 */
backup_every_days: number, 
/**
 * Where scheduled backups are written; none: only a reminder.
 */
backup_folder?: string | null, 
/**
 * Whether pairs the duplicate finder is sure of may be merged without asking.
 */
auto_merge: boolean, 
/**
 * Each job's schedule; a job not named keeps its default.
 */
jobs: { [key in Job]?: JobSchedule }, 
/**
 * Whether the owner has looked at the retention rules (the start screen asks until
 * then).
 */
rules_reviewed: boolean, };

/**
 * `request.identity`'s arguments.
 */
export type IdentityArgs = { 
/**
 * R-0001 or the request's id.
 */
request: string, 
/**
 * The outcome of the identity check.
 */
identity: IdentityCheck, };

/**
 * Whether the person asking was shown to be the person the data is about.
 */
export type IdentityCheck = "unchecked" | "verified" | "failed";

/**
 * A committed import, as listed.
 */
export type ImportBatch = { 
/**
 * Its id.
 */
id: string, 
/**
 * The files' names.
 */
files: Array<string>, 
/**
 * The purpose.
 */
purpose: string, 
/**
 * The legal basis.
 */
legal_basis: LegalBasis, 
/**
 * The legal basis given for sensitive columns, if any were chosen.
 */
sensitive_basis: string | null, 
/**
 * What it did.
 */
counts: ImportCounts, 
/**
 * When.
 */
committed_at: string, 
/**
 * By whom.
 */
committed_by: string, 
/**
 * When it was undone, if it was.
 */
undone_at: string | null, };

/**
 * The counts of a plan or a commit.
 */
export type ImportCounts = { 
/**
 * Data rows read.
 */
rows: number, 
/**
 * People created.
 */
created: number, 
/**
 * People in the vault whose fields the import changes.
 */
updated: number, 
/**
 * Rows merged into an earlier row of the same import.
 */
merged: number, 
/**
 * Rows that matched someone in the vault and brought nothing new.
 */
unchanged: number, 
/**
 * Duplicates left out.
 */
skipped: number, 
/**
 * Rows left out because an earlier erasure covers one of their addresses or numbers
 * (see the problems: each names the day and the request). Absent from batches
 * committed before it was counted.
 */
erased: number, 
/**
 * Rows not imported because they are not a person (see the problems).
 */
rejected: number, 
/**
 * Values left out of otherwise good rows (see the problems).
 */
bad_values: number, };

/**
 * `import.discard`'s arguments.
 */
export type ImportDiscardArgs = { 
/**
 * The upload ids to let go of.
 */
uploads: Array<string>, };

/**
 * An import that created or changed the person's record.
 */
export type ImportEntry = { 
/**
 * The batch's id.
 */
batch: string, 
/**
 * When it was imported.
 */
committed_at: string, 
/**
 * The files' names.
 */
files: Array<string>, 
/**
 * created or updated.
 */
action: string, 
/**
 * The purpose of the import.
 */
purpose: string, 
/**
 * Its legal basis.
 */
legal_basis: string, 
/**
 * For a change: the record as it was before, kept so the import can be undone.
 */
previous: JsonValue | null, 
/**
 * When the import was undone, if it was.
 */
undone_at: string | null, };

/**
 * One file to import: on disk by its path, or handed over by a window that could not give a
 * path (a browser), by the id [`crate::api::Session`] gave the upload.
 */
export type ImportFile = { 
/**
 * Where it is (empty for an upload).
 */
path?: string, 
/**
 * The upload's id, instead of a path.
 */
upload?: string | null, 
/**
 * For a workbook: the sheet (the first with data when not given).
 */
sheet?: string | null, 
/**
 * The country this file's phone numbers without a country code are read in (ISO
 * alpha-2), over whatever the file itself suggests.
 */
country?: string | null, };

/**
 * Everything an import is asked to do. Left out of JSON, a choice takes its default (see
 * [`ImportOptions::new`]).
 */
export type ImportOptions = { 
/**
 * The files, in order.
 */
files?: Array<ImportFile>, 
/**
 * The country phone numbers without a country code are read in when neither their row
 * nor their file tells (ISO alpha-2). Empty or left out: the vault's country (the
 * business's, Norway until it is set). A file's own choice is [`ImportFile::country`].
 */
default_country?: string, 
/**
 * Saved column choices that override the suggestions.
 */
mapping?: SavedMapping | null, 
/**
 * Headers of sensitive columns to import anyway.
 */
include_sensitive?: Array<string>, 
/**
 * The legal basis for importing those (required when any is chosen), e.g. "explicit
 * consent, Art. 9(2)(a)".
 */
sensitive_basis?: string | null, 
/**
 * The purpose of the batch by name ("Sales and service" when not given).
 */
purpose?: string | null, 
/**
 * The legal basis (the purpose's default when not given).
 */
legal_basis?: LegalBasis | null, 
/**
 * What to do with duplicates by default.
 */
on_duplicate?: DuplicateAction, 
/**
 * Which value wins in a merge when both sides have one.
 */
on_conflict?: ConflictRule, 
/**
 * Choices for single duplicates.
 */
decisions?: Array<MatchDecision>, 
/**
 * How many rows the plan shows as they will be stored.
 */
preview_rows?: number, };

/**
 * Where an import is.
 */
export type ImportProgress = { 
/**
 * The file being read.
 */
file: string, 
/**
 * Its position among the files, from 0.
 */
file_index: number, 
/**
 * How many files there are.
 */
files: number, 
/**
 * Bytes read of all files.
 */
bytes_read: number, 
/**
 * Bytes of all files.
 */
bytes_total: number, 
/**
 * Rows handled so far.
 */
rows: number, };

/**
 * The whole plan of an import, or the report of a commit.
 */
export type ImportReport = { 
/**
 * The batch, once committed (`None` for a dry run).
 */
batch: string | null, 
/**
 * Whether nothing was written.
 */
dry_run: boolean, 
/**
 * The purpose of the batch.
 */
purpose: string, 
/**
 * Its legal basis.
 */
legal_basis: LegalBasis, 
/**
 * Each file.
 */
files: Array<FileReport>, 
/**
 * The counts.
 */
counts: ImportCounts, 
/**
 * The first rows as they will be stored.
 */
preview: Array<PreviewRow>, 
/**
 * Duplicates, side by side (at most [`DUPLICATES_SHOWN`]).
 */
duplicates: Array<DuplicateView>, 
/**
 * All duplicates found.
 */
duplicates_total: number, 
/**
 * Pairs of people compared while looking for duplicates (what blocking keeps down).
 */
pairs_compared: number, 
/**
 * Every problem, with its place.
 */
issues: Array<RowIssue>, };

/**
 * `import.undo`'s arguments.
 */
export type ImportUndoArgs = { 
/**
 * The batch's id (or its first eight or more characters).
 */
batch: string, };

/**
 * The result of checking every page of the database.
 */
export type IntegrityReport = { 
/**
 * Whether every page checks out.
 */
intact: boolean, 
/**
 * What is wrong; empty when intact.
 */
problems: Array<string>, };

/**
 * The last integrity check.
 */
export type IntegrityState = { 
/**
 * When it ran; none if never.
 */
last_at?: string | null, 
/**
 * Problems in the audit trail it found.
 */
audit_problems: number, 
/**
 * Damaged pages it found.
 */
page_problems: number, };

/**
 * An invoice to the person.
 */
export type InvoiceEntry = { 
/**
 * Id.
 */
id: string, 
/**
 * Its number.
 */
number: string, 
/**
 * Issued on.
 */
issued_on: string, 
/**
 * Due on.
 */
due_on: string | null, 
/**
 * Amount in the currency's minor unit.
 */
amount_minor: number, 
/**
 * Currency.
 */
currency: string, 
/**
 * draft, sent, paid, void.
 */
status: string, 
/**
 * Created.
 */
created_at: string, };

/**
 * An invoice as erasure treats it.
 */
export type InvoiceOutcome = { 
/**
 * The invoice number.
 */
number: string, 
/**
 * When it was issued.
 */
issued_on: string, 
/**
 * Its amount in minor units (øre, cents).
 */
amount_minor: number, 
/**
 * Its currency.
 */
currency: string, 
/**
 * Whose bookkeeping law applies (the vault's when not set).
 */
country: string | null, 
/**
 * The last day it must be kept; `None` when its date does not read (it is kept).
 */
keep_until: string | null, };

/**
 * A new secret key in force, shown once: after a vault is created, the keys are replaced
 * or the password is changed with a new secret key.
 */
export type IssuedKey = { 
/**
 * The vault's id.
 */
vault_id: string, 
/**
 * The new secret key as people read it.
 */
secret_key: string, 
/**
 * Whether the keyring remembers it.
 */
secret_key_remembered: boolean, 
/**
 * The emergency kit, an HTML page to print.
 */
kit_html: string, };

/**
 * One of the jobs a housekeeping run can do.
 */
export type Job = "retention" | "bin" | "duplicates" | "consent" | "quality" | "requests" | "backup" | "integrity" | "access";

/**
 * One job's part of a run.
 */
export type JobReport = { 
/**
 * The job.
 */
job: Job, 
/**
 * How it went.
 */
status: JobStatus, 
/**
 * Figures, by name (what was done, what waits, what was found).
 */
counts: { [key in string]: number }, 
/**
 * People acted on (or who would be), at most [`PEOPLE_SHOWN`].
 */
people: Array<PersonStep>, 
/**
 * What failed.
 */
failures: Array<StepFailure>, 
/**
 * The day it is next due, when it did not run for that reason.
 */
next_due_on?: string | null, 
/**
 * How long it took, in milliseconds.
 */
took_ms: number, };

/**
 * A job's schedule.
 */
export type JobSchedule = { 
/**
 * Whether it runs at all.
 */
enabled: boolean, 
/**
 * Every how many days (1–365).
 */
every_days: number, };

/**
 * How a job went in a run.
 */
export type JobStatus = "ran" | "not_due" | "off" | "failed";

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;

/**
 * `hygiene.keep`'s arguments.
 */
export type KeepArgs = { 
/**
 * The person's id or e-mail address.
 */
person: string, };

/**
 * A person kept, or a finding dismissed.
 */
export type Kept = { 
/**
 * The person kept.
 */
person: string, };

/**
 * The languages the app speaks.
 */
export type Language = "en" | "nb" | "sv" | "da";

/**
 * `person.set_language`'s arguments.
 */
export type LanguageArgs = { 
/**
 * The person's id or e-mail address.
 */
person: string, 
/**
 * Their language; `null`: the vault's.
 */
language: Language | null, };

/**
 * Where a person's language comes from.
 */
export type LanguageFrom = "person" | "country" | "phone" | "vault" | "default";

/**
 * How many people were left out of a list, by reason.
 */
export type LeftOut = { 
/**
 * Never gave consent for the purpose.
 */
no_consent: number, 
/**
 * Asked, but not (yet) confirmed.
 */
pending: number, 
/**
 * Withdrew it.
 */
withdrawn: number, 
/**
 * Restricted processing (Art. 18).
 */
restricted: number, 
/**
 * Objected (Art. 21).
 */
objected: number, 
/**
 * Not on the subscription named.
 */
not_subscribed: number, 
/**
 * Have no e-mail address.
 */
no_email: number, 
/**
 * Archived: kept, but not written to (people in the recycle bin are not counted).
 */
archived: number, };

/**
 * A legal basis for processing under GDPR Art. 6(1).
 */
export type LegalBasis = "a" | "b" | "c" | "d" | "e" | "f";

/**
 * One of the legal bases of GDPR Art. 6(1); fixed, with fixed names.
 */
export type LegalBasisView = { 
/**
 * The letter, a–f.
 */
code: LegalBasis, 
/**
 * Its name.
 */
name: string, 
/**
 * Where the law says it.
 */
article: string, };

/**
 * Where a person stands in their life in the register, as the card shows it.
 */
export type Life = { 
/**
 * When they were last used (an edit, note, deal, invoice, consent event, request or
 * processing record; RFC 3339, UTC): retention counts from here.
 */
last_activity_at: string | null, 
/**
 * When they were archived, while they are.
 */
archived_at: string | null, 
/**
 * When they were moved to the recycle bin, while they are there.
 */
binned_at: string | null, };

/**
 * Someone already in the register who is likely the person about to be added.
 */
export type LikelyDuplicate = { 
/**
 * Their id.
 */
id: string, 
/**
 * Given name(s).
 */
first_name: string, 
/**
 * Family name.
 */
last_name: string, 
/**
 * E-mail.
 */
email: string | null, 
/**
 * Phone.
 */
phone: string | null, 
/**
 * Organisation.
 */
organisation: string | null, 
/**
 * How alike, 0–1.
 */
score: number, 
/**
 * Why.
 */
reasons: Array<Reason>, };

/**
 * `person.restrict`'s and `person.object`'s arguments.
 */
export type LimitArgs = { 
/**
 * The person's id or e-mail address.
 */
person: string, 
/**
 * The reason; absent or `null` lifts it.
 */
reason?: string | null, };

/**
 * A restriction (Art. 18) or objection (Art. 21) in force.
 */
export type Limitation = { 
/**
 * Since when (RFC 3339, UTC).
 */
since: string, 
/**
 * What the person or their request said.
 */
reason: string, };

/**
 * Every list a form chooses from.
 */
export type Lists = { 
/**
 * Purposes by name.
 */
purposes: Array<PurposeView>, 
/**
 * Sources by name.
 */
sources: Array<SourceView>, 
/**
 * Subscription types by name.
 */
subscription_types: Array<SubscriptionTypeView>, 
/**
 * The six legal bases, a–f.
 */
legal_bases: Array<LegalBasisView>, };

/**
 * `lists.get`'s arguments.
 */
export type ListsArgs = { 
/**
 * Include archived entries.
 */
archived?: boolean, };

/**
 * The mail settings as shown: everything except the password.
 */
export type MailSettings = { 
/**
 * Whether messages go out through the server; without one they are saved as files.
 */
configured: boolean, 
/**
 * The server's host name or address.
 */
host: string | null, 
/**
 * The port (the usual one for `security` unless set).
 */
port: number, 
/**
 * How the connection is secured.
 */
security: Security, 
/**
 * The user name to sign in with; none: no sign-in.
 */
username: string | null, 
/**
 * Whether a password is kept (it is never shown).
 */
password_set: boolean, 
/**
 * The sender's name in the `From` header.
 */
from_name: string | null, 
/**
 * The sender's address.
 */
from_address: string | null, 
/**
 * A certificate (PEM) trusted besides the system's, for a server with its own CA.
 */
trusted_certificate: string | null, };

/**
 * A change to the mail settings: absent fields stay as they are; `null` clears a field.
 */
export type MailSettingsPatch = { 
/**
 * The server; `null` turns sending off (messages are then saved as files).
 */
host?: string | null | null, 
/**
 * The port; `null` goes back to the usual one for the security chosen.
 */
port?: number | null | null, 
/**
 * How the connection is secured.
 */
security?: Security | null, 
/**
 * The user name; `null` signs in with nothing.
 */
username?: string | null | null, 
/**
 * The password; `null` forgets it.
 */
password?: string | null | null, 
/**
 * The sender's name.
 */
from_name?: string | null | null, 
/**
 * The sender's address.
 */
from_address?: string | null | null, 
/**
 * A certificate (PEM) to trust for this server.
 */
trusted_certificate?: string | null | null, };

/**
 * `mail.test`'s arguments.
 */
export type MailTestArgs = { 
/**
 * Save the message as an `.eml` file (or into this folder) instead of sending it.
 */
save_to?: string | null, };

/**
 * `marketing.list`'s arguments.
 */
export type MarketingArgs = { 
/**
 * The purpose by name.
 */
purpose: string, 
/**
 * Only people on this subscription.
 */
subscription?: string | null, 
/**
 * The CSV file to write; without it the list comes back as a download.
 */
out?: string | null, 
/**
 * Replace `out` if it exists (asked for after an `exists` error, or after the
 * platform's save dialog asked).
 */
overwrite?: boolean, };

/**
 * A marketing list written.
 */
export type MarketingList = { 
/**
 * The purpose's name.
 */
purpose: string, 
/**
 * The subscription type's name, when one was named.
 */
subscription: string | null, 
/**
 * People on the list.
 */
included: number, 
/**
 * People left out, by reason.
 */
left_out: LeftOut, 
/**
 * The CSV file written, when the list went to a file.
 */
file: string | null, 
/**
 * Set by the command table when `content` was kept as a download.
 */
download: Download | null, 
/**
 * The name the list is offered under as a download (`marketing-<purpose>-<date>.csv`).
 */
file_name: string, };

/**
 * A change to the processing of a selection of people.
 */
export type MassEdit = { 
/**
 * The people, by id.
 */
people?: Array<string>, 
/**
 * Or everyone who passes a people list's filters (its paging ignored), as the list
 * shows them.
 */
query?: PeopleQuery | null, 
/**
 * The purpose, by name or id.
 */
purpose?: string, 
/**
 * The legal basis; the purpose's default when not given.
 */
legal_basis?: LegalBasis | null, 
/**
 * The source, by name or id; each person's current one for the purpose (else "manual")
 * when not given.
 */
source?: string | null, 
/**
 * Report what would change and write nothing.
 */
dry_run?: boolean, };

/**
 * What a mass edit did (or, in a dry run, would do).
 */
export type MassEditReport = { 
/**
 * People who got a new processing record.
 */
changed: number, 
/**
 * People whose newest record already said this.
 */
unchanged: number, 
/**
 * People left as they were because the basis is consent and theirs is not valid.
 */
without_consent: Array<string>, 
/**
 * Whether nothing was written.
 */
dry_run: boolean, };

/**
 * A choice for one duplicate, overriding the default rule.
 */
export type MatchDecision = { 
/**
 * The file's name (as the plan names it).
 */
file: string, 
/**
 * The row (as the plan numbers it).
 */
row: number, 
/**
 * What to do.
 */
action: DuplicateAction, };

/**
 * A field of a person whose value a merge takes from one side or the other.
 */
export type MergeField = "first_name" | "last_name" | "email" | "phone" | "title" | "organisation" | "status" | "address" | "postcode" | "city" | "country" | "customer_number" | "category" | "language" | "owner";

/**
 * What a merge did.
 */
export type MergeReport = { 
/**
 * The merge's id, for undoing it.
 */
merge: string, 
/**
 * The person kept.
 */
kept: string, 
/**
 * The person merged away (their id now names the person kept's record, until undone).
 */
merged: string, 
/**
 * The fields whose value came from the person merged away: chosen, or filled where the
 * person kept had none.
 */
taken: Array<MergeField>, 
/**
 * What moved over.
 */
moved: Moved, 
/**
 * Whether the search merged them unasked (housekeeping's setting `auto_merge`).
 */
automatic: boolean, };

/**
 * Merging two people into one: `keep` stays (their id, and their value in every field
 * unless the field is in `fields`); the other is merged into them and removed.
 */
export type MergeRequest = { 
/**
 * One person.
 */
a: string, 
/**
 * The other.
 */
b: string, 
/**
 * The person kept, `a` or `b` (`a` when not given).
 */
keep?: string | null, 
/**
 * Fields whose value is taken from the person merged away, even where the person kept
 * has one. Every other field keeps the kept person's value, or takes the other's where
 * the kept person has none.
 */
fields?: Array<MergeField>, };

/**
 * A merge, as the list of recent merges shows it.
 */
export type MergeView = { 
/**
 * The merge's id.
 */
id: string, 
/**
 * The person kept.
 */
kept: string, 
/**
 * The person kept's name as it is now, while they are in the vault.
 */
kept_name: string | null, 
/**
 * The person merged away.
 */
merged: string, 
/**
 * The merged person's name as it was, while the merge can be undone (after that the
 * vault no longer keeps it apart).
 */
merged_name: string | null, 
/**
 * When (RFC 3339, UTC).
 */
merged_at: string, 
/**
 * Who merged them (a user's name).
 */
merged_by: string, 
/**
 * Whether the search merged them unasked.
 */
automatic: boolean, 
/**
 * The fields whose value came from the person merged away.
 */
fields: Array<string>, 
/**
 * Whether it can still be undone: not undone, and the person kept unchanged since.
 */
can_undo: boolean, 
/**
 * When it was undone, if it was.
 */
undone_at: string | null, };

/**
 * How many rows a merge moved from the person merged away to the person kept.
 */
export type Moved = { 
/**
 * Notes about them.
 */
notes: number, 
/**
 * Deals.
 */
deals: number, 
/**
 * Invoices.
 */
invoices: number, 
/**
 * Consent events, with their evidence.
 */
consents: number, 
/**
 * Processing records.
 */
processing_records: number, 
/**
 * Requests they are named in (one they share already is not counted).
 */
requests: number, 
/**
 * Tags the person kept did not have.
 */
tags: number, 
/**
 * Subscriptions the person kept was not on.
 */
subscriptions: number, };

/**
 * An address or number to add to a person.
 */
export type NewContact = { 
/**
 * E-mail or phone.
 */
channel: Channel, 
/**
 * The address or number as written.
 */
value: string, 
/**
 * Work, private, mobile or other (other when not said).
 */
kind?: ContactKind, 
/**
 * Make it the primary one (it is anyway when the person has none of its channel).
 */
primary?: boolean, };

/**
 * A new request.
 */
export type NewRequest = { 
/**
 * The right exercised.
 */
kind: RequestKind, 
/**
 * The people it is about, by id or e-mail address (at least one).
 */
people: Array<string>, 
/**
 * The day it came in; today when left out. The deadline counts from it.
 */
received_on?: string | null, 
/**
 * How it came in: e-mail, letter, phone, in person.
 */
channel?: string, 
/**
 * What was asked, in the staff's words.
 */
description?: string, };

/**
 * The arguments of a command that takes none. Anything given is ignored, as it always was.
 */
export type NoArgs = Record<symbol, never>;

/**
 * `note.add`'s arguments.
 */
export type NoteArgs = { 
/**
 * The person's id or e-mail address.
 */
person: string, 
/**
 * The note.
 */
body: string, 
/**
 * Whether only its author may read it.
 */
private?: boolean, };

/**
 * A note about the person.
 */
export type NoteEntry = { 
/**
 * Id.
 */
id: string, 
/**
 * What it says.
 */
body: string, 
/**
 * Whether staff keep it to its author.
 */
private: boolean, 
/**
 * Who wrote it.
 */
author: string | null, 
/**
 * Written.
 */
created_at: string, 
/**
 * Last changed.
 */
updated_at: string, 
/**
 * The deal it was written on (a note on a deal with the person), if any.
 */
deal: string | null, };

/**
 * Arguments naming one note.
 */
export type NoteIdArgs = { 
/**
 * The note's id.
 */
note: string, };

/**
 * A note about someone, as their card shows it.
 */
export type NoteView = { 
/**
 * The note's id.
 */
id: string, 
/**
 * What it says.
 */
body: string, 
/**
 * Whether only its author sees it.
 */
private: boolean, 
/**
 * Who wrote it (a user's display name).
 */
author: string, 
/**
 * When (RFC 3339, UTC).
 */
created_at: string, };

/**
 * `notice.generate`'s arguments.
 */
export type NoticeArgs = { 
/**
 * The person's id or e-mail address.
 */
person: string, 
/**
 * E-mail it to the person (with `save_to`: save the message as an `.eml` file).
 */
send?: boolean, 
/**
 * Save it as a file of this kind instead of sending it: at `save_to`, or without it
 * as a download named by the core.
 */
save?: NoticeFile | null, 
/**
 * Where the file goes. Without `send` and `save`: write the notice there (HTML if the
 * name ends in `.html`, text otherwise).
 */
save_to?: string | null, 
/**
 * Replace the file at `save_to` if it exists (asked for after an `exists` error, or
 * after the platform's save dialog asked).
 */
overwrite?: boolean, };

/**
 * The kind of file a notice is saved as.
 */
export type NoticeFile = "text" | "html" | "eml";

/**
 * A person's notice, and what became of it when it was sent or saved.
 */
export type NoticeGenerated = { 
/**
 * Where it went, when it was sent or saved.
 */
outcome?: NoticeOutcome | null, 
/**
 * Who it is for.
 */
person_id: string, 
/**
 * The language it is written in.
 */
language: Language, 
/**
 * Whether it includes the Art. 14 paragraph (data not collected from the person).
 */
from_other_sources: boolean, 
/**
 * The e-mail subject.
 */
subject: string, 
/**
 * Plain text.
 */
text: string, 
/**
 * HTML, every value escaped.
 */
html: string, };

/**
 * What became of a notice sent or saved.
 */
export type NoticeOutcome = { "delivery": "sent", 
/**
 * The message's `Message-ID` header.
 */
message_id: string, } | { "delivery": "saved", 
/**
 * The file.
 */
path: string, } | { "delivery": "written", 
/**
 * The file.
 */
path: string, } | { "delivery": "download", 
/**
 * The file to fetch.
 */
download: Download, };

/**
 * A person's objection (GDPR Art. 21) after a change.
 */
export type Objection = { 
/**
 * The objection; `null` when lifted.
 */
objection: Limitation | null, };

/**
 * Arguments naming one organisation.
 */
export type OrganisationArgs = { 
/**
 * The organisation's id.
 */
organisation: string, };

/**
 * A deleted organisation.
 */
export type OrganisationDeleted = { 
/**
 * Its id.
 */
deleted: string, 
/**
 * How many people worked there (they are kept, without the organisation).
 */
people_detached: number, };

/**
 * The fields of an organisation a user can set.
 */
export type OrganisationFields = { 
/**
 * Its name (required; unique, ignoring case).
 */
name?: string, 
/**
 * Its registration number (organisasjonsnummer, organisationsnummer, CVR).
 */
org_number?: string | null, 
/**
 * E-mail address.
 */
email?: string | null, 
/**
 * Phone number.
 */
phone?: string | null, 
/**
 * Web site.
 */
website?: string | null, 
/**
 * Street address.
 */
address?: string | null, 
/**
 * Postcode.
 */
postcode?: string | null, 
/**
 * City.
 */
city?: string | null, 
/**
 * Country (ISO 3166-1 alpha-2 preferred).
 */
country?: string | null, 
/**
 * Category by name; created when new.
 */
category?: string | null, 
/**
 * Tags by name; created when new.
 */
tags?: Array<string>, };

/**
 * `organisations.list`'s arguments.
 */
export type OrganisationListArgs = { 
/**
 * Words the name must begin with; empty: all.
 */
search?: string, 
/**
 * At most this many (50 when not given).
 */
limit?: number, 
/**
 * Skipping this many.
 */
offset?: number, 
/**
 * Whose alphabet orders the names (the UI sends its own); none: the vault's language.
 */
language?: Language | null, };

/**
 * A page of organisations and how many match in all.
 */
export type OrganisationPage = { 
/**
 * The organisations on this page.
 */
organisations: Array<OrganisationSummary>, 
/**
 * How many match in all.
 */
total: number, };

/**
 * A change to an organisation. `None` leaves a field alone; for optional fields `Some("")`
 * clears the value; `tags`, when given, replaces the set.
 */
export type OrganisationPatch = { 
/**
 * New name.
 */
name?: string | null, 
/**
 * New registration number.
 */
org_number?: string | null, 
/**
 * New e-mail.
 */
email?: string | null, 
/**
 * New phone.
 */
phone?: string | null, 
/**
 * New web site.
 */
website?: string | null, 
/**
 * New street address.
 */
address?: string | null, 
/**
 * New postcode.
 */
postcode?: string | null, 
/**
 * New city.
 */
city?: string | null, 
/**
 * New country.
 */
country?: string | null, 
/**
 * New category by name.
 */
category?: string | null, 
/**
 * The tags it has from now on.
 */
tags?: Array<string> | null, };

/**
 * The organisation a person is linked to.
 */
export type OrganisationRecord = { 
/**
 * Id.
 */
id: string, 
/**
 * Name.
 */
name: string, 
/**
 * Registration number.
 */
org_number: string | null, 
/**
 * E-mail.
 */
email: string | null, 
/**
 * Phone.
 */
phone: string | null, 
/**
 * Web site.
 */
website: string | null, 
/**
 * Street address.
 */
address: string | null, 
/**
 * Postcode.
 */
postcode: string | null, 
/**
 * City.
 */
city: string | null, 
/**
 * Country.
 */
country: string | null, };

/**
 * An organisation as shown next to a person.
 */
export type OrganisationRef = { 
/**
 * Its id.
 */
id: string, 
/**
 * Its name.
 */
name: string, };

/**
 * An organisation as a line in a list.
 */
export type OrganisationSummary = { 
/**
 * Its id.
 */
id: string, 
/**
 * Its name.
 */
name: string, 
/**
 * Its city.
 */
city: string | null, 
/**
 * How many people work there.
 */
people: number, };

/**
 * `organisation.update`'s arguments.
 */
export type OrganisationUpdateArgs = { 
/**
 * The organisation's id.
 */
organisation: string, 
/**
 * The fields to change.
 */
patch: OrganisationPatch, };

/**
 * An organisation with everything shown on its card.
 */
export type OrganisationView = { 
/**
 * Its id.
 */
id: string, 
/**
 * Its category's name.
 */
category: string | null, 
/**
 * Its tags, sorted.
 */
tags: Array<string>, 
/**
 * How many people work there.
 */
people_count: number, 
/**
 * The first of them by name (at most [`OrganisationView::PEOPLE_SHOWN`]).
 */
people: Array<PersonSummary>, 
/**
 * Created (RFC 3339, UTC).
 */
created_at: string, 
/**
 * Last changed (RFC 3339, UTC).
 */
updated_at: string, 
/**
 * Name.
 */
name: string, 
/**
 * Registration number.
 */
org_number: string | null, 
/**
 * E-mail.
 */
email: string | null, 
/**
 * Phone.
 */
phone: string | null, 
/**
 * Web site.
 */
website: string | null, 
/**
 * Street address.
 */
address: string | null, 
/**
 * Postcode.
 */
postcode: string | null, 
/**
 * City.
 */
city: string | null, 
/**
 * Country.
 */
country: string | null, };

/**
 * What will happen (or happened) to a row.
 */
export type Outcome = { "action": "new" } | { "action": "update", 
/**
 * The person.
 */
person: string, 
/**
 * Fields that change.
 */
fields: Array<string>, } | { "action": "unchanged", 
/**
 * The person.
 */
person: string, } | { "action": "merge_into_row", 
/**
 * That row's file.
 */
file: string, 
/**
 * That row.
 */
row: number, } | { "action": "skip" } | { "action": "erased", 
/**
 * The day of the erasure (YYYY-MM-DD).
 */
erased_on: string, 
/**
 * The number of the request it answered (`R-0004`), if any.
 */
request: string | null, };

/**
 * A page: at most `limit`, skipping `offset`.
 */
export type PageArgs = { 
/**
 * At most this many (50 when not given; at most 200).
 */
limit?: number, 
/**
 * Skipping this many.
 */
offset?: number, };

/**
 * Two people.
 */
export type PairArgs = { 
/**
 * One person's id.
 */
a: string, 
/**
 * The other's.
 */
b: string, };

/**
 * Two people told apart.
 */
export type PairDismissed = { 
/**
 * One person's id.
 */
a: string, 
/**
 * The other's.
 */
b: string, };

/**
 * A page of the review queue, surest pairs first.
 */
export type PairPage = { 
/**
 * The pairs on this page.
 */
pairs: Array<DuplicatePair>, 
/**
 * How many pairs wait in all.
 */
total: number, };

/**
 * One side of a pair: the person's fields and what hangs on them, to decide by.
 */
export type PairPerson = { 
/**
 * Their id.
 */
id: string, 
/**
 * Every e-mail address and phone number, e-mail first, each channel's primary first
 * (a merge keeps them all).
 */
contacts: Array<ContactPoint>, 
/**
 * Their organisation's name.
 */
organisation: string | null, 
/**
 * Their category's name.
 */
category: string | null, 
/**
 * The language they are written to in.
 */
language: Language | null, 
/**
 * The staff member responsible for them (a user's name).
 */
owner: string | null, 
/**
 * Tags.
 */
tags: Array<string>, 
/**
 * Created (RFC 3339, UTC).
 */
created_at: string, 
/**
 * Last used: an edit, a note, a consent, a request …
 */
last_activity_at: string | null, 
/**
 * Archived since, if archived.
 */
archived_at: string | null, 
/**
 * How many notes, deals, invoices, consent events and requests they have.
 */
attached: Moved, 
/**
 * Given name(s).
 */
first_name: string, 
/**
 * Family name.
 */
last_name: string, 
/**
 * E-mail.
 */
email: string | null, 
/**
 * Phone.
 */
phone: string | null, 
/**
 * Title.
 */
title: string | null, 
/**
 * Status.
 */
status: PersonStatus, 
/**
 * Street address.
 */
address: string | null, 
/**
 * Postcode.
 */
postcode: string | null, 
/**
 * City.
 */
city: string | null, 
/**
 * Country.
 */
country: string | null, 
/**
 * The business's customer number.
 */
customer_number: string | null, };

/**
 * A changed password.
 */
export type PasswordChanged = { 
/**
 * Always true: a failure is an error.
 */
changed: boolean, 
/**
 * The new secret key, when one was asked for.
 */
new_key?: IssuedKey | null, };

/**
 * Everything the people list can be filtered by, each in name order. Tags, categories and
 * sources no person has are left out.
 */
export type PeopleFilters = { 
/**
 * Tags.
 */
tags: Array<FilterChoice>, 
/**
 * Categories.
 */
categories: Array<FilterChoice>, 
/**
 * Users who own people (value: the user's id).
 */
owners: Array<FilterChoice>, 
/**
 * Statuses (value: the status's code), in the order of [`PersonStatus`].
 */
statuses: Array<FilterChoice>, 
/**
 * Sources.
 */
sources: Array<FilterChoice>, };

/**
 * Which people a list holds and in what order. Every filter given must hold; `None` leaves
 * that filter out. Names (tag, category, source) are matched ignoring case; a name that
 * does not exist matches nobody.
 */
export type PeopleQuery = { 
/**
 * Words that must each begin a name, e-mail, phone number or organisation (see
 * [`crate::search`]).
 */
search?: string | null, 
/**
 * A tag by name.
 */
tag?: string | null, 
/**
 * A category by name.
 */
category?: string | null, 
/**
 * The owner, a user's id.
 */
owner?: string | null, 
/**
 * A status.
 */
status?: PersonStatus | null, 
/**
 * A source by name: people with a processing record from it.
 */
source?: string | null, 
/**
 * An organisation's id: the people who work there.
 */
organisation?: string | null, 
/**
 * Which shelf: the people in use (the default), the archived, or both.
 */
view?: PeopleView, 
/**
 * The order.
 */
sort?: PeopleSort, 
/**
 * Whether the order is reversed.
 */
descending?: boolean, 
/**
 * Whose alphabet orders the names: the reader's language (the UI sends its own); none
 * takes the vault's language, else English.
 */
language?: Language | null, 
/**
 * At most this many people (at most [`PeopleQuery::MAX_LIMIT`]).
 */
limit?: number, 
/**
 * Skipping this many.
 */
offset?: number, };

/**
 * The order of a list of people. Ties are broken by creation order, so pages never overlap.
 */
export type PeopleSort = "name" | "created" | "updated";

/**
 * Which shelf a people list shows (see [`crate::people::shelf`]).
 */
export type PeopleView = "active" | "archived" | "all";

/**
 * Arguments naming one person.
 */
export type PersonArgs = { 
/**
 * The person's id or e-mail address.
 */
person: string, };

/**
 * `person.create`'s arguments: the person, and whether to add them even though someone
 * in the register is likely the same person. (Unknown fields are not refused here, as they
 * never were for a new person: serde cannot refuse them beside a flattened struct.)
 */
export type PersonCreateArgs = { 
/**
 * Add them even when the register likely holds them already (`duplicates.check` says
 * who); without it such an add is refused with a conflict naming those people.
 */
allow_duplicate?: boolean, 
/**
 * Why a person an earlier erasure covers is registered again (they came back and asked
 * for it). Without it such a person is refused with the error code `erased`; with it
 * they are added, the erasure's suppression entry is lifted and the reason audited.
 */
register_erased?: string | null, 
/**
 * The person's data.
 */
fields?: PersonFields, 
/**
 * The processing record written with it.
 */
provenance?: Provenance, 
/**
 * The person's category by name; created when new.
 */
category?: string | null, };

/**
 * The fields of a person a user can set.
 */
export type PersonFields = { 
/**
 * Given name(s).
 */
first_name: string, 
/**
 * Family name.
 */
last_name: string, 
/**
 * E-mail address (stored trimmed and lower-cased).
 */
email: string | null, 
/**
 * Phone number as given.
 */
phone: string | null, 
/**
 * Role or job title.
 */
title: string | null, 
/**
 * Name of the organisation; found by name or created.
 */
organisation: string | null, 
/**
 * Relationship status.
 */
status: PersonStatus, 
/**
 * Tags by name; created when new.
 */
tags: Array<string>, 
/**
 * Street address.
 */
address: string | null, 
/**
 * Postcode.
 */
postcode: string | null, 
/**
 * City.
 */
city: string | null, 
/**
 * Country (ISO 3166-1 alpha-2 preferred).
 */
country: string | null, 
/**
 * The business's own number for the customer ("Kundenr."), as its other systems write
 * it; found by search, and a strong sign that two records are one person.
 */
customer_number: string | null, };

/**
 * A person's language after a change.
 */
export type PersonLanguage = { 
/**
 * Their language; `null`: the vault's.
 */
language: Language | null, };

/**
 * What a list or search returns: a page of people and how many there are in all.
 */
export type PersonPage = { 
/**
 * The people on this page.
 */
people: Array<PersonSummary>, 
/**
 * How many match in all (for a search, capped at the search limit + 1).
 */
total: number, };

/**
 * A change to a person. `None` leaves a field alone; for optional fields `Some("")` clears
 * the value.
 */
export type PersonPatch = { 
/**
 * New given name(s).
 */
first_name?: string | null, 
/**
 * New family name.
 */
last_name?: string | null, 
/**
 * New e-mail.
 */
email?: string | null, 
/**
 * New phone.
 */
phone?: string | null, 
/**
 * New title.
 */
title?: string | null, 
/**
 * New organisation by name.
 */
organisation?: string | null, 
/**
 * New status.
 */
status?: PersonStatus | null, 
/**
 * Tags to add.
 */
add_tags?: Array<string>, 
/**
 * Tags to remove.
 */
remove_tags?: Array<string>, 
/**
 * New street address.
 */
address?: string | null, 
/**
 * New postcode.
 */
postcode?: string | null, 
/**
 * New city.
 */
city?: string | null, 
/**
 * New country.
 */
country?: string | null, 
/**
 * New customer number.
 */
customer_number?: string | null, 
/**
 * New category by name (`Some("")` clears it); created when new.
 */
category?: string | null, };

/**
 * The person's own fields as stored.
 */
export type PersonRecord = { 
/**
 * Id.
 */
id: string, 
/**
 * Given name(s).
 */
first_name: string, 
/**
 * Family name.
 */
last_name: string, 
/**
 * E-mail, the primary one.
 */
email: string | null, 
/**
 * Phone, the primary one.
 */
phone: string | null, 
/**
 * Every e-mail address and phone number, with its kind and which is primary.
 */
contacts: Array<ContactPoint>, 
/**
 * Title.
 */
title: string | null, 
/**
 * prospect, customer, former_customer, partner, other.
 */
status: string, 
/**
 * Street address.
 */
address: string | null, 
/**
 * Postcode.
 */
postcode: string | null, 
/**
 * City.
 */
city: string | null, 
/**
 * Country.
 */
country: string | null, 
/**
 * The business's customer number for them.
 */
customer_number: string | null, 
/**
 * The language they are written to in.
 */
language: string | null, 
/**
 * Category.
 */
category: string | null, 
/**
 * Tags.
 */
tags: Array<string>, 
/**
 * The staff member responsible for them.
 */
owner: string | null, 
/**
 * Created (RFC 3339, UTC).
 */
created_at: string, 
/**
 * Last changed.
 */
updated_at: string, 
/**
 * When processing was restricted (Art. 18).
 */
restricted_at: string | null, 
/**
 * Why.
 */
restriction_reason: string | null, 
/**
 * When they objected (Art. 21).
 */
objected_at: string | null, 
/**
 * Why.
 */
objection_reason: string | null, };

/**
 * Where a person stands with the business; retention rules are set per status.
 */
export type PersonStatus = "prospect" | "customer" | "former_customer" | "partner" | "other";

/**
 * One person a job acted on, or would.
 */
export type PersonStep = { 
/**
 * The person's id (after an erasure it points at nothing).
 */
person: string, 
/**
 * What was (or would be) done.
 */
done: StepDone, 
/**
 * The day the step is (or was) taken, for announcements and reviews.
 */
on?: string | null, 
/**
 * The person's name while they are still in the vault (never stored with the run).
 */
name?: string, 
/**
 * The pseudonym an erasure gave them.
 */
pseudonym?: string, };

/**
 * A person as a line in a list or a search result.
 */
export type PersonSummary = { 
/**
 * The person's id.
 */
id: string, 
/**
 * Given name(s).
 */
first_name: string, 
/**
 * Family name.
 */
last_name: string, 
/**
 * E-mail, the primary one.
 */
email: string | null, 
/**
 * Phone, the primary one, as stored.
 */
phone: string | null, 
/**
 * The primary phone as a person reads it (grouped the way its country writes numbers).
 */
phone_display: string | null, 
/**
 * Organisation name.
 */
organisation: string | null, 
/**
 * Status.
 */
status: PersonStatus, };

/**
 * `person.update`'s arguments.
 */
export type PersonUpdateArgs = { 
/**
 * The person's id or e-mail address.
 */
person: string, 
/**
 * The fields to change.
 */
patch: PersonPatch, };

/**
 * A person with everything shown on their card.
 */
export type PersonView = { 
/**
 * The person's id.
 */
id: string, 
/**
 * The organisation, if any.
 */
organisation: OrganisationRef | null, 
/**
 * Tags, sorted.
 */
tags: Array<string>, 
/**
 * The category's name, if any.
 */
category: string | null, 
/**
 * Created (RFC 3339, UTC).
 */
created_at: string, 
/**
 * Last changed (RFC 3339, UTC).
 */
updated_at: string, 
/**
 * Why we hold the data.
 */
processing: Array<ProcessingRecordView>, 
/**
 * Notes about them the viewer may read, newest first.
 */
notes: Array<NoteView>, 
/**
 * Deals with them, newest first.
 */
deals: Array<DealView>, 
/**
 * Their consents per purpose, each with its ledger and the texts agreed to.
 */
consents: Array<ConsentView>, 
/**
 * The subscriptions they are on, by name.
 */
subscriptions: Array<string>, 
/**
 * Their restriction of processing (Art. 18), while in force.
 */
restriction: Limitation | null, 
/**
 * Their objection (Art. 21), while in force.
 */
objection: Limitation | null, 
/**
 * When they were last used, and whether they are archived or in the recycle bin.
 */
life: Life, 
/**
 * Every e-mail address and phone number, e-mail first, each channel's primary first.
 */
contacts: Array<ContactPoint>, 
/**
 * Given name(s).
 */
first_name: string, 
/**
 * Family name.
 */
last_name: string, 
/**
 * E-mail.
 */
email: string | null, 
/**
 * Phone.
 */
phone: string | null, 
/**
 * Title.
 */
title: string | null, 
/**
 * Status.
 */
status: PersonStatus, 
/**
 * Street address.
 */
address: string | null, 
/**
 * Postcode.
 */
postcode: string | null, 
/**
 * City.
 */
city: string | null, 
/**
 * Country.
 */
country: string | null, 
/**
 * The business's customer number.
 */
customer_number: string | null, };

/**
 * The country phone numbers written without a country code are read in, and why.
 */
export type PhoneCountry = { 
/**
 * ISO 3166 alpha-2 (NO, SE, DK, …).
 */
country: string, 
/**
 * Where the choice came from.
 */
source: CountrySource, 
/**
 * What the file's first rows showed, each item naming a country (empty when the owner
 * chose): the app words them in the owner's language, [`PhoneCountry::explain`] in
 * English.
 */
evidence: Array<CountryEvidence>, 
/**
 * When the file did not tell between countries: every country its numbers may be of
 * (ISO alpha-2, sorted). A number valid in only one of them is read in it, one valid in
 * more is kept as written and listed as a problem. Empty when the country is decided.
 */
candidates: Array<string>, };

/**
 * `erasure.preview`'s arguments.
 */
export type PreviewArgs = { 
/**
 * The person's id or e-mail address.
 */
person: string, };

/**
 * A row as it will be stored.
 */
export type PreviewRow = { 
/**
 * The file.
 */
file: string, 
/**
 * The row.
 */
row: number, 
/**
 * What happens to it.
 */
outcome: Outcome, 
/**
 * The person as stored (for an update: after the merge).
 */
person: PersonFields, 
/**
 * Their primary phone as a person reads it (grouped the way its country writes numbers).
 */
phone_display: string | null, 
/**
 * A note made from the row's free text, if that column was chosen.
 */
note: string | null, };

/**
 * `privacy_notice.add`'s arguments.
 */
export type PrivacyNoticeArgs = { 
/**
 * The notice's language.
 */
language: Language, 
/**
 * The notice.
 */
body: string, };

/**
 * Which privacy notice a person had seen, as a ledger row names it.
 */
export type PrivacyNoticeRef = { 
/**
 * Its id.
 */
id: string, 
/**
 * Its language.
 */
language: Language, 
/**
 * Its version.
 */
version: number, 
/**
 * SHA-256 of its body, in hex.
 */
sha256: string, };

/**
 * One version of the privacy notice, in one language.
 */
export type PrivacyNoticeView = { 
/**
 * Its id.
 */
id: string, 
/**
 * The language it is written in.
 */
language: Language, 
/**
 * 1 for the first notice, then 2, 3 …
 */
version: number, 
/**
 * The notice, exactly as shown.
 */
body: string, 
/**
 * SHA-256 of the body's UTF-8 bytes, in hex.
 */
sha256: string, 
/**
 * When it was added (RFC 3339, UTC).
 */
created_at: string, 
/**
 * Who added it (a user's display name).
 */
created_by: string, };

/**
 * What is wrong with a row or one of its values: a stable code with its parameters, never
 * a value of the row. The UI renders it through its catalogues in the reader's language;
 * `Display` gives the English the command line and the file of problems show.
 */
export type Problem = { "code": "bad_email" } | { "code": "bad_phone", 
/**
 * The countries it was read in.
 */
countries: Array<string>, } | { "code": "bad_date" } | { "code": "bad_number" } | { "code": "bad_country" } | { "code": "ambiguous_phone", 
/**
 * The countries (ISO codes) it is valid in.
 */
countries: Array<string>, } | { "code": "no_name_or_email" } | { "code": "row_refused", 
/**
 * The field refused (a person's field name, `first_name`).
 */
field: string, 
/**
 * The refusal in English, for the command line.
 */
detail: string, } | { "code": "erased", 
/**
 * The day of the erasure (YYYY-MM-DD).
 */
erased_on: string, 
/**
 * The request it answered (R-0004), if any.
 */
request: string | null, } | { "code": "no_column_matched", 
/**
 * The file's name.
 */
file: string, };

/**
 * One processing record.
 */
export type ProcessingEntry = { 
/**
 * The purpose.
 */
purpose: string, 
/**
 * The legal basis, a letter of Art. 6(1).
 */
legal_basis: string, 
/**
 * Where the data came from.
 */
source: string, 
/**
 * When (RFC 3339, UTC).
 */
recorded_at: string, 
/**
 * By whom.
 */
recorded_by: string | null, };

/**
 * One processing record: why, on what basis, from where, when and by whom.
 */
export type ProcessingRecordView = { 
/**
 * The purpose's name.
 */
purpose: string, 
/**
 * The legal basis.
 */
legal_basis: LegalBasis, 
/**
 * The source's name.
 */
source: string, 
/**
 * When it was recorded (RFC 3339, UTC).
 */
recorded_at: string, 
/**
 * Who recorded it (a user's display name).
 */
recorded_by: string, };

/**
 * Why and on what basis a person is added. Anything left out takes the vault's default:
 * the purpose "Sales and service", that purpose's default legal basis, and the source
 * "manual".
 */
export type Provenance = { 
/**
 * Purpose by name.
 */
purpose?: string | null, 
/**
 * Legal basis; defaults to the purpose's own.
 */
legal_basis?: LegalBasis | null, 
/**
 * Source by name.
 */
source?: string | null, };

/**
 * A purpose the person's data serves.
 */
export type PurposeInfo = { 
/**
 * Its name.
 */
name: string, 
/**
 * What it means.
 */
description: string, 
/**
 * The legal bases it rests on for this person, letters of Art. 6(1).
 */
legal_bases: Array<string>, 
/**
 * How long data is kept for it, in months; `None`: as long as the relationship lasts.
 */
retention_months: number | null, };

/**
 * A purpose people may be held for.
 */
export type PurposeLine = { 
/**
 * Its name.
 */
name: string, 
/**
 * Its usual legal basis (GDPR Art. 6(1), by letter).
 */
default_legal_basis: LegalBasis, 
/**
 * What it covers.
 */
description: string, };

/**
 * A new purpose (no `id`: name and default legal basis required) or a change to one (`id`
 * given: absent fields stay as they are).
 */
export type PurposeSave = { 
/**
 * The purpose to change; `None` adds one.
 */
id?: string | null, 
/**
 * Its name.
 */
name?: string | null, 
/**
 * What it covers.
 */
description?: string | null, 
/**
 * Its default legal basis.
 */
default_legal_basis?: LegalBasis | null, 
/**
 * Months it keeps data (`Some(None)`: as long as the relationship lasts).
 */
retention_months?: number | null | null, 
/**
 * Archive (hide) or bring back.
 */
archived?: boolean | null, };

/**
 * A purpose of processing.
 */
export type PurposeView = { 
/**
 * Its id.
 */
id: string, 
/**
 * Its name (unique, ignoring case); for a built-in one, its English name.
 */
name: string, 
/**
 * The key of a purpose Lagom ships with, by which each reader sees it in their own
 * language (see `words`); `None` for the owner's own, shown as written.
 */
key: string | null, 
/**
 * What it covers, for the privacy notice.
 */
description: string, 
/**
 * The legal basis people get under it unless another is chosen.
 */
default_legal_basis: LegalBasis, 
/**
 * How long it keeps data; `None`: as long as the customer relationship lasts.
 */
retention_months: number | null, 
/**
 * Hidden from choices, kept for history.
 */
archived: boolean, };

/**
 * Why a pair scored as it did: one outcome of comparing a field.
 */
export type Reason = { "by": "same_email" } | { "by": "same_email_user" } | { "by": "same_phone" } | { "by": "same_customer_number" } | { "by": "similar_name", 
/**
 * Jaro-Winkler similarity of the names compared, 0–1.
 */
score: number, } | { "by": "swapped_names" } | { "by": "same_address" } | { "by": "same_postcode" } | { "by": "same_organisation" } | { "by": "different_email" } | { "by": "different_phone" } | { "by": "different_address" } | { "by": "different_customer_number" } | { "by": "different_first_name" } | { "by": "different_last_name" } | { "by": "different_name" } | { "by": "different_organisation" };

/**
 * A record corrected under a request.
 */
export type Rectified = { 
/**
 * The request, with the correction recorded.
 */
request: RequestView, 
/**
 * The person as corrected.
 */
person: PersonView, };

/**
 * `request.rectify`'s arguments.
 */
export type RectifyArgs = { 
/**
 * R-0001 or the request's id.
 */
request: string, 
/**
 * The person's id or e-mail address.
 */
person: string, 
/**
 * The corrections.
 */
patch: PersonPatch, };

/**
 * What a search of the register for duplicates found and did.
 */
export type RefreshSummary = { 
/**
 * People compared (everyone but those in the recycle bin).
 */
people: number, 
/**
 * Pairs waiting for review afterwards.
 */
pairs: number, 
/**
 * Of those, pairs not in the queue before.
 */
new_pairs: number, 
/**
 * Pairs left out because someone said they are two people.
 */
dismissed: number, 
/**
 * Pairs merged unasked (only with housekeeping's `auto_merge` on).
 */
merged: number, 
/**
 * Merges that can no longer be undone (the person kept has changed since), whose saved
 * rows were dropped.
 */
settled_merges: number, };

/**
 * `consent.reply`'s arguments.
 */
export type ReplyArgs = { 
/**
 * The person's id or e-mail address.
 */
person: string, 
/**
 * The purpose by name.
 */
purpose: string, 
/**
 * The reply: its message id, who took it.
 */
evidence: string, 
/**
 * When it came (now when not given).
 */
occurred_at?: string | null, };

/**
 * Something done on a request.
 */
export type RequestAction = { 
/**
 * When (RFC 3339, UTC).
 */
at: string, 
/**
 * Who did it (a user's display name).
 */
actor: string | null, 
/**
 * What: created, identity_checked, extended, bundle_exported, rectified, erased, closed …
 */
action: string, 
/**
 * Ids, counts and field names; never personal data.
 */
detail: JsonValue, };

/**
 * Arguments naming one request.
 */
export type RequestArgs = { 
/**
 * R-0001 or the request's id.
 */
request: string, };

/**
 * A request the person made.
 */
export type RequestEntry = { 
/**
 * R-0001.
 */
number: string, 
/**
 * The right exercised.
 */
kind: string, 
/**
 * Received.
 */
received_on: string, 
/**
 * Deadline.
 */
due_on: string, 
/**
 * Extended on.
 */
extended_on: string | null, 
/**
 * Why.
 */
extension_reason: string | null, 
/**
 * The identity check.
 */
identity: string, 
/**
 * Where it stands.
 */
status: string, 
/**
 * How it came in.
 */
channel: string, 
/**
 * What was asked.
 */
description: string, 
/**
 * Closed on.
 */
closed_on: string | null, 
/**
 * The outcome.
 */
outcome: string, 
/**
 * What was done, oldest first.
 */
actions: Array<ActionEntry>, };

/**
 * Which requests a list holds; `None` leaves a filter out.
 */
export type RequestFilter = { 
/**
 * Only requests in this state.
 */
status?: RequestStatus | null, 
/**
 * Only requests of this kind.
 */
kind?: RequestKind | null, };

/**
 * Which right a request exercises.
 */
export type RequestKind = "access" | "rectification" | "erasure" | "restriction" | "portability" | "objection";

/**
 * A request as a line in the register.
 */
export type RequestLine = { 
/**
 * Its id.
 */
id: string, 
/**
 * Its number, `R-0001`.
 */
number: string, 
/**
 * The right exercised.
 */
kind: RequestKind, 
/**
 * Who it is about.
 */
people: Array<RequestPerson>, 
/**
 * When it came in.
 */
received_on: string, 
/**
 * When it must be answered.
 */
due_on: string, 
/**
 * Whether the deadline was extended.
 */
extended: boolean, 
/**
 * The identity check.
 */
identity: IdentityCheck, 
/**
 * Where it stands.
 */
status: RequestStatus, 
/**
 * For an open request: overdue, due soon or on time, today.
 */
urgency: Urgency | null, 
/**
 * For an open request: days until the deadline (negative once passed).
 */
days_left: number | null, };

/**
 * A person a request is about.
 */
export type RequestPerson = { 
/**
 * Their id.
 */
id: string, 
/**
 * Their name (or e-mail) while they are in the vault.
 */
name: string | null, 
/**
 * The pseudonym left once they were erased.
 */
pseudonym: string | null, };

/**
 * Where a request stands.
 */
export type RequestStatus = "open" | "done" | "refused" | "withdrawn";

/**
 * The start screen's view of the register: what needs doing.
 */
export type RequestSummary = { 
/**
 * Open requests.
 */
open: number, 
/**
 * Open requests past their deadline.
 */
overdue: number, 
/**
 * Open requests due within [`crate::rights::deadline::DUE_SOON_DAYS`] days.
 */
due_soon: number, 
/**
 * The overdue and due-soon requests, soonest deadline first.
 */
requests: Array<RequestLine>, };

/**
 * A request with everything the register holds about it.
 */
export type RequestView = { 
/**
 * When the deadline was extended.
 */
extended_on: string | null, 
/**
 * Why (the person must be told within the first month).
 */
extension_reason: string | null, 
/**
 * How it came in.
 */
channel: string, 
/**
 * What was asked.
 */
description: string, 
/**
 * When it was closed.
 */
closed_on: string | null, 
/**
 * How it ended (for a refusal: why).
 */
outcome: string, 
/**
 * When it was registered (RFC 3339, UTC).
 */
created_at: string, 
/**
 * Everything done on it, oldest first.
 */
actions: Array<RequestAction>, 
/**
 * Its id.
 */
id: string, 
/**
 * Its number, `R-0001`.
 */
number: string, 
/**
 * The right exercised.
 */
kind: RequestKind, 
/**
 * Who it is about.
 */
people: Array<RequestPerson>, 
/**
 * When it came in.
 */
received_on: string, 
/**
 * When it must be answered.
 */
due_on: string, 
/**
 * Whether the deadline was extended.
 */
extended: boolean, 
/**
 * The identity check.
 */
identity: IdentityCheck, 
/**
 * Where it stands.
 */
status: RequestStatus, 
/**
 * For an open request: overdue, due soon or on time, today.
 */
urgency: Urgency | null, 
/**
 * For an open request: days until the deadline (negative once passed).
 */
days_left: number | null, };

/**
 * A reseal of a damaged trail, as its `audit.resealed` event records it.
 */
export type Reseal = { 
/**
 * The event's sequence number.
 */
seq: number, 
/**
 * When.
 */
at: string, 
/**
 * The damage found then.
 */
problems: Array<ChainProblem>, 
/**
 * Each problem in words, as they were worded then.
 */
messages: Array<string>, };

/**
 * What a reseal recorded.
 */
export type ResealReport = { 
/**
 * The `audit.resealed` event's sequence number.
 */
seq: number, 
/**
 * The damage it records.
 */
problems: Array<ChainProblem>, 
/**
 * Each problem in words, as `audit verify` describes it.
 */
messages: Array<string>, };

/**
 * `vault.restore`'s arguments: the backup as a path or as an upload, one of the two.
 */
export type RestoreArgs = { 
/**
 * A backup folder or a `.lagom-backup` file.
 */
from?: string | null, 
/**
 * A `.lagom-backup` file handed over with `POST /api/upload` (its upload id).
 */
upload?: string | null, };

/**
 * What a restore did.
 */
export type RestoreReport = { 
/**
 * The vault restored.
 */
vault_id: string, };

/**
 * A person's restriction of processing (GDPR Art. 18) after a change.
 */
export type Restriction = { 
/**
 * The restriction; `null` when lifted.
 */
restriction: Limitation | null, };

/**
 * How long invoices are kept.
 */
export type Retention = { 
/**
 * The vault's country (ISO 3166 alpha-2): its law applies to invoices without one.
 */
country: string, 
/**
 * Years after the end of the issue year, per country.
 */
years: { [key in string]: number }, };

/**
 * What a retention rule does, mildest first.
 */
export type RetentionAction = "review" | "archive" | "anonymise" | "erase";

/**
 * A change to the retention settings: absent fields stay as they are; a country's years
 * given replace that country's period.
 */
export type RetentionPatch = { 
/**
 * A new vault country.
 */
country?: string | null, 
/**
 * New periods, per country.
 */
years?: { [key in string]: number }, };

/**
 * One retention rule.
 */
export type RetentionRule = { 
/**
 * The purpose's id.
 */
purpose: string, 
/**
 * The people's status.
 */
status: PersonStatus, 
/**
 * What happens.
 */
action: RetentionAction, 
/**
 * After how many months without activity (1–600).
 */
after_months: number, };

/**
 * The retention rules as the settings show them.
 */
export type RetentionRules = { 
/**
 * Every rule, by purpose and status.
 */
rules: Array<RuleLine>, 
/**
 * Whether they are exactly the suggested ones.
 */
suggested: boolean, };

/**
 * `vault.rotate_key`'s arguments.
 */
export type RotateKeyArgs = { 
/**
 * The password, typed again.
 */
password: string, };

/**
 * A problem, with its place.
 */
export type RowIssue = { 
/**
 * The file.
 */
file: string, 
/**
 * The sheet, for workbooks.
 */
sheet: string | null, 
/**
 * The row as the person sees it (line or sheet row).
 */
row: number, 
/**
 * The column's header, when the problem is one value.
 */
column: string | null, 
/**
 * What is wrong, as a code with its parameters: the UI says it in the reader's language.
 */
problem: Problem, 
/**
 * What is wrong in English (the problem's words), for the command line and the file of
 * problems.
 */
reason: string, };

/**
 * A rule as the settings show it: with its purpose's name and why.
 */
export type RuleLine = { 
/**
 * The purpose's name.
 */
purpose_name: string, 
/**
 * Why: the suggestion's reason, or the owner's choice.
 */
reason: RuleReason, 
/**
 * Whether it is exactly a suggested rule.
 */
suggested: boolean, 
/**
 * The purpose's id.
 */
purpose: string, 
/**
 * The people's status.
 */
status: PersonStatus, 
/**
 * What happens.
 */
action: RetentionAction, 
/**
 * After how many months without activity (1–600).
 */
after_months: number, };

/**
 * Why a suggested rule is what it is, in one line (the app shows it in the reader's
 * language by this code; [`RuleReason::text`] is the English).
 */
export type RuleReason = "stale_lead" | "lead_never_won" | "quiet_customer" | "former_customer_archived" | "claims_time_barred" | "partner_contact" | "unclear_relation" | "marketing_consent_age" | "bookkeeping_own_clock" | "owners_choice";

/**
 * `retention.rules_set`'s arguments.
 */
export type RulesArgs = { 
/**
 * Every rule; the ones not given are removed.
 */
rules: Array<RetentionRule>, };

/**
 * What to run.
 */
export type RunOptions = { 
/**
 * What started the run.
 */
trigger: RunTrigger, 
/**
 * Work out what would be done, and change nothing.
 */
dry_run?: boolean, 
/**
 * Run every job that is on, due or not.
 */
all?: boolean, 
/**
 * Only these jobs (all when empty).
 */
jobs?: Array<Job>, };

/**
 * A whole run.
 */
export type RunReport = { 
/**
 * The run's id (none for a dry run, which is not kept).
 */
id?: string | null, 
/**
 * Whether nothing was changed.
 */
dry_run: boolean, 
/**
 * What started it.
 */
trigger: RunTrigger, 
/**
 * When it started (RFC 3339, UTC).
 */
started_at: string, 
/**
 * When it ended; none when it never did (the process stopped).
 */
finished_at?: string | null, 
/**
 * Each job's part.
 */
jobs: Array<JobReport>, };

/**
 * What started a run.
 */
export type RunTrigger = "unlock" | "timer" | "manual" | "command";

/**
 * `hygiene.runs`'s arguments.
 */
export type RunsArgs = { 
/**
 * At most this many, newest first (50 when not given).
 */
limit?: number, };

/**
 * A saved mapping: header → field (`null`: drop the column). Version 1.
 */
export type SavedMapping = { 
/**
 * The format's version, 1.
 */
version: number, 
/**
 * Columns by their header as written.
 */
columns: { [key in string]: Field | null }, };

/**
 * How alike two people are, and why.
 */
export type Scored = { 
/**
 * 0 (surely two people) to 1 (surely one).
 */
score: number, 
/**
 * What was alike and what differed, strongest likeness first.
 */
reasons: Array<Reason>, 
/**
 * Safe to merge unasked: at least `AUTOMATIC_THRESHOLD`, an e-mail address (not a shared
 * inbox), phone number or customer number in common, names that agree as far as both have
 * them, and no difference at all.
 */
automatic: boolean, };

/**
 * `people.search`'s arguments.
 */
export type SearchArgs = { 
/**
 * Words that must each begin a name, e-mail, phone number or organisation.
 */
query: string, 
/**
 * At most this many (50 when not given).
 */
limit?: number, 
/**
 * Whether archived people are found too (never those in the recycle bin).
 */
archived?: boolean, };

/**
 * How the connection to the mail server is secured.
 */
export type Security = "starttls" | "tls" | "none";

/**
 * Why a column was flagged.
 */
export type Sensitivity = "special_category_header" | "national_id_numbers" | "free_text" | "sensitive_text";

/**
 * The settings as they stand.
 */
export type Settings = { 
/**
 * Minutes without a key press, click or scroll before the app locks the vault.
 */
auto_lock_minutes: number, 
/**
 * The language chosen for the app; `None` follows the computer's languages.
 */
language: Language | null, };

/**
 * A change to the settings: absent fields stay as they are; `language: null` goes back to
 * the computer's languages.
 */
export type SettingsPatch = { 
/**
 * New auto-lock minutes.
 */
auto_lock_minutes?: number | null, 
/**
 * New language (`Some(None)` clears it).
 */
language?: Language | null | null, };

/**
 * A sheet of a workbook.
 */
export type SheetInfo = { 
/**
 * Its name.
 */
name: string, 
/**
 * Rows with at least one non-empty cell.
 */
rows: number, 
/**
 * Columns with at least one non-empty cell.
 */
columns: number, };

/**
 * The person a shelf command (archive, bin) moved.
 */
export type Shelved = { 
/**
 * The person's id.
 */
person: string, };

/**
 * A new source (no `id`) or a change to one.
 */
export type SourceSave = { 
/**
 * The source to change; `None` adds one.
 */
id?: string | null, 
/**
 * Its name.
 */
name?: string | null, 
/**
 * Archive (hide) or bring back.
 */
archived?: boolean | null, };

/**
 * Where people's data came from.
 */
export type SourceView = { 
/**
 * Its id.
 */
id: string, 
/**
 * Its name (unique, ignoring case); for a built-in one, its English name.
 */
name: string, 
/**
 * The key of a source Lagom ships with, by which each reader sees it in their own
 * language (see `words`); `None` for the owner's own, shown as written.
 */
key: string | null, 
/**
 * Hidden from choices, kept for history.
 */
archived: boolean, };

/**
 * Where the session stands, for the first screen.
 */
export type Status = { 
/**
 * Whether a vault exists in the directory.
 */
exists: boolean, 
/**
 * Whether it is unlocked.
 */
unlocked: boolean, 
/**
 * The vault's id, when one exists.
 */
vault_id: string | null, 
/**
 * Whether its secret key is remembered (the unlock screen then asks only the password).
 */
secret_key_remembered: boolean, 
/**
 * The acting user's name, when unlocked.
 */
user: string | null, 
/**
 * Today ("YYYY-MM-DD") where the computer is, as the core counts days (deadlines,
 * consents given "today"), so the UI's "today" is the core's.
 */
today: string, 
/**
 * When unlocked: what was found wrong with the audit trail at unlock, while every
 * change is refused (`audit.verify` says more; `audit.reseal` or a restore ends it).
 */
audit_damage: string | null, };

/**
 * What a step did to a person.
 */
export type StepDone = "reviewed" | "announced" | "withdrawn" | "archived" | "anonymised" | "erased" | "purged";

/**
 * A step that failed: who and why.
 */
export type StepFailure = { 
/**
 * The person, when the failure was about one.
 */
person?: string | null, 
/**
 * What went wrong.
 */
message: string, };

/**
 * `hygiene.steps`'s arguments.
 */
export type StepsArgs = { 
/**
 * The reviews, rather than the announced archives and erasures.
 */
reviews?: boolean, 
/**
 * At most this many (50 when not given; at most 1,000).
 */
limit?: number, };

/**
 * Everything about one person.
 */
export type SubjectAccess = { 
/**
 * Always [`FORMAT`].
 */
format: string, 
/**
 * Always [`VERSION`].
 */
version: number, 
/**
 * When it was made (RFC 3339, UTC).
 */
generated_at: string, 
/**
 * The language of the summary.
 */
language: Language, 
/**
 * Who holds the data.
 */
controller: Controller, 
/**
 * The person's own record.
 */
person: PersonRecord, 
/**
 * The organisation they are linked to.
 */
organisation: OrganisationRecord | null, 
/**
 * Each processing record: why, on what basis, from where.
 */
processing: Array<ProcessingEntry>, 
/**
 * The purposes their data serves, with bases and retention (Art. 15(1)(a), (d)).
 */
purposes: Array<PurposeInfo>, 
/**
 * The consent ledger with the exact words agreed to.
 */
consents: Array<ConsentEntry>, 
/**
 * The mailings they are on.
 */
subscriptions: Array<SubscriptionEntry>, 
/**
 * Every note about them, private ones too.
 */
notes: Array<NoteEntry>, 
/**
 * Deals with them.
 */
deals: Array<DealEntry>, 
/**
 * Invoices to them.
 */
invoices: Array<InvoiceEntry>, 
/**
 * Imports that created or changed their record.
 */
imports: Array<ImportEntry>, 
/**
 * Their requests and what was done on them.
 */
requests: Array<RequestEntry>, 
/**
 * The audit trail's events about them.
 */
events: Array<EventEntry>, 
/**
 * Earlier erasures of them, for someone registered again after being erased: the vault
 * keeps a suppression record of each (the day, the request, keyed hashes of their
 * addresses and numbers, never the values).
 */
earlier_erasures: Array<EarlierErasure>, 
/**
 * Who else receives the data (processors, other recipients), as the business lists them.
 */
recipients: Array<string>, 
/**
 * The rights they have, by name.
 */
rights: Array<string>, 
/**
 * Where they can complain.
 */
complaint: Authority, };

/**
 * What an export made.
 */
export type SubjectExport = { 
/**
 * The format.
 */
format: ExportFormat, 
/**
 * The file or folder written (for an e-mail: the `.eml` file, when it was saved).
 */
path: string | null, 
/**
 * The files in the bundle.
 */
files: Array<string>, 
/**
 * The size of the zip, or of the files in all.
 */
bytes: number, 
/**
 * For a zip or an e-mail: the passphrase, shown this once and stored nowhere.
 */
passphrase: string | null, 
/**
 * The request it was recorded on.
 */
request: string | null, 
/**
 * Rows per part, as in the audit event.
 */
counts: JsonValue, 
/**
 * For [`ExportFormat::Json`]: the bundle.
 */
bundle: SubjectAccess | null, 
/**
 * For [`ExportFormat::Email`]: how the message left.
 */
delivery: Delivery | null, 
/**
 * A name for the file, in the summary's language ("innsyn-ase-hansen-2026-12-05.pdf").
 */
file_name: string, 
/**
 * Set by the command table when `content` was kept as a download.
 */
download: Download | null, };

/**
 * What to export and where.
 */
export type SubjectExportOptions = { 
/**
 * The person, by id or e-mail address.
 */
person: string, 
/**
 * The format.
 */
format: ExportFormat, 
/**
 * Where to write the PDF, the zip file or the folder; for an e-mail, where to save it as
 * an `.eml` file (a file or a folder) instead of sending it. Without it, a PDF or zip
 * comes back as bytes for the caller to hand over (a download).
 */
out?: string | null, 
/**
 * Whether an existing file at `out` may be replaced (the owner was asked, or the
 * platform's save dialog asked them). A folder is never replaced.
 */
overwrite?: boolean, 
/**
 * The request it answers (`R-0001` or an id); the export is recorded on it.
 */
request?: string | null, 
/**
 * The summary's language; by default the person's, else their country's or their
 * phone's, else the vault's, else English (see [`ExportPlan`]).
 */
language?: Language | null, 
/**
 * Must be `true` for a folder: the person confirms that the data will lie unencrypted.
 */
confirm_unencrypted?: boolean, };

/**
 * `subscription.set`'s arguments.
 */
export type SubscriptionArgs = { 
/**
 * The person's id or e-mail address.
 */
person: string, 
/**
 * The subscription type by name.
 */
subscription: string, 
/**
 * On or off.
 */
on: boolean, };

/**
 * A mailing the person is on.
 */
export type SubscriptionEntry = { 
/**
 * Its name.
 */
name: string, 
/**
 * Its purpose.
 */
purpose: string, 
/**
 * Since when.
 */
since: string, };

/**
 * A new subscription type (no `id`: name and purpose required) or a change to one.
 */
export type SubscriptionTypeSave = { 
/**
 * The subscription type to change; `None` adds one.
 */
id?: string | null, 
/**
 * Its name.
 */
name?: string | null, 
/**
 * Its purpose, by name or id.
 */
purpose?: string | null, 
/**
 * Archive (hide) or bring back.
 */
archived?: boolean | null, };

/**
 * A kind of e-mail people can be on or off for, under a purpose.
 */
export type SubscriptionTypeView = { 
/**
 * Its id.
 */
id: string, 
/**
 * Its name (unique, ignoring case); for a built-in one, its English name.
 */
name: string, 
/**
 * The key of a subscription type Lagom ships with, by which each reader sees it in their own
 * language (see `words`); `None` for the owner's own, shown as written.
 */
key: string | null, 
/**
 * The purpose's id.
 */
purpose_id: string, 
/**
 * The purpose's name.
 */
purpose: string, 
/**
 * The purpose's key, if it is a built-in one.
 */
purpose_key: string | null, 
/**
 * Hidden from choices, kept for history.
 */
archived: boolean, };

/**
 * A person's subscriptions after a change.
 */
export type Subscriptions = { 
/**
 * The subscription types they are on.
 */
subscriptions: Array<string>, };

/**
 * `consent_text.add`'s arguments.
 */
export type TextArgs = { 
/**
 * The purpose by name.
 */
purpose: string, 
/**
 * The text's language.
 */
language: Language, 
/**
 * The text.
 */
body: string, };

/**
 * A version of a text kept word for word.
 */
export type TextVersion = { 
/**
 * Id.
 */
id: string, 
/**
 * Language.
 */
language: string, 
/**
 * Version number.
 */
version: number, 
/**
 * The words.
 */
body: string, 
/**
 * SHA-256 of the words (hex).
 */
sha256: string, };

/**
 * `consent_texts.list`'s arguments.
 */
export type TextsArgs = { 
/**
 * Only this purpose's texts.
 */
purpose?: string | null, };

/**
 * Everything the start screen shows.
 */
export type Today = { 
/**
 * The day it is, where the computer is.
 */
today: string, 
/**
 * Requests overdue or due soon, with the days left.
 */
requests: RequestSummary, 
/**
 * Archives, anonymisations and erasures announced, with their day.
 */
announced: Waiting, 
/**
 * People a rule asks the owner to look at.
 */
reviews: Waiting, 
/**
 * Pairs of likely duplicates waiting in the review queue.
 */
duplicates: number, 
/**
 * Consents to renew.
 */
consents: Findings, 
/**
 * Data to fix: no purpose, invalid e-mail addresses.
 */
quality: Findings, 
/**
 * The last backup.
 */
backup: BackupState, 
/**
 * The last integrity check.
 */
integrity: IntegrityState, 
/**
 * Who can open the vault, as the access review last found.
 */
access: Findings, 
/**
 * People in the recycle bin.
 */
bin: number, 
/**
 * Archived people.
 */
archived: number, 
/**
 * People anonymised so far (their figures are kept for statistics).
 */
anonymised: number, 
/**
 * The last housekeeping run.
 */
last_run?: RunReport | null, 
/**
 * Whether the owner has yet to look at the suggested retention rules.
 */
rules_to_review: boolean, };

/**
 * `duplicates.undo`'s arguments.
 */
export type UndoMergeArgs = { 
/**
 * The merge's id.
 */
merge: string, };

/**
 * What undoing an import did.
 */
export type UndoReport = { 
/**
 * The batch.
 */
batch: string, 
/**
 * People removed (created by the import).
 */
removed: number, 
/**
 * People whose earlier values were put back.
 */
restored: number, };

/**
 * What undoing a merge did.
 */
export type UndoneMerge = { 
/**
 * The merge.
 */
merge: string, 
/**
 * The person kept, as they were before it.
 */
kept: string, 
/**
 * The person merged away, back under their own id.
 */
restored: string, };

/**
 * `vault.unlock`'s arguments.
 */
export type UnlockArgs = { 
/**
 * The password.
 */
password: string, 
/**
 * The secret key as typed; absent or empty: the one the keyring remembers.
 */
secret_key?: string | null, 
/**
 * Whether a typed secret key is handed to the keyring (by default it is; the CLI,
 * given the key by a script, leaves the keyring alone).
 */
remember?: boolean | null, };

/**
 * An upload as its sender sees it.
 */
export type Upload = { 
/**
 * Its id, to name it in `import.plan` and `import.commit`.
 */
id: string, 
/**
 * The file's name where it came from.
 */
name: string, 
/**
 * Its size in bytes.
 */
size: number, };

/**
 * How an open request stands against its deadline on a given day.
 */
export type Urgency = "overdue" | "due_soon" | "on_time";

/**
 * `vault.create`'s arguments.
 */
export type VaultCreateArgs = { 
/**
 * The owner's name, shown in processing records.
 */
owner: string, 
/**
 * The password (at least the core's minimum length).
 */
password: string, };

/**
 * What can be read of a vault without unlocking it.
 */
export type VaultInfo = { 
/**
 * The vault's id (also the keyring entry's name).
 */
vault_id: string, 
/**
 * The user id of the first key slot (the owner).
 */
owner_id: string, 
/**
 * The owner slot's Argon2id parameters.
 */
kdf_memory_kib: number, 
/**
 * Argon2id passes.
 */
kdf_iterations: number, 
/**
 * Argon2id lanes.
 */
kdf_parallelism: number, };

/**
 * Waiting steps of one kind.
 */
export type Waiting = { 
/**
 * The first few, soonest first.
 */
steps: Array<WaitingStep>, 
/**
 * How many in all.
 */
total: number, };

/**
 * A person waiting for a retention step.
 */
export type WaitingStep = { 
/**
 * The person's id.
 */
person: string, 
/**
 * Their name.
 */
name: string, 
/**
 * The step.
 */
action: RetentionAction, 
/**
 * The day the rule makes it due.
 */
due_on: string, 
/**
 * The day it is taken (for a review: listed since).
 */
runs_on: string, };

/** Every command of the table by name, with the type of its arguments and of its result. */
export type Commands = {
  "vault.status": { args: NoArgs; result: Status };
  "vault.create": { args: VaultCreateArgs; result: IssuedKey };
  "vault.unlock": { args: UnlockArgs; result: Status };
  "vault.lock": { args: NoArgs; result: Status };
  "vault.change_password": { args: ChangePasswordArgs; result: PasswordChanged };
  "vault.rotate_key": { args: RotateKeyArgs; result: IssuedKey };
  "vault.info": { args: NoArgs; result: VaultInfo };
  "vault.check": { args: NoArgs; result: IntegrityReport };
  "vault.database_key": { args: DatabaseKeyArgs; result: DatabaseKey };
  "vault.restore": { args: RestoreArgs; result: RestoreReport };
  "settings.get": { args: NoArgs; result: Settings };
  "settings.set": { args: SettingsPatch; result: Settings };
  "demo.add": { args: DemoArgs; result: DemoAdded };
  "people.list": { args: PeopleQuery; result: PersonPage };
  "people.search": { args: SearchArgs; result: PersonPage };
  "people.filters": { args: NoArgs; result: PeopleFilters };
  "person.show": { args: PersonArgs; result: PersonView };
  "person.create": { args: PersonCreateArgs; result: Created };
  "person.update": { args: PersonUpdateArgs; result: PersonView };
  "person.delete": { args: PersonArgs; result: Deleted };
  "person.restore": { args: PersonArgs; result: Shelved };
  "person.archive": { args: PersonArgs; result: Shelved };
  "person.unarchive": { args: PersonArgs; result: Shelved };
  "person.contact_add": { args: ContactAddArgs; result: PersonView };
  "person.contact_remove": { args: ContactArgs; result: PersonView };
  "person.contact_primary": { args: ContactArgs; result: PersonView };
  "person.contact_kind": { args: ContactKindArgs; result: PersonView };
  "note.add": { args: NoteArgs; result: NoteView };
  "note.delete": { args: NoteIdArgs; result: Deleted };
  "purposes.list": { args: NoArgs; result: Array<PurposeLine> };
  "organisations.list": { args: OrganisationListArgs; result: OrganisationPage };
  "organisation.show": { args: OrganisationArgs; result: OrganisationView };
  "organisation.create": { args: OrganisationFields; result: Created };
  "organisation.update": { args: OrganisationUpdateArgs; result: OrganisationView };
  "organisation.delete": { args: OrganisationArgs; result: OrganisationDeleted };
  "duplicates.list": { args: PageArgs; result: PairPage };
  "duplicates.refresh": { args: NoArgs; result: RefreshSummary };
  "duplicates.merge": { args: MergeRequest; result: MergeReport };
  "duplicates.dismiss": { args: PairArgs; result: PairDismissed };
  "duplicates.undo": { args: UndoMergeArgs; result: UndoneMerge };
  "duplicates.merges": { args: PageArgs; result: Array<MergeView> };
  "duplicates.check": { args: CheckArgs; result: Array<LikelyDuplicate> };
  "import.plan": { args: ImportOptions; result: ImportReport };
  "import.commit": { args: ImportOptions; result: ImportReport };
  "import.list": { args: NoArgs; result: Array<ImportBatch> };
  "import.undo": { args: ImportUndoArgs; result: UndoReport };
  "import.discard": { args: ImportDiscardArgs; result: Discarded };
  "audit.list": { args: AuditArgs; result: Array<AuditEntry> };
  "audit.kinds": { args: NoArgs; result: Array<string> };
  "audit.verify": { args: NoArgs; result: AuditVerified };
  "audit.reseal": { args: AuditResealArgs; result: ResealReport };
  "requests.list": { args: RequestFilter; result: Array<RequestLine> };
  "requests.summary": { args: NoArgs; result: RequestSummary };
  "request.new": { args: NewRequest; result: RequestView };
  "request.show": { args: RequestArgs; result: RequestView };
  "request.identity": { args: IdentityArgs; result: RequestView };
  "request.extend": { args: ExtendArgs; result: RequestView };
  "request.close": { args: CloseArgs; result: RequestView };
  "request.rectify": { args: RectifyArgs; result: Rectified };
  "subject.export": { args: SubjectExportOptions; result: SubjectExport };
  "subject.export_plan": { args: ExportPlanArgs; result: ExportPlan };
  "lists.get": { args: ListsArgs; result: Lists };
  "purpose.save": { args: PurposeSave; result: PurposeView };
  "source.save": { args: SourceSave; result: SourceView };
  "subscription_type.save": { args: SubscriptionTypeSave; result: SubscriptionTypeView };
  "processing.mass_edit": { args: MassEdit; result: MassEditReport };
  "consent.give": { args: ConsentGiveArgs; result: ConsentEventView };
  "consent.request": { args: ConsentRequestArgs; result: ConsentRequest };
  "consent.confirm": { args: ConfirmArgs; result: ConsentEventView };
  "consent.reply": { args: ReplyArgs; result: ConsentEventView };
  "consent.withdraw": { args: ConsentWithdrawArgs; result: ConsentEventView };
  "consent.list": { args: ConsentPersonArgs; result: Array<ConsentView> };
  "consent_text.add": { args: TextArgs; result: ConsentTextView };
  "consent_texts.list": { args: TextsArgs; result: Array<ConsentTextView> };
  "privacy_notice.add": { args: PrivacyNoticeArgs; result: PrivacyNoticeView };
  "privacy_notices.list": { args: NoArgs; result: Array<PrivacyNoticeView> };
  "subscription.set": { args: SubscriptionArgs; result: Subscriptions };
  "person.restrict": { args: LimitArgs; result: Restriction };
  "person.object": { args: LimitArgs; result: Objection };
  "person.set_language": { args: LanguageArgs; result: PersonLanguage };
  "marketing.list": { args: MarketingArgs; result: MarketingList };
  "mail.settings.get": { args: NoArgs; result: MailSettings };
  "mail.settings.set": { args: MailSettingsPatch; result: MailSettings };
  "mail.test": { args: MailTestArgs; result: Delivery };
  "business.get": { args: NoArgs; result: Business };
  "business.set": { args: BusinessPatch; result: Business };
  "notice.generate": { args: NoticeArgs; result: NoticeGenerated };
  "erasure.preview": { args: PreviewArgs; result: ErasurePreview };
  "person.erase": { args: EraseArgs; result: ErasureReport };
  "retention.get": { args: NoArgs; result: Retention };
  "retention.set": { args: RetentionPatch; result: Retention };
  "vault.backup": { args: BackupArgs; result: BackupReport };
  "hygiene.today": { args: NoArgs; result: Today };
  "hygiene.run": { args: RunOptions; result: RunReport };
  "hygiene.runs": { args: RunsArgs; result: Array<RunReport> };
  "hygiene.settings.get": { args: NoArgs; result: HygieneSettings };
  "hygiene.settings.set": { args: HygieneSettings; result: HygieneSettings };
  "hygiene.steps": { args: StepsArgs; result: Waiting };
  "hygiene.keep": { args: KeepArgs; result: Kept };
  "hygiene.findings": { args: FindingsArgs; result: Findings };
  "hygiene.dismiss": { args: DismissArgs; result: Dismissed };
  "retention.rules": { args: NoArgs; result: RetentionRules };
  "retention.rules_set": { args: RulesArgs; result: RetentionRules };
  "retention.rules_reset": { args: NoArgs; result: RetentionRules };
  "bin.list": { args: BinArgs; result: Bin };
};

/** A command's name. */
export type CommandName = keyof Commands;

/** The names of the built-in purposes, sources and subscription types by key, in
 * English, Norwegian, Swedish and Danish (a row with a key is shown in the reader's
 * language; one without is the owner's and shown as written). */
export const BUILT_IN_NAMES = {
  purpose: {
    sales_and_service: { en: "Sales and service", nb: "Salg og service", sv: "Försäljning och service", da: "Salg og service" },
    customer_relationship: { en: "Customer relationship", nb: "Kundeforhold", sv: "Kundrelation", da: "Kundeforhold" },
    e_marketing: { en: "E-marketing", nb: "E-markedsføring", sv: "E-marknadsföring", da: "E-markedsføring" },
    bookkeeping: { en: "Bookkeeping", nb: "Bokføring", sv: "Bokföring", da: "Bogføring" },
  },
  source: {
    manual: { en: "manual", nb: "registrert for hånd", sv: "registrerad för hand", da: "registreret i hånden" },
    web_form: { en: "web form", nb: "nettskjema", sv: "webbformulär", da: "webformular" },
    email: { en: "e-mail", nb: "e-post", sv: "e-post", da: "e-mail" },
    phone: { en: "phone", nb: "telefon", sv: "telefon", da: "telefon" },
    business_card: { en: "business card", nb: "visittkort", sv: "visitkort", da: "visitkort" },
    import: { en: "import", nb: "import", sv: "import", da: "import" },
  },
  subscription: {
    newsletter: { en: "Newsletter", nb: "Nyhetsbrev", sv: "Nyhetsbrev", da: "Nyhedsbrev" },
    offers: { en: "Offers", nb: "Tilbud", sv: "Erbjudanden", da: "Tilbud" },
    events: { en: "Events", nb: "Arrangementer", sv: "Evenemang", da: "Arrangementer" },
  },
} as const;
