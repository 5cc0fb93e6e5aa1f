//! Who the business is, as the privacy notice names it: the controller's name, organisation
//! number, address and contact e-mail, its country (which decides the supervisory authority
//! and the bookkeeping law the notice cites) and the service providers that process data on
//! its behalf. Kept in the vault's settings under `business.*`; changes are audited by name.

use serde::{Deserialize, Serialize};

use crate::db::lists;
use crate::text::present;
use crate::vault::Vault;
use crate::{Error, Result};

const NAME: &str = "business.name";
const ORG_NUMBER: &str = "business.org_number";
const ADDRESS: &str = "business.address";
const EMAIL: &str = "business.email";
const COUNTRY: &str = lists::BUSINESS_COUNTRY_SETTING;
const RECIPIENTS: &str = "business.recipients";

/// The most recipients listed: the notice stays readable.
pub const MAX_RECIPIENTS: usize = 50;

/// The business behind the vault.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Business {
    /// Its name.
    pub name: Option<String>,
    /// Its organisation number (org.nr., organisationsnummer, CVR).
    pub org_number: Option<String>,
    /// Its postal address; lines separated by `\n`.
    pub address: Option<String>,
    /// Where people write about their data.
    pub email: Option<String>,
    /// ISO 3166 country code (NO, SE, DK, …).
    pub country: Option<String>,
    /// Service providers that process personal data for the business ("Fiken (accounting)").
    pub recipients: Vec<String>,
}

/// A change to the business: absent fields stay; `null` clears.
#[derive(Debug, Clone, Default, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct BusinessPatch {
    /// New name.
    #[serde(default, deserialize_with = "present")]
    #[ts(optional = nullable)]
    pub name: Option<Option<String>>,
    /// New organisation number.
    #[serde(default, deserialize_with = "present")]
    #[ts(optional = nullable)]
    pub org_number: Option<Option<String>>,
    /// New address.
    #[serde(default, deserialize_with = "present")]
    #[ts(optional = nullable)]
    pub address: Option<Option<String>>,
    /// New contact e-mail.
    #[serde(default, deserialize_with = "present")]
    #[ts(optional = nullable)]
    pub email: Option<Option<String>>,
    /// New country code.
    #[serde(default, deserialize_with = "present")]
    #[ts(optional = nullable)]
    pub country: Option<Option<String>>,
    /// The whole list of recipients.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub recipients: Option<Vec<String>>,
}

fn line(field: &'static str, text: Option<String>, max: usize) -> Result<Option<String>> {
    let Some(text) = text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().any(char::is_control) {
        return Err(Error::validation(field, "must be one line"));
    }
    if text.chars().count() > max {
        return Err(Error::validation(
            field,
            format!("is longer than {max} characters"),
        ));
    }
    Ok(Some(text))
}

fn address(text: Option<String>) -> Result<Option<String>> {
    let Some(text) = text else { return Ok(None) };
    let lines = text
        .lines()
        .map(|l| line("business address", Some(l.to_owned()), 200))
        .collect::<Result<Vec<_>>>()?;
    let lines: Vec<String> = lines.into_iter().flatten().collect();
    if lines.len() > 6 {
        return Err(Error::validation(
            "business address",
            "has more than 6 lines",
        ));
    }
    Ok((!lines.is_empty()).then(|| lines.join("\n")))
}

fn apply(mut b: Business, patch: BusinessPatch) -> Result<Business> {
    if let Some(name) = patch.name {
        b.name = line("business name", name, 200)?;
    }
    if let Some(number) = patch.org_number {
        b.org_number = line("business org_number", number, 40)?;
    }
    if let Some(text) = patch.address {
        b.address = address(text)?;
    }
    if let Some(email) = patch.email {
        b.email = line("business email", email, 254)?;
        if let Some(e) = &b.email
            && !email_address::EmailAddress::is_valid(e)
        {
            return Err(Error::validation(
                "business email",
                "is not a valid e-mail address",
            ));
        }
    }
    if let Some(country) = patch.country {
        b.country = line("business country", country, 2)?.map(|c| c.to_ascii_uppercase());
        if let Some(c) = &b.country
            && (c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_alphabetic()))
        {
            return Err(Error::validation(
                "business country",
                "give the two-letter country code (NO, SE, DK, …)",
            ));
        }
    }
    if let Some(recipients) = patch.recipients {
        if recipients.len() > MAX_RECIPIENTS {
            return Err(Error::validation(
                "business recipients",
                format!("list at most {MAX_RECIPIENTS}"),
            ));
        }
        b.recipients = recipients
            .into_iter()
            .map(|r| line("business recipients", Some(r), 200))
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .flatten()
            .collect();
    }
    Ok(b)
}

impl Vault {
    /// The business as set.
    pub fn business(&self) -> Result<Business> {
        let conn = &self.store.conn;
        let get = |key| lists::setting(conn, key);
        Ok(Business {
            name: get(NAME)?,
            org_number: get(ORG_NUMBER)?,
            address: get(ADDRESS)?,
            email: get(EMAIL)?,
            country: get(COUNTRY)?,
            // A list written by hand that does not read is an empty list, not a locked app.
            recipients: get(RECIPIENTS)?
                .and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or_default(),
        })
    }

    /// Changes the business details, audited as `settings.changed` naming the fields.
    pub fn update_business(&mut self, patch: BusinessPatch) -> Result<Business> {
        let before = self.business()?;
        let after = apply(before.clone(), patch)?;
        let mut changed = Vec::new();
        for (same, key) in [
            (before.name == after.name, NAME),
            (before.org_number == after.org_number, ORG_NUMBER),
            (before.address == after.address, ADDRESS),
            (before.email == after.email, EMAIL),
            (before.country == after.country, COUNTRY),
            (before.recipients == after.recipients, RECIPIENTS),
        ] {
            if !same {
                changed.push(key);
            }
        }
        let recipients = serde_json::to_string(&after.recipients)
            .map_err(|e| Error::Internal(format!("encoding the recipients: {e}")))?;
        self.write_settings(&changed, |tx| {
            lists::put_setting(tx, NAME, after.name.as_deref())?;
            lists::put_setting(tx, ORG_NUMBER, after.org_number.as_deref())?;
            lists::put_setting(tx, ADDRESS, after.address.as_deref())?;
            lists::put_setting(tx, EMAIL, after.email.as_deref())?;
            lists::put_setting(tx, COUNTRY, after.country.as_deref())?;
            lists::put_setting(tx, RECIPIENTS, Some(&recipients))?;
            Ok(())
        })?;
        Ok(after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_cleaned_and_checked() {
        let patch: BusinessPatch = serde_json::from_str(
            r#"{"name": " Fjord Sykkel AS ", "country": "no", "address": "Storgata 1\n\n0155 Oslo ",
                "recipients": ["Fiken (regnskap)", " "]}"#,
        )
        .unwrap();
        let b = apply(Business::default(), patch).unwrap();
        assert_eq!(b.name.as_deref(), Some("Fjord Sykkel AS"));
        assert_eq!(b.country.as_deref(), Some("NO"));
        assert_eq!(b.address.as_deref(), Some("Storgata 1\n0155 Oslo"));
        assert_eq!(b.recipients, vec!["Fiken (regnskap)".to_owned()]);
        for bad in [
            r#"{"country": "Norway"}"#,
            r#"{"country": "N1"}"#,
            r#"{"email": "post.example.no"}"#,
            r#"{"name": "a\u0007b"}"#,
        ] {
            let patch: BusinessPatch = serde_json::from_str(bad).unwrap();
            assert!(apply(Business::default(), patch).is_err(), "{bad}");
        }
    }
}
