//! From rows to people: the header found, columns mapped (suggested, then overridden by a
//! saved mapping), sensitive columns held back unless chosen, unmapped columns dropped and
//! listed, every value normalised, and every problem recorded with its place.
//!
//! A [`Planner`] is a [`RowSink`]: a reader streams rows into it and it streams
//! [`PlannedPerson`]s out to a consumer, so that a million-row file is never held whole. It
//! looks at the first rows (up to [`SAMPLE_ROWS`]) before deciding on the columns.

use std::ops::ControlFlow;

use serde::Serialize;

use crate::contact::{ContactKind, CountrySource, PhoneCountry, PlannedContact};
use crate::mapping::{Field, SavedMapping, split_full_name, suggest};
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
    /// How sure the suggestion was (1.0 for a saved choice).
    pub confidence: f32,
    /// Why it looks sensitive, if it does.
    pub sensitivity: Option<Sensitivity>,
    /// Whether its values are imported.
    pub included: bool,
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
    /// What is wrong.
    pub reason: String,
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
    /// Every problem found, in order.
    pub issues: Vec<RowIssue>,
    /// Counts so far.
    pub counts: PlanCounts,
    consumer: F,
}

impl<F: FnMut(PlannedPerson) -> ControlFlow<()>> Planner<F> {
    /// A planner that gives each planned person to `consumer`.
    pub fn new(options: PlanOptions, consumer: F) -> Self {
        Self {
            options,
            sample: Vec::new(),
            columns: None,
            issues: Vec::new(),
            counts: PlanCounts::default(),
            consumer,
        }
    }

    /// The country this file's phone numbers without a country code are read in, and where
    /// that came from.
    pub fn phone_country(&self) -> PhoneCountry {
        match &self.options.country {
            Some(c) => PhoneCountry {
                country: c.to_ascii_uppercase(),
                source: CountrySource::Chosen,
            },
            None => PhoneCountry {
                country: self.options.default_country.to_ascii_uppercase(),
                source: CountrySource::Vault,
            },
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
        let columns: Vec<ColumnPlan> = suggestions
            .into_iter()
            .map(|s| {
                let cells: Vec<&str> = rows[data_start.min(rows.len())..]
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
                let included = s.field.is_some() && (sensitivity.is_none() || chosen);
                ColumnPlan {
                    column: s.column,
                    header: s.header,
                    field: s.field,
                    confidence: s.confidence,
                    sensitivity,
                    included,
                }
            })
            .collect();
        self.columns = Some(columns);
        let sample = std::mem::take(&mut self.sample);
        for (row, cells) in sample.into_iter().skip(data_start) {
            if let ControlFlow::Break(()) = self.plan_row(row, &cells) {
                break;
            }
        }
    }

    fn issue(&mut self, row: u64, column: Option<&str>, reason: impl Into<String>) {
        self.issues.push(RowIssue {
            file: self.options.file.clone(),
            sheet: self.options.sheet.clone(),
            row,
            column: column.map(str::to_owned),
            reason: reason.into(),
        });
    }

    fn plan_row<S: AsRef<str>>(&mut self, row: u64, cells: &[S]) -> ControlFlow<()> {
        if cells.iter().all(|c| c.as_ref().trim().is_empty()) {
            return ControlFlow::Continue(());
        }
        self.counts.rows += 1;
        let mut p = PlannedPerson {
            row,
            ..PlannedPerson::default()
        };
        let mut full_name = None;
        let columns = self.columns.clone().unwrap_or_default();
        for col in columns.iter().filter(|c| c.included) {
            let raw = cells.get(col.column).map_or("", AsRef::as_ref);
            let value = normalise::text(raw);
            if value.is_empty() {
                continue;
            }
            if col.field == Some(Field::FullName) {
                full_name = Some(value);
                continue;
            }
            let country = self.phone_country().country;
            let cleaned = match col.field {
                Some(field) => set_field(&mut p, field, value, &country),
                None => Ok(()),
            };
            if let Err(problem) = cleaned {
                self.counts.bad_values += 1;
                self.issue(
                    row,
                    Some(&col.header),
                    format!("{problem}; the value was left out"),
                );
            }
        }
        if let Some(full) = full_name
            && p.first_name.is_empty()
            && p.last_name.is_empty()
        {
            (p.first_name, p.last_name) = split_full_name(&full);
        }
        if p.first_name.is_empty() && p.last_name.is_empty() && p.emails.is_empty() {
            self.counts.rejected += 1;
            self.issue(
                row,
                None,
                "no name and no e-mail address: the row was not imported",
            );
            return ControlFlow::Continue(());
        }
        self.counts.people += 1;
        (self.consumer)(p)
    }
}

/// Adds an address or number unless the person has it already.
fn add_contact(list: &mut Vec<PlannedContact>, value: String) {
    if !list.iter().any(|c| c.value == value) {
        list.push(PlannedContact {
            value,
            kind: ContactKind::Other,
        });
    }
}

/// Cleans `value` and puts it in its field.
fn set_field(
    p: &mut PlannedPerson,
    field: Field,
    value: String,
    default_country: &str,
) -> Result<(), normalise::ValueProblem> {
    match field {
        Field::FullName => {}
        Field::FirstName => p.first_name = value,
        Field::LastName => p.last_name = value,
        Field::Email => add_contact(&mut p.emails, normalise::email(&value)?),
        Field::Phone => add_contact(&mut p.phones, normalise::phone(&value, default_country)?),
        Field::Title => p.title = Some(value),
        Field::Organisation => p.organisation = Some(value),
        Field::CustomerNumber => p.customer_number = Some(value),
        Field::Street => p.street = Some(value),
        Field::Postcode => p.postcode = Some(value),
        Field::City => p.city = Some(value),
        Field::Country => p.country = Some(normalise::country(&value)?),
        Field::Tags => {
            p.tags = value
                .split([',', ';'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect();
        }
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
    fn problem_cells_that_a_spreadsheet_would_run_are_defused() {
        for risky in ["=1+1", "+47", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1"] {
            assert_eq!(defused(risky), format!("'{risky}"), "{risky:?}");
        }
        for plain in ["Kari", "47 12 34 56", " =not at the start", ""] {
            assert_eq!(defused(plain), plain);
        }
    }

    #[test]
    fn the_problems_file_carries_the_defused_cells() {
        let issue = RowIssue {
            file: "kunder.csv".into(),
            sheet: None,
            row: 3,
            column: Some("\t=HYPERLINK(\"x\")".into()),
            reason: "\r@cmd".into(),
        };
        let text = String::from_utf8(issues_csv(&[issue])).unwrap();
        let data_row = text.lines().nth(1).unwrap();
        assert!(data_row.contains("'\t=HYPERLINK"), "{data_row:?}");
        assert!(text.contains("'\r@cmd"), "{text:?}");
    }
}
