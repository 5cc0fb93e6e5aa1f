//! The language a person is written to in (a consent request, a privacy notice, a
//! subject-access bundle, a marketing list's column): the one set on them, else their
//! country's, else their phone number's country's, else the vault's, else English. A
//! Norwegian customer gets Norwegian without anyone setting it by hand.

use rusqlite::Connection;
use serde::Serialize;
use uuid::Uuid;

use crate::error::Result;
use crate::people::sql;
use crate::types::Language;

/// Where a person's language comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum LanguageFrom {
    /// The language set on the person.
    Person,
    /// Their country's.
    Country,
    /// Their phone number's country's.
    Phone,
    /// The vault's language.
    Vault,
    /// English, as nothing else tells.
    Default,
}

/// What a person's language is chosen from.
#[derive(Debug, Clone, Copy, Default)]
pub struct LanguageFacts<'a> {
    /// The language set on them (its stored spelling).
    pub own: Option<&'a str>,
    /// Their country, as a code or a name.
    pub country: Option<&'a str>,
    /// The vault's language.
    pub vault: Option<Language>,
}

/// The language for a person with these facts and phone numbers (the primary first), and
/// why. A phone tells only when written with its country code, as stored numbers are.
pub fn choose<'a>(
    facts: LanguageFacts<'_>,
    phones: impl IntoIterator<Item = &'a str>,
) -> (Language, LanguageFrom) {
    if let Some(l) = facts.own.and_then(Language::parse) {
        return (l, LanguageFrom::Person);
    }
    if let Some(l) = facts.country.and_then(Language::of_country) {
        return (l, LanguageFrom::Country);
    }
    if let Some(l) = phones.into_iter().find_map(Language::of_phone) {
        return (l, LanguageFrom::Phone);
    }
    match facts.vault {
        Some(l) => (l, LanguageFrom::Vault),
        None => (Language::En, LanguageFrom::Default),
    }
}

/// The language a stored person is written to in, and why; `vault` is the vault's
/// language. `None` when there is no such person.
pub(crate) fn of_person(
    conn: &Connection,
    person: Uuid,
    vault: Option<Language>,
) -> Result<Option<(Language, LanguageFrom)>> {
    let Some(facts) = sql::language_facts(conn, person)? else {
        return Ok(None);
    };
    let (own, country, phones) = facts;
    let facts = LanguageFacts {
        own: own.as_deref(),
        country: country.as_deref(),
        vault,
    };
    Ok(Some(choose(facts, phones.iter().map(String::as_str))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(own: Option<&'a str>, country: Option<&'a str>) -> LanguageFacts<'a> {
        LanguageFacts {
            own,
            country,
            vault: Some(Language::Da),
        }
    }

    #[test]
    fn the_persons_own_language_wins() {
        let chosen = choose(facts(Some("sv"), Some("NO")), ["+4791234567"]);
        assert_eq!(chosen, (Language::Sv, LanguageFrom::Person));
    }

    #[test]
    fn then_their_country_by_code_or_name() {
        assert_eq!(
            choose(facts(None, Some("Norge")), ["+46701234567"]),
            (Language::Nb, LanguageFrom::Country)
        );
        assert_eq!(
            choose(facts(None, Some("DE")), []),
            (Language::En, LanguageFrom::Country)
        );
    }

    #[test]
    fn then_the_first_phone_with_a_country() {
        let chosen = choose(facts(None, None), ["91234567", "+46701234567"]);
        assert_eq!(chosen, (Language::Sv, LanguageFrom::Phone));
    }

    #[test]
    fn then_the_vaults_else_english() {
        assert_eq!(
            choose(facts(None, None), ["12"]),
            (Language::Da, LanguageFrom::Vault)
        );
        let none = LanguageFacts::default();
        assert_eq!(choose(none, []), (Language::En, LanguageFrom::Default));
    }
}
