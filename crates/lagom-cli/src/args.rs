//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Lagom: your customer register, encrypted on your own computer.
///
/// Credentials: by default you are asked for your password, and the secret key is read from
/// the system keyring (or asked for). For scripts, set LAGOM_PASSWORD and LAGOM_SECRET_KEY
/// in the environment instead.
///
/// Exit codes: 0 ok, 1 other error, 2 usage or invalid input, 3 wrong password or secret
/// key, 4 not found, 5 vault damaged or tampered with (or an audit chain that does not
/// verify), 6 conflict with the vault's state.
#[derive(Debug, Parser)]
#[command(
    name = "lagom",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The vault directory.
    #[arg(long, global = true, env = "LAGOM_VAULT", value_name = "DIR")]
    pub vault: Option<PathBuf>,

    /// Machine-readable JSON output (errors too, on stderr).
    #[arg(long, global = true)]
    pub json: bool,

    /// Replace a file that exists (an --out, --problems, --save-mapping or --kit file).
    /// Without it, such a file is left alone and the command stops.
    #[arg(long, global = true)]
    pub force: bool,

    /// Never read or write the system keyring.
    #[arg(long, global = true, env = "LAGOM_NO_KEYRING", value_parser = clap::builder::BoolishValueParser::new())]
    pub no_keyring: bool,

    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per run; boxing the larger variants would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new vault. Prints the secret key once: keep it safe.
    Init(InitArgs),
    /// Add, show, edit, delete and list people.
    #[command(subcommand)]
    Person(PersonCommand),
    /// Search people by name, e-mail, phone or organisation (prefixes, any accents).
    Search(SearchArgs),
    /// People recorded twice: the pairs to review, merging, telling apart, undoing a merge.
    #[command(subcommand)]
    Duplicates(crate::duplicates::DuplicatesCommand),
    /// Read and verify the audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Change the password (and optionally make a new secret key).
    Passwd(PasswdArgs),
    /// Replace the keys: re-encrypt the whole database under a new vault key and make a new
    /// secret key (printed once; the keyring is updated; the old secret key stops working).
    Rekey(RekeyArgs),
    /// Check every page of the database against its authentication code.
    Check,
    /// Show what can be read without unlocking: vault id, key-derivation parameters.
    Info,
    /// Print the database's raw SQLCipher key, to open the vault with other SQLCipher 4
    /// tools. Anyone with this key and the file can read everything; it is logged as an export.
    DatabaseKey,
    /// Fill the vault with made-up people to try Lagom out.
    Demo(DemoArgs),
    /// Import spreadsheets and contact exports (CSV, XLSX, XLSM, XLS, ODS, vCard) as one
    /// batch, or list and undo imports. Encoding, delimiter and columns are found by
    /// themselves; try --dry-run first. Interrupting an import leaves nothing behind.
    Import(ImportArgs),
    /// Serve the vault's commands over HTTP on this computer only (127.0.0.1), for the web UI
    /// in a browser and for scripts. Every call needs the bearer token printed at start.
    Serve(ServeArgs),
    /// Record, ask for (double opt-in), confirm, withdraw and list people's consents.
    #[command(subcommand)]
    Consent(crate::consent::ConsentCommand),
    /// Write the people who may receive e-mail for a purpose as CSV (only those with a valid
    /// consent and no restriction or objection) and count who was left out and why.
    MarketingList(crate::consent::MarketingListArgs),
    /// The register of data subject requests: new, list, show, identity, extend, close.
    #[command(subcommand)]
    Request(crate::requests::RequestCommand),
    /// Export everything about a person (GDPR Art. 15) as an encrypted zip, printing its
    /// passphrase once, send that zip to the person by e-mail (--format email), or write a
    /// plain folder after a warning.
    ExportSubject(crate::requests::ExportSubjectArgs),
    /// Erase a person (GDPR Art. 17): everything about them goes, except invoices the
    /// bookkeeping law keeps, which get a pseudonym. Asks first unless --yes.
    Erase(crate::erasure::EraseArgs),
    /// Show or change how long invoices are kept per country (--country, --years SE=7).
    Retention(crate::erasure::RetentionArgs),
    /// Write a backup of the vault, or restore one (erasures made since are applied again).
    #[command(subcommand)]
    Backup(crate::erasure::BackupCommand),
    /// Housekeeping: run the jobs that are due (for cron or a systemd timer), see what needs
    /// doing today, retention rules, waiting steps, findings and settings.
    #[command(subcommand)]
    Hygiene(crate::hygiene::HygieneCommand),
    /// The recycle bin: deleted people, kept until restored or purged (then erased).
    Bin(crate::hygiene::BinCommandArgs),
    /// The mail server messages go out through (the password is kept in the vault and never
    /// shown), and a test message.
    #[command(subcommand)]
    Mail(crate::mail::MailCommand),
    /// Show or change the business the privacy notice names: name, organisation number,
    /// address, contact e-mail, country, service providers.
    Business(crate::mail::BusinessArgs),
    /// The privacy notice (GDPR Art. 13/14) for a person, in their language: shown, sent
    /// (--send) or written to a file (--out).
    Notice(crate::mail::NoticeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Serve the built web UI from this directory (ui/dist) at /.
    #[arg(long, value_name = "DIR")]
    pub ui: Option<PathBuf>,
    /// Open the UI in the default browser (with --ui).
    #[arg(long, requires = "ui")]
    pub open: bool,
    /// A folder the browser may name files in (to import, export to, back up to); may be
    /// given more than once. Without it, your home folder. Never the vault's own folder.
    #[arg(long = "allow-dir", value_name = "DIR")]
    pub allow_dirs: Vec<PathBuf>,
}

/// `lagom import FILE...`, `lagom import list`, `lagom import undo BATCH`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub action: Option<ImportCommand>,
    /// Files to import, in order (duplicates across them are found too).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Show the plan (counts, first rows, duplicates, problems) and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Column choices saved earlier (JSON; see schemas/import-mapping.schema.json).
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// Save the column choices of this import for next time.
    #[arg(long, value_name = "FILE")]
    pub save_mapping: Option<PathBuf>,
    /// The sheet to read from workbooks (the first with data when not given).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The country of phone numbers written without a country code: CC for every file, or
    /// FILE=CC for one (repeat). Without it each file's own country is told from its headers'
    /// language, its e-mail domains and the numbers that are valid (the dry run says which
    /// and why), else the vault's country.
    #[arg(long, value_name = "[FILE=]CC")]
    pub country: Vec<String>,
    /// Purpose of the batch by name (default "Sales and service").
    #[arg(long)]
    pub purpose: Option<String>,
    /// Legal basis, GDPR Art. 6(1) a–f (default: the purpose's own).
    #[arg(long)]
    pub legal_basis: Option<String>,
    /// What to do with someone already known: merge field by field, skip, or create anyway.
    #[arg(long, value_name = "RULE", default_value = "merge", value_parser = ["merge", "skip", "create"])]
    pub on_duplicate: String,
    /// In a merge, whose value wins where both have one: keep the vault's, or replace it.
    #[arg(long, value_name = "RULE", default_value = "keep", value_parser = ["keep", "replace"])]
    pub on_conflict: String,
    /// Choices for single duplicates: JSON list of {"file", "row", "action"}.
    #[arg(long, value_name = "FILE")]
    pub decisions: Option<PathBuf>,
    /// Import a column that looks sensitive (its header as written); needs --sensitive-basis.
    #[arg(long = "include-sensitive", value_name = "HEADER")]
    pub include_sensitive: Vec<String>,
    /// The legal basis for the sensitive columns chosen (e.g. "explicit consent, Art. 9(2)(a)").
    #[arg(long, value_name = "TEXT")]
    pub sensitive_basis: Option<String>,
    /// Write every problem (file, sheet, row, column, reason) to this CSV file.
    #[arg(long, value_name = "FILE")]
    pub problems: Option<PathBuf>,
    /// How many rows to show as they will be stored.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub preview: usize,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Every import, newest first.
    List,
    /// Undo an import: people it created removed, fields it changed put back. Refused when
    /// people of it were edited since.
    Undo {
        /// The import's id (or its first eight or more characters).
        batch: String,
    },
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The owner's name, shown in processing records.
    #[arg(long, default_value = "Owner")]
    pub owner: String,
    /// Write the emergency kit (an HTML page to print) to this file.
    #[arg(long, value_name = "FILE")]
    pub kit: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Add a person. A processing record (purpose, legal basis, source) is written with them.
    Add(PersonAddArgs),
    /// Show a person's full record (by id or e-mail). The read is logged.
    Show {
        /// The person's id or e-mail address.
        person: String,
    },
    /// Change fields of a person. An empty value clears an optional field.
    Edit(PersonEditArgs),
    /// Move a person to the recycle bin: hidden everywhere, erased when the bin's time is
    /// up unless restored.
    Delete {
        /// The person's id or e-mail address.
        person: String,
    },
    /// Restore a person from the recycle bin with everything they had.
    Restore {
        /// The person's id or e-mail address.
        person: String,
    },
    /// Archive a person: kept, but out of lists, searches and marketing.
    Archive {
        /// The person's id or e-mail address.
        person: String,
    },
    /// Bring an archived person back.
    Unarchive {
        /// The person's id or e-mail address.
        person: String,
    },
    /// List people by last name.
    List(PageArgs),
    /// A person's e-mail addresses and phone numbers: list, add, remove, choose the primary.
    #[command(subcommand)]
    Contact(crate::contacts::ContactCommand),
}

#[derive(Debug, Args)]
pub struct PersonFieldArgs {
    /// Given name(s).
    #[arg(long)]
    pub first_name: Option<String>,
    /// Family name.
    #[arg(long)]
    pub last_name: Option<String>,
    /// E-mail address.
    #[arg(long)]
    pub email: Option<String>,
    /// Phone number.
    #[arg(long)]
    pub phone: Option<String>,
    /// Role or job title.
    #[arg(long)]
    pub title: Option<String>,
    /// Organisation name (found or created).
    #[arg(long = "org", value_name = "NAME")]
    pub organisation: Option<String>,
    /// prospect, customer, former-customer, partner or other.
    #[arg(long)]
    pub status: Option<String>,
    /// Street address.
    #[arg(long)]
    pub address: Option<String>,
    /// Postcode.
    #[arg(long)]
    pub postcode: Option<String>,
    /// City.
    #[arg(long)]
    pub city: Option<String>,
    /// Country (ISO code such as NO, SE, DK).
    #[arg(long)]
    pub country: Option<String>,
    /// Your own number for the customer, as your other systems write it.
    #[arg(long, value_name = "NUMBER")]
    pub customer_number: Option<String>,
}

#[derive(Debug, Args)]
pub struct PersonAddArgs {
    #[command(flatten)]
    pub fields: PersonFieldArgs,
    /// A tag (repeat for more).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Why you hold this person's data [default: Sales and service].
    #[arg(long)]
    pub purpose: Option<String>,
    /// GDPR Art. 6(1) basis: a–f or consent, contract, legal-obligation, vital-interests,
    /// public-task, legitimate-interests [default: the purpose's own].
    #[arg(long)]
    pub legal_basis: Option<String>,
    /// Where the data came from [default: manual].
    #[arg(long)]
    pub source: Option<String>,
    /// Add the person even though someone in the register is likely the same person
    /// (without it, such an add is refused and they are named).
    #[arg(long)]
    pub allow_duplicate: bool,
    /// Add the person even though an earlier erasure covers one of their e-mail addresses
    /// or phone numbers, giving the reason they are registered again (they came back and
    /// asked for it). Without it, such an add is refused (exit code 6, error `erased`).
    #[arg(long, value_name = "REASON")]
    pub register_erased: Option<String>,
}

#[derive(Debug, Args)]
pub struct PersonEditArgs {
    /// The person's id or e-mail address.
    pub person: String,
    #[command(flatten)]
    pub fields: PersonFieldArgs,
    /// Add a tag (repeat for more).
    #[arg(long = "add-tag", value_name = "TAG")]
    pub add_tags: Vec<String>,
    /// Remove a tag (repeat for more).
    #[arg(long = "remove-tag", value_name = "TAG")]
    pub remove_tags: Vec<String>,
}

#[derive(Debug, Args)]
pub struct PageArgs {
    /// At most this many.
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Skip this many.
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to look for; every word must match the start of a name, e-mail, phone or
    /// organisation.
    #[arg(required = true)]
    pub query: Vec<String>,
    /// At most this many results.
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Find archived people too.
    #[arg(long)]
    pub archived: bool,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// List events, newest first.
    List(AuditListArgs),
    /// Check the whole chain; names every edited or deleted event. Exit code 5 if broken.
    Verify,
    /// Accept a damaged trail as it is so that work can go on: the damage is recorded in an
    /// `audit.resealed` event and the trail sealed over it. Restoring a backup is the
    /// other way out. Asks for the password.
    Reseal,
}

#[derive(Debug, Args)]
pub struct AuditListArgs {
    /// Only this kind (e.g. person.read, unlock.failed).
    #[arg(long)]
    pub kind: Option<String>,
    /// Only events about this person (id).
    #[arg(long)]
    pub person: Option<String>,
    /// Only events at or after this time (RFC 3339 or YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Only events before this time (RFC 3339 or YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<String>,
    /// At most this many.
    #[arg(long, default_value_t = 100)]
    pub limit: u32,
    /// The language the purposes, sources and subscription types the events name are told in
    /// (en, nb, sv, da); English when not given.
    #[arg(long)]
    pub language: Option<String>,
}

#[derive(Debug, Args)]
pub struct PasswdArgs {
    /// Also make a new secret key (printed once; the keyring is updated).
    #[arg(long)]
    pub new_secret_key: bool,
    /// Write a new emergency kit to this file (with --new-secret-key).
    #[arg(long, value_name = "FILE")]
    pub kit: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RekeyArgs {
    /// Write the new emergency kit to this file.
    #[arg(long, value_name = "FILE")]
    pub kit: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many made-up people to add.
    #[arg(long, default_value_t = 200)]
    pub people: u32,
}
