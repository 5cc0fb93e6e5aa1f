//! Which column holds what: suggestions from the header, in English, Norwegian, Swedish,
//! Danish and German and as Google Contacts and Outlook export them, each with a confidence;
//! the person can override any of them, and a mapping can be saved and used again (JSON, see
//! `schemas/import-mapping.schema.json`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::contact::ContactKind;

/// A field of a person a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// First and last name in one cell; split on import.
    FullName,
    /// Given name(s).
    FirstName,
    /// Family name.
    LastName,
    /// E-mail address.
    Email,
    /// Phone number.
    Phone,
    /// Role or job title.
    Title,
    /// Organisation name.
    Organisation,
    /// The business's own number for the customer.
    CustomerNumber,
    /// Street address.
    Street,
    /// Postcode.
    Postcode,
    /// City.
    City,
    /// Country.
    Country,
    /// Tags, separated by commas or semicolons.
    Tags,
    /// Free text. Always flagged: free text is where sensitive data hides.
    Note,
}

impl Field {
    /// Every field, in the order the wizard shows them.
    pub const ALL: [Field; 14] = [
        Field::FullName,
        Field::FirstName,
        Field::LastName,
        Field::Email,
        Field::Phone,
        Field::Title,
        Field::Organisation,
        Field::CustomerNumber,
        Field::Street,
        Field::Postcode,
        Field::City,
        Field::Country,
        Field::Tags,
        Field::Note,
    ];
}

/// Header words per field, folded (lower case, ASCII, single spaces).
const HEADERS: &[(Field, &[&str])] = &[
    (
        Field::FullName,
        &[
            "name",
            "full name",
            "navn",
            "namn",
            "kontaktperson",
            "kontakt",
            "contact",
            "contact name",
            "display name",
            "fullt navn",
            "fuldt navn",
            "kundenavn",
        ],
    ),
    (
        Field::FirstName,
        &[
            "first name",
            "firstname",
            "given name",
            "forename",
            "fornavn",
            "fornamn",
            "vorname",
            "first",
        ],
    ),
    (
        Field::LastName,
        &[
            "last name",
            "lastname",
            "surname",
            "family name",
            "etternavn",
            "efternavn",
            "efternamn",
            "nachname",
            "last",
        ],
    ),
    (
        Field::Email,
        &[
            "email",
            "e mail",
            "e post",
            "epost",
            "mail",
            "e mail address",
            "email address",
            "e postadresse",
            "epostadresse",
            "e postadress",
            "mailadresse",
            "emailadresse",
            "e mail adresse",
            "e mail 1 value",
            "e mail 2 value",
            "e mail 3 value",
            "e mail 2 address",
            "e mail 3 address",
            "work email",
            "home email",
            "other e mails",
            "arbets e post",
            "privat e mail",
            "privat e post",
            "jobb e post",
        ],
    ),
    (
        Field::Phone,
        &[
            "phone",
            "telephone",
            "tel",
            "tlf",
            "telefon",
            "telefonnummer",
            "tlf nr",
            "mobil",
            "mobile",
            "mobile phone",
            "mobiltelefon",
            "mobilnummer",
            "mobilnr",
            "handy",
            "cell",
            "business phone",
            "home phone",
            "company main phone",
            "phone 1 value",
            "phone 2 value",
            "phone 3 value",
            "other phones",
            "arbetstelefon",
            "hemtelefon",
            "jobbtelefon",
            "arbeidstelefon",
            "arbejdstelefon",
            "hjemmetelefon",
            "privattelefon",
            "privat telefon",
            "telefon arbeid",
            "telefon jobb",
            "telefon arbete",
            "telefon arbejde",
            "telefon privat",
            "telefon hjem",
            "telefon hem",
            "mobiltelefonnummer",
        ],
    ),
    (
        Field::Title,
        &[
            "title",
            "job title",
            "stilling",
            "stillingstittel",
            "tittel",
            "titel",
            "befattning",
            "rolle",
            "roll",
            "position",
            "jobbtittel",
            "organization 1 title",
            "organization title",
        ],
    ),
    (
        Field::Organisation,
        &[
            "company",
            "organisation",
            "organization",
            "firma",
            "bedrift",
            "virksomhed",
            "virksomhet",
            "foretag",
            "selskap",
            "selskab",
            "kunde",
            "customer",
            "firmanavn",
            "arbeidsgiver",
            "organisasjon",
            "organisation name",
            "company name",
            "unternehmen",
            "organization 1 name",
        ],
    ),
    (
        Field::CustomerNumber,
        &[
            "customer number",
            "customer no",
            "customer id",
            "customer nr",
            "client id",
            "client number",
            "kundenr",
            "kunde nr",
            "kundenummer",
            "kunde id",
            "kundeid",
            "kundnr",
            "kund nr",
            "kundnummer",
            "kund id",
            "kundennummer",
            "kunden nr",
        ],
    ),
    (
        Field::Street,
        &[
            "address",
            "street",
            "adresse",
            "adress",
            "gateadresse",
            "gatuadress",
            "vejnavn",
            "postadresse",
            "business street",
            "home street",
            "strasse",
            "street address",
        ],
    ),
    (
        Field::Postcode,
        &[
            "postcode",
            "post code",
            "postal code",
            "zip",
            "zip code",
            "postnummer",
            "postnr",
            "plz",
            "business postal code",
            "home postal code",
        ],
    ),
    (
        Field::City,
        &[
            "city",
            "town",
            "poststed",
            "sted",
            "by",
            "ort",
            "postort",
            "stad",
            "business city",
            "home city",
        ],
    ),
    (
        Field::Country,
        &[
            "country",
            "land",
            "country region",
            "business country region",
            "home country region",
        ],
    ),
    (
        Field::Tags,
        &[
            "tags",
            "tag",
            "labels",
            "groups",
            "group membership",
            "kategori",
            "category",
            "categories",
            "etiketter",
            "stikkord",
            "grupper",
        ],
    ),
    (
        Field::Note,
        &[
            "notes",
            "note",
            "comment",
            "comments",
            "notat",
            "notater",
            "kommentar",
            "kommentarer",
            "bemerkning",
            "bemaerkning",
            "anmerkning",
            "anteckning",
            "anteckningar",
            "beskrivelse",
            "description",
            "info",
            "interesser",
            "interests",
        ],
    ),
];

/// Headers that usually, not always, mean their field: Outlook's "Title" is Mr or Ms and
/// its "Job Title" the role; a "Name" column may hold a firm. A more specific header wins.
const AMBIGUOUS: &[&str] = &[
    "title", "name", "tel", "first", "last", "info", "by", "sted", "land", "kunde", "kontakt",
    "contact",
];

/// Folds a header for matching: lower case, accents and Nordic letters spelled in ASCII, every
/// run of other characters a single space. "E-post", "E‑Post" and "e post" are the same.
pub fn fold_header(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    for c in header.chars().flat_map(char::to_lowercase) {
        let spelled: &str = match c {
            'æ' | 'ä' => "ae",
            'ø' | 'ö' => "o",
            'å' | 'á' | 'à' | 'â' => "a",
            'é' | 'è' | 'ê' => "e",
            'ü' => "u",
            'ß' => "ss",
            _ => "",
        };
        if !spelled.is_empty() {
            out.push_str(spelled);
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_owned()
}

/// A suggested field for a column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// The column's index.
    pub column: usize,
    /// The header as written.
    pub header: String,
    /// The field suggested, if any.
    pub field: Option<Field>,
    /// 1.0 for a known header, less for a header that only contains a known word.
    pub confidence: f32,
    /// For an e-mail or phone column: what its addresses or numbers are for, from the
    /// header's words ("Mobil", "Business Phone", "E-post privat").
    pub kind: Option<ContactKind>,
}

/// Whether a field may fill several columns: a person has any number of addresses and
/// numbers, every other field once.
pub fn takes_several_columns(field: Field) -> bool {
    matches!(field, Field::Email | Field::Phone)
}

/// Words (folded) that say what an address or number is for, in the languages of
/// [`HEADERS`] and as Google, Outlook and vCard write types. A word that starts with one of
/// the `prefixes` counts too, for the Nordic compounds ("arbetstelefon", "jobbmobil").
const KIND_WORDS: &[(ContactKind, &[&str], &[&str])] = &[
    (
        ContactKind::Work,
        &[
            "work",
            "business",
            "company",
            "office",
            "job",
            "arbete",
            "bedrift",
            "firma",
            "dienstlich",
            "geschaeftlich",
            "tjeneste",
        ],
        &["arbeid", "arbets", "arbejd", "jobb", "kontor", "tjenst"],
    ),
    (
        ContactKind::Mobile,
        &["mobile", "cell", "cellular", "handy", "gsm", "iphone"],
        &["mobil"],
    ),
    (
        ContactKind::Private,
        &[
            "home",
            "private",
            "personal",
            "personlig",
            "hem",
            "hemma",
            "hjem",
            "hjemme",
            "zuhause",
        ],
        &[
            "privat",
            "hemtelefon",
            "hemnummer",
            "hjemmetelefon",
            "hjemmenummer",
        ],
    ),
    (
        ContactKind::Other,
        &["other", "annet", "annat", "andet", "sonstige", "main"],
        &[],
    ),
];

/// What a header or a type cell ("* Work", "Mobile", "Hemtelefon") says an address or number
/// is for, if it says: the first word with a meaning decides ("Arbeidsmobil" is work's).
pub fn contact_kind(text: &str) -> Option<ContactKind> {
    let folded = fold_header(text);
    folded.split(' ').find_map(|word| {
        KIND_WORDS.iter().find_map(|(kind, words, prefixes)| {
            (words.contains(&word) || prefixes.iter().any(|p| word.starts_with(p))).then_some(*kind)
        })
    })
}

/// Where a column's addresses or numbers stand among a person's others: lower first, then
/// the leftmost. A column the header calls primary first ("Primary Phone": the owner chose
/// it in Outlook); then a mobile number, which reaches the person wherever they are (so
/// Outlook's "Mobile Phone" comes before its "Business Phone" and "Home Phone", which it
/// lists first); then the unnumbered columns; then second and third ones ("E-mail 2
/// Address", "Business Phone 2") and "Other …"; a firm's switchboard ("Company Main Phone")
/// last, as it is not the person's own.
pub fn contact_rank(field: Field, header: &str) -> u8 {
    let folded = fold_header(header);
    let words: Vec<&str> = folded.split(' ').collect();
    let has = |w: &[&str]| words.iter().any(|x| w.contains(x));
    if has(&[
        "main",
        "switchboard",
        "sentralbord",
        "omstilling",
        "vaxel",
        "hovednummer",
    ]) {
        return 4;
    }
    if has(&["primary", "primaer", "primar", "hoved", "huvud"]) {
        return 0;
    }
    let numbered = words.iter().any(|w| w.parse::<u32>().is_ok_and(|n| n >= 2));
    if numbered || has(&["other", "annet", "annat", "andet"]) {
        return 3;
    }
    if field == Field::Phone && contact_kind(header) == Some(ContactKind::Mobile) {
        return 1;
    }
    2
}

fn guess(folded: &str) -> Option<(Field, f32)> {
    if folded.is_empty() {
        return None;
    }
    // Export formats pair each value with a "type" or "label" column ("E-mail 1 - Type"):
    // those describe a value, they are not one. Outlook's "E-mail Display Name" is how the
    // address is shown, not an address, and its "Assistant's Phone" reaches someone else.
    let words: Vec<&str> = folded.split(' ').collect();
    if words.iter().any(|w| {
        matches!(
            *w,
            "type" | "label" | "art" | "typ" | "display" | "assistant" | "assistants"
        )
    }) {
        return None;
    }
    // The most confident match wins; between equals, the longer (more specific) name:
    // "organization 1 name" is an organisation, not a person's name.
    let mut best: Option<(Field, f32, usize)> = None;
    for (field, names) in HEADERS {
        for name in *names {
            let score = if folded == *name && AMBIGUOUS.contains(name) {
                0.9
            } else if folded == *name {
                1.0
            } else if contains_words(folded, name) {
                // Google writes "Address 1 - City", "Address 1 - Postal Code", "Address 1 -
                // Formatted": the word that says which part wins over "address", so that the
                // city and postcode are kept and the one-line "Formatted" copy is taken for
                // the street only where nothing better is.
                if *name == "address" { 0.7 } else { 0.8 }
            } else if name.len() >= 4 && folded.starts_with(name) {
                0.6
            } else {
                continue;
            };
            if best.is_none_or(|(_, b, len)| (score, name.len()) > (b, len)) {
                best = Some((*field, score, name.len()));
            }
        }
    }
    best.map(|(field, score, _)| (field, score))
}

/// Whether `needle`'s words stand together in `haystack`'s words ("e mail 1 value" holds
/// "e mail").
fn contains_words(haystack: &str, needle: &str) -> bool {
    let h: Vec<&str> = haystack.split(' ').collect();
    let n: Vec<&str> = needle.split(' ').collect();
    h.windows(n.len()).any(|w| w == n.as_slice())
}

/// Suggests a field for every column. A field goes to one column only: the most confident,
/// then the leftmost; the others are left unmapped.
pub fn suggest(headers: &[String]) -> Vec<Suggestion> {
    let mut out: Vec<Suggestion> = headers
        .iter()
        .enumerate()
        .map(|(column, header)| {
            let (field, confidence) = match guess(&fold_header(header)) {
                Some((f, c)) => (Some(f), c),
                None => (None, 0.0),
            };
            Suggestion {
                column,
                header: header.clone(),
                field,
                confidence,
                kind: None,
            }
        })
        .collect();
    for field in Field::ALL {
        let mut holders: Vec<usize> = out
            .iter()
            .filter(|s| s.field == Some(field))
            .map(|s| s.column)
            .collect();
        holders.sort_by(|a, b| {
            out[*b]
                .confidence
                .total_cmp(&out[*a].confidence)
                .then(a.cmp(b))
        });
        // Addresses and numbers may fill several columns ("Mobil" and "Telefon arbeid"), but
        // only the whole-word matches: "Kundens e-post" yes, a header that merely starts like
        // one no, unless it is the only one.
        let keep = if takes_several_columns(field) {
            holders
                .iter()
                .skip(1)
                .take_while(|c| out[**c].confidence >= 0.8)
                .count()
                + 1
        } else {
            1
        };
        for loser in holders.into_iter().skip(keep) {
            out[loser].field = None;
            out[loser].confidence = 0.0;
        }
    }
    set_kinds(&mut out);
    // A full name is only needed when the parts are not there.
    if out.iter().any(|s| s.field == Some(Field::FirstName))
        && out.iter().any(|s| s.field == Some(Field::LastName))
    {
        for s in out.iter_mut().filter(|s| s.field == Some(Field::FullName)) {
            s.field = None;
            s.confidence = 0.0;
        }
    }
    out
}

/// Gives each e-mail and phone column its kind from its header, and clears it elsewhere.
pub fn set_kinds(suggestions: &mut [Suggestion]) {
    for s in suggestions.iter_mut() {
        s.kind = s
            .field
            .filter(|f| takes_several_columns(*f))
            .map(|_| contact_kind(&s.header).unwrap_or_default());
    }
}

/// A saved mapping: header → field (`null`: drop the column). Version 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct SavedMapping {
    /// The format's version, 1.
    pub version: u32,
    /// Columns by their header as written.
    pub columns: BTreeMap<String, Option<Field>>,
}

/// A saved mapping that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("the mapping file is not valid: {0}")]
pub struct MappingError(String);

impl SavedMapping {
    /// Reads a mapping file.
    pub fn from_json(text: &str) -> Result<Self, MappingError> {
        let mapping: SavedMapping =
            serde_json::from_str(text).map_err(|e| MappingError(e.to_string()))?;
        if mapping.version != 1 {
            return Err(MappingError(format!(
                "version {} is not supported (expected 1)",
                mapping.version
            )));
        }
        Ok(mapping)
    }

    /// Writes a mapping file.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a mapping always serialises")
    }

    /// Applies the saved choices over suggestions: a saved header decides its column.
    pub fn apply(&self, suggestions: &mut [Suggestion]) {
        for s in suggestions.iter_mut() {
            if let Some(field) = self.columns.get(&s.header) {
                s.field = *field;
                s.confidence = 1.0;
            }
        }
        // The kind follows the header, so a saved mapping of version 1 (fields only) gives
        // a column mapped to e-mail or phone its kind as a suggestion would.
        set_kinds(suggestions);
    }
}

/// Splits a full name into first and last: "Nordmann, Kari" → ("Kari", "Nordmann");
/// "Kari Anne Nordmann" → ("Kari Anne", "Nordmann"); a single word is a first name.
pub fn split_full_name(full: &str) -> (String, String) {
    let full = full.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some((last, first)) = full.split_once(',') {
        return (first.trim().to_owned(), last.trim().to_owned());
    }
    match full.rsplit_once(' ') {
        Some((first, last)) => (first.to_owned(), last.to_owned()),
        None => (full, String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(headers: &[&str]) -> Vec<(Option<Field>, f32)> {
        let headers: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
        suggest(&headers)
            .into_iter()
            .map(|s| (s.field, s.confidence))
            .collect()
    }

    #[test]
    fn googles_address_parts_keep_the_city_and_postcode_over_the_formatted_copy() {
        let got: Vec<Option<Field>> = fields(&[
            "Address 1 - Type",
            "Address 1 - Formatted",
            "Address 1 - Street",
            "Address 1 - City",
            "Address 1 - Postal Code",
            "Address 1 - Country",
        ])
        .into_iter()
        .map(|(f, _)| f)
        .collect();
        assert_eq!(
            got,
            [
                None,
                None,
                Some(Field::Street),
                Some(Field::City),
                Some(Field::Postcode),
                Some(Field::Country)
            ]
        );
        // Without the parts, the formatted address is the street.
        assert_eq!(fields(&["Address 1 - Formatted"])[0].0, Some(Field::Street));
    }

    #[test]
    fn nordic_and_german_headers_are_recognised() {
        use Field::*;
        let h = [
            "Fornavn",
            "Efternavn",
            "E-post",
            "Mobil",
            "Firma",
            "Stilling",
            "Postnr.",
            "Poststed",
            "Land",
        ];
        let got: Vec<_> = fields(&h).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            got,
            [
                FirstName,
                LastName,
                Email,
                Phone,
                Organisation,
                Title,
                Postcode,
                City,
                Country
            ]
            .map(Some)
        );
        let sv = [
            "Förnamn",
            "Efternamn",
            "Epost",
            "Företag",
            "Titel",
            "Virksomhed",
            "Vorname",
            "Nachname",
        ];
        let got: Vec<_> = fields(&sv).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            got,
            vec![
                Some(FirstName),
                Some(LastName),
                Some(Email),
                Some(Organisation),
                Some(Title),
                None,
                None,
                None
            ],
            "each field goes to its first column only"
        );
    }

    #[test]
    fn google_contacts_headers() {
        use Field::*;
        let h = [
            "Name",
            "Given Name",
            "Family Name",
            "E-mail 1 - Type",
            "E-mail 1 - Value",
            "Phone 1 - Type",
            "Phone 1 - Value",
            "Organization 1 - Name",
            "Organization 1 - Title",
            "Group Membership",
        ];
        let got: Vec<_> = fields(&h).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            got,
            vec![
                None,
                Some(FirstName),
                Some(LastName),
                None,
                Some(Email),
                None,
                Some(Phone),
                Some(Organisation),
                Some(Title),
                Some(Tags)
            ]
        );
    }

    #[test]
    fn outlook_headers() {
        use Field::*;
        let h = [
            "First Name",
            "Middle Name",
            "Last Name",
            "Company",
            "Job Title",
            "Business Street",
            "Business City",
            "Business Postal Code",
            "Business Country/Region",
            "Mobile Phone",
            "E-mail Address",
            "Notes",
        ];
        let got: Vec<_> = fields(&h).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            got,
            vec![
                Some(FirstName),
                None,
                Some(LastName),
                Some(Organisation),
                Some(Title),
                Some(Street),
                Some(City),
                Some(Postcode),
                Some(Country),
                Some(Phone),
                Some(Email),
                Some(Note)
            ]
        );
    }

    #[test]
    fn customer_numbers_are_their_own_field_not_the_organisation() {
        for header in [
            "Kundenr.",
            "Kundenummer",
            "Kundnummer",
            "Kundnr",
            "Customer ID",
            "Customer number",
            "Kunde-ID",
            "Kunde nr.",
            "Kund-nr",
        ] {
            assert_eq!(
                fields(&[header])[0],
                (Some(Field::CustomerNumber), 1.0),
                "{header}"
            );
        }
        assert_eq!(fields(&["Kunde"])[0].0, Some(Field::Organisation));
        assert_eq!(fields(&["Customer"])[0].0, Some(Field::Organisation));
    }

    #[test]
    fn confidence_is_lower_for_partial_matches() {
        assert_eq!(fields(&["E-post"])[0].1, 1.0);
        assert_eq!(fields(&["Kundens e-post"])[0], (Some(Field::Email), 0.8));
        assert_eq!(fields(&["Favorittfarge"])[0], (None, 0.0));
    }

    #[test]
    fn saved_mappings_round_trip_and_override() {
        let mut saved = SavedMapping {
            version: 1,
            columns: BTreeMap::new(),
        };
        saved
            .columns
            .insert("Kontakt".into(), Some(Field::FullName));
        saved.columns.insert("Mobil".into(), None);
        let back = SavedMapping::from_json(&saved.to_json()).unwrap();
        assert_eq!(back, saved);
        let mut s = suggest(&["Kontakt".into(), "Mobil".into()]);
        back.apply(&mut s);
        assert_eq!((s[0].field, s[1].field), (Some(Field::FullName), None));
        assert!(SavedMapping::from_json(r#"{"version": 2, "columns": {}}"#).is_err());
        assert!(
            SavedMapping::from_json(r#"{"version": 1, "columns": {"A": "shoe_size"}}"#).is_err()
        );
    }

    /// The schema in `schemas/` names exactly the fields this code reads.
    #[test]
    fn the_published_schema_lists_every_field() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../../../schemas/import-mapping.schema.json"))
                .unwrap();
        let listed = &schema["properties"]["columns"]["additionalProperties"]["oneOf"][1]["enum"];
        let ours: Vec<serde_json::Value> = Field::ALL
            .iter()
            .map(|f| serde_json::to_value(f).unwrap())
            .collect();
        assert_eq!(listed, &serde_json::Value::Array(ours));
        assert_eq!(schema["properties"]["version"]["const"], 1);
    }

    #[test]
    fn full_names_split_both_ways() {
        assert_eq!(
            split_full_name("Kari Anne  Nordmann"),
            ("Kari Anne".into(), "Nordmann".into())
        );
        assert_eq!(
            split_full_name("Nordmann, Kari"),
            ("Kari".into(), "Nordmann".into())
        );
        assert_eq!(split_full_name("Cher"), ("Cher".into(), String::new()));
    }
}
