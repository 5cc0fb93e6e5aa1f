//! A person's addresses and numbers as values: their types, how they are cleaned and how
//! they are shown.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use lagom_import::ContactKind;

use crate::text::clean_optional;
use crate::{Error, Result};

/// E-mail or phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// An e-mail address.
    Email,
    /// A phone number.
    Phone,
}

impl Channel {
    /// As stored (`email`, `phone`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Phone => "phone",
        }
    }

    pub(crate) fn parse(text: &str) -> Result<Self> {
        match text {
            "email" => Ok(Self::Email),
            "phone" => Ok(Self::Phone),
            other => Err(Error::Damaged(format!(
                "a contact point's channel is {other:?}"
            ))),
        }
    }

    /// The people column that holds the primary value.
    pub(crate) fn column(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Phone => "phone",
        }
    }
}

/// One of a person's addresses or numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ContactPoint {
    /// Its id (for removing it or making it the primary one).
    #[ts(type = "string")]
    pub id: Uuid,
    /// E-mail or phone.
    pub channel: Channel,
    /// The address in lower case, or the number: E.164 (`+4791234567`) when its country is
    /// known, else as it was written.
    pub value: String,
    /// The value as a person reads it: a phone number grouped the way its country writes
    /// it (`+47 912 34 567`, `+46 8 555 123 45`); an address as stored.
    pub display: String,
    /// Work, private, mobile or other.
    pub kind: ContactKind,
    /// The one used when one is needed (marketing, letters, the list).
    pub primary: bool,
}

/// An address or number to add to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct NewContact {
    /// E-mail or phone.
    pub channel: Channel,
    /// The address or number as written.
    pub value: String,
    /// Work, private, mobile or other (other when not said).
    #[serde(default)]
    #[ts(as = "Option<ContactKind>", optional)]
    pub kind: ContactKind,
    /// Make it the primary one (it is anyway when the person has none of its channel).
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub primary: bool,
}

/// A phone number as a person reads it: grouped the way its country writes numbers when it
/// carries a country code and is valid there; otherwise as written (its country is not
/// known, and guessing it is what put Danish numbers under Norway).
pub fn display_phone(value: &str) -> String {
    let trimmed = value.trim();
    if !trimmed.starts_with('+') {
        return trimmed.to_owned();
    }
    match phonenumber::parse(None, trimmed) {
        Ok(number) if phonenumber::is_valid(&number) => {
            norwegian_mobile(&number).unwrap_or_else(|| {
                number
                    .format()
                    .mode(phonenumber::Mode::International)
                    .to_string()
            })
        }
        _ => trimmed.to_owned(),
    }
}

/// A Norwegian mobile number (eight digits from 4 or 9) written as Norwegians write it,
/// `+47 912 34 567`. libphonenumber's metadata groups every Norwegian number in pairs
/// (`+47 91 23 45 67`), which is right for landlines and the convention for mobiles nowhere.
fn norwegian_mobile(number: &phonenumber::PhoneNumber) -> Option<String> {
    if number.code().value() != 47 {
        return None;
    }
    let national = number.national().value().to_string();
    let mobile = national.len() == 8 && (national.starts_with('4') || national.starts_with('9'));
    mobile.then(|| {
        format!(
            "+47 {} {} {}",
            &national[..3],
            &national[3..5],
            &national[5..]
        )
    })
}

/// The value as it is shown.
pub(crate) fn display(channel: Channel, value: &str) -> String {
    match channel {
        Channel::Email => value.to_owned(),
        Channel::Phone => display_phone(value),
    }
}

/// E-mail addresses are stored trimmed and lower-cased, and must be valid (RFC 5322
/// address syntax, checked by the `email_address` crate).
pub fn normalise_email(value: Option<&str>) -> Result<Option<String>> {
    let Some(v) = clean_optional("email", value)? else {
        return Ok(None);
    };
    let lower = v.to_lowercase();
    let options = email_address::Options::default()
        .without_display_text()
        .without_domain_literal();
    let parsed = email_address::EmailAddress::parse_with_options(&lower, options)
        .map_err(|_| Error::validation("email", "is not a valid e-mail address"))?;
    if !parsed.domain().contains('.') {
        return Err(Error::validation(
            "email",
            "needs a domain such as example.no",
        ));
    }
    Ok(Some(lower))
}

/// A phone number as stored: E.164 (`+4791234567`) whenever its country is known — written
/// with its country code (`+46 …`, `0046 …`), or read as a number of `country` (the person's
/// or organisation's, else the business's; ISO 3166 alpha-2) — and valid there
/// (`phonenumber`, as the importer reads numbers). A number that is not valid there is refused
/// naming the field. Without any country a number is kept as written (it must still be made
/// of digits, spaces and `+ - ( ) .`, with at least five digits): guessing its country is what
/// put Danish numbers under Norway.
pub fn normalise_phone(value: Option<&str>, country: Option<&str>) -> Result<Option<String>> {
    let Some(written) = written_phone(value)? else {
        return Ok(None);
    };
    if lagom_import::normalise::has_country_code(&written) {
        // Any default will do: a number with its country code is read in its own country.
        return lagom_import::normalise::phone(&written, "ZZ")
            .map(Some)
            .map_err(|_| Error::validation("phone", "is not a valid phone number"));
    }
    match country.and_then(lagom_import::normalise::phone_region) {
        Some(region) => lagom_import::normalise::phone(&written, region)
            .map(Some)
            .map_err(|_| {
                Error::validation(
                    "phone",
                    format!(
                        "is not a valid phone number in {region}; a number of another country \
                         needs its country code (+46 …)"
                    ),
                )
            }),
        None => Ok(Some(written)),
    }
}

/// The checks a phone number passes whatever its country.
fn written_phone(value: Option<&str>) -> Result<Option<String>> {
    let Some(v) = clean_optional("phone", value)? else {
        return Ok(None);
    };
    if !v
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c))
    {
        return Err(Error::validation(
            "phone",
            "may hold only digits, spaces and + - ( ) .",
        ));
    }
    if v.chars().filter(char::is_ascii_digit).count() < 5 {
        return Err(Error::validation("phone", "needs at least five digits"));
    }
    Ok(Some(v))
}

/// Checks and cleans a value of `channel` as it would be stored; a phone number is read in
/// `country` when it has no country code (see [`normalise_phone`]).
pub fn normalise_value(channel: Channel, value: &str, country: Option<&str>) -> Result<String> {
    let cleaned = match channel {
        Channel::Email => normalise_email(Some(value))?,
        Channel::Phone => normalise_phone(Some(value), country)?,
    };
    cleaned.ok_or_else(|| Error::validation(channel.as_str(), "is empty"))
}

/// An address or number exactly as stored, for putting back (an import's or a merge's undo).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SavedContact {
    pub(crate) id: String,
    pub(crate) channel: Channel,
    pub(crate) value: String,
    pub(crate) kind: ContactKind,
    pub(crate) primary: bool,
    pub(crate) position: i64,
    pub(crate) created_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_with_a_country_code_are_grouped_as_their_country_writes_them() {
        for (stored, shown) in [
            // Norwegian mobiles as Norwegians write them; landlines in pairs.
            ("+4791234567", "+47 912 34 567"),
            ("+4741234567", "+47 412 34 567"),
            ("+4722123456", "+47 22 12 34 56"),
            ("+46855512345", "+46 8 555 123 45"),
            ("+46701234567", "+46 70 123 45 67"),
            ("+4531456789", "+45 31 45 67 89"),
        ] {
            assert_eq!(display_phone(stored), shown);
        }
        // No country code: the country is not known, so nothing is guessed.
        assert_eq!(display_phone("412 00 001"), "412 00 001");
        // Not a valid number anywhere: as written.
        assert_eq!(display_phone("+47123"), "+47123");
    }

    #[test]
    fn phones_typed_by_hand_are_stored_in_e164_in_their_country() {
        for (typed, country, stored) in [
            ("912 34 567", Some("NO"), "+4791234567"),
            ("+47 912 34 567", None, "+4791234567"),
            ("0047 91234567", Some("SE"), "+4791234567"),
            ("070-123 45 67", Some("SE"), "+46701234567"),
            ("31 45 67 89", Some("DK"), "+4531456789"),
            ("(22) 12 34 56", Some("NO"), "+4722123456"),
        ] {
            assert_eq!(
                normalise_phone(Some(typed), country).unwrap().as_deref(),
                Some(stored),
                "{typed}"
            );
        }
        // No country anywhere: kept as written.
        assert_eq!(
            normalise_phone(Some("912 34 567"), None)
                .unwrap()
                .as_deref(),
            Some("912 34 567")
        );
        // A country written by hand is no region: as written.
        assert_eq!(
            normalise_phone(Some("912 34 567"), Some("Norge"))
                .unwrap()
                .as_deref(),
            Some("912 34 567")
        );
        assert_eq!(normalise_phone(Some("  "), Some("NO")).unwrap(), None);
    }

    #[test]
    fn an_invalid_phone_number_is_refused_naming_the_field() {
        for (typed, country) in [
            ("123 45", Some("NO")),
            ("+47 123", None),
            ("+47 1234 5678 9", None),
        ] {
            let e = normalise_phone(Some(typed), country).unwrap_err();
            assert_eq!(e.code(), crate::ErrorCode::Validation, "{typed}");
            assert!(e.to_string().contains("phone"), "{e}");
        }
        let e = normalise_phone(Some("123 45"), Some("NO")).unwrap_err();
        assert!(e.to_string().contains("NO"), "{e}");
    }
}
