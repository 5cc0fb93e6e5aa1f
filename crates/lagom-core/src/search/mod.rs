//! Folding text for search, so that what people type on any keyboard finds the name as it
//! is written: `bjorn` finds Bjørn, `kjaer` finds Kjær, `sodertalje` finds Södertälje and
//! `ase` finds Åse.
//!
//! Every word is lower-cased and stripped of accents; the Nordic and German letters that do
//! not decompose into a base letter plus a mark (ø, æ, ß, …) are spelled out. Where a letter
//! has two common ASCII spellings (ø as `o` or `oe`, å as `a` or `aa`, ä as `a` or `ae`) the
//! index holds both, so `bjoern` and `bjorn` both find Bjørn. Queries are folded the same way
//! and every word is matched as a prefix.

pub(crate) mod sql;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// Country calling codes whose numbers are also written nationally, without them.
const CALLING_CODES: [&str; 8] = ["354", "358", "44", "45", "46", "47", "49", "1"];

/// The two spellings of a letter: the short one and the transliterated one.
fn spell(c: char) -> Option<(&'static str, &'static str)> {
    Some(match c {
        'ø' => ("o", "oe"),
        'æ' => ("ae", "ae"),
        'å' => ("a", "aa"),
        'ä' => ("a", "ae"),
        'ö' => ("o", "oe"),
        'ü' => ("u", "ue"),
        'œ' => ("oe", "oe"),
        'ß' => ("ss", "ss"),
        'ð' => ("d", "d"),
        'þ' => ("th", "th"),
        'ł' => ("l", "l"),
        'đ' => ("d", "d"),
        _ => return None,
    })
}

/// Folds one word into its short spelling and, when different, its transliterated one.
fn fold_word(word: &str) -> (String, Option<String>) {
    let mut short = String::with_capacity(word.len());
    let mut long = String::with_capacity(word.len() + 4);
    for c in word.chars().flat_map(char::to_lowercase) {
        if c.is_ascii() {
            // Most letters of most names: nothing to decompose.
            short.push(c);
            long.push(c);
        } else if let Some((s, l)) = spell(c) {
            short.push_str(s);
            long.push_str(l);
        } else {
            for d in c.nfd().filter(|d| !is_combining_mark(*d)) {
                short.push(d);
                long.push(d);
            }
        }
    }
    let long = (long != short).then_some(long);
    (short, long)
}

/// Words are runs of letters or runs of digits: `nordmann87` is `nordmann` and `87`. E-mail
/// addresses are full of such mixes; kept whole, every address would add a term of its own
/// and a prefix such as `nord` would have to merge thousands of them.
fn words(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let start = rest.find(char::is_alphanumeric)?;
        rest = &rest[start..];
        let digits = rest.starts_with(char::is_numeric);
        let end = rest
            .find(|c: char| !c.is_alphanumeric() || c.is_numeric() != digits)
            .unwrap_or(rest.len());
        let (word, tail) = rest.split_at(end);
        rest = tail;
        Some(word)
    })
}

/// The terms a text is indexed under, separated by spaces.
pub fn index_terms<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for field in fields {
        // Composed first: a word must not be cut at a combining mark ("a" + ring).
        let field: std::borrow::Cow<'_, str> =
            if unicode_normalization::is_nfc_quick(field.chars()) == IsNormalized::Yes {
                std::borrow::Cow::Borrowed(field)
            } else {
                std::borrow::Cow::Owned(field.nfc().collect())
            };
        for word in words(&field) {
            let (short, long) = fold_word(word);
            push_term(&mut out, &short);
            if let Some(long) = long {
                push_term(&mut out, &long);
            }
        }
    }
    out
}

/// A text folded as the index folds it, each word in its short spelling only, separated by
/// spaces: for comparing names written on different keyboards (`Bjørn Kjær` and
/// `Bjorn Kjaer` fold alike).
pub fn fold(text: &str) -> String {
    let text: String = text.nfc().collect();
    let mut out = String::new();
    for word in words(&text) {
        push_term(&mut out, &fold_word(word).0);
    }
    out
}

/// Phone numbers are indexed by their digits as written and, for an international number
/// (`+47 …`, `0046 …`), also by the national number with and without the trunk `0`, so that
/// `4791234567`, `91234567`, `46701234567` and `0701234567` all find what was stored.
pub fn phone_terms(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return String::new();
    }
    let mut terms = vec![digits.clone()];
    let trimmed = phone.trim_start();
    let international = if trimmed.starts_with('+') {
        Some(digits.as_str())
    } else {
        digits.strip_prefix("00")
    };
    if let Some(number) = international {
        if let Some(national) = CALLING_CODES
            .iter()
            .find_map(|code| number.strip_prefix(code))
        {
            let national = national.trim_start_matches('0');
            if national.len() >= 4 {
                terms.push(national.to_owned());
                terms.push(format!("0{national}"));
            }
        }
    } else if let Some(national) = digits.strip_prefix('0') {
        terms.push(national.to_owned());
    }
    terms.dedup();
    terms.join(" ")
}

/// A customer number is indexed by its words and, when it is digits typed in groups
/// ("10 023", "2024-118"), also as one number, since a query joins such groups
/// ([`match_expression`]): the number typed either way finds it.
pub fn customer_number_terms(number: &str) -> String {
    let mut terms = index_terms([number]);
    let joined = join_digit_groups(number);
    if joined != number {
        for term in index_terms([joined.as_str()]).split(' ') {
            if !terms.split(' ').any(|t| t == term) {
                push_term(&mut terms, term);
            }
        }
    }
    terms
}

/// Removes the spaces, dashes, dots, slashes and brackets between digits, so that a phone
/// number typed in groups ("912 34 567") is searched as one number.
fn join_digit_groups(query: &str) -> String {
    let chars: Vec<char> = query.chars().collect();
    let mut out = String::with_capacity(query.len());
    for (i, &c) in chars.iter().enumerate() {
        if " -./()".contains(c) {
            let before = chars[..i].iter().rev().find(|x| !" -./()".contains(**x));
            let after = chars[i + 1..].iter().find(|x| !" -./()".contains(**x));
            if before.is_some_and(char::is_ascii_digit) && after.is_some_and(char::is_ascii_digit) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn push_term(out: &mut String, term: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(term);
}

/// Turns what a person typed into an FTS5 query: every folded word a quoted prefix term, all
/// of them required. Returns `None` when nothing searchable was typed.
pub fn match_expression(query: &str) -> Option<String> {
    let query: String = join_digit_groups(query).nfc().collect();
    let mut out = String::new();
    for word in words(&query) {
        let (short, _) = fold_word(word);
        if !out.is_empty() {
            out.push(' ');
        }
        // Quoting keeps FTS5 operators (AND, NEAR, -, …) typed by a person literal.
        out.push('"');
        out.push_str(&short.replace('"', ""));
        out.push_str("\"*");
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &str) {
        assert_eq!(index_terms([text]), expected, "indexing {text:?}");
    }

    #[test]
    fn nordic_letters_fold_to_both_spellings() {
        check("Bjørn", "bjorn bjoern");
        check("Kjær", "kjaer");
        check("Södertälje", "sodertalje soedertaelje");
        check("Åse", "ase aase");
        check("Jürgen Groß", "jurgen juergen gross");
        check(
            "José Müller-Lüdenscheidt",
            "jose muller mueller ludenscheidt luedenscheidt",
        );
    }

    #[test]
    fn e_mail_addresses_split_into_words() {
        check("ola.nordmann@firma.no", "ola nordmann firma no");
        check("kari.nordmann87@gmail.com", "kari nordmann 87 gmail com");
        check("Bjørn2024", "bjorn bjoern 2024");
    }

    #[test]
    fn queries_become_quoted_prefix_terms() {
        assert_eq!(match_expression("bjorn").as_deref(), Some("\"bjorn\"*"));
        assert_eq!(
            match_expression("Kjær ha").as_deref(),
            Some("\"kjaer\"* \"ha\"*")
        );
        assert_eq!(
            match_expression("NEAR(\"x\" -y)").as_deref(),
            Some("\"near\"* \"x\"* \"y\"*")
        );
        assert_eq!(match_expression("  -- "), None);
    }

    #[test]
    fn phone_numbers_are_found_with_and_without_country_code() {
        assert_eq!(
            phone_terms("+47 912 34 567"),
            "4791234567 91234567 091234567"
        );
        assert_eq!(
            phone_terms("+46 70-123 45 67"),
            "46701234567 701234567 0701234567"
        );
        assert_eq!(
            phone_terms("0046 70 123 45 67"),
            "0046701234567 701234567 0701234567"
        );
        assert_eq!(phone_terms("070-123 45 67"), "0701234567 701234567");
        assert_eq!(phone_terms("912 34 567"), "91234567");
        assert_eq!(phone_terms("n/a"), "");
    }

    #[test]
    fn phone_numbers_typed_in_groups_are_one_term() {
        assert_eq!(
            match_expression("912 34 567").as_deref(),
            Some("\"91234567\"*")
        );
        assert_eq!(
            match_expression("+47 912-34").as_deref(),
            Some("\"4791234\"*")
        );
        assert_eq!(
            match_expression("ola 912 34").as_deref(),
            Some("\"ola\"* \"91234\"*")
        );
    }

    #[test]
    fn customer_numbers_are_found_as_typed_and_with_groups_joined() {
        assert_eq!(customer_number_terms("K-10023"), "k 10023");
        assert_eq!(customer_number_terms("10 023"), "10 023 10023");
        assert_eq!(customer_number_terms("2024-118"), "2024 118 2024118");
        assert_eq!(match_expression("10 023").as_deref(), Some("\"10023\"*"));
    }

    #[test]
    fn decomposed_letters_fold_like_composed_ones() {
        check("A\u{30a}se Bjo\u{308}rn", "ase aase bjorn bjoern");
        assert_eq!(match_expression("A\u{30a}se").as_deref(), Some("\"ase\"*"));
    }
}
