//! The import pipeline. Per file, a second thread reads and plans rows (`lagom-import`) and
//! hands them over in chunks; this thread checks each against the core's rules, finds
//! duplicates and, in a commit, writes. A dry run goes the same way and writes nothing.

use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::sync_channel;

use lagom_import::matching::{Found, MatchRecord, Matcher};
use lagom_import::plan::{PlanCounts, PlanOptions, PlannedPerson, Planner, Problem, RowIssue};
use lagom_import::sensitive::Sensitivity;
use lagom_import::{Format, PhoneCountry, SourceFile};
use rusqlite::Connection;
use uuid::Uuid;

use super::merge::{Merged, merge};
use crate::audit::AuditKind;
use crate::audit::sql::Appender;
use crate::db::lists;
use crate::import::model::{
    DUPLICATES_SHOWN, DuplicateAction, DuplicateView, Earlier, FileReport, ImportCounts,
    ImportOptions, ImportProgress, ImportReport, Outcome, PreviewRow,
};
use crate::import::sql;
use crate::people::contacts::{self, Channel};
use crate::people::normalise;
use crate::people::sql::{self as people_sql, MoreContact};
use crate::people::{PersonDetails, PersonFields};
use crate::suppression::{ErasedEarlier, Suppressed};
use crate::types::LegalBasis;
use crate::vault::{Ctx, Vault};
use crate::{Error, Result};

/// Rows handed from the reading thread to the writing one at a time.
const CHUNK: usize = 2048;
/// Chunks that may wait between the threads (bounds memory while the writer catches up).
const CHUNKS_IN_FLIGHT: usize = 4;

/// Someone a new row can match: a person in the database, or (in a dry run, where nothing
/// is written) an earlier row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Person(i64),
    Row(u32, u64),
}

/// A row after the core's rules, with its search terms: made on the reading thread, so that
/// the writing one only writes.
struct Incoming {
    file: usize,
    row: u64,
    fields: PersonFields,
    /// Every address and number of the row with its kind, the primary ones included.
    contacts: Vec<MoreContact>,
    note: Option<String>,
    terms: String,
}

/// Checks a planned row against the core's rules (lengths, control characters, a name or
/// an e-mail address). A row that fails is a problem with its place, not an error.
fn prepare(
    file: usize,
    name: &str,
    sheet: Option<&str>,
    planned: PlannedPerson,
    with_terms: bool,
) -> std::result::Result<Incoming, Box<RowIssue>> {
    let (row, fields, contacts, note) = fields_of(planned);
    // No home country: the importer has read each number in its file's country already, and a
    // number it kept as written had none to read it in.
    let (details, organisation, tags) = normalise(&fields, None).map_err(|e| {
        let field = match &e {
            Error::Validation { field, .. } => (*field).to_owned(),
            _ => String::new(),
        };
        let detail = e.to_string();
        Box::new(RowIssue::new(
            name,
            sheet,
            row,
            None,
            Problem::RowRefused { field, detail },
        ))
    })?;
    let terms = if with_terms {
        people_sql::search_terms(&details, organisation.as_deref(), &contacts)
    } else {
        String::new()
    };
    Ok(Incoming {
        file,
        row,
        fields: PersonFields {
            first_name: details.first_name,
            last_name: details.last_name,
            email: details.email,
            phone: details.phone,
            title: details.title,
            organisation,
            status: details.status,
            tags,
            address: details.address,
            postcode: details.postcode,
            city: details.city,
            country: details.country,
            customer_number: details.customer_number,
        },
        contacts,
        note,
        terms,
    })
}

/// Calls `each` with a person as the duplicate matcher sees them: every address and number
/// of theirs is a key.
fn as_record<R>(
    f: &PersonFields,
    contacts: &[MoreContact],
    each: impl FnOnce(&MatchRecord<'_>) -> R,
) -> R {
    let emails = people_sql::channel_values(Channel::Email, f.email.as_deref(), contacts);
    let phones = people_sql::channel_values(Channel::Phone, f.phone.as_deref(), contacts);
    let emails: Vec<&str> = emails.iter().map(String::as_str).collect();
    let phones: Vec<&str> = phones.iter().map(String::as_str).collect();
    each(&MatchRecord {
        first_name: &f.first_name,
        last_name: &f.last_name,
        emails: &emails,
        phones: &phones,
        organisation: f.organisation.as_deref(),
        street: f.address.as_deref(),
        postcode: f.postcode.as_deref(),
        city: f.city.as_deref(),
        customer_number: f.customer_number.as_deref(),
    })
}

/// A planned person as the core's fields, their every address and number, and the note.
fn fields_of(p: PlannedPerson) -> (u64, PersonFields, Vec<MoreContact>, Option<String>) {
    let (email, phone) = (p.email().map(str::to_owned), p.phone().map(str::to_owned));
    let contacts: Vec<MoreContact> = p
        .emails
        .into_iter()
        .map(|c| (Channel::Email, c.value, c.kind))
        .chain(
            p.phones
                .into_iter()
                .map(|c| (Channel::Phone, c.value, c.kind)),
        )
        .collect();
    (
        p.row,
        PersonFields {
            first_name: p.first_name,
            last_name: p.last_name,
            email,
            phone,
            title: p.title,
            organisation: p.organisation,
            status: Default::default(),
            tags: p.tags,
            address: p.street,
            postcode: p.postcode,
            city: p.city,
            country: p.country,
            customer_number: p.customer_number,
        },
        contacts,
        p.note,
    )
}

/// An opened file with what was asked of it.
struct Opened {
    source: SourceFile,
    sheet: Option<String>,
    /// The phone country chosen for this file.
    country: Option<String>,
}

fn open_files(options: &ImportOptions) -> Result<Vec<Opened>> {
    if options.files.is_empty() {
        return Err(Error::validation(
            "files",
            "name at least one file to import",
        ));
    }
    let mut out = Vec::new();
    for f in &options.files {
        if f.contents.is_none() && f.path.as_os_str().is_empty() {
            return Err(Error::validation(
                "files",
                "each file needs its path (or, from the app, an uploaded file)",
            ));
        }
        let opened = match &f.contents {
            Some((name, bytes)) => SourceFile::from_bytes(name, bytes.clone()),
            None => SourceFile::open(&f.path),
        };
        let source = opened.map_err(|e| Error::Unreadable {
            file: f.path.clone(),
            reason: e.reason(),
        })?;
        let sheet = match (source.format, &f.sheet) {
            (Format::Workbook, Some(name)) => {
                if !source.sheets.iter().any(|s| &s.name == name) {
                    let known: Vec<String> = source
                        .sheets
                        .iter()
                        .map(|s| format!("{:?} ({} rows)", s.name, s.rows))
                        .collect();
                    return Err(Error::validation(
                        "sheet",
                        format!(
                            "{} has no sheet named {name:?}; its sheets are {}",
                            source.name,
                            known.join(", ")
                        ),
                    ));
                }
                Some(name.clone())
            }
            (Format::Workbook, None) => source.default_sheet().map(str::to_owned),
            _ => None,
        };
        let country = match &f.country {
            Some(c) => Some(country_code(c)?),
            None => None,
        };
        out.push(Opened {
            source,
            sheet,
            country,
        });
    }
    Ok(out)
}

/// What the reading thread hands back when a file is done.
struct FileDone {
    columns: Vec<lagom_import::plan::ColumnPlan>,
    phone_country: PhoneCountry,
    issues: Vec<RowIssue>,
    counts: PlanCounts,
    read: std::result::Result<(), lagom_import::ReadError>,
}

/// Writes what a commit decides, inside the import's transaction.
struct Writer<'a> {
    tx: &'a Connection,
    ctx: &'a Ctx,
    batch: String,
    purpose_id: String,
    legal_basis: LegalBasis,
    /// Per file, the source "import: <name>".
    sources: Vec<String>,
    /// Rows with a key above this were created by the batch.
    first_new_pk: i64,
    /// By lower-cased name: the organisation and its name as stored.
    organisations: HashMap<String, (Uuid, String)>,
    tags: HashMap<String, String>,
    /// People of the vault the batch has changed (their earlier values are saved once).
    touched: HashSet<i64>,
    /// The file and row each person the batch created came from, by key from the first
    /// (keys of new rows are given out in order within the transaction).
    origins: Vec<(u32, u64)>,
}

impl<'a> Writer<'a> {
    /// The file and row of a person this batch created, or `None` for someone in the vault
    /// before.
    fn origin(&self, pk: i64) -> Option<(u32, u64)> {
        let index = usize::try_from(pk.checked_sub(self.first_new_pk)?).ok()?;
        self.origins.get(index).copied()
    }

    fn created_here(&self, pk: i64) -> bool {
        pk >= self.first_new_pk
    }

    /// The organisation by name (found or created) and its name as stored, which may be
    /// written differently.
    fn organisation_named(&mut self, name: &str) -> Result<(Uuid, &str)> {
        let key = name.to_lowercase();
        if self.organisations.contains_key(&key) {
            let (id, stored) = &self.organisations[&key];
            return Ok((*id, stored.as_str()));
        }
        let (id, stored) = match people_sql::organisation_by_name(self.tx, name)? {
            Some(id) => (
                id,
                people_sql::organisation_name(self.tx, id)?.unwrap_or_else(|| name.to_owned()),
            ),
            None => {
                let id = Uuid::now_v7();
                people_sql::insert_organisation(self.tx, id, name, &self.ctx.now, self.ctx.actor)?;
                sql::record_change(
                    self.tx,
                    &self.batch,
                    "organisation",
                    &id.to_string(),
                    "created",
                    None,
                )?;
                (id, name.to_owned())
            }
        };
        let (id, stored) = self.organisations.entry(key).or_insert((id, stored));
        Ok((*id, stored.as_str()))
    }

    fn tag(&mut self, name: &str) -> Result<String> {
        let key = name.to_lowercase();
        if let Some(id) = self.tags.get(&key) {
            return Ok(id.clone());
        }
        let (id, created) = people_sql::tag_id(self.tx, name, &self.ctx.now)?;
        if created {
            sql::record_change(self.tx, &self.batch, "tag", &id, "created", None)?;
        }
        self.tags.insert(key, id.clone());
        Ok(id)
    }

    fn details(f: &PersonFields) -> PersonDetails {
        PersonDetails {
            first_name: f.first_name.clone(),
            last_name: f.last_name.clone(),
            email: f.email.clone(),
            phone: f.phone.clone(),
            title: f.title.clone(),
            status: f.status,
            address: f.address.clone(),
            postcode: f.postcode.clone(),
            city: f.city.clone(),
            country: f.country.clone(),
            customer_number: f.customer_number.clone(),
        }
    }

    fn processing(&self, person: Uuid, file: usize) -> Result<String> {
        people_sql::insert_processing(
            self.tx,
            &people_sql::ProcessingRow {
                person_id: person,
                purpose_id: &self.purpose_id,
                legal_basis: self.legal_basis,
                source_id: &self.sources[file],
                at: &self.ctx.now,
                by: self.ctx.actor,
            },
        )
    }

    /// A new person; returns the row's key.
    fn create(&mut self, incoming: &Incoming) -> Result<i64> {
        let f = &incoming.fields;
        let details = Self::details(f);
        // The terms were made from the organisation's name as the file writes it; a removal
        // later makes them from its name as stored, so they must agree.
        let mut terms = std::borrow::Cow::Borrowed(incoming.terms.as_str());
        let organisation_id = match &f.organisation {
            Some(name) => {
                let (id, stored) = self.organisation_named(name)?;
                if stored != name {
                    terms =
                        people_sql::search_terms(&details, Some(stored), &incoming.contacts).into();
                }
                Some(id)
            }
            None => None,
        };
        let id = Uuid::now_v7();
        let pk = people_sql::insert_person(
            self.tx,
            &people_sql::PersonRow {
                id,
                details: &details,
                more_contacts: &incoming.contacts,
                organisation_id,
                owner_id: self.ctx.actor,
                now: &self.ctx.now,
            },
        )?;
        people_sql::insert_terms(self.tx, pk, &terms)?;
        for tag in &f.tags {
            let tag_id = self.tag(tag)?;
            people_sql::add_tag(self.tx, id, &tag_id)?;
        }
        self.processing(id, incoming.file)?;
        if let Some(body) = &incoming.note {
            sql::insert_note(self.tx, id, body, self.ctx.actor, &self.ctx.now)?;
        }
        sql::record_change(
            self.tx,
            &self.batch,
            "person",
            &id.to_string(),
            "created",
            None,
        )?;
        let index = usize::try_from(pk - self.first_new_pk).unwrap_or(usize::MAX);
        if index == self.origins.len() {
            self.origins.push((incoming.file as u32, incoming.row));
        }
        Ok(pk)
    }

    /// Writes a merge into the person at `pk`.
    fn update(
        &mut self,
        pk: i64,
        merged: &Merged,
        incoming: &Incoming,
        audit: &mut Appender<'_>,
    ) -> Result<()> {
        let mut stored = people_sql::find_person_by_pk(self.tx, pk)?;
        let id = stored.id;
        let from_vault = !self.created_here(pk);
        if from_vault && self.touched.insert(pk) {
            let previous = serde_json::to_string(&sql::previous_person(self.tx, pk)?)
                .map_err(|e| Error::Internal(format!("saving earlier values: {e}")))?;
            sql::record_change(
                self.tx,
                &self.batch,
                "person",
                &id.to_string(),
                "updated",
                Some(&previous),
            )?;
            let record = self.processing(id, incoming.file)?;
            sql::record_change(self.tx, &self.batch, "processing", &record, "created", None)?;
        }
        let f = &merged.fields;
        let (organisation_id, organisation) = match &f.organisation {
            Some(name) => {
                let (id, stored) = self.organisation_named(name)?;
                (Some(id), Some(stored.to_owned()))
            }
            None => (None, None),
        };
        stored.details = Self::details(f);
        // Out of the index under the terms the row makes before it changes.
        people_sql::unindex_person(self.tx, pk)?;
        // Every address and number of the row joins the person's (none is lost to the
        // merge); which one is primary is the merge's choice, made as the row is written.
        let person = id.to_string();
        for (channel, value, kind) in &incoming.contacts {
            contacts::add(
                self.tx,
                &person,
                *channel,
                value,
                *kind,
                false,
                &self.ctx.now,
            )?;
        }
        people_sql::update_person(self.tx, &mut stored, organisation_id, &self.ctx.now)?;
        people_sql::index_person(self.tx, pk, &stored.details, organisation.as_deref())?;
        for tag in &merged.new_tags {
            let tag_id = self.tag(tag)?;
            if people_sql::add_tag(self.tx, id, &tag_id)? && from_vault {
                sql::record_change(
                    self.tx,
                    &self.batch,
                    "person_tag",
                    &format!("{id}/{tag_id}"),
                    "created",
                    None,
                )?;
            }
        }
        if let Some(body) = &incoming.note {
            let note = sql::insert_note(self.tx, id, body, self.ctx.actor, &self.ctx.now)?;
            if from_vault {
                sql::record_change(self.tx, &self.batch, "note", &note, "created", None)?;
            }
        }
        if from_vault && !merged.changed.is_empty() {
            audit.append(
                self.tx,
                self.ctx.event(
                    AuditKind::PersonUpdated,
                    Some(("person", id.to_string())),
                    serde_json::json!({ "fields": merged.changed, "import": self.batch }),
                ),
            )?;
        }
        Ok(())
    }
}

/// The state of one run.
struct Run<'o> {
    options: &'o ImportOptions,
    files: Vec<String>,
    /// Per file, the sheet read (for a problem's place).
    sheets: Vec<Option<String>>,
    /// The erasures whose people are not imported again.
    suppressed: Suppressed,
    index: Matcher<Target>,
    decisions: HashMap<(String, u64), DuplicateAction>,
    counts: ImportCounts,
    preview: Vec<PreviewRow>,
    duplicates: Vec<DuplicateView>,
    duplicates_total: u64,
    issues: Vec<RowIssue>,
}

impl Run<'_> {
    fn show(&mut self, incoming: &Incoming, outcome: Outcome, person: &PersonFields) {
        if self.preview.len() < self.options.preview_rows {
            self.preview.push(PreviewRow {
                file: self.files[incoming.file].clone(),
                row: incoming.row,
                outcome,
                person: person.clone(),
                phone_display: person
                    .phone
                    .as_deref()
                    .map(crate::people::contacts::display_phone),
                note: incoming.note.clone(),
            });
        }
    }

    /// Handles one row: checked, matched, decided, and (with a writer) written.
    fn row(
        &mut self,
        conn: &Connection,
        mut writer: Option<(&mut Writer<'_>, &mut Appender<'_>)>,
        prepared: std::result::Result<Incoming, Box<RowIssue>>,
    ) -> Result<()> {
        let incoming = match prepared {
            Ok(incoming) => incoming,
            Err(issue) => {
                self.counts.rejected += 1;
                self.issues.push(*issue);
                return Ok(());
            }
        };
        let (file, row) = (incoming.file, incoming.row);
        if let Some(erased) = self.erased(&incoming) {
            // Named by the day and the request only: the row's own values stay in the file.
            self.counts.erased += 1;
            self.issues.push(RowIssue::new(
                &self.files[file],
                self.sheets[file].as_deref(),
                row,
                None,
                Problem::Erased {
                    erased_on: erased.erased_on.clone(),
                    request: erased.request.clone(),
                },
            ));
            let outcome = Outcome::Erased {
                erased_on: erased.erased_on,
                request: erased.request,
            };
            self.show(&incoming, outcome, &incoming.fields.clone());
            return Ok(());
        }
        let found = as_record(&incoming.fields, &incoming.contacts, |r| self.index.find(r));
        let Some(Found { earlier, scored }) = found else {
            return self.create(writer, &incoming);
        };
        self.duplicates_total += 1;
        let action = self
            .decisions
            .get(&(self.files[file].clone(), row))
            .copied()
            .unwrap_or(self.options.on_duplicate);
        let detailed = self.duplicates.len() < DUPLICATES_SHOWN;
        let mut view = |earlier_side: Earlier,
                        changes: Vec<&'static str>,
                        conflicts,
                        merged: Option<&PersonFields>| {
            if detailed {
                self.duplicates.push(DuplicateView {
                    file: self.files[file].clone(),
                    row,
                    scored: scored.clone(),
                    action,
                    incoming: incoming.fields.clone(),
                    earlier: earlier_side,
                    changes,
                    conflicts,
                    merged: merged.cloned(),
                });
            }
        };
        match earlier {
            Target::Row(f, r) => {
                view(
                    Earlier::Row {
                        file: self.files[f as usize].clone(),
                        row: r,
                    },
                    vec![],
                    vec![],
                    None,
                );
                match action {
                    DuplicateAction::Skip => {
                        self.counts.skipped += 1;
                        self.show(&incoming, Outcome::Skip, &incoming.fields.clone());
                    }
                    DuplicateAction::Create => return self.create(writer, &incoming),
                    DuplicateAction::Merge => {
                        self.counts.merged += 1;
                        let outcome = Outcome::MergeIntoRow {
                            file: self.files[f as usize].clone(),
                            row: r,
                        };
                        self.show(&incoming, outcome, &incoming.fields.clone());
                    }
                }
            }
            Target::Person(pk) => {
                let (id, existing) = sql::person_fields(conn, pk)?;
                let mut merged = merge(&existing, &incoming.fields, self.options.on_conflict);
                // A merge keeps every address and number: one the person lacks is a change.
                if contacts::lacks_any(conn, &id.to_string(), &incoming.contacts)?
                    && !merged.changed.contains(&"contacts")
                {
                    merged.changed.push("contacts");
                }
                let origin = writer.as_ref().and_then(|(w, _)| w.origin(pk));
                let (earlier_side, in_vault) = if let Some((f, r)) = origin {
                    let row = Earlier::Row {
                        file: self.files[f as usize].clone(),
                        row: r,
                    };
                    (row, None)
                } else {
                    let known = Earlier::Vault {
                        id,
                        person: Box::new(existing),
                    };
                    (known, Some(&merged.fields))
                };
                view(
                    earlier_side,
                    merged.changed.clone(),
                    merged.conflicts.clone(),
                    in_vault,
                );
                match action {
                    DuplicateAction::Skip => {
                        self.counts.skipped += 1;
                        self.show(&incoming, Outcome::Skip, &incoming.fields.clone());
                    }
                    DuplicateAction::Create => return self.create(writer, &incoming),
                    DuplicateAction::Merge => {
                        let outcome = if let Some((f, r)) = origin {
                            self.counts.merged += 1;
                            Outcome::MergeIntoRow {
                                file: self.files[f as usize].clone(),
                                row: r,
                            }
                        } else if merged.changed.is_empty() && incoming.note.is_none() {
                            self.counts.unchanged += 1;
                            Outcome::Unchanged { person: id }
                        } else {
                            self.counts.updated += 1;
                            Outcome::Update {
                                person: id,
                                fields: merged.changed.clone(),
                            }
                        };
                        self.show(&incoming, outcome, &merged.fields);
                        if let Some((w, audit)) = writer.as_mut()
                            && (!merged.changed.is_empty() || incoming.note.is_some())
                        {
                            w.update(pk, &merged, &incoming, audit)?;
                        }
                        // Later rows can now match the merged person's new e-mail or phone.
                        as_record(&merged.fields, &incoming.contacts, |r| {
                            self.index.add(Target::Person(pk), r);
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// The erasure that covers any of the row's addresses and numbers, if one does.
    fn erased(&self, incoming: &Incoming) -> Option<ErasedEarlier> {
        self.suppressed
            .find(
                values_of(incoming, Channel::Email),
                values_of(incoming, Channel::Phone),
            )
            .cloned()
    }

    fn create(
        &mut self,
        writer: Option<(&mut Writer<'_>, &mut Appender<'_>)>,
        incoming: &Incoming,
    ) -> Result<()> {
        self.counts.created += 1;
        let target = match writer {
            Some((w, _)) => Target::Person(w.create(incoming)?),
            None => Target::Row(incoming.file as u32, incoming.row),
        };
        as_record(&incoming.fields, &incoming.contacts, |r| {
            self.index.add(target, r);
        });
        self.show(incoming, Outcome::New, &incoming.fields);
        Ok(())
    }
}

/// A row's addresses or numbers of one channel, the primary one first.
fn values_of(incoming: &Incoming, channel: Channel) -> Vec<&str> {
    let primary = match channel {
        Channel::Email => incoming.fields.email.as_deref(),
        Channel::Phone => incoming.fields.phone.as_deref(),
    };
    let more = incoming.contacts.iter().filter(|(c, _, _)| *c == channel);
    primary
        .into_iter()
        .chain(more.map(|(_, v, _)| v.as_str()))
        .collect()
}

/// Fills the duplicate matcher with the vault's people. Values go in as stored: the matcher
/// folds them itself (a phone typed by hand compares by its national digits with the file's
/// E.164 numbers).
fn index_vault(conn: &Connection) -> Result<Matcher<Target>> {
    let mut index = Matcher::new();
    sql::for_each_person(conn, |p| {
        let emails: Vec<&str> = p.emails.iter().map(String::as_str).collect();
        let phones: Vec<&str> = p.phones.iter().map(String::as_str).collect();
        index.add(
            Target::Person(p.pk),
            &MatchRecord {
                first_name: &p.first_name,
                last_name: &p.last_name,
                emails: &emails,
                phones: &phones,
                organisation: p.organisation.as_deref(),
                street: p.address.as_deref(),
                postcode: p.postcode.as_deref(),
                city: p.city.as_deref(),
                customer_number: p.customer_number.as_deref(),
            },
        );
    })?;
    Ok(index)
}

/// A country code as given for phone numbers, in capitals.
fn country_code(text: &str) -> Result<String> {
    let country = text.trim().to_ascii_uppercase();
    if country.len() != 2 || !country.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(Error::validation(
            "country",
            format!("{text:?} is not a two-letter country code such as NO, SE or DK"),
        ));
    }
    Ok(country)
}

fn check_options(
    conn: &Connection,
    options: &ImportOptions,
) -> Result<(String, String, LegalBasis)> {
    country_code(&options.default_country)?;
    if !options.include_sensitive.is_empty()
        && options
            .sensitive_basis
            .as_deref()
            .is_none_or(|b| b.trim().is_empty())
    {
        return Err(Error::validation(
            "sensitive basis",
            "importing sensitive columns needs the legal basis for it (for special categories \
             a condition of GDPR Art. 9(2), such as explicit consent)",
        ));
    }
    let purpose = options
        .purpose
        .clone()
        .unwrap_or_else(|| crate::types::DEFAULT_PURPOSE.to_owned());
    let (purpose_id, default_basis) = lists::purpose_by_name(conn, &purpose)?;
    Ok((
        purpose,
        purpose_id,
        options.legal_basis.unwrap_or(default_basis),
    ))
}

pub(super) fn run(
    vault: &mut Vault,
    options: &ImportOptions,
    dry_run: bool,
    progress: &mut dyn FnMut(&ImportProgress),
    cancel: &AtomicBool,
) -> Result<ImportReport> {
    // No country given: the vault's, which is the business's (Norway until it is set).
    let with_country;
    let options = if options.default_country.trim().is_empty() {
        let mut o = options.clone();
        o.default_country = vault.business()?.country.unwrap_or_else(|| "NO".into());
        with_country = o;
        &with_country
    } else {
        options
    };
    let (purpose, purpose_id, legal_basis) = check_options(&vault.store.conn, options)?;
    let opened = open_files(options)?;
    let index = index_vault(&vault.store.conn)?;
    let suppressed = Suppressed::load(&vault.store.conn, &vault.audit_key, vault.clock.as_ref())?;
    let mut state = Run {
        options,
        files: opened.iter().map(|o| o.source.name.clone()).collect(),
        sheets: opened.iter().map(|o| o.sheet.clone()).collect(),
        suppressed,
        index,
        decisions: options
            .decisions
            .iter()
            .map(|d| ((d.file.clone(), d.row), d.action))
            .collect(),
        counts: ImportCounts::default(),
        preview: Vec::new(),
        duplicates: Vec::new(),
        duplicates_total: 0,
        issues: Vec::new(),
    };
    let report = |state: Run<'_>, files, batch| ImportReport {
        batch,
        dry_run,
        purpose: purpose.clone(),
        legal_basis,
        files,
        counts: state.counts,
        preview: state.preview,
        duplicates: state.duplicates,
        duplicates_total: state.duplicates_total,
        pairs_compared: state.index.comparisons(),
        issues: state.issues,
    };
    if dry_run {
        let conn = &vault.store.conn;
        let files = read_all(opened, &mut state, conn, None, progress, cancel, true)?;
        return Ok(report(state, files, None));
    }
    vault.store.set_import_cache(true);
    let written = vault.write(|tx, audit, ctx| {
        let batch = Uuid::now_v7();
        let first_new_pk = sql::next_person_pk(tx)?;
        let names = serde_json::to_string(&state.files).unwrap_or_default();
        sql::insert_batch(
            tx,
            &sql::NewBatch {
                id: &batch.to_string(),
                files: &names,
                purpose_id: &purpose_id,
                legal_basis: legal_basis.code(),
                sensitive_basis: options
                    .sensitive_basis
                    .as_deref()
                    .filter(|_| !options.include_sensitive.is_empty()),
                now: &ctx.now,
                by: ctx.actor,
            },
        )?;
        let mut sources = Vec::new();
        for name in &state.files {
            let (id, created) = sql::source_id_or_create(tx, &format!("import: {name}"), &ctx.now)?;
            if created {
                sql::record_change(tx, &batch.to_string(), "source", &id, "created", None)?;
            }
            sources.push(id);
        }
        let mut writer = Writer {
            tx,
            ctx,
            batch: batch.to_string(),
            purpose_id: purpose_id.clone(),
            legal_basis,
            sources,
            first_new_pk,
            organisations: HashMap::new(),
            tags: HashMap::new(),
            touched: HashSet::new(),
            origins: Vec::new(),
        };
        let files = read_all(
            opened,
            &mut state,
            tx,
            Some((&mut writer, audit)),
            progress,
            cancel,
            false,
        )?;
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        let counts = serde_json::to_string(&state.counts).unwrap_or_default();
        audit.append(
            tx,
            ctx.event(
                AuditKind::ImportCommitted,
                Some(("import", batch.to_string())),
                serde_json::json!({
                    "files": state.files.len(),
                    "counts": state.counts,
                    "purpose": purpose_id,
                    "legal_basis": legal_basis.code(),
                    "sensitive_columns": options.include_sensitive,
                }),
            ),
        )?;
        sql::finish_batch(tx, &batch.to_string(), &counts, audit.last_seq())?;
        Ok((batch, files))
    });
    vault.store.set_import_cache(false);
    let (batch, files) = written?;
    Ok(report(state, files, Some(batch)))
}

/// Reads every file through the planner thread and handles its rows.
fn read_all(
    opened: Vec<Opened>,
    state: &mut Run<'_>,
    conn: &Connection,
    mut writer: Option<(&mut Writer<'_>, &mut Appender<'_>)>,
    progress: &mut dyn FnMut(&ImportProgress),
    cancel: &AtomicBool,
    dry_run: bool,
) -> Result<Vec<FileReport>> {
    let bytes_total: u64 = opened.iter().map(|o| o.source.size).sum();
    let file_count = opened.len();
    let mut bytes_before = 0u64;
    let mut reports = Vec::new();
    let mut sensitive_seen: HashSet<String> = HashSet::new();
    for (
        file,
        Opened {
            mut source,
            sheet,
            country,
        },
    ) in opened.into_iter().enumerate()
    {
        let name = source.name.clone();
        let size = source.size;
        let bytes_read = AtomicU64::new(0);
        let plan_options = PlanOptions {
            file: name.clone(),
            sheet: sheet.clone(),
            default_country: state.options.default_country.clone(),
            country,
            mapping: state.options.mapping.clone(),
            include_sensitive: state.options.include_sensitive.clone(),
        };
        let (sender, receiver) =
            sync_channel::<Vec<std::result::Result<Incoming, Box<RowIssue>>>>(CHUNKS_IN_FLIGHT);
        let rows_before = state.counts.rows;
        let done = std::thread::scope(|scope| -> Result<FileDone> {
            let reader = scope.spawn(|| {
                let mut chunk = Vec::with_capacity(CHUNK);
                let mut stopped = false;
                let mut planner = Planner::new(plan_options, |p| {
                    chunk.push(prepare(file, &name, sheet.as_deref(), p, !dry_run));
                    if chunk.len() >= CHUNK {
                        let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                        if cancel.load(Ordering::Relaxed) || sender.send(full).is_err() {
                            stopped = true;
                            return ControlFlow::Break(());
                        }
                    }
                    ControlFlow::Continue(())
                });
                let read = source.read(sheet.as_deref(), &mut planner, &bytes_read);
                planner.finish();
                let done = FileDone {
                    columns: planner.columns().to_vec(),
                    phone_country: planner.phone_country(),
                    issues: std::mem::take(&mut planner.issues),
                    counts: planner.counts.clone(),
                    read,
                };
                drop(planner);
                if !stopped && !chunk.is_empty() {
                    let _ = sender.send(chunk);
                }
                drop(sender);
                done
            });
            let mut handled = 0u64;
            for chunk in &receiver {
                if cancel.load(Ordering::Relaxed) {
                    return Err(Error::Cancelled);
                }
                for prepared in chunk {
                    handled += 1;
                    let w = writer.as_mut().map(|(w, a)| (&mut **w, &mut **a));
                    state.row(conn, w, prepared)?;
                }
                progress(&ImportProgress {
                    file: name.clone(),
                    file_index: file,
                    files: file_count,
                    bytes_read: bytes_before + bytes_read.load(Ordering::Relaxed).min(size),
                    bytes_total,
                    rows: rows_before + handled,
                });
            }
            reader.join().map_err(|_| Error::Unreadable {
                file: name.clone().into(),
                reason: "the reader stopped unexpectedly".into(),
            })
        })?;
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        done.read.map_err(|e| Error::Unreadable {
            file: name.clone().into(),
            reason: e.reason(),
        })?;
        bytes_before += size;
        state.counts.rows += done.counts.rows;
        state.counts.rejected += done.counts.rejected;
        state.counts.bad_values += done.counts.bad_values;
        state.issues.extend(done.issues);
        let included = done.columns.iter().any(|c| c.included);
        if !included && done.counts.rows > 0 {
            let problem = Problem::NoColumnMatched { file: name.clone() };
            if !dry_run {
                return Err(Error::validation("mapping", problem.to_string()));
            }
            state
                .issues
                .push(RowIssue::new(&name, sheet.as_deref(), 0, None, problem));
        }
        for c in done.columns.iter().filter(|c| c.sensitivity.is_some()) {
            sensitive_seen.insert(c.header.clone());
        }
        progress(&ImportProgress {
            file: name.clone(),
            file_index: file,
            files: file_count,
            bytes_read: bytes_before,
            bytes_total,
            rows: state.counts.rows,
        });
        reports.push(FileReport {
            phone_country: done.phone_country.clone(),
            format: source.format,
            encoding: source.dialect.map(|d| d.encoding.name().to_owned()),
            delimiter: source.dialect.map(|d| d.delimiter_name().to_owned()),
            sheet,
            sheets: source.sheets.clone(),
            // Free text (notes) is no special category: left without a field it is dropped
            // like any other column, not held back.
            dropped_columns: done
                .columns
                .iter()
                .filter(|c| c.field.is_none() && !c.sensitivity.is_some_and(Sensitivity::held_back))
                .map(|c| c.header.clone())
                .collect(),
            held_back_columns: done
                .columns
                .iter()
                .filter(|c| c.sensitivity.is_some_and(Sensitivity::held_back) && !c.included)
                .map(|c| c.header.clone())
                .collect(),
            columns: done.columns,
            rows: done.counts.rows,
            name,
        });
    }
    if let Some(unknown) = state
        .options
        .include_sensitive
        .iter()
        .find(|h| !sensitive_seen.contains(*h))
    {
        return Err(Error::validation(
            "include sensitive",
            format!("no column flagged as sensitive is named {unknown:?} in the files"),
        ));
    }
    Ok(reports)
}
