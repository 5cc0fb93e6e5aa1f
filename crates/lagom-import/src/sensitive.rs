//! Columns that look sensitive, so that the import leaves them out unless the person
//! explicitly chooses them with a legal basis.
//!
//! By header: the special categories of GDPR Art. 9 (health, diagnosis, allergies, religion,
//! union membership, ethnicity, sexual orientation, politics, …) and national identity
//! numbers, named in English, Norwegian, Swedish, Danish and German. By content: Norwegian
//! fødselsnummer and D-numbers, Swedish personnummer and samordningsnummer and Danish CPR
//! numbers, each recognised by its date and check digits; and free text, where people write
//! what should not be kept ("liker jazz", "har diabetes"). A notes column is free text that
//! comes in for the import's purpose; it is held back as sensitive only when its cells name a
//! special category or hold an identity number ("har diabetes", "fnr 01010750160").

use serde::Serialize;

use crate::mapping::fold_header;

/// Why a column was flagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    /// The header names a special category of personal data (GDPR Art. 9) or a national
    /// identity number.
    SpecialCategoryHeader,
    /// The cells hold national identity numbers.
    NationalIdNumbers,
    /// The cells hold free text (notes, comments): kept as notes for the import's purpose,
    /// not a special category, unless its words give one away.
    FreeText,
    /// Free text whose cells name a special category (health, beliefs, …) or hold a national
    /// identity number: held back like a special category.
    SensitiveText,
}

impl Sensitivity {
    /// Whether a column flagged so is held back until the owner chooses it and gives the
    /// legal basis: every kind but plain free text, which comes in as notes for the import's
    /// purpose.
    pub fn held_back(self) -> bool {
        self != Sensitivity::FreeText
    }
}

/// A national identity number recognised in a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NationalId {
    /// Norwegian fødselsnummer or D-number (11 digits, two mod-11 check digits).
    NorwegianBirthNumber,
    /// Swedish personnummer or samordningsnummer (Luhn check digit).
    SwedishPersonalNumber,
    /// Danish CPR number.
    DanishCpr,
}

const SPECIAL_HEADER_WORDS: &[&str] = &[
    // Health.
    "health",
    "helse",
    "halsa",
    "helbred",
    "gesundheit",
    "sykdom",
    "sjukdom",
    "sygdom",
    "krankheit",
    "diagnose",
    "diagnos",
    "diagnosis",
    "allergi",
    "allergier",
    "allergies",
    "allergy",
    "allergie",
    "medisin",
    "medisiner",
    "medicin",
    "medication",
    "medikament",
    "handicap",
    "disability",
    "funksjonsnedsettelse",
    "funktionsnedsattning",
    "graviditet",
    "pregnancy",
    "kosthold",
    "diet",
    // Beliefs and membership.
    "religion",
    "religios",
    "tro",
    "livssyn",
    "trossamfunn",
    "politisk",
    "political",
    "parti",
    "fagforening",
    "fagforbund",
    "fackforbund",
    "fackforening",
    "union",
    "gewerkschaft",
    // Origin and orientation.
    "etnisitet",
    "etnicitet",
    "ethnicity",
    "ethnic",
    "etnisk",
    "race",
    "rase",
    "hudfarge",
    "legning",
    "orientering",
    "orientation",
    "sexual",
    "seksuell",
    "sexuell",
    "seksuel",
    // Genetic and biometric data.
    "genetic",
    "genetisk",
    "biometric",
    "biometrisk",
    "fingeravtrykk",
    // National identity numbers.
    "fodselsnummer",
    "fodselsnr",
    "fnr",
    "personnummer",
    "personnr",
    "pnr",
    "cpr",
    "ssn",
    "social security",
    "identitetsnummer",
    "d nummer",
    "samordningsnummer",
];

const FREE_TEXT_HEADER_WORDS: &[&str] = &[
    "notat",
    "notater",
    "noter",
    "note",
    "notes",
    "kommentar",
    "kommentarer",
    "comment",
    "comments",
    "bemerkning",
    "bemaerkning",
    "anteckning",
    "anteckningar",
    "beskrivelse",
    "description",
    "info",
    "liker",
    "likes",
    "interesser",
    "intressen",
    "interests",
    "hobby",
    "hobbyer",
    "fritid",
];

fn header_has(header: &str, words: &[&str]) -> bool {
    let folded = fold_header(header);
    let padded = format!(" {folded} ");
    words.iter().any(|w| padded.contains(&format!(" {w} ")))
}

/// Whether a header names a special category or an identity number. Nordic languages and
/// German join words, so a header word that starts with one of the longer words counts too
/// ("Helseopplysninger", "Sykdomshistorikk", "Allergiinfo"); short words must stand alone,
/// or "rase" would flag every "rasende" and "tro" every "Trondheim".
pub fn is_special_category_header(header: &str) -> bool {
    const COMPOUND_STEM: usize = 5;
    header_has(header, SPECIAL_HEADER_WORDS)
        || fold_header(header).split(' ').any(|word| {
            SPECIAL_HEADER_WORDS.iter().any(|stem| {
                stem.len() >= COMPOUND_STEM && !stem.contains(' ') && word.starts_with(stem)
            })
        })
}

fn digits(cell: &str) -> Option<Vec<u32>> {
    let d: Vec<u32> = cell.chars().filter_map(|c| c.to_digit(10)).collect();
    // Only digits and the separators these numbers are written with.
    cell.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+'))
        .then_some(d)
}

fn valid_date(day: u32, month: u32) -> bool {
    (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && !(matches!(month, 4 | 6 | 9 | 11) && day > 30)
        && !(month == 2 && day > 29)
}

fn norwegian(d: &[u32]) -> bool {
    if d.len() != 11 {
        return false;
    }
    let check = |weights: &[u32]| -> Option<u32> {
        let sum: u32 = weights.iter().zip(d).map(|(w, x)| w * x).sum();
        match 11 - sum % 11 {
            11 => Some(0),
            10 => None,
            k => Some(k),
        }
    };
    let k1 = check(&[3, 7, 6, 1, 8, 9, 4, 5, 2]);
    let k2 = check(&[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
    // D-numbers add 40 to the day, H-numbers 40 to the month, synthetic test numbers 80.
    let day = (d[0] * 10 + d[1]) % 40;
    let month = (d[2] * 10 + d[3]) % 40;
    k1 == Some(d[9]) && k2 == Some(d[10]) && valid_date(if day == 0 { 40 } else { day }, month)
}

fn luhn(d: &[u32]) -> bool {
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| {
            if i % 2 == 1 {
                let y = x * 2;
                if y > 9 { y - 9 } else { y }
            } else {
                x
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

fn swedish(cell: &str, d: &[u32]) -> bool {
    let ten = match d.len() {
        10 => d,
        12 => &d[2..],
        _ => return false,
    };
    // Written YYMMDD-NNNN (or + past 100 years), or YYYYMMDDNNNN.
    let separated = cell.contains('-') || cell.contains('+');
    if d.len() == 10 && !separated {
        return false;
    }
    let month = ten[2] * 10 + ten[3];
    // Samordningsnummer add 60 to the day.
    let day = (ten[4] * 10 + ten[5]) % 60;
    valid_date(day, month) && luhn(ten)
}

fn danish(cell: &str, d: &[u32]) -> bool {
    if d.len() != 10 {
        return false;
    }
    let day = d[0] * 10 + d[1];
    let month = d[2] * 10 + d[3];
    if !valid_date(day, month) {
        return false;
    }
    let weights = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
    let mod11 = weights
        .iter()
        .zip(d)
        .map(|(w, x)| w * x)
        .sum::<u32>()
        .is_multiple_of(11);
    // Since 2007 not every CPR number passes modulus 11; written DDMMYY-SSSS it is still one.
    mod11 || cell.trim().len() == 11 && cell.trim().as_bytes()[6] == b'-'
}

/// Recognises a national identity number in one cell.
pub fn national_id(cell: &str) -> Option<NationalId> {
    let cell = cell.trim();
    let d = digits(cell)?;
    if norwegian(&d) {
        return Some(NationalId::NorwegianBirthNumber);
    }
    match (swedish(cell, &d), danish(cell, &d)) {
        // YYMMDD-NNNN and DDMMYY-SSSS can both fit; a Swedish reading that needs a
        // samordningsnummer (day + 60) is the less likely one.
        (true, true) if d.len() == 10 && d[4] * 10 + d[5] > 60 => Some(NationalId::DanishCpr),
        (true, _) => Some(NationalId::SwedishPersonalNumber),
        (false, true) => Some(NationalId::DanishCpr),
        (false, false) => None,
    }
}

/// Words of a special category as people write them in notes, beyond the header words
/// (folded: lower case, no accents).
const SPECIAL_TEXT_WORDS: &[&str] = &[
    "diabetes",
    "kreft",
    "cancer",
    "astma",
    "epilepsi",
    "epilepsy",
    "gravid",
    "pregnant",
    "sykemeldt",
    "sjukskriven",
    "sygemeldt",
    "depresjon",
    "depression",
    "demens",
    "dementia",
    "hiv",
    "adhd",
    "autisme",
    "autism",
    "rullestol",
    "wheelchair",
    "allergisk",
    "allergic",
    "cpr nr",
    "fnr",
    "personnr",
];

/// Everyday words that begin like a header word of a special category ("parti": the
/// English "particular", "participant", "partial", "partition").
const NOT_SPECIAL_WORDS: &[&str] = &["partic", "partia", "partit"];

/// Whether a note gives away a special category or an identity number: a word of
/// [`SPECIAL_TEXT_WORDS`], a word that begins with one of the longer header words
/// ("diagnosen", "allergier", "medisiner", "partiet") and is no everyday word
/// ([`NOT_SPECIAL_WORDS`]), or a national identity number, also one written in two parts
/// ("010107 50160").
fn text_looks_sensitive(cell: &str) -> bool {
    const STEM: usize = 5;
    let folded = fold_header(cell);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let padded = format!(" {folded} ");
    let named = SPECIAL_TEXT_WORDS
        .iter()
        .any(|w| padded.contains(&format!(" {w} ")))
        || words.iter().any(|word| {
            !NOT_SPECIAL_WORDS.iter().any(|w| word.starts_with(w))
                && SPECIAL_HEADER_WORDS
                    .iter()
                    .any(|stem| stem.len() >= STEM && !stem.contains(' ') && word.starts_with(stem))
        });
    // Identity numbers keep their separators, which folding takes away: read the raw tokens.
    let tokens: Vec<&str> = cell
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')'))
        .filter(|t| !t.is_empty())
        .collect();
    let numbered = tokens.iter().any(|t| national_id(t).is_some())
        || tokens
            .windows(2)
            .any(|pair| national_id(&format!("{} {}", pair[0], pair[1])).is_some());
    named || numbered
}

fn looks_like_free_text(cells: &[&str]) -> bool {
    let filled: Vec<&&str> = cells.iter().filter(|c| !c.trim().is_empty()).collect();
    if filled.is_empty() {
        return false;
    }
    let wordy = filled
        .iter()
        .filter(|c| c.split_whitespace().count() >= 3 && !c.contains('@'))
        .count();
    wordy * 2 >= filled.len()
}

/// Looks at a column's header and a sample of its cells and says why it is sensitive, if it
/// is. A column is a national-ID column when at least half of its filled sample cells are
/// valid identity numbers.
pub fn assess_column(header: &str, sample: &[&str]) -> Option<Sensitivity> {
    if is_special_category_header(header) {
        return Some(Sensitivity::SpecialCategoryHeader);
    }
    let filled: Vec<&str> = sample
        .iter()
        .copied()
        .filter(|c| !c.trim().is_empty())
        .collect();
    let ids = filled.iter().filter(|c| national_id(c).is_some()).count();
    if !filled.is_empty() && ids * 2 >= filled.len() {
        return Some(Sensitivity::NationalIdNumbers);
    }
    if header_has(header, FREE_TEXT_HEADER_WORDS) || looks_like_free_text(&filled) {
        if filled.iter().any(|c| text_looks_sensitive(c)) {
            return Some(Sensitivity::SensitiveText);
        }
        return Some(Sensitivity::FreeText);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_birth_numbers_need_both_check_digits() {
        // Well-known synthetic test numbers.
        assert_eq!(
            national_id("01010750160"),
            Some(NationalId::NorwegianBirthNumber)
        );
        assert_eq!(
            national_id("010107 50160"),
            Some(NationalId::NorwegianBirthNumber)
        );
        assert_eq!(national_id("01010750161"), None, "wrong second check digit");
        assert_eq!(
            national_id("41010750073"),
            Some(NationalId::NorwegianBirthNumber),
            "a D-number"
        );
        assert_eq!(national_id("41010750074"), None);
    }

    #[test]
    fn swedish_personal_numbers_use_luhn() {
        assert_eq!(
            national_id("811228-9874"),
            Some(NationalId::SwedishPersonalNumber)
        );
        assert_eq!(
            national_id("19811228-9874"),
            Some(NationalId::SwedishPersonalNumber)
        );
        assert_eq!(
            national_id("811228-9875"),
            None,
            "Luhn fails (and no valid CPR date)"
        );
        assert_eq!(
            national_id("8112289874"),
            None,
            "ten bare digits are too ambiguous"
        );
    }

    #[test]
    fn danish_cpr_numbers_by_date_and_modulus() {
        assert_eq!(national_id("070761-4285"), Some(NationalId::DanishCpr));
        assert_eq!(
            national_id("0707614285"),
            Some(NationalId::DanishCpr),
            "passes modulus 11"
        );
        assert_eq!(national_id("320761-4285"), None, "no 32nd day");
    }

    #[test]
    fn phone_numbers_and_amounts_are_not_identity_numbers() {
        for cell in [
            "+47 912 34 567",
            "91234567",
            "0701234567",
            "1 250,50",
            "2025-12-24",
            "",
            "abc",
        ] {
            assert_eq!(national_id(cell), None, "{cell}");
        }
    }

    #[test]
    fn headers_of_special_categories_in_five_languages() {
        for h in [
            "Allergier",
            "Helse/diagnose",
            "Religion",
            "Fagforening",
            "Fackförbund",
            "Etnisitet",
            "Seksuell legning",
            "Fødselsnummer",
            "CPR-nr.",
            "Personnummer",
            "Gesundheit",
            "Helseopplysninger",
            "Sykdomshistorikk",
            "Allergiinfo",
            "Religionstilhørighet",
        ] {
            assert_eq!(
                assess_column(h, &[]),
                Some(Sensitivity::SpecialCategoryHeader),
                "{h}"
            );
        }
        for h in [
            "Fornavn",
            "E-post",
            "Firma",
            "Postnummer",
            "Union Street",
            "Trondheim",
            "Rasende",
        ] {
            let expected = if h == "Union Street" {
                Some(Sensitivity::SpecialCategoryHeader)
            } else {
                None
            };
            assert_eq!(assess_column(h, &["x"]), expected, "{h}");
        }
    }

    #[test]
    fn content_gives_away_identity_numbers_and_free_text() {
        assert_eq!(
            assess_column("Ref", &["01010750160", "", "811228-9874"]),
            Some(Sensitivity::NationalIdNumbers)
        );
        assert_eq!(assess_column("Ref", &["A-100", "A-101"]), None);
        assert_eq!(
            assess_column(
                "Diverse",
                &["liker jazz og rødvin", "har to barn, skilt", "", "ok"]
            ),
            Some(Sensitivity::FreeText)
        );
        assert_eq!(
            assess_column("Kommentar", &["ok"]),
            Some(Sensitivity::FreeText)
        );
    }

    #[test]
    fn notes_are_free_text_unless_their_words_give_a_special_category_away() {
        for header in [
            "Notes",
            "Notater",
            "Anteckningar",
            "Noter",
            "Comments",
            "Kommentar",
        ] {
            assert_eq!(
                assess_column(
                    header,
                    &["Liker jazz og rødvin", "ringer helst etter lunsj"]
                ),
                Some(Sensitivity::FreeText),
                "{header}"
            );
        }
        for note in [
            "Har diabetes, ring før kl. 10",
            "Allergisk mot nøtter",
            "Diagnosen kom i mars",
            "Tar medisiner mot astma",
            "fnr 01010750160",
            "personnummer 811228-9874",
            "pnr 010107 50160 i kundekortet",
        ] {
            assert_eq!(
                assess_column("Notes", &["ringer helst etter lunsj", note]),
                Some(Sensitivity::SensitiveText),
                "{note}"
            );
        }
        // Words that only begin like a short header word, or like a longer one by chance,
        // stay free text.
        for note in [
            "Bor i Trondheim, rasende god kunde",
            "Particularly keen on the spring catalogue",
            "Participant at the Bergen fair",
        ] {
            assert_eq!(
                assess_column("Notater", &[note]),
                Some(Sensitivity::FreeText),
                "{note}"
            );
        }
        assert_eq!(
            assess_column("Notater", &["Sitter i styret for partiet lokalt"]),
            Some(Sensitivity::SensitiveText)
        );
    }
}
