//! A person's e-mail addresses and phone numbers as a plan carries them: each with its kind,
//! the first of each channel the primary one.

use serde::{Deserialize, Serialize};

/// What an address or number is for.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    /// At work.
    Work,
    /// At home, private.
    Private,
    /// A mobile phone.
    Mobile,
    /// Not said.
    #[default]
    Other,
}

impl ContactKind {
    /// Every kind, in the order they are offered.
    pub const ALL: [ContactKind; 4] = [Self::Work, Self::Private, Self::Mobile, Self::Other];

    /// The kind as stored and sent (`work`, `private`, `mobile`, `other`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Work => "work",
            Self::Private => "private",
            Self::Mobile => "mobile",
            Self::Other => "other",
        }
    }

    /// The kind named by [`ContactKind::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// One e-mail address or phone number of a planned person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedContact {
    /// An e-mail address in lower case, or a phone number in E.164 (`+4791234567`); a phone
    /// number whose country could not be told is kept as written, and the plan lists it as a
    /// problem.
    pub value: String,
    /// What it is for.
    pub kind: ContactKind,
}

/// The country phone numbers written without a country code are read in, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PhoneCountry {
    /// ISO 3166 alpha-2 (NO, SE, DK, …).
    pub country: String,
    /// Where the choice came from.
    pub source: CountrySource,
}

/// Where a file's phone country came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CountrySource {
    /// The owner chose it for this file.
    Chosen,
    /// Told from the file itself.
    Inferred,
    /// Nothing in the file told: the vault's country.
    Vault,
}
