//! How long invoices are kept for the bookkeeping law, per country.
//!
//! The Nordic bookkeeping laws count from the end of the accounting year an invoice belongs
//! to: Norway (bokføringsloven § 13) and Denmark (bogføringsloven § 12) five years, Sweden
//! (bokföringslagen 7 kap. 2 §) seven. Lagom takes the accounting year to be the calendar
//! year of the invoice's issue date, so an invoice issued on 2020-03-01 under a five-year
//! rule is kept to the end of 2025 and may go from 2026-01-01. An invoice's own country
//! decides when it has one; otherwise the vault's country does. A country with no period
//! set keeps the vault country's period.
//!
//! The periods live in the vault's settings under `retention.country` and
//! `retention.years.<CC>`; changing them is a `settings.changed` event naming the keys.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::db::lists;
use crate::erasure::sql;
use crate::vault::Vault;
use crate::{Error, Result};

const COUNTRY_KEY: &str = "retention.country";
const YEARS_PREFIX: &str = "retention.years.";

/// The country whose law applies until the owner chooses another.
pub const DEFAULT_COUNTRY: &str = "NO";
/// The longest period that can be set, in years: no Nordic law asks for more.
pub const MAX_YEARS: u32 = 30;

/// The periods the law sets, used until changed.
pub const DEFAULT_YEARS: [(&str, u32); 3] = [("DK", 5), ("NO", 5), ("SE", 7)];

/// How long invoices are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Retention {
    /// The vault's country (ISO 3166 alpha-2): its law applies to invoices without one.
    pub country: String,
    /// Years after the end of the issue year, per country.
    pub years: BTreeMap<String, u32>,
}

/// A change to the retention settings: absent fields stay as they are; a country's years
/// given replace that country's period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct RetentionPatch {
    /// A new vault country.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub country: Option<String>,
    /// New periods, per country.
    #[serde(default)]
    #[ts(as = "Option<BTreeMap<String, u32>>", optional)]
    pub years: BTreeMap<String, u32>,
}

fn country_code(field: &'static str, text: &str) -> Result<String> {
    let code = text.trim().to_ascii_uppercase();
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(Error::validation(
            field,
            "give a two-letter country code such as NO, SE or DK",
        ))
    }
}

impl Retention {
    /// The settings from their stored text, with the law's periods for countries never set.
    /// Unreadable values (written by hand) fall back to the defaults.
    fn from_stored(country: Option<String>, stored: Vec<(String, String)>) -> Self {
        let mut years: BTreeMap<String, u32> = DEFAULT_YEARS
            .iter()
            .map(|(c, y)| ((*c).to_owned(), *y))
            .collect();
        for (code, value) in stored {
            if let (Ok(code), Ok(y)) = (country_code("country", &code), value.parse::<u32>())
                && (1..=MAX_YEARS).contains(&y)
            {
                years.insert(code, y);
            }
        }
        let country = country
            .and_then(|c| country_code("country", &c).ok())
            .filter(|c| years.contains_key(c))
            .unwrap_or_else(|| DEFAULT_COUNTRY.to_owned());
        Self { country, years }
    }

    /// The years that apply to an invoice of `country` (the vault's when `None`).
    pub fn years_for(&self, country: Option<&str>) -> u32 {
        let own = country
            .and_then(|c| country_code("country", c).ok())
            .and_then(|c| self.years.get(&c).copied());
        own.or_else(|| self.years.get(&self.country).copied())
            .unwrap_or(DEFAULT_YEARS[1].1)
    }

    /// The last day an invoice issued on `issued_on` must be kept: the end of the issue
    /// year plus the country's years. `None` for a date that does not read, which keeps the
    /// invoice (deleting bookkeeping records early breaks the law; keeping one too long can
    /// be put right later).
    pub fn keep_until(&self, issued_on: &str, country: Option<&str>) -> Option<NaiveDate> {
        let issued = NaiveDate::parse_from_str(issued_on.get(..10)?, "%Y-%m-%d").ok()?;
        let year = issued.year() + i32::try_from(self.years_for(country)).ok()?;
        NaiveDate::from_ymd_opt(year, 12, 31)
    }

    /// Whether an invoice's retention has run out on `today`.
    pub fn expired(&self, issued_on: &str, country: Option<&str>, today: NaiveDate) -> bool {
        self.keep_until(issued_on, country)
            .is_some_and(|last| today > last)
    }
}

impl Vault {
    /// The retention settings, with the law's periods for countries never set.
    pub fn retention(&self) -> Result<Retention> {
        let conn = &self.store.conn;
        Ok(Retention::from_stored(
            lists::setting(conn, COUNTRY_KEY)?,
            sql::settings_under(conn, YEARS_PREFIX)?,
        ))
    }

    /// Changes the retention settings in one transaction with a `settings.changed` event
    /// naming the keys changed. Returns the settings as they now stand.
    pub fn set_retention(&mut self, patch: &RetentionPatch) -> Result<Retention> {
        let before = self.retention()?;
        let mut after = before.clone();
        for (code, years) in &patch.years {
            let code = country_code("years", code)?;
            if !(1..=MAX_YEARS).contains(years) {
                return Err(Error::validation(
                    "years",
                    format!("must be from 1 to {MAX_YEARS}"),
                ));
            }
            after.years.insert(code, *years);
        }
        if let Some(country) = &patch.country {
            let code = country_code("country", country)?;
            if !after.years.contains_key(&code) {
                return Err(Error::validation(
                    "country",
                    "set how many years invoices are kept there first",
                ));
            }
            after.country = code;
        }
        let mut changed: Vec<String> = Vec::new();
        if after.country != before.country {
            changed.push(COUNTRY_KEY.to_owned());
        }
        for (code, years) in &after.years {
            if before.years.get(code) != Some(years) {
                changed.push(format!("{YEARS_PREFIX}{code}"));
            }
        }
        self.write_settings(&changed, |tx| {
            lists::set_setting(tx, COUNTRY_KEY, &after.country)?;
            for (code, years) in &after.years {
                lists::set_setting(tx, &format!("{YEARS_PREFIX}{code}"), &years.to_string())?;
            }
            Ok(())
        })?;
        Ok(after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn retention_runs_to_the_end_of_the_issue_year_plus_the_countrys_years() {
        let r = Retention::from_stored(None, Vec::new());
        assert_eq!(r.country, "NO");
        assert_eq!(r.keep_until("2020-03-01", None), Some(date("2025-12-31")));
        assert_eq!(
            r.keep_until("2020-03-01", Some("SE")),
            Some(date("2027-12-31"))
        );
        assert_eq!(
            r.keep_until("2020-12-31", Some("dk")),
            Some(date("2025-12-31"))
        );
        assert!(!r.expired("2020-03-01", None, date("2025-12-31")));
        assert!(r.expired("2020-03-01", None, date("2026-01-01")));
        assert!(!r.expired("not a date", None, date("2100-01-01")));
    }

    #[test]
    fn an_unknown_country_keeps_the_vault_countrys_period() {
        let r = Retention::from_stored(
            Some("SE".into()),
            vec![("FI".into(), "6".into()), ("XX".into(), "0".into())],
        );
        assert_eq!(r.years_for(Some("FI")), 6);
        assert_eq!(r.years_for(Some("DE")), 7);
        assert_eq!(r.years_for(None), 7);
        assert!(!r.years.contains_key("XX"));
    }
}
