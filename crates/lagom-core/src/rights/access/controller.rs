//! The business as data controller, as a subject-access answer names it: who it is, where to
//! write, who else receives the data (processors such as an accounting or e-mail service),
//! and so which supervisory authority a person can complain to. The details are the ones
//! kept for the privacy notice ([`crate::notice::Business`]); this module only shapes them
//! for the bundle and knows the authorities.

use serde::Serialize;

use crate::notice::Business;
use crate::types::Language;

/// The business as data controller.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Controller {
    /// The business's name (empty when not set).
    pub name: String,
    /// Its organisation number.
    pub org_number: String,
    /// Its postal address, lines separated by `\n`.
    pub address: String,
    /// Where people write about their data.
    pub email: String,
    /// Its country (ISO 3166-1 alpha-2), which names the supervisory authority.
    pub country: String,
}

impl From<Business> for Controller {
    fn from(b: Business) -> Self {
        Controller {
            name: b.name.unwrap_or_default(),
            org_number: b.org_number.unwrap_or_default(),
            address: b.address.unwrap_or_default(),
            email: b.email.unwrap_or_default(),
            country: b.country.unwrap_or_default().to_ascii_uppercase(),
        }
    }
}

/// A supervisory authority to complain to (Art. 77).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Authority {
    /// The country it serves, or `None` for "the authority where you live".
    pub country: Option<&'static str>,
    /// Its name.
    pub name: &'static str,
    /// Its postal address.
    pub address: &'static str,
    /// Its web site.
    pub url: &'static str,
}

/// The authority for a business in `country`. Outside Norway, Sweden and Denmark the answer
/// points to the list of every EU/EEA authority, since a person may complain where they live.
pub fn authority(country: &str) -> Authority {
    match country.trim().to_ascii_uppercase().as_str() {
        "NO" => Authority {
            country: Some("NO"),
            name: "Datatilsynet",
            address: "Postboks 458 Sentrum, 0105 Oslo, Norway",
            url: "https://www.datatilsynet.no",
        },
        "SE" => Authority {
            country: Some("SE"),
            name: "Integritetsskyddsmyndigheten (IMY)",
            address: "Box 8114, 104 20 Stockholm, Sweden",
            url: "https://www.imy.se",
        },
        "DK" => Authority {
            country: Some("DK"),
            name: "Datatilsynet",
            address: "Carl Jacobsens Vej 35, 2500 Valby, Denmark",
            url: "https://www.datatilsynet.dk",
        },
        _ => Authority {
            country: None,
            name: "European Data Protection Board: members",
            address: "",
            url: "https://www.edpb.europa.eu/about-edpb/about-edpb/members_en",
        },
    }
}

/// The country a business most likely is in when it has not said: that of the vault's
/// language.
pub(crate) fn country_of(language: Option<Language>) -> &'static str {
    match language {
        Some(Language::Nb) => "NO",
        Some(Language::Sv) => "SE",
        Some(Language::Da) => "DK",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_nordic_country_has_its_authority_and_others_get_the_list() {
        assert_eq!(authority("no").name, "Datatilsynet");
        assert!(authority("NO").url.ends_with(".no"));
        assert!(authority("SE").name.contains("IMY"));
        assert!(authority("DK").address.contains("Valby"));
        assert_eq!(authority("DE").country, None);
        assert_eq!(authority("").country, None);
        assert_eq!(country_of(Some(Language::Sv)), "SE");
        assert_eq!(country_of(None), "");
    }
}
