//! The plain types every feature uses: how a person is named in a request, and the legal
//! bases of GDPR Art. 6(1).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Error, Result};

/// The purpose and source a person gets when none is named.
pub const DEFAULT_PURPOSE: &str = "Sales and service";
/// The source of people entered by hand.
pub const DEFAULT_SOURCE: &str = "manual";

/// The languages the app speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English.
    En,
    /// Norwegian bokmål.
    Nb,
    /// Swedish.
    Sv,
    /// Danish.
    Da,
}

impl Language {
    /// Every language, in the order a menu shows them.
    pub const ALL: [Language; 4] = [Language::En, Language::Nb, Language::Sv, Language::Da];

    /// The stored spelling (a BCP 47 language subtag).
    pub fn as_str(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Nb => "nb",
            Language::Sv => "sv",
            Language::Da => "da",
        }
    }

    /// Reads the stored spelling.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == text)
    }

    /// The language most people in a country read, among Lagom's: Norway's, Sweden's and
    /// Denmark's own, English for the rest. The country as a code or a name ("NO",
    /// "Norge", "Sverige"); `None` when it is not a country.
    pub fn of_country(country: &str) -> Option<Self> {
        let code = lagom_import::normalise::country(country).ok()?;
        Some(match code.as_str() {
            "NO" | "SJ" => Language::Nb,
            "SE" => Language::Sv,
            "DK" | "FO" | "GL" => Language::Da,
            _ => Language::En,
        })
    }

    /// The language of the country an international phone number (`+47 …`) belongs to.
    pub fn of_phone(phone: &str) -> Option<Self> {
        let number = phonenumber::parse(None, phone).ok()?;
        let country = number.country().id()?;
        Self::of_country(country.as_ref())
    }
}

/// A legal basis for processing under GDPR Art. 6(1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub enum LegalBasis {
    /// (a) consent.
    #[serde(rename = "a")]
    Consent,
    /// (b) performance of a contract.
    #[serde(rename = "b")]
    Contract,
    /// (c) a legal obligation.
    #[serde(rename = "c")]
    LegalObligation,
    /// (d) vital interests.
    #[serde(rename = "d")]
    VitalInterests,
    /// (e) a task in the public interest.
    #[serde(rename = "e")]
    PublicTask,
    /// (f) legitimate interests.
    #[serde(rename = "f")]
    LegitimateInterests,
}

impl LegalBasis {
    /// Every basis, in the article's order.
    pub const ALL: [LegalBasis; 6] = [
        LegalBasis::Consent,
        LegalBasis::Contract,
        LegalBasis::LegalObligation,
        LegalBasis::VitalInterests,
        LegalBasis::PublicTask,
        LegalBasis::LegitimateInterests,
    ];

    /// The letter of Art. 6(1).
    pub fn code(self) -> &'static str {
        match self {
            LegalBasis::Consent => "a",
            LegalBasis::Contract => "b",
            LegalBasis::LegalObligation => "c",
            LegalBasis::VitalInterests => "d",
            LegalBasis::PublicTask => "e",
            LegalBasis::LegitimateInterests => "f",
        }
    }

    /// Reads a letter (`a`, `6(1)(a)`, `art6-1-a`) or an English name (`consent`,
    /// `legitimate-interests`).
    pub fn parse(text: &str) -> Result<Self> {
        let t = text.trim().to_ascii_lowercase().replace(['-', '_'], " ");
        // "a", "6(1)(a)", "art. 6(1)(a)", "article 6(1)(a)", "gdpr art 6(1)(a)".
        let compact: String = t
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.')
            .collect();
        let article = ["gdpr", "article", "art"]
            .iter()
            .fold(compact.as_str(), |rest, prefix| {
                rest.strip_prefix(prefix).unwrap_or(rest)
            });
        let letter = if article.len() == 1 {
            Some(article)
        } else {
            article
                .strip_prefix("6(1)(")
                .and_then(|r| r.strip_suffix(')'))
        };
        for basis in Self::ALL {
            if letter == Some(basis.code()) || t == basis.name().to_ascii_lowercase() {
                return Ok(basis);
            }
        }
        Err(Error::validation(
            "legal basis",
            "must be one of a–f of GDPR Art. 6(1), e.g. `a` or `consent`, `b` or `contract`",
        ))
    }

    /// The basis's short English name.
    pub fn name(self) -> &'static str {
        match self {
            LegalBasis::Consent => "Consent",
            LegalBasis::Contract => "Contract",
            LegalBasis::LegalObligation => "Legal obligation",
            LegalBasis::VitalInterests => "Vital interests",
            LegalBasis::PublicTask => "Public task",
            LegalBasis::LegitimateInterests => "Legitimate interests",
        }
    }
}

/// How a person is named in a request: by id or by e-mail address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonRef {
    /// By id.
    Id(Uuid),
    /// By e-mail address (must be unique).
    Email(String),
}

impl PersonRef {
    /// Reads an id, or an e-mail address if the text contains `@`.
    pub fn parse(text: &str) -> Result<Self> {
        let t = text.trim();
        if t.contains('@') {
            return Ok(PersonRef::Email(t.to_lowercase()));
        }
        Uuid::parse_str(t)
            .map(PersonRef::Id)
            .map_err(|_| Error::validation("person", "give the person's id or e-mail address"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_bases_read_by_letter_article_or_name() {
        for (text, basis) in [
            ("a", LegalBasis::Consent),
            ("6(1)(b)", LegalBasis::Contract),
            ("Art. 6(1)(c)", LegalBasis::LegalObligation),
            ("GDPR Art 6(1)(f)", LegalBasis::LegitimateInterests),
            ("legitimate-interests", LegalBasis::LegitimateInterests),
            ("Vital interests", LegalBasis::VitalInterests),
        ] {
            assert_eq!(LegalBasis::parse(text).unwrap(), basis, "{text}");
        }
        for text in ["article", "art", "g", "6(1)(g)", "", "consentx"] {
            assert!(LegalBasis::parse(text).is_err(), "{text}");
        }
    }
}
