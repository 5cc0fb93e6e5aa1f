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
    /// What the file's first rows showed, each item naming a country (empty when the owner
    /// chose): the app words them in the owner's language, [`PhoneCountry::explain`] in
    /// English.
    pub evidence: Vec<CountryEvidence>,
    /// When the file did not tell between countries: every country its numbers may be of
    /// (ISO alpha-2, sorted). A number valid in only one of them is read in it, one valid in
    /// more is kept as written and listed as a problem. Empty when the country is decided.
    pub candidates: Vec<String>,
}

/// One thing a file showed about its country. Serialised with a `kind` tag:
/// `{"kind": "header_language", "country": "SE", "headers": ["Förnamn", "Postort"]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CountryEvidence {
    /// The headers are in the country's language: these headers are words only it uses.
    HeaderLanguage {
        /// ISO alpha-2.
        country: String,
        /// The headers, as written, that only this language uses.
        headers: Vec<String>,
    },
    /// `count` of the `of` e-mail addresses looked at end in the country's domain (`.se`).
    EmailDomains {
        /// ISO alpha-2.
        country: String,
        /// Addresses in the country's domain.
        count: u32,
        /// Addresses looked at.
        of: u32,
    },
    /// `rows` of the `of` rows whose country column names a country name this one.
    CountryColumn {
        /// ISO alpha-2.
        country: String,
        /// Rows naming this country.
        rows: u32,
        /// Rows naming any country.
        of: u32,
    },
    /// `valid` of the `of` numbers written without a country code are valid numbers of the
    /// country.
    NumberFormats {
        /// ISO alpha-2.
        country: String,
        /// Numbers valid in the country.
        valid: u32,
        /// Numbers looked at.
        of: u32,
    },
}

impl CountryEvidence {
    /// The country the item speaks for.
    pub fn country(&self) -> &str {
        match self {
            Self::HeaderLanguage { country, .. }
            | Self::EmailDomains { country, .. }
            | Self::CountryColumn { country, .. }
            | Self::NumberFormats { country, .. } => country,
        }
    }

    /// The item in English, as part of a sentence ("14 of 20 e-mail addresses end in .se").
    fn english(&self) -> String {
        match self {
            Self::HeaderLanguage { country, .. } => {
                format!("the headers are {}", adjective(country))
            }
            Self::EmailDomains { country, count, of } => format!(
                "{count} of {of} e-mail addresses end in .{}",
                top_level_domain(country)
            ),
            Self::CountryColumn { country, rows, of } => {
                format!("{rows} of {of} rows name {}", name(country))
            }
            Self::NumberFormats { country, valid, of } => format!(
                "{valid} of {of} numbers are valid {} numbers",
                adjective(country)
            ),
        }
    }
}

/// Countries as the English sentences name them: code, adjective, name.
const ENGLISH: &[(&str, &str, &str)] = &[
    ("NO", "Norwegian", "Norway"),
    ("SE", "Swedish", "Sweden"),
    ("DK", "Danish", "Denmark"),
    ("FI", "Finnish", "Finland"),
    ("IS", "Icelandic", "Iceland"),
    ("DE", "German", "Germany"),
    ("GB", "British", "the United Kingdom"),
    ("US", "American", "the United States"),
    ("NL", "Dutch", "the Netherlands"),
    ("FR", "French", "France"),
    ("ES", "Spanish", "Spain"),
    ("IT", "Italian", "Italy"),
    ("PL", "Polish", "Poland"),
    ("EE", "Estonian", "Estonia"),
    ("LV", "Latvian", "Latvia"),
    ("LT", "Lithuanian", "Lithuania"),
    ("AT", "Austrian", "Austria"),
    ("CH", "Swiss", "Switzerland"),
    ("BE", "Belgian", "Belgium"),
    ("IE", "Irish", "Ireland"),
];

fn adjective(code: &str) -> String {
    ENGLISH
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or_else(|| code.to_owned(), |(_, a, _)| (*a).to_owned())
}

fn name(code: &str) -> String {
    ENGLISH
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or_else(|| code.to_owned(), |(_, _, n)| (*n).to_owned())
}

/// The country's internet domain: its code in lower case, but `.uk` for GB.
pub(crate) fn top_level_domain(code: &str) -> String {
    match code {
        "GB" => "uk".to_owned(),
        other => other.to_ascii_lowercase(),
    }
}

/// "a", "a and b", "a, b and c".
fn listed(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

impl PhoneCountry {
    /// Why numbers are read as they are, in one English sentence for the CLI: "phones read
    /// as Swedish, because the headers are Swedish, 14 of 20 e-mail addresses end in .se
    /// and 18 of 20 numbers are valid Swedish numbers". The app words [`Self::evidence`]
    /// itself.
    pub fn explain(&self) -> String {
        let country = adjective(&self.country);
        match self.source {
            CountrySource::Chosen => format!("phones read as {country}, as chosen for this file"),
            CountrySource::Inferred => {
                let reasons: Vec<String> = self
                    .evidence
                    .iter()
                    .filter(|e| e.country() == self.country)
                    .map(CountryEvidence::english)
                    .collect();
                format!("phones read as {country}, because {}", listed(&reasons))
            }
            CountrySource::Vault if self.candidates.len() > 1 => {
                let all: Vec<String> = self.candidates.iter().map(|c| adjective(c)).collect();
                format!(
                    "phones read as {country}, the vault's country, where the file does not \
                     tell: its numbers may be {}, so a number valid in more than one of them \
                     is kept as written",
                    listed(&all).replacen(" and ", " or ", 1)
                )
            }
            CountrySource::Vault => format!(
                "phones read as {country}, the vault's country: nothing in the file tells \
                 otherwise"
            ),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_sentence_names_the_evidence_for_the_country_read_in() {
        let inferred = PhoneCountry {
            country: "SE".into(),
            source: CountrySource::Inferred,
            evidence: vec![
                CountryEvidence::HeaderLanguage {
                    country: "SE".into(),
                    headers: vec!["Förnamn".into()],
                },
                CountryEvidence::EmailDomains {
                    country: "SE".into(),
                    count: 14,
                    of: 20,
                },
                CountryEvidence::NumberFormats {
                    country: "NO".into(),
                    valid: 2,
                    of: 20,
                },
                CountryEvidence::NumberFormats {
                    country: "SE".into(),
                    valid: 18,
                    of: 20,
                },
            ],
            candidates: vec![],
        };
        assert_eq!(
            inferred.explain(),
            "phones read as Swedish, because the headers are Swedish, 14 of 20 e-mail \
             addresses end in .se and 18 of 20 numbers are valid Swedish numbers"
        );
        let undecided = PhoneCountry {
            country: "NO".into(),
            source: CountrySource::Vault,
            evidence: vec![],
            candidates: vec!["DK".into(), "NO".into()],
        };
        assert!(
            undecided.explain().contains("may be Danish or Norwegian"),
            "{}",
            undecided.explain()
        );
    }

    #[test]
    fn evidence_serialises_with_a_kind_tag() {
        let e = CountryEvidence::EmailDomains {
            country: "DK".into(),
            count: 3,
            of: 4,
        };
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"kind": "email_domains", "country": "DK", "count": 3, "of": 4})
        );
    }
}
