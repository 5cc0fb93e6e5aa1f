//! The names of the purposes, sources and subscription types Lagom ships with, in every
//! language the app speaks. A built-in row is stored with its key (schema 11) and its English
//! name; a reader sees the name in their own language: the UI by its language (the table is
//! written into the UI's generated types), the subject-access bundle by the bundle's, the
//! command line in English unless told otherwise. A row without a key is the owner's and is
//! shown exactly as written.

use serde::Serialize;

use crate::types::Language;

/// Which list a built-in name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum BuiltIn {
    /// A purpose of processing.
    Purpose,
    /// Where people's data came from.
    Source,
    /// A kind of e-mail people subscribe to.
    Subscription,
}

impl BuiltIn {
    /// Every list, in the order the generated table lists them.
    pub const ALL: [BuiltIn; 3] = [BuiltIn::Purpose, BuiltIn::Source, BuiltIn::Subscription];

    /// The list's name in the generated table.
    pub fn as_str(self) -> &'static str {
        match self {
            BuiltIn::Purpose => "purpose",
            BuiltIn::Source => "source",
            BuiltIn::Subscription => "subscription",
        }
    }

    /// Every key of this list with its name in English, Norwegian, Swedish and Danish.
    pub fn names(self) -> &'static [(&'static str, [&'static str; 4])] {
        match self {
            BuiltIn::Purpose => PURPOSES,
            BuiltIn::Source => SOURCES,
            BuiltIn::Subscription => SUBSCRIPTIONS,
        }
    }

    /// The name of a built-in row in a language; `None` for a key this version does not know.
    pub fn name(self, key: &str, language: Language) -> Option<&'static str> {
        let (_, names) = self.names().iter().find(|(k, _)| *k == key)?;
        Some(names[index(language)])
    }

    /// The key whose name in any language is `name` (ignoring case), so that a person can name
    /// a built-in row in their own words on the command line or in an import.
    pub fn key_named(self, name: &str) -> Option<&'static str> {
        let name = name.trim().to_lowercase();
        self.names()
            .iter()
            .find(|(_, names)| names.iter().any(|n| n.to_lowercase() == name))
            .map(|(k, _)| *k)
    }
}

/// A stored name as a reader sees it: a built-in row's in their language, the owner's as written.
pub fn shown(list: BuiltIn, key: Option<&str>, stored: &str, language: Language) -> String {
    key.and_then(|k| list.name(k, language))
        .unwrap_or(stored)
        .to_owned()
}

fn index(language: Language) -> usize {
    match language {
        Language::En => 0,
        Language::Nb => 1,
        Language::Sv => 2,
        Language::Da => 3,
    }
}

// The English name of each is the one schema 1 and 4 seeded, which `name` keeps.
const PURPOSES: &[(&str, [&str; 4])] = &[
    (
        "sales_and_service",
        [
            "Sales and service",
            "Salg og service",
            "Försäljning och service",
            "Salg og service",
        ],
    ),
    (
        "customer_relationship",
        [
            "Customer relationship",
            "Kundeforhold",
            "Kundrelation",
            "Kundeforhold",
        ],
    ),
    (
        "e_marketing",
        [
            "E-marketing",
            "E-markedsføring",
            "E-marknadsföring",
            "E-markedsføring",
        ],
    ),
    (
        "bookkeeping",
        ["Bookkeeping", "Bokføring", "Bokföring", "Bogføring"],
    ),
];

const SOURCES: &[(&str, [&str; 4])] = &[
    (
        "manual",
        [
            "manual",
            "registrert for hånd",
            "registrerad för hand",
            "registreret i hånden",
        ],
    ),
    (
        "web_form",
        ["web form", "nettskjema", "webbformulär", "webformular"],
    ),
    ("email", ["e-mail", "e-post", "e-post", "e-mail"]),
    ("phone", ["phone", "telefon", "telefon", "telefon"]),
    (
        "business_card",
        ["business card", "visittkort", "visitkort", "visitkort"],
    ),
    ("import", ["import", "import", "import", "import"]),
];

const SUBSCRIPTIONS: &[(&str, [&str; 4])] = &[
    (
        "newsletter",
        ["Newsletter", "Nyhetsbrev", "Nyhetsbrev", "Nyhedsbrev"],
    ),
    ("offers", ["Offers", "Tilbud", "Erbjudanden", "Tilbud"]),
    (
        "events",
        ["Events", "Arrangementer", "Evenemang", "Arrangementer"],
    ),
];

/// The table as a TypeScript constant, for the UI's generated types.
pub(crate) fn typescript() -> String {
    let mut out = String::from(
        "/** The names of the built-in purposes, sources and subscription types by key, in\n \
         * English, Norwegian, Swedish and Danish (a row with a key is shown in the reader's\n \
         * language; one without is the owner's and shown as written). */\n\
         export const BUILT_IN_NAMES = {\n",
    );
    for list in BuiltIn::ALL {
        out.push_str(&format!("  {}: {{\n", list.as_str()));
        for (key, names) in list.names() {
            out.push_str(&format!(
                "    {key}: {{ en: {:?}, nb: {:?}, sv: {:?}, da: {:?} }},\n",
                names[0], names[1], names[2], names[3]
            ));
        }
        out.push_str("  },\n");
    }
    out.push_str("} as const;\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_built_in_purpose_is_named_in_each_language_and_an_owners_as_written() {
        let key = Some("e_marketing");
        assert_eq!(
            shown(BuiltIn::Purpose, key, "E-marketing", Language::Nb),
            "E-markedsføring"
        );
        assert_eq!(
            shown(BuiltIn::Purpose, key, "E-marketing", Language::Sv),
            "E-marknadsföring"
        );
        assert_eq!(
            shown(BuiltIn::Purpose, key, "E-marketing", Language::En),
            "E-marketing"
        );
        assert_eq!(
            shown(BuiltIn::Purpose, None, "Kaffeklubb", Language::Nb),
            "Kaffeklubb"
        );
        assert_eq!(
            shown(
                BuiltIn::Purpose,
                Some("unknown_key"),
                "Gammel",
                Language::Da
            ),
            "Gammel"
        );
    }

    #[test]
    fn a_name_in_any_language_finds_its_key() {
        assert_eq!(
            BuiltIn::Purpose.key_named("salg og service"),
            Some("sales_and_service")
        );
        assert_eq!(
            BuiltIn::Subscription.key_named("Nyhedsbrev"),
            Some("newsletter")
        );
        assert_eq!(BuiltIn::Source.key_named("Kaffeklubb"), None);
    }

    #[test]
    fn the_english_names_are_the_seeded_ones() {
        // The migrations seed these names; `name` must keep finding the same rows.
        for (key, names) in PURPOSES.iter().chain(SOURCES).chain(SUBSCRIPTIONS) {
            assert!(!names.iter().any(|n| n.trim().is_empty()), "{key}");
        }
        assert_eq!(
            BuiltIn::Purpose.name("sales_and_service", Language::En),
            Some(crate::types::DEFAULT_PURPOSE)
        );
        assert_eq!(
            BuiltIn::Source.name("manual", Language::En),
            Some(crate::types::DEFAULT_SOURCE)
        );
    }
}
