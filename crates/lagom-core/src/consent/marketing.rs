//! Marketing lists: the people who may receive a kind of e-mail, written as CSV for a mailing
//! tool, and how many were left out and why.
//!
//! Someone is on the list only with a valid consent for the purpose (given, confirmed, not
//! withdrawn since), no restriction or objection in force, an e-mail address, and, when a
//! subscription type is named, that subscription. Each person left out is counted once, under
//! the first reason in this order: no consent, pending, withdrawn, restricted, objected, not
//! subscribed, no e-mail.
//!
//! The list is read from the purpose's ledger (its index), not from the whole people table:
//! people who never had a ledger row for the purpose are counted, not read.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::audit::AuditKind;
use crate::consent::model::ConsentState;
use crate::consent::sql::{self, Candidate};
use crate::db::lists;
use crate::output::Output;
use crate::people::language::{self, LanguageFacts};
// A cell a spreadsheet would run as a formula gets a leading apostrophe.
use crate::text::spreadsheet_cell as cell;
use crate::types::Language;
use crate::vault::Vault;
use crate::{Error, Result};

/// How many people were left out of a list, by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct LeftOut {
    /// Never gave consent for the purpose.
    pub no_consent: u64,
    /// Asked, but not (yet) confirmed.
    pub pending: u64,
    /// Withdrew it.
    pub withdrawn: u64,
    /// Restricted processing (Art. 18).
    pub restricted: u64,
    /// Objected (Art. 21).
    pub objected: u64,
    /// Not on the subscription named.
    pub not_subscribed: u64,
    /// Have no e-mail address.
    pub no_email: u64,
    /// Archived: kept, but not written to (people in the recycle bin are not counted).
    pub archived: u64,
}

impl LeftOut {
    /// Everyone left out.
    pub fn total(&self) -> u64 {
        self.no_consent
            + self.pending
            + self.withdrawn
            + self.restricted
            + self.objected
            + self.not_subscribed
            + self.no_email
            + self.archived
    }
}

/// A marketing list written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct MarketingList {
    /// The purpose's name.
    pub purpose: String,
    /// The subscription type's name, when one was named.
    pub subscription: Option<String>,
    /// People on the list.
    pub included: u64,
    /// People left out, by reason.
    pub left_out: LeftOut,
    /// The CSV file written, when the list went to a file.
    pub file: Option<PathBuf>,
    /// The list, when no file was named: kept out of the answer's JSON; the command table
    /// turns it into a download.
    #[serde(skip)]
    #[ts(skip)]
    pub content: Option<Vec<u8>>,
    /// Set by the command table when `content` was kept as a download.
    #[serde(default)]
    pub download: Option<crate::output::Download>,
    /// The name the list is offered under as a download (`marketing-<purpose>-<date>.csv`).
    pub file_name: String,
}

/// Where a list's CSV goes: a file being written, or memory for a download.
enum Sink {
    File(Output),
    Memory(Vec<u8>),
}

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::File(f) => f.write(buf),
            Sink::Memory(m) => m.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::File(f) => f.flush(),
            Sink::Memory(_) => Ok(()),
        }
    }
}

/// A list's file name: `marketing-<purpose>-<date>.csv`, the purpose's name in lower-case
/// letters, digits and dashes, so it is a safe name on every system.
fn file_name(purpose: &str, today: chrono::NaiveDate) -> String {
    let mut slug = String::new();
    for c in purpose.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "list" } else { slug };
    format!("marketing-{slug}-{today}.csv")
}

/// The columns of the CSV file.
pub const MARKETING_COLUMNS: [&str; 6] = [
    "first_name",
    "last_name",
    "email",
    "language",
    "consent_given_at",
    "consent_text_version",
];

/// Why a person is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reason {
    NoConsent,
    Pending,
    Withdrawn,
    Restricted,
    Objected,
    NotSubscribed,
    NoEmail,
    Archived,
}

impl LeftOut {
    fn count(&mut self, reason: Reason) {
        *match reason {
            Reason::NoConsent => &mut self.no_consent,
            Reason::Pending => &mut self.pending,
            Reason::Withdrawn => &mut self.withdrawn,
            Reason::Restricted => &mut self.restricted,
            Reason::Objected => &mut self.objected,
            Reason::NotSubscribed => &mut self.not_subscribed,
            Reason::NoEmail => &mut self.no_email,
            Reason::Archived => &mut self.archived,
        } += 1;
    }
}

/// Why a person is left out, if they are: the first reason that holds, in the documented
/// order.
fn reason(c: &Candidate) -> Option<Reason> {
    match ConsentState::parse(&c.state) {
        Some(ConsentState::Given) => {}
        Some(ConsentState::Pending) => return Some(Reason::Pending),
        Some(ConsentState::Withdrawn) => return Some(Reason::Withdrawn),
        None => return Some(Reason::NoConsent),
    }
    if c.archived {
        Some(Reason::Archived)
    } else if c.restricted {
        Some(Reason::Restricted)
    } else if c.objected {
        Some(Reason::Objected)
    } else if !c.subscribed {
        Some(Reason::NotSubscribed)
    } else if c.email.as_deref().is_none_or(str::is_empty) {
        Some(Reason::NoEmail)
    } else {
        None
    }
}

impl Vault {
    /// Writes the people who may receive e-mail for a purpose (by name or id), optionally only
    /// those on a subscription, as CSV to `out` (never in the vault's folder; an existing
    /// file replaced only with `overwrite`), or without `out` into the answer's `content`
    /// for a download; audited as an export with the counts. The file appears whole or not
    /// at all.
    pub fn marketing_list(
        &mut self,
        purpose: &str,
        subscription: Option<&str>,
        out: Option<&Path>,
        overwrite: bool,
    ) -> Result<MarketingList> {
        let today = crate::clock::today(self.clock.as_ref());
        let rules = self.path_rules(overwrite);
        let (mut list, file) = self.write(|tx, audit, ctx| {
            let purpose = sql::find_purpose(tx, purpose, false)?;
            let subscription = subscription
                .map(|s| sql::find_subscription_type(tx, s))
                .transpose()?;
            if let Some(s) = &subscription
                && s.purpose_id != purpose.id
            {
                return Err(Error::validation(
                    "subscription",
                    format!("belongs to the purpose {:?}", s.purpose),
                ));
            }
            let vault_language = lists::setting(tx, "language")?;
            let vault_language = vault_language.as_deref().and_then(Language::parse);
            let (sink, temp) = match out {
                Some(out) => {
                    let file = Output::create(out, &rules)?;
                    let temp = file.destination().to_owned();
                    (Sink::File(file), temp)
                }
                None => (Sink::Memory(Vec::new()), PathBuf::from("the list")),
            };
            let mut csv = csv::Writer::from_writer(std::io::BufWriter::new(sink));
            let csv_error = |e: csv::Error| Error::Io {
                action: "writing",
                path: temp.clone(),
                source: std::io::Error::other(e),
            };
            csv.write_record(MARKETING_COLUMNS).map_err(csv_error)?;
            let (mut included, mut seen, mut left_out) = (0u64, 0u64, LeftOut::default());
            sql::marketing_candidates(tx, purpose.id, subscription.as_ref().map(|s| s.id), |c| {
                seen += 1;
                if let Some(why) = reason(&c) {
                    left_out.count(why);
                    return Ok(());
                }
                included += 1;
                let facts = LanguageFacts {
                    own: c.language.as_deref(),
                    country: c.country.as_deref(),
                    vault: vault_language,
                };
                let (language, _) = language::choose(facts, c.phone.as_deref());
                let version = c.text_version.map(|v| v.to_string()).unwrap_or_default();
                // Every column, not only the names: an address may start with "=" or "+"
                // too, and a spreadsheet does not ask which column a formula came from.
                let cells = [
                    c.first_name.as_str(),
                    &c.last_name,
                    c.email.as_deref().unwrap_or_default(),
                    language.as_str(),
                    &c.occurred_at,
                    &version,
                ]
                .map(cell);
                csv.write_record(cells.iter().map(|c| c.as_bytes()))
                    .map_err(csv_error)
            })?;
            let file = csv
                .into_inner()
                .map_err(|e| csv_error(e.into_error().into()))?
                .into_inner()
                .map_err(|e| Error::io("writing", &temp)(e.into_error()))?;
            left_out.no_consent += sql::count_people(tx)?.saturating_sub(seen);
            audit.append(
                tx,
                ctx.event(
                    AuditKind::Export,
                    None,
                    serde_json::json!({
                        "what": "marketing list",
                        "purpose": purpose.id,
                        "subscription": subscription.as_ref().map(|s| s.id),
                        "included": included,
                        "left_out": left_out,
                    }),
                ),
            )?;
            let list = MarketingList {
                file_name: file_name(&purpose.name, today),
                purpose: purpose.name,
                subscription: subscription.map(|s| s.name),
                included,
                left_out,
                file: out.map(Path::to_owned),
                content: None,
                download: None,
            };
            Ok((list, file))
        })?;
        match file {
            Sink::File(file) => {
                list.file = Some(file.finish()?);
            }
            Sink::Memory(bytes) => list.content = Some(bytes),
        }
        Ok(list)
    }

    /// How SQLite reads a marketing list, a line per step: for tests that keep it on indexes.
    #[doc(hidden)]
    pub fn marketing_query_plan(&self) -> Result<Vec<String>> {
        sql::explain_marketing(&self.store.conn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_that_looks_like_a_formula_is_defused() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("Åse"), "Åse");
    }

    #[test]
    fn a_list_is_named_after_its_purpose_and_the_day() {
        let day = chrono::NaiveDate::from_ymd_opt(2025, 3, 10).unwrap();
        assert_eq!(
            file_name("Newsletter", day),
            "marketing-newsletter-2025-03-10.csv"
        );
        assert_eq!(
            file_name("Nyhetsbrev / Kundeklubb!", day),
            "marketing-nyhetsbrev-kundeklubb-2025-03-10.csv"
        );
        assert_eq!(file_name("../..", day), "marketing-list-2025-03-10.csv");
    }
}
