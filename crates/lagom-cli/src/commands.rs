//! One function per command: read arguments, call the core, print.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use lagom_core::model::{
    LegalBasis, NewPerson, PersonFields, PersonPatch, PersonRef, PersonStatus, PersonSummary,
    PersonView, Provenance,
};
use lagom_core::{
    AuditFilter, Credentials, KdfParams, NewVault, OsEntropy, SecretKey, SystemClock, Vault,
};
use serde::Serialize;

use crate::args::{
    AuditCommand, AuditListArgs, Cli, Command, InitArgs, PasswdArgs, PersonAddArgs, PersonCommand,
    PersonEditArgs, PersonFieldArgs,
};
use crate::credentials::{self, Keyring};
use crate::error::CliError;
use crate::output::{Out, pad};

pub fn run(cli: &Cli) -> Result<(), CliError> {
    let out = Out { json: cli.json };
    let keyring = Keyring {
        enabled: !cli.no_keyring,
    };
    let dir = vault_dir(cli)?;
    match &cli.command {
        Command::Init(args) => init(&dir, args, &keyring, &out),
        // The server unlocks the vault when the UI asks, not at start.
        Command::Serve(args) => crate::serve::serve(&dir, args, keyring, &out),
        Command::Info => {
            let info = Vault::info(&dir)?;
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
            crate::erasure::restore(&dir, from, &out)
        }
        command => {
            let (mut vault, creds) = open(&dir, &keyring)?;
            unlocked(command, &mut vault, creds, &keyring, &out)
        }
    }
}

fn unlocked(
    command: &Command,
    vault: &mut Vault,
    creds: Credentials,
    keyring: &Keyring,
    out: &Out,
) -> Result<(), CliError> {
    match command {
        Command::Person(PersonCommand::Add(args)) => person_add(vault, args, out),
        Command::Person(PersonCommand::Show { person }) => {
            let view = vault.show_person(&PersonRef::parse(person)?)?;
            out.emit(&view, |w| print_card(w, &view))
        }
        Command::Person(PersonCommand::Edit(args)) => person_edit(vault, args, out),
        Command::Person(PersonCommand::Delete { person }) => {
            let id = vault.delete_person(&PersonRef::parse(person)?)?;
            out.emit(&serde_json::json!({ "deleted": id }), |w| {
                writeln!(w, "Deleted {id}")
            })
        }
        Command::Person(PersonCommand::List(page)) => {
            let result = vault.list_people(page.limit, page.offset)?;
            out.emit(&result, |w| {
                print_table(w, &result.people)?;
                writeln!(w, "{} of {} people", result.people.len(), result.total)
            })
        }
        Command::Search(args) => {
            let result = vault.search_people(&args.query.join(" "), args.limit)?;
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
        Command::Audit(AuditCommand::List(args)) => audit_list(vault, args, out),
        Command::Audit(AuditCommand::Verify) => {
            let report = vault.verify_audit()?;
            let json = serde_json::json!({ "intact": report.is_intact(), "events": report.events, "problems": report.problems });
            out.emit(&json, |w| {
                if report.is_intact() {
                    writeln!(
                        w,
                        "The audit trail is intact: {} events checked.",
                        report.events
                    )
                } else {
                    writeln!(
                        w,
                        "The audit trail has been tampered with ({} events checked):",
                        report.events
                    )?;
                    for p in &report.problems {
                        writeln!(w, "  - {p}")?;
                    }
                    Ok(())
                }
            })?;
            if report.is_intact() {
                Ok(())
            } else {
                Err(CliError::ChainBroken)
            }
        }
        Command::Passwd(args) => passwd(vault, creds, args, keyring, out),
        Command::Rekey => {
            vault.rotate_key(&creds, &mut OsEntropy)?;
            out.emit(&serde_json::json!({ "rotated": true }), |w| {
                writeln!(
                    w,
                    "The vault key was rotated: the database is now encrypted under a new key."
                )
            })
        }
        Command::Check => {
            let problems = vault.check_integrity()?;
            let json = serde_json::json!({ "intact": problems.is_empty(), "problems": problems });
            out.emit(&json, |w| {
                if problems.is_empty() {
                    writeln!(w, "Every page of the database checks out.")
                } else {
                    writeln!(w, "The database is damaged:")?;
                    problems.iter().try_for_each(|p| writeln!(w, "  - {p}"))
                }
            })?;
            if problems.is_empty() {
                Ok(())
            } else {
                Err(CliError::Damaged)
            }
        }
        Command::DatabaseKey => {
            let key = vault.database_key()?;
            let hex = key.to_hex();
            out.emit(&serde_json::json!({ "sqlcipher_raw_key": hex.as_str() }), |w| {
                writeln!(w, "{}", hex.as_str())?;
                eprintln!("Anyone with this key and the file vault.db can read the whole vault. Open it with: PRAGMA key = \"x'<key>'\";");
                Ok(())
            })
        }
        Command::Demo(args) => {
            let start = vault.list_people(0, 0)?.total;
            let ids =
                vault.create_people(lagom_core::demo::people(start, u64::from(args.people)))?;
            out.emit(&serde_json::json!({ "created": ids.len() }), |w| {
                writeln!(w, "Added {} made-up people.", ids.len())
            })
        }
        Command::Import(args) => crate::imports::run(vault, args, out),
        Command::Consent(c) => crate::consent::run(vault, c, out),
        Command::MarketingList(args) => crate::consent::marketing_list(vault, args, out),
        Command::Request(c) => crate::requests::run(vault, c, out),
        Command::ExportSubject(args) => crate::requests::export_subject(vault, args, out),
        Command::Erase(args) => crate::erasure::erase(vault, args, out),
        Command::Retention(args) => crate::erasure::retention(vault, args, out),
        Command::Backup(c) => crate::erasure::backup(vault, c, out),
        Command::Mail(c) => crate::mail::run(vault, c, out),
        Command::Business(args) => crate::mail::business(vault, args, out),
        Command::Notice(args) => crate::mail::notice(vault, args, out),
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

fn open(dir: &Path, keyring: &Keyring) -> Result<(Vault, Credentials), CliError> {
    let info = Vault::info(dir)?;
    let password = credentials::password()?;
    let secret_key = credentials::secret_key(keyring, &info.vault_id)?;
    let creds = Credentials {
        password,
        secret_key,
    };
    let vault = Vault::unlock(dir, &creds, Arc::new(SystemClock))?;
    Ok((vault, creds))
}

#[derive(Serialize)]
struct Created<'a> {
    vault_id: String,
    dir: String,
    secret_key: &'a str,
    keyring: bool,
    keyring_note: Option<String>,
    kit: Option<String>,
    kit_note: Option<String>,
}

/// The emergency kit's file, opened (and so checked) before any key exists, readable by
/// its owner only even when it replaces an older file.
fn open_kit(path: &Path) -> Result<std::fs::File, CliError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path).map_err(|e| {
        CliError::Io(format!(
            "cannot write the emergency kit {}: {e}",
            path.display()
        ))
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(|e| {
                CliError::Io(format!(
                    "cannot protect the emergency kit {}: {e}",
                    path.display()
                ))
            })?;
    }
    Ok(file)
}

/// Writes the kit into a file opened by [`open_kit`]. A failure here is reported, not fatal:
/// the key is printed either way.
fn write_kit(
    mut file: std::fs::File,
    vault_id: &impl std::fmt::Display,
    dir: &Path,
    owner: &str,
    key: &SecretKey,
) -> Result<(), String> {
    let html = lagom_core::kit::emergency_kit_html(&lagom_core::kit::KitContent {
        vault_id: uuid_of(vault_id),
        vault_dir: &dir.display().to_string(),
        owner_name: owner,
        secret_key: &key.display(),
        created: &Utc::now().format("%Y-%m-%d").to_string(),
    });
    file.write_all(html.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("the emergency kit could not be written: {e}"))
}

fn uuid_of(id: &impl std::fmt::Display) -> uuid::Uuid {
    uuid::Uuid::parse_str(&id.to_string()).unwrap_or_default()
}

fn init(dir: &Path, args: &InitArgs, keyring: &Keyring, out: &Out) -> Result<(), CliError> {
    if dir.join("vault.header").exists() {
        return Err(lagom_core::Error::VaultExists(dir.to_owned()).into());
    }
    let password = credentials::new_password("LAGOM_PASSWORD")?;
    // Everything that can fail is tried before the vault exists: once it does, its secret
    // key must reach the person whatever else goes wrong.
    let kit_file = args.kit.as_deref().map(open_kit).transpose()?;
    let secret_key = SecretKey::make(&mut OsEntropy);
    let shown = secret_key.display();
    let vault = Vault::create(
        dir,
        NewVault {
            owner_name: args.owner.clone(),
            credentials: Credentials {
                password,
                secret_key: secret_key.clone(),
            },
            kdf: KdfParams::RECOMMENDED,
        },
        Arc::new(SystemClock),
        &mut OsEntropy,
    )?;
    let vault_id = vault.id();
    drop(vault);
    let stored = keyring.store(&vault_id, &secret_key);
    let kit_problem =
        kit_file.and_then(|f| write_kit(f, &vault_id, dir, &args.owner, &secret_key).err());
    let created = Created {
        vault_id: vault_id.to_string(),
        dir: dir.display().to_string(),
        secret_key: &shown,
        keyring: stored.is_ok(),
        keyring_note: stored.as_ref().err().cloned(),
        kit: args
            .kit
            .as_ref()
            .filter(|_| kit_problem.is_none())
            .map(|k| k.display().to_string()),
        kit_note: kit_problem.clone(),
    };
    out.emit(&created, |w| {
        writeln!(w, "Created a vault in {}", dir.display())?;
        writeln!(w)?;
        writeln!(
            w,
            "Your secret key (shown this once; it and your password open the vault):"
        )?;
        writeln!(w)?;
        writeln!(w, "    {}", shown.as_str())?;
        writeln!(w)?;
        match &stored {
            Ok(()) => writeln!(
                w,
                "It is saved in this computer's keyring, so you will not need to type it here."
            )?,
            Err(why) => {
                writeln!(w, "It could not be saved in a keyring ({why}).")?;
                writeln!(w, "Give it with LAGOM_SECRET_KEY or type it when asked.")?
            }
        }
        match (&args.kit, &kit_problem) {
            (_, Some(problem)) => writeln!(w, "Write the key down now: {problem}."),
            (Some(kit), None) => writeln!(
                w,
                "The emergency kit is in {}: print it, keep it safe, then delete the file.",
                kit.display()
            ),
            (None, None) => writeln!(
                w,
                "Write it down and keep it safe, or run init with --kit FILE for a page to print."
            ),
        }
    })
}

fn fields_from(args: &PersonFieldArgs) -> Result<PersonFields, CliError> {
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
    })
}

fn person_add(vault: &mut Vault, args: &PersonAddArgs, out: &Out) -> Result<(), CliError> {
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
    let id = vault.create_person(NewPerson {
        fields,
        provenance,
        category: None,
    })?;
    out.emit(&serde_json::json!({ "id": id }), |w| writeln!(w, "{id}"))
}

fn person_edit(vault: &mut Vault, args: &PersonEditArgs, out: &Out) -> Result<(), CliError> {
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
        category: None,
    };
    let view = vault.update_person(&PersonRef::parse(&args.person)?, &patch)?;
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

fn audit_list(vault: &mut Vault, args: &AuditListArgs, out: &Out) -> Result<(), CliError> {
    if let Some(kind) = &args.kind
        && lagom_core::audit::AuditKind::parse(kind).is_none()
    {
        let kinds: Vec<_> = lagom_core::audit::AuditKind::ALL
            .iter()
            .map(|k| k.as_str())
            .collect();
        return Err(CliError::Usage(format!(
            "--kind: one of {}",
            kinds.join(", ")
        )));
    }
    let filter = AuditFilter {
        kind: args.kind.clone(),
        subject_id: args.person.clone(),
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
        limit: args.limit,
    };
    let events = vault.audit_events(&filter)?;
    out.emit(&serde_json::json!({ "events": events }), |w| {
        for e in &events {
            let subject = match (&e.subject_kind, &e.subject_id) {
                (Some(k), Some(id)) if !id.is_empty() => format!("{k} {id}"),
                (Some(k), _) => k.clone(),
                _ => String::new(),
            };
            let detail = if e.detail.as_object().is_some_and(|o| o.is_empty()) {
                String::new()
            } else {
                e.detail.to_string()
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

fn passwd(
    vault: &mut Vault,
    creds: Credentials,
    args: &PasswdArgs,
    keyring: &Keyring,
    out: &Out,
) -> Result<(), CliError> {
    let new_password = credentials::new_password("LAGOM_NEW_PASSWORD")?;
    if args.kit.is_some() && !args.new_secret_key {
        return Err(CliError::Usage("--kit goes with --new-secret-key".into()));
    }
    // As for init: whatever can fail is done before the new key is in force.
    let kit_file = args.kit.as_deref().map(open_kit).transpose()?;
    let owner = vault.user_name()?;
    let vault_id = vault.id();
    let new_key = args.new_secret_key.then(|| SecretKey::make(&mut OsEntropy));
    vault.change_password(
        &creds,
        &new_password,
        new_key.as_ref(),
        KdfParams::RECOMMENDED,
        &mut OsEntropy,
    )?;
    let mut notes = Vec::new();
    if let Some(key) = &new_key {
        if let Err(why) = keyring.store(&vault_id, key) {
            notes.push(format!("the new secret key is not in a keyring ({why})"));
        }
        if let Some(problem) =
            kit_file.and_then(|f| write_kit(f, &vault_id, vault.dir(), &owner, key).err())
        {
            notes.push(problem);
        }
    }
    let shown = new_key.as_ref().map(|k| k.display().to_string());
    out.emit(&serde_json::json!({ "changed": true, "secret_key": shown, "notes": notes }), |w| {
        writeln!(w, "The password was changed.")?;
        if let Some(s) = &shown {
            writeln!(w, "Your new secret key (shown this once; the old one no longer works):\n\n    {s}\n")?;
        }
        notes.iter().try_for_each(|n| writeln!(w, "Note: {n}."))
    })
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
            pad(p.phone.as_deref().unwrap_or(""), 18),
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
    line(w, "e-mail", f.email.as_deref())?;
    line(w, "phone", f.phone.as_deref())?;
    line(w, "title", f.title.as_deref())?;
    line(
        w,
        "organisation",
        p.organisation.as_ref().map(|o| o.name.as_str()),
    )?;
    line(w, "status", Some(f.status.as_str()))?;
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
