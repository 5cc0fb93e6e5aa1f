//! Cleaning values as they are mapped: trimmed text, e-mail addresses lower-cased and checked
//! (`email_address`), phone numbers to E.164 with a default country (`phonenumber`, a port of
//! Google's libphonenumber), dates in the common written forms (24.12.2025, 24/12/2025,
//! 2025-12-24), amounts with a decimal comma and spaces (1 250,50), and country names in five
//! languages to ISO 3166 codes. A value that cannot be cleaned is a problem with a reason, not
//! a guess.

use std::str::FromStr;

use chrono::NaiveDate;

/// Why a value could not be cleaned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueProblem {
    /// Not an e-mail address.
    #[error("not a valid e-mail address")]
    Email,
    /// Not a phone number of any of the countries given (ISO codes) nor written with a
    /// country code.
    #[error("not a valid phone number for {}", .0.join(" or "))]
    Phone(Vec<String>),
    /// Not a date in a known form.
    #[error("not a date (use 24.12.2025 or 2025-12-24)")]
    Date,
    /// Not a number.
    #[error("not a number")]
    Number,
    /// Not a country we know.
    #[error("not a country name or ISO code")]
    Country,
}

/// Trims and collapses runs of white space.
pub fn text(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lower-cased and checked (no display names, no domain literals, a dot in the domain).
pub fn email(value: &str) -> Result<String, ValueProblem> {
    let lower = value.trim().to_lowercase();
    let options = email_address::Options::default()
        .without_display_text()
        .without_domain_literal();
    let parsed = email_address::EmailAddress::parse_with_options(&lower, options)
        .map_err(|_| ValueProblem::Email)?;
    if !parsed.domain().contains('.') {
        return Err(ValueProblem::Email);
    }
    Ok(lower)
}

/// The digits of a phone number that a spreadsheet stored as a number and that reached us as
/// a number's text: "31456789.0" or "3.1456789E7" (also with a decimal comma, "3,1456789E+07")
/// is 31456789. `None` for anything else, and for a number that is not whole.
pub fn whole_number_digits(value: &str) -> Option<String> {
    let v = value.trim();
    let (mantissa, exponent) = match v.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.strip_prefix('+').unwrap_or(e).parse::<usize>().ok()?),
        None => (v, 0),
    };
    let (int, frac) = mantissa.split_once(['.', ',']).unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || exponent > 20 {
        return None;
    }
    if exponent == 0 && frac.is_empty() {
        // Plain digits are not a number's text: they are already what they are.
        return None;
    }
    let frac_kept = frac.trim_end_matches('0');
    if frac_kept.len() > exponent {
        return None;
    }
    let zeros = "0".repeat(exponent - frac_kept.len());
    Some(format!("{int}{frac_kept}{zeros}"))
}

/// A phone cell made ready for parsing: a number's text back to its digits, and "0047 …",
/// how many Nordic spreadsheets write +47, as "+47 …".
fn prepared_phone(value: &str) -> String {
    let value = value.trim();
    if let Some(digits) = whole_number_digits(value) {
        return digits;
    }
    match value.strip_prefix("00") {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit() && c != '0') => {
            format!("+{rest}")
        }
        _ => value.to_owned(),
    }
}

/// Whether a phone number is written with its country code (`+46 …`, `0046 …`), so that no
/// country needs to be chosen for it.
pub fn has_country_code(value: &str) -> bool {
    prepared_phone(value).starts_with('+')
}

/// A country as phone numbers know it: a two-letter upper-case code libphonenumber has
/// numbers for. A country written by hand ("Norge") is no region.
pub fn phone_region(country: &str) -> Option<&str> {
    let region = country.trim();
    (region.len() == 2
        && region.chars().all(|c| c.is_ascii_uppercase())
        && phonenumber::country::Id::from_str(region).is_ok())
    .then_some(region)
}

/// Whether a value is already a phone number in E.164: `+` and digits only.
pub fn is_e164(value: &str) -> bool {
    value
        .strip_prefix('+')
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// A phone number in E.164 (`+4791234567`). Numbers without a country code are read as
/// numbers of `default_country` (ISO 3166 alpha-2, e.g. "NO").
pub fn phone(value: &str, default_country: &str) -> Result<String, ValueProblem> {
    let country = phonenumber::country::Id::from_str(&default_country.to_ascii_uppercase()).ok();
    let problem = || ValueProblem::Phone(vec![default_country.to_ascii_uppercase()]);
    let value = prepared_phone(value);
    let number = phonenumber::parse(country, &value).map_err(|_| problem())?;
    if !phonenumber::is_valid(&number) {
        return Err(problem());
    }
    Ok(number.format().mode(phonenumber::Mode::E164).to_string())
}

/// A date written day first (24.12.2025, 24/12/2025, 24-12-2025, also with two-digit years)
/// or ISO (2025-12-24, with or without a time).
pub fn date(value: &str) -> Result<NaiveDate, ValueProblem> {
    let v = value.trim();
    let iso = v.split(['T', ' ']).next().unwrap_or(v);
    if let Ok(d) = NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        return Ok(d);
    }
    // chrono reads "25" as the year 25 under %Y: the year's length picks the formats.
    let two_digit_year = v
        .rsplit(['.', '/', '-'])
        .next()
        .is_some_and(|y| y.len() == 2);
    let formats: &[&str] = if two_digit_year {
        &["%d.%m.%y", "%d/%m/%y", "%d-%m-%y"]
    } else {
        &["%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y"]
    };
    for format in formats {
        if let Ok(d) = NaiveDate::parse_from_str(v, format) {
            return Ok(d);
        }
    }
    Err(ValueProblem::Date)
}

/// A number written the Nordic way (1 250,50; 1.250,50) or the English way (1,250.50;
/// 1250.50). The last of `,` and `.` is the decimal mark when it is followed by one or two
/// digits; otherwise both are thousands separators.
pub fn number(value: &str) -> Result<f64, ValueProblem> {
    let v: String = value
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    let v = v
        .trim_end_matches(|c: char| c.is_alphabetic() || c == '€' || c == '$')
        .to_owned();
    let last_mark = v.rfind([',', '.']);
    let normalised = match last_mark {
        Some(i) if (1..=2).contains(&(v.len() - i - 1)) => {
            let (int, frac) = v.split_at(i);
            format!("{}.{}", int.replace([',', '.'], ""), &frac[1..])
        }
        _ => v.replace([',', '.'], ""),
    };
    normalised.parse::<f64>().map_err(|_| ValueProblem::Number)
}

/// Country names in English, Norwegian, Swedish, Danish and German (folded), by ISO code.
const COUNTRIES: &[(&str, &[&str])] = &[
    ("NO", &["norway", "norge", "noreg", "norwegen", "norwegian"]),
    ("SE", &["sweden", "sverige", "schweden", "swedish"]),
    ("DK", &["denmark", "danmark", "daenemark", "danish"]),
    ("FI", &["finland", "suomi", "finnland"]),
    ("IS", &["iceland", "island"]),
    ("DE", &["germany", "tyskland", "deutschland"]),
    (
        "GB",
        &[
            "united kingdom",
            "uk",
            "great britain",
            "england",
            "storbritannia",
            "storbritannien",
            "grossbritannien",
        ],
    ),
    (
        "US",
        &[
            "united states",
            "usa",
            "united states of america",
            "de forente stater",
        ],
    ),
    (
        "NL",
        &[
            "netherlands",
            "nederland",
            "holland",
            "nederlandene",
            "nederlanderna",
            "niederlande",
        ],
    ),
    ("FR", &["france", "frankrike", "frankrig", "frankreich"]),
    ("ES", &["spain", "spania", "spanien"]),
    ("IT", &["italy", "italia", "italien"]),
    ("PL", &["poland", "polen"]),
    ("EE", &["estonia", "estland"]),
    ("LV", &["latvia", "latvija", "lettland", "letland"]),
    ("LT", &["lithuania", "litauen"]),
    ("AT", &["austria", "osterrike", "osterrig", "osterreich"]),
    ("CH", &["switzerland", "sveits", "schweiz"]),
    ("BE", &["belgium", "belgia", "belgien"]),
    ("IE", &["ireland", "irland"]),
];

/// An ISO 3166-1 alpha-2 code from a name ("Norge", "Sverige", "Deutschland") or a code.
pub fn country(value: &str) -> Result<String, ValueProblem> {
    let folded = crate::mapping::fold_header(value);
    if folded.len() == 2 && folded.chars().all(|c| c.is_ascii_alphabetic()) {
        let code = folded.to_ascii_uppercase();
        if COUNTRIES.iter().any(|(c, _)| *c == code)
            || phonenumber::country::Id::from_str(&code).is_ok()
        {
            return Ok(code);
        }
    }
    COUNTRIES
        .iter()
        .find(|(_, names)| names.contains(&folded.as_str()))
        .map(|(code, _)| (*code).to_owned())
        .ok_or(ValueProblem::Country)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e_mail_addresses_are_lower_cased_and_checked() {
        assert_eq!(email(" Kari@Example.NO ").unwrap(), "kari@example.no");
        for bad in [
            "kari@",
            "kari",
            "Kari <kari@example.no>",
            "kari@localhost",
            "kari@[10.0.0.1]",
        ] {
            assert_eq!(email(bad), Err(ValueProblem::Email), "{bad}");
        }
    }

    #[test]
    fn phone_numbers_become_e164_with_a_default_country() {
        assert_eq!(phone("912 34 567", "NO").unwrap(), "+4791234567");
        assert_eq!(phone("+47 912 34 567", "SE").unwrap(), "+4791234567");
        assert_eq!(phone("0047 91234567", "DK").unwrap(), "+4791234567");
        assert_eq!(phone("070-123 45 67", "SE").unwrap(), "+46701234567");
        assert_eq!(phone("20 12 34 56", "DK").unwrap(), "+4520123456");
        assert!(phone("123", "NO").is_err());
        assert!(phone("call me", "NO").is_err());
    }

    #[test]
    fn a_number_cell_read_as_text_gives_its_digits() {
        for v in [
            "31456789.0",
            "3.1456789E7",
            "3,1456789E+07",
            "3.1456789e+7",
            " 31456789.00 ",
        ] {
            assert_eq!(whole_number_digits(v).as_deref(), Some("31456789"), "{v}");
            assert_eq!(phone(v, "DK").unwrap(), "+4531456789", "{v}");
        }
        assert_eq!(whole_number_digits("4.7E9").as_deref(), Some("4700000000"));
        for not_one in [
            "31456789",
            "3.1456789E3",
            "12.5",
            "22.33.44.55",
            "+47 912 34 567",
            "E7",
            "",
        ] {
            assert_eq!(whole_number_digits(not_one), None, "{not_one}");
        }
        assert!(has_country_code("0046 70 123 45 67"));
        assert!(has_country_code("+45 31 45 67 89"));
        assert!(!has_country_code("070-123 45 67"));
        assert!(!has_country_code("3.1456789E7"));
    }

    #[test]
    fn dates_in_the_common_forms() {
        let christmas = NaiveDate::from_ymd_opt(2025, 12, 24).unwrap();
        for v in [
            "24.12.2025",
            "24/12/2025",
            "24-12-2025",
            "2025-12-24",
            "2025-12-24T10:00:00",
            "24.12.25",
        ] {
            assert_eq!(date(v), Ok(christmas), "{v}");
        }
        assert_eq!(date("31.02.2025"), Err(ValueProblem::Date));
        assert_eq!(date("next week"), Err(ValueProblem::Date));
    }

    #[test]
    fn numbers_with_decimal_commas_and_thousands_separators() {
        for (v, n) in [
            ("1 250,50", 1250.5),
            ("1.250,50", 1250.5),
            ("1,250.50", 1250.5),
            ("99,9", 99.9),
            ("12", 12.0),
            ("1.250", 1250.0),
            ("kr 3", f64::NAN),
        ] {
            match number(v) {
                Ok(x) => assert_eq!(x, n, "{v}"),
                Err(_) => assert!(n.is_nan(), "{v}"),
            }
        }
    }

    #[test]
    fn country_names_in_five_languages() {
        for (v, c) in [
            ("Norge", "NO"),
            ("Sverige", "SE"),
            ("Danmark", "DK"),
            ("Deutschland", "DE"),
            ("Tyskland", "DE"),
            ("no", "NO"),
            ("Österreich", "AT"),
            ("United Kingdom", "GB"),
        ] {
            assert_eq!(country(v).unwrap(), c, "{v}");
        }
        assert_eq!(country("Atlantis"), Err(ValueProblem::Country));
    }
}
