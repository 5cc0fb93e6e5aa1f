//! One function per command: read arguments, call the core's command table, print. Every
//! operation goes through the table ([`Session::run`]), the same one the desktop app and
//! `lagom serve` use, so the terminal cannot do anything the app does differently.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use lagom_core::SystemClock;
use lagom_core::api::{
    AuditArgs, AuditKinds, AuditList, AuditReseal, AuditResealArgs, AuditVerify,
    ChangePasswordArgs, DatabaseKeyArgs, DemoAdd, DemoArgs, IssuedKey, NoArgs, PeopleList,
    PeopleSearch, PersonArchive, PersonArgs, PersonCreate, PersonCreateArgs, PersonDelete,
    PersonRestore, PersonShow, PersonUnarchive, PersonUpdate, PersonUpdateArgs, RotateKeyArgs,
    SearchArgs, Session, UnlockArgs, VaultChangePassword, VaultCheck, VaultCreate, VaultCreateArgs,
    VaultDatabaseKey, VaultInfo, VaultLock, VaultRotateKey, VaultStatus, VaultUnlock,
};
use lagom_core::card::PersonView;
use lagom_core::people::{
    NewPerson, PeopleQuery, PersonFields, PersonPatch, PersonStatus, PersonSummary, Provenance,
};
use lagom_core::types::LegalBasis;
use secrecy::ExposeSecret;

use crate::args::{
    AuditCommand, AuditListArgs, Cli, Command, InitArgs, PasswdArgs, PersonAddArgs, PersonCommand,
    PersonEditArgs, PersonFieldArgs, RekeyArgs,
};
use crate::credentials::{self, Keys};
use crate::error::CliError;
use crate::output::{Out, pad};

pub fn run(cli: &Cli) -> Result<(), CliError> {
    let out = Out {
        json: cli.json,
        force: cli.force,
    };
    let keys = Keys::new(!cli.no_keyring);
    let dir = vault_dir(cli)?;
    // The server holds its own session, unlocked when the UI asks, not at start.
    if let Command::Serve(args) = &cli.command {
        return crate::serve::serve(&dir, args, keys.keyring, &out);
    }
    let mut session = Session::new(&dir, Arc::new(SystemClock), Box::new(keys.clone()));
    let result = match &cli.command {
        Command::Init(args) => init(&mut session, args, &keys, &out),
        Command::Info => {
            let info = session.run::<VaultInfo>(NoArgs {})?;
            out.emit(&info, |w| {
                writeln!(w, "vault id   {}", info.vault_id)?;
                writeln!(w, "directory  {}", dir.display())?;
                writeln!(
                    w,
                    "key slot   Argon2id, {} MiB, {} passes, {} lanes",
                    info.kdf_memory_kib / 1024,
                    info.kdf_iterations,
                    info.kdf_parallelism
                )
            })
        }
        // A backup is restored onto the locked vault.
        Command::Backup(crate::erasure::BackupCommand::Restore { dir: from }) => {
            crate::erasure::restore(&mut session, from, &out)
        }
        command => match unlock(&mut session, &keys) {
            Ok(password) => unlocked(command, &mut session, password, &keys, &out),
            Err(e) => Err(e),
        },
    };
    // Closing the database wipes the keys; a failure to lock changes nothing on disk.
    let _ = session.run::<VaultLock>(NoArgs {});
    result
}

fn unlocked(
    command: &Command,
    session: &mut Session,
    password: lagom_core::Password,
    keys: &Keys,
    out: &Out,
) -> Result<(), CliError> {
    match command {
        Command::Person(PersonCommand::Add(args)) => person_add(session, args, out),
        Command::Person(PersonCommand::Show { person }) => {
            let view = session.run::<PersonShow>(PersonArgs {
                person: person.clone(),
            })?;
            out.emit(&view, |w| print_card(w, &view))
        }
        Command::Person(PersonCommand::Edit(args)) => person_edit(session, args, out),
        Command::Person(PersonCommand::Delete { person }) => {
            let deleted = session.run::<PersonDelete>(PersonArgs {
                person: person.clone(),
            })?;
            out.emit(&deleted, |w| {
                writeln!(w, "Moved {} to the recycle bin", deleted.deleted)
            })
        }
        Command::Person(PersonCommand::Restore { person }) => {
            let done = session.run::<PersonRestore>(PersonArgs {
                person: person.clone(),
            })?;
            out.emit(&done, |w| writeln!(w, "Restored {}", done.person))
        }
        Command::Person(PersonCommand::Archive { person }) => {
            let done = session.run::<PersonArchive>(PersonArgs {
                person: person.clone(),
            })?;
            out.emit(&done, |w| writeln!(w, "Archived {}", done.person))
        }
        Command::Person(PersonCommand::Unarchive { person }) => {
            let done = session.run::<PersonUnarchive>(PersonArgs {
                person: person.clone(),
            })?;
            out.emit(&done, |w| writeln!(w, "Brought back {}", done.person))
        }
        Command::Person(PersonCommand::Contact(c)) => crate::contacts::run(session, c, out),
        Command::Person(PersonCommand::List(page)) => {
            let result = session.run::<PeopleList>(PeopleQuery {
                limit: page.limit,
                offset: page.offset,
                ..PeopleQuery::default()
            })?;
            out.emit(&result, |w| {
                print_table(w, &result.people)?;
                writeln!(w, "{} of {} people", result.people.len(), result.total)
            })
        }
        Command::Search(args) => {
            let result = session.run::<PeopleSearch>(SearchArgs {
                query: args.query.join(" "),
                limit: args.limit,
                archived: args.archived,
            })?;
            out.emit(&result, |w| {
                print_table(w, &result.people)?;
                if result.total > result.people.len() as u64 {
                    writeln!(
                        w,
                        "more than {} found; type more to narrow it down",
                        result.people.len()
                    )
                } else {
                    writeln!(w, "{} found", result.people.len())
                }
            })
        }
        Command::Audit(AuditCommand::List(args)) => audit_list(session, args, out),
        Command::Audit(AuditCommand::Verify) => {
            let report = session.run::<AuditVerify>(NoArgs {})?;
            out.emit(&report, |w| {
                if report.intact {
                    writeln!(
                        w,
                        "The audit trail is intact: {} events checked.",
                        report.events
                    )?;
                } else {
                    writeln!(
                        w,
                        "The audit trail has been tampered with ({} events checked):",
                        report.events
                    )?;
                    for p in &report.messages {
                        writeln!(w, "  - {p}")?;
                    }
                    if report.writes_refused {
                        writeln!(
                            w,
                            "Nothing can be changed until a backup is restored, or the trail is \
                             resealed as it is with `lagom audit reseal`."
                        )?;
                    }
                }
                for r in &report.reseals {
                    writeln!(w, "Resealed at event #{} on {}, after:", r.seq, r.at)?;
                    for p in &r.messages {
                        writeln!(w, "  - {p}")?;
                    }
                }
                Ok(())
            })?;
            if report.intact {
                Ok(())
            } else {
                Err(CliError::ChainBroken)
            }
        }
        Command::Audit(AuditCommand::Reseal) => {
            let sealed = session.run::<AuditReseal>(AuditResealArgs {
                password: password.expose_secret().to_owned(),
            })?;
            out.emit(&sealed, |w| {
                writeln!(
                    w,
                    "The audit trail is sealed again at event #{}, which records:",
                    sealed.seq
                )?;
                for p in &sealed.messages {
                    writeln!(w, "  - {p}")?;
                }
                Ok(())
            })
        }
        Command::Passwd(args) => passwd(session, password, args, keys, out),
        Command::Rekey(args) => rekey(session, password, args, keys, out),
        Command::Check => {
            let report = session.run::<VaultCheck>(NoArgs {})?;
            out.emit(&report, |w| {
                if report.intact {
                    writeln!(w, "Every page of the database checks out.")
                } else {
                    writeln!(w, "The database is damaged:")?;
                    report
                        .problems
                        .iter()
                        .try_for_each(|p| writeln!(w, "  - {p}"))
                }
            })?;
            if report.intact {
                Ok(())
            } else {
                Err(CliError::Damaged)
            }
        }
        Command::DatabaseKey => {
            let key = session.run::<VaultDatabaseKey>(DatabaseKeyArgs {
                password: password.expose_secret().to_owned(),
            })?;
            out.emit(&key, |w| {
                writeln!(w, "{}", key.sqlcipher_raw_key)?;
                crate::output::note_line("Anyone with this key and the file vault.db can read the whole vault. Open it with: PRAGMA key = \"x'<key>'\";");
                Ok(())
            })
        }
        Command::Demo(args) => {
            let added = session.run::<DemoAdd>(DemoArgs {
                people: args.people,
            })?;
            out.emit(&added, |w| {
                writeln!(w, "Added {} made-up people.", added.created)
            })
        }
        Command::Import(args) => crate::imports::run(session, args, out),
        Command::Consent(c) => crate::consent::run(session, c, out),
        Command::Duplicates(c) => crate::duplicates::run(session, c, out),
        Command::MarketingList(args) => crate::consent::marketing_list(session, args, out),
        Command::Request(c) => crate::requests::run(session, c, out),
        Command::ExportSubject(args) => crate::requests::export_subject(session, args, out),
        Command::Erase(args) => crate::erasure::erase(session, args, out),
        Command::Retention(args) => crate::erasure::retention(session, args, out),
        Command::Backup(c) => crate::erasure::backup(session, c, out),
        Command::Hygiene(c) => crate::hygiene::run(session, c, out),
        Command::Bin(args) => crate::hygiene::bin(session, args, out),
        Command::Mail(c) => crate::mail::run(session, c, out),
        Command::Business(args) => crate::mail::business(session, args, out),
        Command::Notice(args) => crate::mail::notice(session, args, out),
        Command::Init(_) | Command::Info | Command::Serve(_) => Err(CliError::Usage(
            "this command does not unlock the vault".into(),
        )),
    }
}
fn vault_dir(cli: &Cli) -> Result<PathBuf, CliError> {
    if let Some(dir) = &cli.vault {
        return Ok(dir.clone());
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .ok_or_else(|| {
            CliError::Usage("no vault directory: give --vault DIR or set LAGOM_VAULT".into())
        })?;
    Ok(data.join("lagom").join("vault"))
}

/// Unlocks the session's vault with the password and secret key from the environment, the
/// keyring or the terminal; returns the password, which key changes ask for again.
fn unlock(session: &mut Session, keys: &Keys) -> Result<lagom_core::Password, CliError> {
    let info = session.run::<VaultInfo>(NoArgs {})?;
    let password = credentials::password()?;
    let secret_key = credentials::secret_key(&keys.keyring, &info.vault_id)?;
    session.run::<VaultUnlock>(UnlockArgs {
        password: password.expose_secret().to_owned(),
        secret_key: Some(secret_key.display().as_str().to_owned()),
        // The key came from a script, the keyring or the kit; the terminal never files it.
        remember: Some(false),
    })?;
    Ok(password)
}

/// Why a newly issued key is not in the keyring, when it is not.
fn keyring_problem(issued: &IssuedKey, keys: &Keys) -> Option<String> {
    (!issued.secret_key_remembered).then(|| {
        keys.problem()
            .unwrap_or_else(|| "the system keyring did not keep the key".into())
    })
}

fn init(session: &mut Session, args: &InitArgs, keys: &Keys, out: &Out) -> Result<(), CliError> {
    let dir = session.dir().to_owned();
    if session.run::<VaultStatus>(NoArgs {})?.exists {
        return Err(lagom_core::Error::VaultExists(dir).into());
    }
    let password = credentials::new_password("LAGOM_PASSWORD")?;
    // The key is printed (and the kit written) before the vault exists: if it cannot be,
    // there is no vault whose key nobody was given.
    keys.hand_over_with(handover(
        session,
        args.kit.as_deref(),
        out,
        serde_json::json!({ "dir": dir.display().to_string(), "keyring": keys.keyring.enabled }),
        &format!("Creating a vault in {}.", dir.display()),
        "Your secret key (shown this once; it and your password open the vault):",
    )?);
    let issued = session.run::<VaultCreate>(VaultCreateArgs {
        owner: args.owner.clone(),
        password: password.expose_secret().to_owned(),
    })?;
    keyring_note(&issued, keys)?;
    if !out.json {
        let keyring = if issued.secret_key_remembered {
            "The secret key is saved in this computer's keyring, so you will not need to type it here."
        } else {
            "Give the secret key with LAGOM_SECRET_KEY or type it when asked."
        };
        let kit = if args.kit.is_some() {
            "Print the emergency kit, keep it safe, then delete the file."
        } else {
            "Write the secret key down and keep it safe, or run init with --kit FILE for a page to print."
        };
        done_line(out, &format!("The vault is ready. {keyring}\n{kit}"));
    }
    Ok(())
}

pub(crate) fn fields_from(args: &PersonFieldArgs) -> Result<PersonFields, CliError> {
    Ok(PersonFields {
        first_name: args.first_name.clone().unwrap_or_default(),
        last_name: args.last_name.clone().unwrap_or_default(),
        email: args.email.clone(),
        phone: args.phone.clone(),
        title: args.title.clone(),
        organisation: args.organisation.clone(),
        status: args
            .status
            .as_deref()
            .map(PersonStatus::parse)
            .transpose()?
            .unwrap_or_default(),
        tags: Vec::new(),
        address: args.address.clone(),
        postcode: args.postcode.clone(),
        city: args.city.clone(),
        country: args.country.clone(),
        customer_number: args.customer_number.clone(),
    })
}

fn person_add(session: &mut Session, args: &PersonAddArgs, out: &Out) -> Result<(), CliError> {
    let mut fields = fields_from(&args.fields)?;
    fields.tags = args.tags.clone();
    let provenance = Provenance {
        purpose: args.purpose.clone(),
        legal_basis: args
            .legal_basis
            .as_deref()
            .map(LegalBasis::parse)
            .transpose()?,
        source: args.source.clone(),
    };
    let created = session.run::<PersonCreate>(PersonCreateArgs {
        person: NewPerson {
            fields,
            provenance,
            category: None,
        },
        allow_duplicate: args.allow_duplicate,
        register_erased: args.register_erased.clone(),
    })?;
    out.emit(&created, |w| writeln!(w, "{}", created.id))
}

fn person_edit(session: &mut Session, args: &PersonEditArgs, out: &Out) -> Result<(), CliError> {
    let f = &args.fields;
    let patch = PersonPatch {
        first_name: f.first_name.clone(),
        last_name: f.last_name.clone(),
        email: f.email.clone(),
        phone: f.phone.clone(),
        title: f.title.clone(),
        organisation: f.organisation.clone(),
        status: f.status.as_deref().map(PersonStatus::parse).transpose()?,
        add_tags: args.add_tags.clone(),
        remove_tags: args.remove_tags.clone(),
        address: f.address.clone(),
        postcode: f.postcode.clone(),
        city: f.city.clone(),
        country: f.country.clone(),
        customer_number: f.customer_number.clone(),
        category: None,
    };
    let view = session.run::<PersonUpdate>(PersonUpdateArgs {
        person: args.person.clone(),
        patch,
    })?;
    out.emit(&view, |w| print_card(w, &view))
}

fn day_or_time(text: &str, field: &'static str) -> Result<DateTime<Utc>, CliError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
        .ok_or_else(|| {
            CliError::Usage(format!(
                "--{field}: give a date (2026-11-22) or a time (2026-11-22T14:00:00Z)"
            ))
        })
}

fn audit_list(session: &mut Session, args: &AuditListArgs, out: &Out) -> Result<(), CliError> {
    if let Some(kind) = &args.kind {
        // The terminal names every kind there is, which the core's error does not.
        let kinds = session.run::<AuditKinds>(NoArgs {})?;
        if !kinds.contains(kind) {
            return Err(CliError::Usage(format!(
                "--kind: one of {}",
                kinds.join(", ")
            )));
        }
    }
    let entries = session.run::<AuditList>(AuditArgs {
        kind: args.kind.clone(),
        subject: args.person.clone(),
        since: args
            .since
            .as_deref()
            .map(|s| day_or_time(s, "since"))
            .transpose()?,
        until: args
            .until
            .as_deref()
            .map(|s| day_or_time(s, "until"))
            .transpose()?,
        before: None,
        limit: Some(args.limit),
    })?;
    // The terminal shows events as stored, without the names the app's log adds, except that
    // the text names a purpose, source or subscription type the detail holds by id (in
    // English unless another language is asked for); the JSON keeps the ids.
    let language = match args.language.as_deref() {
        Some(l) => lagom_core::types::Language::parse(l)
            .ok_or_else(|| CliError::Usage("--language must be en, nb, sv or da".into()))?,
        None => lagom_core::types::Language::En,
    };
    let named: Vec<_> = entries.iter().map(|e| e.detail_named(language)).collect();
    let events: Vec<_> = entries.into_iter().map(|e| e.event).collect();
    out.emit(&serde_json::json!({ "events": events }), |w| {
        for (e, detail) in events.iter().zip(&named) {
            let subject = match (&e.subject_kind, &e.subject_id) {
                (Some(k), Some(id)) if !id.is_empty() => format!("{k} {id}"),
                (Some(k), _) => k.clone(),
                _ => String::new(),
            };
            let detail = if detail.as_object().is_some_and(|o| o.is_empty()) {
                String::new()
            } else {
                detail.to_string()
            };
            writeln!(
                w,
                "{:>6}  {}  {}  {} {}",
                e.seq,
                e.at,
                pad(&e.kind, 16),
                subject,
                detail
            )?;
        }
        Ok(())
    })
}

/// Opens the emergency kit's file before keys change, when one is asked for.
fn passwd(
    session: &mut Session,
    password: lagom_core::Password,
    args: &PasswdArgs,
    keys: &Keys,
    out: &Out,
) -> Result<(), CliError> {
    let new_password = credentials::new_password("LAGOM_NEW_PASSWORD")?;
    if args.kit.is_some() && !args.new_secret_key {
        return Err(CliError::Usage("--kit goes with --new-secret-key".into()));
    }
    keys.hand_over_with(handover(
        session,
        args.kit.as_deref(),
        out,
        serde_json::json!({ "changed": true }),
        "Changing the password and the secret key.",
        NEW_KEY_INTRO,
    )?);
    let changed = session.run::<VaultChangePassword>(ChangePasswordArgs {
        current_password: password.expose_secret().to_owned(),
        new_password: new_password.expose_secret().to_owned(),
        new_secret_key: Some(args.new_secret_key),
    })?;
    match &changed.new_key {
        // The key, the kit and the result were printed before the key was put in force.
        Some(issued) => {
            keyring_note(issued, keys)?;
            done_line(out, "The password and the secret key were changed.");
            Ok(())
        }
        None => out.emit(
            &serde_json::json!({ "changed": true, "secret_key": null, "notes": [] }),
            |w| writeln!(w, "The password was changed."),
        ),
    }
}

/// `lagom rekey`: the app's "replace the keys". A new vault key (the database re-encrypted)
/// and a new secret key, printed (and its kit written) before it is put in force; the old
/// secret key no longer opens the vault.
fn rekey(
    session: &mut Session,
    password: lagom_core::Password,
    args: &RekeyArgs,
    keys: &Keys,
    out: &Out,
) -> Result<(), CliError> {
    keys.hand_over_with(handover(
        session,
        args.kit.as_deref(),
        out,
        serde_json::json!({ "rotated": true }),
        "Replacing the keys: the database is re-encrypted under a new vault key.",
        NEW_KEY_INTRO,
    )?);
    let issued = session.run::<VaultRotateKey>(RotateKeyArgs {
        password: password.expose_secret().to_owned(),
    })?;
    keyring_note(&issued, keys)?;
    done_line(
        out,
        "The keys were replaced: the new secret key is in force, the old one opens nothing.",
    );
    Ok(())
}

/// The last line of a key change in text mode, once it is in force. The key was printed
/// before; if this line cannot be, nothing is lost.
fn done_line(out: &Out, text: &str) {
    if !out.json {
        let _ = writeln!(std::io::stdout(), "{text}");
    }
}

/// What a new secret key replacing an old one is introduced with.
const NEW_KEY_INTRO: &str = "Your new secret key (shown this once; it takes over from the old \
     one as this command ends, unless it ends with an error):";

/// How a new secret key is handed over (see [`credentials::Handover`]); the kit's place is
/// checked now, before anything changes.
fn handover(
    session: &Session,
    kit: Option<&Path>,
    out: &Out,
    result: serde_json::Value,
    headline: &str,
    key_intro: &str,
) -> Result<credentials::Handover, CliError> {
    let rules = session.path_rules(out.force);
    if let Some(kit) = kit {
        rules.check_write(kit)?;
    }
    Ok(credentials::Handover {
        kit: kit.map(Path::to_owned),
        rules,
        json: out.json,
        result,
        headline: headline.to_owned(),
        key_intro: key_intro.to_owned(),
    })
}

/// After a new key is in force: says on stderr if the keyring could not keep it.
fn keyring_note(issued: &IssuedKey, keys: &Keys) -> Result<(), CliError> {
    if keys.keyring.enabled
        && let Some(why) = keyring_problem(issued, keys)
    {
        let _ = writeln!(
            std::io::stderr(),
            "Note: the new secret key is not in a keyring ({why}); give it with LAGOM_SECRET_KEY or type it when asked."
        );
    }
    Ok(())
}

fn print_table(w: &mut dyn Write, people: &[PersonSummary]) -> std::io::Result<()> {
    for p in people {
        let name = format!("{} {}", p.first_name, p.last_name);
        writeln!(
            w,
            "{}  {}  {}  {}  {}",
            p.id,
            pad(name.trim(), 26),
            pad(p.email.as_deref().unwrap_or(""), 30),
            pad(p.phone_display.as_deref().unwrap_or(""), 18),
            p.organisation.as_deref().unwrap_or("")
        )?;
    }
    Ok(())
}

fn print_card(w: &mut dyn Write, p: &PersonView) -> std::io::Result<()> {
    let f = &p.fields;
    let line = |w: &mut dyn Write, label: &str, value: Option<&str>| -> std::io::Result<()> {
        match value {
            Some(v) if !v.is_empty() => writeln!(w, "{}{v}", pad(label, 14)),
            _ => Ok(()),
        }
    };
    writeln!(w, "{} {}", f.first_name, f.last_name)?;
    line(w, "id", Some(&p.id.to_string()))?;
    for c in &p.contacts {
        let label = match c.channel {
            lagom_core::people::contacts::Channel::Email => "e-mail",
            lagom_core::people::contacts::Channel::Phone => "phone",
        };
        let mut notes: Vec<&str> = Vec::new();
        if c.kind != lagom_core::people::contacts::ContactKind::Other {
            notes.push(c.kind.as_str());
        }
        let several = p.contacts.iter().filter(|o| o.channel == c.channel).count() > 1;
        if c.primary && several {
            notes.push("primary");
        }
        let shown = if notes.is_empty() {
            c.display.clone()
        } else {
            format!("{} ({})", c.display, notes.join(", "))
        };
        line(w, label, Some(&shown))?;
    }
    line(w, "title", f.title.as_deref())?;
    line(
        w,
        "organisation",
        p.organisation.as_ref().map(|o| o.name.as_str()),
    )?;
    line(w, "status", Some(f.status.as_str()))?;
    line(w, "customer no.", f.customer_number.as_deref())?;
    let address = [
        f.address.as_deref(),
        f.postcode.as_deref(),
        f.city.as_deref(),
        f.country.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    line(w, "address", Some(&address))?;
    line(w, "tags", Some(&p.tags.join(", ")))?;
    line(w, "created", Some(&p.created_at))?;
    line(w, "updated", Some(&p.updated_at))?;
    writeln!(w, "Why we hold this data:")?;
    for r in &p.processing {
        writeln!(
            w,
            "  {} — GDPR Art. 6(1)({}) {} — source: {} — {} by {}",
            r.purpose,
            r.legal_basis.code(),
            r.legal_basis.name(),
            r.source,
            r.recorded_at,
            r.recorded_by
        )?;
    }
    Ok(())
}
