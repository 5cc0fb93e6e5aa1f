//! From rows to people: the header found, columns mapped (suggested, then overridden by a
//! saved mapping), sensitive columns held back unless chosen, unmapped columns dropped and
//! listed, every value normalised, and every problem recorded with its place.
//!
//! A [`Planner`] is a [`RowSink`]: a reader streams rows into it and it streams
//! [`PlannedPerson`]s out to a consumer, so that a million-row file is never held whole. It
//! looks at the first rows (up to [`SAMPLE_ROWS`]) before deciding on the columns, and on
//! the country the file's phone numbers are of ([`crate::country`]).
//!
//! E-mail addresses and phone numbers may come from several columns each, and several may
//! share a cell; each gets a kind (from a type column such as Google's "E-mail 1 - Type",
//! from a kind in brackets after it, else from its column's header). The first of each is
//! the primary: one Google marks with "* ", else the first found, columns taken in the order
//! of [`contact_rank`]. A value found twice in a row is kept once.

use std::ops::ControlFlow;

use serde::Serialize;

use crate::contact::{ContactKind, PhoneCountry, PlannedContact};
use crate::country::{self, ReadIn, Sample};
use crate::mapping::{
    Field, SavedMapping, contact_kind, contact_rank, fold_header, split_full_name, suggest,
    takes_several_columns,
};
use crate::normalise;
use crate::sensitive::{Sensitivity, assess_column};
use crate::{RowSink, find_header};

/// Rows looked at before the columns are decided (header search and sensitivity sampling).
pub const SAMPLE_ROWS: usize = 200;

/// Choices for a plan.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    /// The file's name, for problems and provenance.
    pub file: String,
    /// The sheet, for workbooks.
    pub sheet: Option<String>,
    /// The vault's country: phone numbers written without a country code are read in it
    /// when neither the row nor the file tells (ISO alpha-2).
    pub default_country: String,
    /// The country the owner chose for this file's phone numbers, over anything inferred.
    pub country: Option<String>,
    /// Saved choices that override the suggestions.
    pub mapping: Option<SavedMapping>,
    /// Headers of sensitive columns the person chose to import anyway (with a legal basis
    /// recorded by the caller).
    pub include_sensitive: Vec<String>,
}

/// What happens to one column.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ColumnPlan {
    /// The column's position.
    pub column: usize,
    /// Its header (or "Column N" without one).
    pub header: String,
    /// The field it fills, if it is imported.
    pub field: Option<Field>,
    /// For an e-mail or phone column: what its addresses or numbers are for (a row's own
    /// type cell or a kind written after the value overrides it).
    pub kind: Option<ContactKind>,
    /// How sure the suggestion was (1.0 for a saved choice).
    pub confidence: f32,
    /// Why it looks sensitive, if it does.
    pub sensitivity: Option<Sensitivity>,
    /// Whether its values are imported.
    pub included: bool,
    /// Its first values (up to [`ColumnPlan::SAMPLES`] non-empty cells, each at most
    /// [`ColumnPlan::SAMPLE_CHARS`] characters), so that the owner knows the column by what it
    /// holds. Empty for a column held back as sensitive: its values are shown nowhere until the
    /// owner chooses it.
    pub samples: Vec<String>,
}

impl ColumnPlan {
    /// How many values a column shows.
    pub const SAMPLES: usize = 3;
    /// How long a value shown may be, in characters; a longer one is cut with "…".
    pub const SAMPLE_CHARS: usize = 40;
}

/// A column's first values as [`ColumnPlan::samples`] shows them.
fn first_values(cells: &[&str]) -> Vec<String> {
    cells
        .iter()
        .map(|c| normalise::text(c))
        .filter(|c| !c.is_empty())
        .take(ColumnPlan::SAMPLES)
        .map(|c| match c.char_indices().nth(ColumnPlan::SAMPLE_CHARS) {
            Some((cut, _)) => format!("{}…", &c[..cut]),
            None => c,
        })
        .collect()
}

/// A problem, with its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowIssue {
    /// The file.
    pub file: String,
    /// The sheet, for workbooks.
    pub sheet: Option<String>,
    /// The row as the person sees it (line or sheet row).
    pub row: u64,
    /// The column's header, when the problem is one value.
    pub column: Option<String>,
    /// What is wrong, as a code with its parameters: the UI says it in the reader's language.
    pub problem: Problem,
    /// What is wrong in English (the problem's words), for the command line and the file of
    /// problems.
    pub reason: String,
}

impl RowIssue {
    /// A problem at a place, with its English words.
    pub fn new(
        file: &str,
        sheet: Option<&str>,
        row: u64,
        column: Option<&str>,
        problem: Problem,
    ) -> Self {
        Self {
            file: file.to_owned(),
            sheet: sheet.map(str::to_owned),
            row,
            column: column.map(str::to_owned),
            reason: problem.to_string(),
            problem,
        }
    }
}

/// What is wrong with a row or one of its values: a stable code with its parameters, never
/// a value of the row. The UI renders it through its catalogues in the reader's language;
/// `Display` gives the English the command line and the file of problems show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Problem {
    /// Not an e-mail address; the value was left out.
    #[error("not a valid e-mail address; the value was left out")]
    BadEmail,
    /// Not a phone number of the countries (ISO codes); the value was left out.
    #[error("not a valid phone number for {}; the value was left out", .countries.join(" or "))]
    BadPhone {
        /// The countries it was read in.
        countries: Vec<String>,
    },
    /// Not a date in a known form; the value was left out.
    #[error("not a date (use 24.12.2025 or 2025-12-24); the value was left out")]
    BadDate,
    /// Not a number; the value was left out.
    #[error("not a number; the value was left out")]
    BadNumber,
    /// Not a country; the value was left out.
    #[error("not a country name or ISO code; the value was left out")]
    BadCountry,
    /// A number valid in several of the file's countries and written without a country
    /// code: kept as written.
    #[error(
        "ambiguous: a valid number in {}; written without a country code, so it was kept as \
         written",
        and_list(countries)
    )]
    AmbiguousPhone {
        /// The countries (ISO codes) it is valid in.
        countries: Vec<String>,
    },
    /// The row names no one: not imported.
    #[error("no name and no e-mail address: the row was not imported")]
    NoNameOrEmail,
    /// A value the vault refuses (too long, say): the row was not imported.
    #[error("{detail}: the row was not imported")]
    RowRefused {
        /// The field refused (a person's field name, `first_name`).
        field: String,
        /// The refusal in English, for the command line.
        detail: String,
    },
    /// The row is a person erased earlier: not imported.
    #[error(
        "erased on {erased_on}{}: the row was not imported",
        request.as_ref().map(|r| format!(" (request {r})")).unwrap_or_default()
    )]
    Erased {
        /// The day of the erasure (YYYY-MM-DD).
        erased_on: String,
        /// The request it answered (R-0004), if any.
        request: Option<String>,
    },
    /// No column of the file was matched to a person's field.
    #[error(
        "no column of {file} could be matched to a person's field (first name, last name, \
         e-mail, …); choose the columns with a mapping"
    )]
    NoColumnMatched {
        /// The file's name.
        file: String,
    },
}

impl From<normalise::ValueProblem> for Problem {
    fn from(p: normalise::ValueProblem) -> Self {
        use normalise::ValueProblem as V;
        match p {
            V::Email => Problem::BadEmail,
            V::Phone(countries) => Problem::BadPhone { countries },
            V::Date => Problem::BadDate,
            V::Number => Problem::BadNumber,
            V::Country => Problem::BadCountry,
        }
    }
}

/// A person as they will be stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PlannedPerson {
    /// The row they came from.
    pub row: u64,
    /// Given name(s).
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// E-mail addresses, lower-cased and distinct; the first is the primary one.
    pub emails: Vec<PlannedContact>,
    /// Phone numbers, distinct; the first is the primary one.
    pub phones: Vec<PlannedContact>,
    /// Title.
    pub title: Option<String>,
    /// Organisation.
    pub organisation: Option<String>,
    /// The business's own number for the customer.
    pub customer_number: Option<String>,
    /// Street address.
    pub street: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Country, ISO alpha-2.
    pub country: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Free text, only when its column was chosen.
    pub note: Option<String>,
}

impl PlannedPerson {
    /// The primary e-mail address.
    pub fn email(&self) -> Option<&str> {
        self.emails.first().map(|c| c.value.as_str())
    }

    /// The primary phone number.
    pub fn phone(&self) -> Option<&str> {
        self.phones.first().map(|c| c.value.as_str())
    }
}

/// Counts of a plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PlanCounts {
    /// Data rows read.
    pub rows: u64,
    /// People planned.
    pub people: u64,
    /// Rows rejected (no name and no e-mail after cleaning).
    pub rejected: u64,
    /// Values left out because they could not be cleaned.
    pub bad_values: u64,
}

/// Streams rows in and planned people out.
pub struct Planner<F: FnMut(PlannedPerson) -> ControlFlow<()>> {
    options: PlanOptions,
    sample: Vec<(u64, Vec<String>)>,
    columns: Option<Vec<ColumnPlan>>,
    /// The e-mail and phone columns in the order their values are taken (see
    /// [`contact_rank`]), known once the columns are decided.
    contacts: Vec<ContactColumn>,
    /// The included country column, whose value decides a row's phone country.
    country_column: Option<usize>,
    /// The file's phone country, known once the columns are decided.
    phone_country: Option<PhoneCountry>,
    read_in: ReadIn,
    /// Every problem found, in order.
    pub issues: Vec<RowIssue>,
    /// Counts so far.
    pub counts: PlanCounts,
    consumer: F,
}

/// An e-mail or phone column, ready to read.
#[derive(Debug, Clone)]
struct ContactColumn {
    column: usize,
    header: String,
    field: Field,
    kind: ContactKind,
    /// The column that says each row's kind, as Google pairs "E-mail 1 - Type" (or "- Label")
    /// with "E-mail 1 - Value"; a leading "* " in it marks the primary.
    type_column: Option<usize>,
}

/// A problem with one value of a row, before it is placed.
struct ValueIssue {
    column: String,
    problem: Problem,
    /// Whether the value was left out (a bad value), not kept with a warning.
    left_out: bool,
}

/// What became of one phone number.
enum PhoneRead {
    /// In E.164.
    Read(String),
    /// Valid in more than one of the file's plausible countries: kept as written.
    Ambiguous(Vec<String>),
}

/// The addresses or numbers in one cell: several may share it, separated by ";" or Google's
/// " ::: " (and "," between addresses, which no address holds).
fn cell_values(cell: &str, field: Field) -> impl Iterator<Item = &str> {
    cell.split(move |c: char| c == ';' || c == '\n' || (field == Field::Email && c == ','))
        .flat_map(|part| part.split(":::"))
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// A value with its kind written after it in brackets, as vCard files become rows
/// ("22 00 00 00 (work)") and as people write it: the value and the kind. A bracket that
/// names no kind is left in the value.
fn annotated(value: &str) -> (&str, Option<ContactKind>) {
    if let Some(open) = value.rfind(" (")
        && value.ends_with(')')
        && let Some(kind) = contact_kind(&value[open + 2..value.len() - 1])
    {
        return (value[..open].trim_end(), Some(kind));
    }
    (value, None)
}

/// A type cell ("* Work", "Mobile"): whether it marks the primary, and the kind it names.
fn type_cell(cell: &str) -> (bool, Option<ContactKind>) {
    let cell = cell.trim();
    match cell.strip_prefix('*') {
        Some(rest) => (true, contact_kind(rest)),
        None => (false, contact_kind(cell)),
    }
}

/// "DK", "DK and NO", "DK, NO and SE".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Adds an address or number unless the person has it already; a `primary` one goes first.
fn add_contact(list: &mut Vec<PlannedContact>, value: String, kind: ContactKind, primary: bool) {
    let at = list.iter().position(|c| c.value == value);
    let contact = match at {
        Some(i) if primary => list.remove(i),
        Some(_) => return,
        None => PlannedContact { value, kind },
    };
    if primary {
        list.insert(0, contact);
    } else {
        list.push(contact);
    }
}

impl<F: FnMut(PlannedPerson) -> ControlFlow<()>> Planner<F> {
    /// A planner that gives each planned person to `consumer`.
    pub fn new(options: PlanOptions, consumer: F) -> Self {
        Self {
            options,
            sample: Vec::new(),
            columns: None,
            contacts: Vec::new(),
            country_column: None,
            phone_country: None,
            read_in: ReadIn::One(String::new()),
            issues: Vec::new(),
            counts: PlanCounts::default(),
            consumer,
        }
    }

    /// The owner's choice of country for this file, if they made one.
    fn chosen_country(&self) -> Option<&str> {
        self.options
            .country
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
    }

    /// The country this file's phone numbers without a country code are read in, where that
    /// came from and why. Told from the first rows, so final once the columns are decided;
    /// before that, the owner's choice or the vault's country.
    pub fn phone_country(&self) -> PhoneCountry {
        match &self.phone_country {
            Some(decided) => decided.clone(),
            None => {
                country::decide(
                    &Sample::default(),
                    &self.options.default_country,
                    self.chosen_country(),
                )
                .0
            }
        }
    }

    /// The column decisions (available once the sample is taken, or after [`Planner::finish`]).
    pub fn columns(&self) -> &[ColumnPlan] {
        self.columns.as_deref().unwrap_or_default()
    }

    /// Decides the columns from the sample and plans the sampled rows. Call once the reader is
    /// done; returns the column decisions.
    pub fn finish(&mut self) -> &[ColumnPlan] {
        if self.columns.is_none() {
            self.decide();
        }
        self.columns()
    }

    fn decide(&mut self) {
        let rows: Vec<Vec<String>> = self.sample.iter().map(|(_, r)| r.clone()).collect();
        let header_at = find_header(&rows);
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let headers: Vec<String> = (0..width)
            .map(|i| match header_at {
                Some(h) => rows[h]
                    .get(i)
                    .map(|c| c.trim().to_owned())
                    .filter(|c| !c.is_empty())
                    .unwrap_or_else(|| format!("Column {}", i + 1)),
                None => format!("Column {}", i + 1),
            })
            .collect();
        let mut suggestions = suggest(&headers);
        if let Some(saved) = &self.options.mapping {
            saved.apply(&mut suggestions);
        }
        let data_start = header_at.map_or(0, |h| h + 1);
        let data = &rows[data_start.min(rows.len())..];
        let columns: Vec<ColumnPlan> = suggestions
            .into_iter()
            .map(|s| {
                let cells: Vec<&str> = data
                    .iter()
                    .map(|r| r.get(s.column).map_or("", String::as_str))
                    .collect();
                let sensitivity = assess_column(&s.header, &cells).filter(|sens| {
                    // Free text is only a concern when it is imported (as a note).
                    *sens != Sensitivity::FreeText
                        || s.field == Some(Field::Note)
                        || s.field.is_none()
                });
                let chosen = self
                    .options
                    .include_sensitive
                    .iter()
                    .any(|h| h == &s.header);
                // Free text comes in as notes for the import's purpose; only a special
                // category (by header, identity numbers, or words in the text) waits for an
                // explicit choice with its legal basis.
                let held_back = sensitivity.is_some_and(Sensitivity::held_back);
                let included = s.field.is_some() && (!held_back || chosen);
                let samples = if held_back && !chosen {
                    Vec::new()
                } else {
                    first_values(&cells)
                };
                ColumnPlan {
                    column: s.column,
                    header: s.header,
                    field: s.field,
                    kind: s.kind,
                    confidence: s.confidence,
                    sensitivity,
                    included,
                    samples,
                }
            })
            .collect();
        self.contacts = contact_columns(&columns, &headers);
        self.country_column = columns
            .iter()
            .find(|c| c.included && c.field == Some(Field::Country))
            .map(|c| c.column);
        let (phone_country, read_in) = country::decide(
            &self.country_sample(headers, data),
            &self.options.default_country,
            self.chosen_country(),
        );
        self.phone_country = Some(phone_country);
        self.read_in = read_in;
        self.columns = Some(columns);
        let sample = std::mem::take(&mut self.sample);
        for (row, cells) in sample.into_iter().skip(data_start) {
            if let ControlFlow::Break(()) = self.plan_row(row, &cells) {
                break;
            }
        }
    }

    /// What the sampled rows show about the file's country: the headers, the e-mail
    /// addresses, the numbers without a country code of rows without a country of their own,
    /// and the rows' countries.
    fn country_sample(&self, headers: Vec<String>, data: &[Vec<String>]) -> Sample {
        let mut sample = Sample {
            headers,
            ..Sample::default()
        };
        for cells in data {
            let cell = |i: usize| cells.get(i).map_or(String::new(), |c| normalise::text(c));
            let row_country = self
                .country_column
                .and_then(|i| normalise::country(&cell(i)).ok());
            for c in &self.contacts {
                let text = cell(c.column);
                for value in cell_values(&text, c.field) {
                    let (value, _) = annotated(value);
                    match c.field {
                        Field::Email => sample.emails.extend(normalise::email(value).ok()),
                        _ if row_country.is_none() && !normalise::has_country_code(value) => {
                            sample.numbers.push(value.to_owned());
                        }
                        _ => {}
                    }
                }
            }
            sample.row_countries.extend(row_country);
        }
        sample
    }

    fn issue(&mut self, row: u64, column: Option<&str>, problem: Problem) {
        self.issues.push(RowIssue::new(
            &self.options.file,
            self.options.sheet.as_deref(),
            row,
            column,
            problem,
        ));
    }

    fn plan_row<S: AsRef<str>>(&mut self, row: u64, cells: &[S]) -> ControlFlow<()> {
        if cells.iter().all(|c| c.as_ref().trim().is_empty()) {
            return ControlFlow::Continue(());
        }
        self.counts.rows += 1;
        let mut problems = Vec::new();
        let p = self.person(row, cells, &mut problems);
        for problem in problems {
            if problem.left_out {
                self.counts.bad_values += 1;
            }
            self.issue(row, Some(&problem.column), problem.problem);
        }
        if p.first_name.is_empty() && p.last_name.is_empty() && p.emails.is_empty() {
            self.counts.rejected += 1;
            self.issue(row, None, Problem::NoNameOrEmail);
            return ControlFlow::Continue(());
        }
        self.counts.people += 1;
        (self.consumer)(p)
    }

    /// The person of one row, with the problems of its values.
    fn person<S: AsRef<str>>(
        &self,
        row: u64,
        cells: &[S],
        problems: &mut Vec<ValueIssue>,
    ) -> PlannedPerson {
        let mut p = PlannedPerson {
            row,
            ..PlannedPerson::default()
        };
        let mut full_name = None;
        let left_out = |column: &str, problem: normalise::ValueProblem| ValueIssue {
            column: column.to_owned(),
            problem: problem.into(),
            left_out: true,
        };
        for col in self.columns().iter().filter(|c| c.included) {
            let Some(field) = col.field.filter(|f| !takes_several_columns(*f)) else {
                continue;
            };
            let raw = cells.get(col.column).map_or("", AsRef::as_ref);
            let value = normalise::text(raw);
            if value.is_empty() {
                continue;
            }
            if field == Field::FullName {
                full_name = Some(value);
                continue;
            }
            if let Err(problem) = set_field(&mut p, field, value) {
                problems.push(left_out(&col.header, problem));
            }
        }
        if let Some(full) = full_name
            && p.first_name.is_empty()
            && p.last_name.is_empty()
        {
            (p.first_name, p.last_name) = split_full_name(&full);
        }
        // The row's own country reads its numbers; it was read above, whatever its column.
        let row_country = p.country.clone();
        let mut marked = [false, false];
        for c in &self.contacts {
            let raw = cells.get(c.column).map_or("", AsRef::as_ref);
            let text = normalise::text(raw);
            if text.is_empty() {
                continue;
            }
            let (starred, typed) = c
                .type_column
                .and_then(|t| cells.get(t))
                .map_or((false, None), |t| type_cell(t.as_ref()));
            let is_email = c.field == Field::Email;
            for value in cell_values(&text, c.field) {
                let (value, written) = annotated(value);
                let kind = written.or(typed).unwrap_or(c.kind);
                // Google marks the primary's type with "* "; the first such value wins.
                let primary = starred && !marked[usize::from(!is_email)];
                let read = if is_email {
                    normalise::email(value).map(PhoneRead::Read)
                } else {
                    self.phone(value, row_country.as_deref())
                };
                let value = match read {
                    Ok(PhoneRead::Read(v)) => v,
                    Ok(PhoneRead::Ambiguous(countries)) => {
                        problems.push(ValueIssue {
                            column: c.header.clone(),
                            problem: Problem::AmbiguousPhone { countries },
                            left_out: false,
                        });
                        value.to_owned()
                    }
                    Err(problem) => {
                        problems.push(left_out(&c.header, problem));
                        continue;
                    }
                };
                if primary {
                    marked[usize::from(!is_email)] = true;
                }
                let list = if is_email {
                    &mut p.emails
                } else {
                    &mut p.phones
                };
                add_contact(list, value, kind, primary);
            }
        }
        p
    }

    /// Reads a phone number: with its own country code; else in the row's country; else in
    /// the file's; else, when the file did not decide, in the one plausible country it is
    /// valid in.
    fn phone(
        &self,
        value: &str,
        row_country: Option<&str>,
    ) -> Result<PhoneRead, normalise::ValueProblem> {
        let country = match (row_country, &self.read_in) {
            (Some(row), _) => row,
            (None, ReadIn::One(file)) => file,
            (None, ReadIn::Undecided(_)) if normalise::has_country_code(value) => {
                &self.options.default_country
            }
            (None, ReadIn::Undecided(plausible)) => {
                let valid: Vec<String> = plausible
                    .iter()
                    .filter(|c| country::valid_in(value, c))
                    .cloned()
                    .collect();
                return match valid.as_slice() {
                    [one] => normalise::phone(value, one).map(PhoneRead::Read),
                    [] => Err(normalise::ValueProblem::Phone(plausible.clone())),
                    _ => Ok(PhoneRead::Ambiguous(valid)),
                };
            }
        };
        normalise::phone(value, country).map(PhoneRead::Read)
    }
}

/// The included e-mail and phone columns in the order their values are taken: e-mail
/// addresses first, each field by [`contact_rank`], then from the left.
fn contact_columns(columns: &[ColumnPlan], headers: &[String]) -> Vec<ContactColumn> {
    let folded: Vec<String> = headers.iter().map(|h| fold_header(h)).collect();
    let mut out: Vec<(u8, ContactColumn)> = columns
        .iter()
        .filter(|c| c.included)
        .filter_map(|c| {
            let field = c.field.filter(|f| takes_several_columns(*f))?;
            let type_column = folded.get(c.column).and_then(|f| {
                let stem = f.strip_suffix(" value")?;
                let pair = [format!("{stem} type"), format!("{stem} label")];
                folded.iter().position(|h| pair.contains(h))
            });
            let column = ContactColumn {
                column: c.column,
                header: c.header.clone(),
                field,
                kind: c.kind.unwrap_or_default(),
                type_column,
            };
            Some((contact_rank(field, &c.header), column))
        })
        .collect();
    out.sort_by_key(|(rank, c)| (c.field != Field::Email, *rank, c.column));
    out.into_iter().map(|(_, c)| c).collect()
}

/// The tags a cell holds: separated by commas, semicolons or Google's ` ::: `. Labels the
/// exporting program gave everyone say how the export was made, not what the owner called
/// the person, and are left out: Google's own groups ("* myContacts", "* starred") and
/// Outlook's (see [`is_outlook_label`]).
fn tags(value: &str) -> Vec<String> {
    value
        .split(":::")
        .flat_map(|part| part.split([',', ';']))
        .map(str::trim)
        .filter(|t| !t.is_empty() && !t.starts_with("* ") && !is_outlook_label(t))
        .map(str::to_owned)
        .collect()
}

/// Whether a category is one Outlook makes by itself rather than one the owner chose: its
/// colour categories ("Red Category", "Rød kategori", "Grön kategori", in the languages Outlook
/// writes them in) and the lists of Outlook.com's contact folders ("My Contacts", "Mine
/// kontakter", "Mina kontakter", "Mine kontaktpersoner").
fn is_outlook_label(tag: &str) -> bool {
    const COLOURS: &[&str] = &[
        "red", "orange", "yellow", "green", "blue", "purple", "rod", "gul", "gronn", "gron", "bla",
        "lilla", "lila", "oransje",
    ];
    const FOLDERS: &[&str] = &[
        "my contacts",
        "mine kontakter",
        "mina kontakter",
        "mine kontaktpersoner",
        "contacts",
        "kontakter",
    ];
    let folded = crate::mapping::fold_header(tag);
    if FOLDERS.contains(&folded.as_str()) {
        return true;
    }
    match folded.split_once(' ') {
        Some((colour, "category" | "kategori")) => COLOURS.contains(&colour),
        _ => false,
    }
}

/// Cleans `value` and puts it in its field (any field but e-mail and phone, which
/// [`Planner`] reads with their kinds).
fn set_field(
    p: &mut PlannedPerson,
    field: Field,
    value: String,
) -> Result<(), normalise::ValueProblem> {
    match field {
        Field::FullName | Field::Email | Field::Phone => {}
        Field::FirstName => p.first_name = value,
        Field::LastName => p.last_name = value,
        Field::Title => p.title = Some(value),
        Field::Organisation => p.organisation = Some(value),
        Field::CustomerNumber => p.customer_number = Some(value),
        Field::Street => p.street = Some(value),
        Field::Postcode => p.postcode = Some(value),
        Field::City => p.city = Some(value),
        Field::Country => p.country = Some(normalise::country(&value)?),
        Field::Tags => p.tags = tags(&value),
        Field::Note => p.note = Some(value),
    }
    Ok(())
}

impl<F: FnMut(PlannedPerson) -> ControlFlow<()>> RowSink for Planner<F> {
    fn row(&mut self, row: u64, _line: u64, cells: &[&str]) -> ControlFlow<()> {
        if self.columns.is_some() {
            return self.plan_row(row, cells);
        }
        self.sample
            .push((row, cells.iter().map(|c| (*c).to_owned()).collect()));
        if self.sample.len() >= SAMPLE_ROWS {
            self.decide();
        }
        ControlFlow::Continue(())
    }
}

/// A cell a spreadsheet would run as a formula gets a leading apostrophe. A tab or carriage
/// return counts too: spreadsheets skip it and read the formula after it. The rule of the
/// other exports (`lagom-core`'s marketing list), so that no export is the weak one.
fn defused(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// Writes problems as CSV (UTF-8 with a byte-order mark, so that Excel reads the letters
/// right), with cells that start like a formula neutralised.
pub fn issues_csv(issues: &[RowIssue]) -> Vec<u8> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    let mut writer = csv::Writer::from_writer(&mut out);
    let safe = |s: &str| defused(s).into_owned();
    let _ = writer.write_record(["file", "sheet", "row", "column", "reason"]);
    for i in issues {
        let _ = writer.write_record([
            safe(&i.file),
            safe(i.sheet.as_deref().unwrap_or("")),
            i.row.to_string(),
            safe(i.column.as_deref().unwrap_or("")),
            safe(&i.reason),
        ]);
    }
    drop(writer);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_split_every_way_and_googles_own_groups_left_out() {
        assert_eq!(
            tags("* myContacts ::: Kunder ::: VIP, Oslo; * starred"),
            ["Kunder", "VIP", "Oslo"]
        );
        assert!(tags("* myContacts").is_empty());
    }

    #[test]
    fn outlooks_own_categories_are_no_tags() {
        assert_eq!(
            tags("Red Category;Kunder;Blue Category;VIP"),
            ["Kunder", "VIP"]
        );
        assert_eq!(
            tags("Rød kategori; Grön kategori; Grøn kategori; Gul kategori; Leverandør"),
            ["Leverandør"]
        );
        assert!(tags("My Contacts; Mine kontakter; Mina kontakter").is_empty());
        // The owner's own categories, also ones with a colour's name, stay.
        assert_eq!(
            tags("Holiday Cards; Key Customer; Gul; Rødvin-klubben"),
            ["Holiday Cards", "Key Customer", "Gul", "Rødvin-klubben"]
        );
    }

    #[test]
    fn problem_cells_that_a_spreadsheet_would_run_are_defused() {
        for risky in ["=1+1", "+47", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1"] {
            assert_eq!(defused(risky), format!("'{risky}"), "{risky:?}");
        }
        for plain in ["Kari", "47 12 34 56", " =not at the start", ""] {
            assert_eq!(defused(plain), plain);
        }
    }

    #[test]
    fn each_problem_says_in_english_what_its_code_and_parameters_say() {
        let words = |p: Problem| p.to_string();
        assert_eq!(
            words(Problem::BadPhone {
                countries: vec!["DK".into(), "NO".into()]
            }),
            "not a valid phone number for DK or NO; the value was left out"
        );
        assert_eq!(
            words(Problem::AmbiguousPhone {
                countries: vec!["DK".into(), "NO".into(), "SE".into()]
            }),
            "ambiguous: a valid number in DK, NO and SE; written without a country code, so \
             it was kept as written"
        );
        assert_eq!(
            words(Problem::Erased {
                erased_on: "2026-03-01".into(),
                request: Some("R-0004".into())
            }),
            "erased on 2026-03-01 (request R-0004): the row was not imported"
        );
        let issue = RowIssue::new("a.csv", None, 2, Some("Tlf"), Problem::BadEmail);
        assert_eq!(
            issue.reason,
            "not a valid e-mail address; the value was left out"
        );
        let json = serde_json::to_value(&issue).unwrap();
        assert_eq!(json["problem"], serde_json::json!({ "code": "bad_email" }));
        let json = serde_json::to_value(Problem::BadPhone {
            countries: vec!["NO".into()],
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "code": "bad_phone", "countries": ["NO"] })
        );
    }

    #[test]
    fn the_problems_file_carries_the_defused_cells() {
        let issue = RowIssue {
            file: "kunder.csv".into(),
            sheet: None,
            row: 3,
            column: Some("\t=HYPERLINK(\"x\")".into()),
            problem: Problem::NoColumnMatched {
                file: "kunder.csv".into(),
            },
            reason: "\r@cmd".into(),
        };
        let text = String::from_utf8(issues_csv(&[issue])).unwrap();
        let data_row = text.lines().nth(1).unwrap();
        assert!(data_row.contains("'\t=HYPERLINK"), "{data_row:?}");
        assert!(text.contains("'\r@cmd"), "{text:?}");
    }
}
