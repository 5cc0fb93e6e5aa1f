//! The forms an e-mail address or a phone number is hashed in, so that one written another
//! way is still recognised.
//!
//! **E-mail**: trimmed and in lower case (the register stores addresses so too).
//!
//! **Phone**: a number's identity is its *national digits* (the national significant
//! number, with any leading zeros dropped: `412 00 001` → `41200001`, `070-123 45 67` →
//! `701234567`) and, when it is known, its *country code*. A number is known to be
//! international when it starts with `+` or `00` and a digit other than 0 (`0047 …` is how
//! many Nordic spreadsheets write `+47`); then `phonenumber` splits off the country code.
//! Anything else is read as national digits of an unknown country: the register keeps hand-
//! typed numbers as written, and guessing their country is what once put Danish numbers
//! under Norway.
//!
//! Each form goes into the hash with its own tag, so that the two kinds of number meet
//! only where they should:
//!
//! | number           | kept at erasure                       | looked for on entry               |
//! |------------------|---------------------------------------|-----------------------------------|
//! | with a country   | `phone:+47 41200001`, `phone-national:41200001` | `phone:+47 41200001`, `phone-bare:41200001` |
//! | without one      | `phone-bare:41200001`                 | `phone-national:41200001`, `phone-bare:41200001` |
//!
//! So `+47 412 00 001`, `+4741200001`, `0047 41200001` and `41200001` all agree; a number
//! erased with its country (`+47 41200001`) does not stop the same digits under another
//! country (`+45 41200001`, a Danish number); and a number erased without its country stops
//! those digits under any country, because which one it was cannot be known. A number with
//! fewer than five digits (the register refuses those) is not kept.

/// The fewest national digits that are kept or looked for: the register's own minimum.
const MIN_DIGITS: usize = 5;

/// The tag of an e-mail address's form.
pub(crate) const EMAIL: &str = "email";
/// The tag of a number's country code and national digits.
pub(crate) const PHONE: &str = "phone";
/// The tag of the national digits of a number whose country is known.
pub(crate) const PHONE_NATIONAL: &str = "phone-national";
/// The tag of the digits of a number whose country is not known.
pub(crate) const PHONE_BARE: &str = "phone-bare";

/// An address as it is hashed; `None` for one that is empty.
pub(crate) fn email(value: &str) -> Option<(&'static str, String)> {
    let v = value.trim().to_lowercase();
    (!v.is_empty()).then_some((EMAIL, v))
}

/// A number split into its country code (when known) and national digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Number {
    /// The country calling code, when the number carries one.
    pub country: Option<u16>,
    /// The national significant number's digits, without leading zeros.
    pub national: String,
}

/// Reads a number as written; `None` when it has too few digits to mean anything.
pub(crate) fn number(value: &str) -> Option<Number> {
    let v = value.trim();
    let international = match v.strip_prefix("00") {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit() && c != '0') => {
            Some(format!("+{rest}"))
        }
        _ => v.starts_with('+').then(|| v.to_owned()),
    };
    if let Some(text) = international
        && let Ok(parsed) = phonenumber::parse(None, &text)
    {
        let national = parsed.national().value().to_string();
        return (national.len() >= MIN_DIGITS).then_some(Number {
            country: Some(parsed.code().value()),
            national,
        });
    }
    let digits: String = v.chars().filter(char::is_ascii_digit).collect();
    let national = digits.trim_start_matches('0').to_owned();
    (national.len() >= MIN_DIGITS).then_some(Number {
        country: None,
        national,
    })
}

/// The forms kept when a number is erased.
pub(crate) fn phone_kept(value: &str) -> Vec<(&'static str, String)> {
    match number(value) {
        Some(Number {
            country: Some(cc),
            national,
        }) => vec![
            (PHONE, format!("+{cc} {national}")),
            (PHONE_NATIONAL, national),
        ],
        Some(Number {
            country: None,
            national,
        }) => vec![(PHONE_BARE, national)],
        None => Vec::new(),
    }
}

/// The forms looked for when a number enters the register.
pub(crate) fn phone_sought(value: &str) -> Vec<(&'static str, String)> {
    match number(value) {
        Some(Number {
            country: Some(cc),
            national,
        }) => vec![(PHONE, format!("+{cc} {national}")), (PHONE_BARE, national)],
        Some(Number {
            country: None,
            national,
        }) => vec![(PHONE_NATIONAL, national.clone()), (PHONE_BARE, national)],
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meets(erased: &str, entered: &str) -> bool {
        let kept = phone_kept(erased);
        phone_sought(entered).iter().any(|s| kept.contains(s))
    }

    #[test]
    fn a_number_is_split_into_country_and_national_digits() {
        let no = Some(Number {
            country: Some(47),
            national: "41200001".into(),
        });
        assert_eq!(number("+47 412 00 001"), no);
        assert_eq!(number("+4741200001"), no);
        assert_eq!(number("0047 412 00 001"), no);
        assert_eq!(
            number("+46 (0)70-123 45 67").map(|n| n.country),
            Some(Some(46))
        );
        assert_eq!(
            number("070-123 45 67"),
            Some(Number {
                country: None,
                national: "701234567".into()
            })
        );
        assert_eq!(number("412 00 001").and_then(|n| n.country), None);
        assert_eq!(number("12 34"), None);
        assert_eq!(number(""), None);
    }

    #[test]
    fn one_number_written_three_ways_is_recognised_each_way() {
        let ways = ["+47 412 00 001", "41200001", "+4741200001", "0047 41200001"];
        for erased in ways {
            for entered in ways {
                assert!(meets(erased, entered), "{erased} vs {entered}");
            }
        }
        for (erased, entered) in [
            ("070-123 45 67", "+46701234567"),
            ("+46 70 123 45 67", "0701234567"),
            ("+46 70 123 45 67", "+46 70-123 45 67"),
        ] {
            assert!(meets(erased, entered), "{erased} vs {entered}");
        }
    }

    #[test]
    fn the_same_digits_under_another_country_are_another_number() {
        assert!(!meets("+47 41200001", "+45 41200001"));
        assert!(!meets("+47 41200001", "+47 41200002"));
        // Erased without a country, the digits are all that is known.
        assert!(meets("41200001", "+45 41200001"));
    }

    #[test]
    fn addresses_are_trimmed_and_lower_case() {
        assert_eq!(
            email("  Kari@Example.NO "),
            Some((EMAIL, "kari@example.no".to_owned()))
        );
        assert_eq!(email("  "), None);
    }
}
