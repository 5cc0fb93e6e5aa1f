//! Which country a file's phone numbers are of, when they are written without a country
//! code: told from the file's first rows (the planner's sample), never from the whole file,
//! so that a million rows cost no more to read than before.
//!
//! A number is read, in this order: with the country code it is written with; in its row's
//! own country (the country column); in the file's country; else it is not read. The file's
//! country is the owner's choice for the file when there is one; else the one the sample
//! shows; else the vault's.
//!
//! **The rule for plausible countries.** The countries a file may be of are the vault's and
//! those the sample names itself: the language of the headers (words only Norwegian, only
//! Swedish, only Danish, … use: "Etternavn", "Postort", "Efternavn", "By"), the country
//! domains of its e-mail addresses (`.dk`), and the countries its country column names.
//! Countries that its numbers merely fit are not plausible on their own: Finnish and German
//! numbering takes almost any run of digits, and eight digits are a valid number in Norway,
//! Sweden and Denmark alike. Of the plausible countries, those its numbers fit clearly worse
//! than the best (valid for fewer than four in five of what the best takes, and for two
//! numbers fewer at least) are dropped.
//! Among the rest, each of these is a vote: being the header language; the domain of at
//! least half of the addresses (two at least); the country of at least half of the rows
//! that name one (two at least); being the only country left that the numbers fit. One
//! country with the most votes decides. If none does, the file stays undecided between the
//! countries left: a number valid in just one of them is read in it, one valid in several is
//! kept as written and listed as ambiguous, one valid in none is a bad value.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use crate::contact::{CountryEvidence, CountrySource, PhoneCountry};
use crate::mapping::fold_header;
use crate::normalise;

/// Header words (folded) that only one language uses, by the country it is spoken in. Words
/// Norwegian and Danish share ("fornavn", "postnr", "adresse") tell nothing and are not here.
const HEADER_WORDS: &[(&str, &[&str])] = &[
    (
        "NO",
        &[
            "etternavn",
            "poststed",
            "stilling",
            "stillingstittel",
            "bedrift",
            "virksomhet",
            "selskap",
            "arbeid",
            "arbeidsgiver",
            "arbeidstelefon",
            "hjemmetelefon",
            "fylke",
            "merknad",
            "organisasjon",
            "tittel",
            "fodselsnummer",
            "kjonn",
            "gateadresse",
            "epostadresse",
        ],
    ),
    (
        "SE",
        &[
            "fornamn",
            "efternamn",
            "namn",
            "postort",
            "ort",
            "gatuadress",
            "adress",
            "postadress",
            "epostadress",
            "foretag",
            "befattning",
            "arbete",
            "arbetstelefon",
            "hemtelefon",
            "anteckning",
            "anteckningar",
            "kund",
            "kundnummer",
            "personnummer",
            "laen",
        ],
    ),
    (
        "DK",
        &[
            "efternavn",
            "by",
            "virksomhed",
            "selskab",
            "arbejde",
            "arbejdstelefon",
            "bemaerkning",
            "bemaerkninger",
            "vejnavn",
            "gade",
            "postdistrikt",
            "cpr",
            "cprnummer",
        ],
    ),
    (
        "FI",
        &[
            "etunimi",
            "sukunimi",
            "puhelin",
            "puhelinnumero",
            "sahkoposti",
            "osoite",
            "postinumero",
            "postitoimipaikka",
            "kaupunki",
            "yritys",
            "matkapuhelin",
        ],
    ),
    (
        "DE",
        &[
            "vorname",
            "nachname",
            "strasse",
            "plz",
            "handy",
            "anrede",
            "geburtsdatum",
            "unternehmen",
            "hausnummer",
            "stadt",
        ],
    ),
];

/// Country domains that are sold to anyone as words (`.nu` is "now" in Swedish, `.io`, `.co`,
/// `.me`, `.tv`) or name no country (`.eu`): they say nothing about where a person is.
const VANITY_DOMAINS: &[&str] = &[
    "ac", "ai", "cc", "co", "eu", "fm", "gg", "io", "ly", "me", "nu", "to", "tv", "ws",
];

/// What the planner's sample holds for telling the country.
#[derive(Debug, Default)]
pub(crate) struct Sample {
    /// The headers, as written.
    pub headers: Vec<String>,
    /// The e-mail addresses, cleaned.
    pub emails: Vec<String>,
    /// Phone numbers written without a country code, of rows without a country of their own.
    pub numbers: Vec<String>,
    /// The country of each row that names one.
    pub row_countries: Vec<String>,
}

/// What a file's numbers are read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReadIn {
    /// One country.
    One(String),
    /// Whichever of these (two or more) a number is valid in, if just one.
    Undecided(Vec<String>),
}

/// The country a number is valid in, with the country it was tried in.
pub(crate) fn valid_in(number: &str, country: &str) -> bool {
    normalise::phone(number, country).is_ok()
}

/// The header language: the one with the most headers only it uses, if one has the most.
fn header_language(headers: &[String]) -> Option<(String, Vec<String>)> {
    let mut found: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for header in headers {
        let folded = fold_header(header);
        for (country, words) in HEADER_WORDS {
            // A short word ("by", "ort") counts only as the whole header: "Created by" is
            // English.
            let hit = words
                .iter()
                .any(|w| folded == *w || (w.len() > 3 && folded.split(' ').any(|part| part == *w)));
            if hit {
                found.entry(country).or_default().push(header.clone());
            }
        }
    }
    let most = found.values().map(Vec::len).max()?;
    let mut best = found.into_iter().filter(|(_, h)| h.len() == most);
    let (country, headers) = best.next()?;
    best.next().is_none().then(|| (country.to_owned(), headers))
}

/// The country an address's domain belongs to, if it is a country's domain.
fn domain_country(email: &str) -> Option<String> {
    let tld = email.rsplit('.').next()?;
    if tld.len() != 2 || VANITY_DOMAINS.contains(&tld) {
        return None;
    }
    let code = match tld {
        "uk" => "GB".to_owned(),
        other => other.to_ascii_uppercase(),
    };
    phonenumber::country::Id::from_str(&code)
        .is_ok()
        .then_some(code)
}

/// The key of a count that is at least half of `of` and at least two, if just one is (two
/// halves decide nothing).
fn majority(counts: &BTreeMap<String, u32>, of: u32) -> Option<&str> {
    let mut halves = counts.iter().filter(|(_, n)| **n >= 2 && **n * 2 >= of);
    match (halves.next(), halves.next()) {
        (Some((country, _)), None) => Some(country),
        _ => None,
    }
}

/// Decides the file's phone country from its sample (see the module's rule).
pub(crate) fn decide(sample: &Sample, vault: &str, chosen: Option<&str>) -> (PhoneCountry, ReadIn) {
    let vault = vault.to_ascii_uppercase();
    if let Some(chosen) = chosen {
        let chosen = chosen.to_ascii_uppercase();
        let phone_country = PhoneCountry {
            country: chosen.clone(),
            source: CountrySource::Chosen,
            evidence: Vec::new(),
            candidates: Vec::new(),
        };
        return (phone_country, ReadIn::One(chosen));
    }

    let language = header_language(&sample.headers);
    let mut domains: BTreeMap<String, u32> = BTreeMap::new();
    for email in &sample.emails {
        if let Some(country) = domain_country(email) {
            *domains.entry(country).or_default() += 1;
        }
    }
    let mut columns: BTreeMap<String, u32> = BTreeMap::new();
    for country in &sample.row_countries {
        *columns.entry(country.clone()).or_default() += 1;
    }

    let mut plausible: BTreeSet<String> = BTreeSet::from([vault.clone()]);
    plausible.extend(language.iter().map(|(c, _)| c.clone()));
    plausible.extend(domains.keys().cloned());
    plausible.extend(columns.keys().cloned());

    let of_numbers = sample.numbers.len() as u32;
    let valid: BTreeMap<String, u32> = plausible
        .iter()
        .map(|c| {
            let n = sample.numbers.iter().filter(|n| valid_in(n, c)).count() as u32;
            (c.clone(), n)
        })
        .collect();
    let best = valid.values().copied().max().unwrap_or(0);
    // Numbers that fit nowhere say nothing; otherwise a country they fit clearly worse than
    // the best is not theirs: valid for fewer than four in five of what the best takes, and
    // two numbers fewer at least, so that one odd number in a small sample decides nothing.
    let fitting: Vec<String> = plausible
        .iter()
        .filter(|c| {
            let n = valid.get(*c).copied().unwrap_or(0);
            best == 0 || n * 5 >= best * 4 || n + 2 > best
        })
        .cloned()
        .collect();

    let mut evidence = Vec::new();
    if let Some((country, headers)) = &language {
        evidence.push(CountryEvidence::HeaderLanguage {
            country: country.clone(),
            headers: headers.clone(),
        });
    }
    let of_emails = sample.emails.len() as u32;
    for (country, count) in &domains {
        evidence.push(CountryEvidence::EmailDomains {
            country: country.clone(),
            count: *count,
            of: of_emails,
        });
    }
    let of_rows = sample.row_countries.len() as u32;
    for (country, rows) in &columns {
        evidence.push(CountryEvidence::CountryColumn {
            country: country.clone(),
            rows: *rows,
            of: of_rows,
        });
    }
    if of_numbers > 0 {
        for (country, valid) in &valid {
            evidence.push(CountryEvidence::NumberFormats {
                country: country.clone(),
                valid: *valid,
                of: of_numbers,
            });
        }
    }

    let mut votes: BTreeMap<&str, u32> = fitting.iter().map(|c| (c.as_str(), 0)).collect();
    let mut vote = |country: Option<&str>| {
        if let Some(n) = country.and_then(|c| votes.get_mut(c)) {
            *n += 1;
        }
    };
    vote(language.as_ref().map(|(c, _)| c.as_str()));
    vote(majority(&domains, of_emails));
    vote(majority(&columns, of_rows));
    if fitting.len() == 1 && plausible.len() > 1 {
        vote(fitting.first().map(String::as_str));
    }
    let most = votes.values().copied().max().unwrap_or(0);
    let mut leaders = votes.iter().filter(|(_, n)| **n == most && most > 0);
    let decided = match (leaders.next(), leaders.next()) {
        (Some((country, _)), None) => Some((*country).to_owned()),
        _ => None,
    };

    match decided {
        Some(country) => {
            let phone_country = PhoneCountry {
                country: country.clone(),
                source: CountrySource::Inferred,
                evidence,
                candidates: Vec::new(),
            };
            (phone_country, ReadIn::One(country))
        }
        None if fitting.len() > 1 => {
            let phone_country = PhoneCountry {
                country: vault,
                source: CountrySource::Vault,
                evidence,
                candidates: fitting.clone(),
            };
            (phone_country, ReadIn::Undecided(fitting))
        }
        None => {
            // Nothing but the vault's country is plausible (or the numbers fit only it).
            let phone_country = PhoneCountry {
                country: vault.clone(),
                source: CountrySource::Vault,
                evidence,
                candidates: Vec::new(),
            };
            (phone_country, ReadIn::One(vault))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(headers: &[&str], emails: &[&str], numbers: &[&str]) -> Sample {
        Sample {
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            emails: emails.iter().map(|h| (*h).to_owned()).collect(),
            numbers: numbers.iter().map(|h| (*h).to_owned()).collect(),
            row_countries: Vec::new(),
        }
    }

    fn check(s: &Sample, vault: &str, expect: ReadIn, source: CountrySource) -> PhoneCountry {
        let (phone_country, read_in) = decide(s, vault, None);
        assert_eq!(read_in, expect, "{phone_country:#?}");
        assert_eq!(phone_country.source, source, "{phone_country:#?}");
        phone_country
    }

    #[test]
    fn the_header_languages_are_told_apart_by_words_only_one_uses() {
        let of = |h: &[&str]| {
            header_language(&h.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>()).map(|l| l.0)
        };
        assert_eq!(
            of(&["Fornavn", "Etternavn", "Poststed", "Mobil"]).as_deref(),
            Some("NO")
        );
        assert_eq!(
            of(&["Förnamn", "Efternamn", "Postort", "Ort"]).as_deref(),
            Some("SE")
        );
        assert_eq!(
            of(&["Fornavn", "Efternavn", "By", "Postnr"]).as_deref(),
            Some("DK")
        );
        assert_eq!(
            of(&["Vorname", "Nachname", "PLZ", "Ort"]).as_deref(),
            Some("DE")
        );
        assert_eq!(
            of(&["Fornavn", "Postnr", "Mobil", "E-mail"]),
            None,
            "shared words"
        );
        assert_eq!(of(&["First name", "Phone"]), None);
    }

    #[test]
    fn swedish_numbers_with_swedish_headers_are_swedish_in_a_norwegian_vault() {
        let s = sample(
            &["Förnamn", "Efternamn", "E-post", "Telefon", "Postort"],
            &["a@firma.se", "b@firma.se", "c@gmail.com"],
            &["08-555 123 45", "070-123 45 67"],
        );
        let pc = check(&s, "NO", ReadIn::One("SE".into()), CountrySource::Inferred);
        assert!(
            pc.explain().contains("the headers are Swedish"),
            "{}",
            pc.explain()
        );
        assert!(pc.explain().contains("2 of 3 e-mail addresses end in .se"));
        assert!(
            pc.explain()
                .contains("2 of 2 numbers are valid Swedish numbers")
        );
    }

    #[test]
    fn danish_headers_and_domains_decide_numbers_valid_in_norway_too() {
        let s = sample(
            &["Fornavn", "Efternavn", "E-mail", "Telefon", "By", "Postnr"],
            &["a@firma.dk", "b@firma.dk"],
            &["31456789", "20123456"],
        );
        check(&s, "NO", ReadIn::One("DK".into()), CountrySource::Inferred);
    }

    #[test]
    fn nothing_in_the_file_leaves_the_vault_country() {
        let s = sample(&["Name", "Phone"], &["a@gmail.com"], &["91234567"]);
        let pc = check(&s, "NO", ReadIn::One("NO".into()), CountrySource::Vault);
        assert!(pc.candidates.is_empty());
    }

    #[test]
    fn evidence_for_two_countries_leaves_the_file_undecided() {
        let s = sample(
            &["Name", "Email", "Phone"],
            &["a@x.dk", "b@x.dk", "c@y.no", "d@y.no"],
            &["31456789", "91234567"],
        );
        let pc = check(
            &s,
            "NO",
            ReadIn::Undecided(vec!["DK".into(), "NO".into()]),
            CountrySource::Vault,
        );
        assert_eq!(pc.candidates, ["DK", "NO"]);
    }

    #[test]
    fn numbers_that_fit_one_country_only_decide_it() {
        // A stray .se address makes Sweden plausible; the numbers fit only it.
        let s = sample(
            &["Name", "Email", "Phone"],
            &["a@x.se"],
            &["08-555 123 45", "070-123 45 67", "0701234568"],
        );
        check(&s, "NO", ReadIn::One("SE".into()), CountrySource::Inferred);
    }

    #[test]
    fn the_owners_choice_needs_no_evidence() {
        let s = sample(
            &["Förnamn", "Efternamn"],
            &["a@x.se", "b@x.se"],
            &["070-123 45 67"],
        );
        let (pc, read_in) = decide(&s, "NO", Some("dk"));
        assert_eq!(
            (pc.source, read_in),
            (CountrySource::Chosen, ReadIn::One("DK".into()))
        );
    }

    #[test]
    fn vanity_domains_name_no_country() {
        assert_eq!(domain_country("kari@firma.nu"), None);
        assert_eq!(domain_country("kari@firma.io"), None);
        assert_eq!(domain_country("kari@firma.co.uk").as_deref(), Some("GB"));
        assert_eq!(domain_country("kari@firma.com"), None);
        assert_eq!(domain_country("kari@firma.fi").as_deref(), Some("FI"));
    }
}
