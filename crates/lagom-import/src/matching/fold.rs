//! Values brought to one spelling before they are compared: names and places folded to lower
//! case ASCII words, e-mail addresses split into the mailbox and the domain, phone numbers cut
//! to their national digits, streets with their common abbreviations written out, and firms
//! without the form of their company (AS, AB, ApS).
//!
//! Folding is for comparing only; nothing folded is ever stored as the person's value.

/// The ASCII spelling of a lower-case letter for comparing, or `None` for a letter kept as is.
/// Nordic letters are spelled as people without them type them: æ as "ae", ø and ö as "o",
/// å and ä as "a".
fn spelled(c: char) -> Option<&'static str> {
    Some(match c {
        'æ' => "ae",
        'ø' | 'ö' | 'ó' | 'ò' | 'ô' | 'õ' | 'ő' | 'œ' => "o",
        'å' | 'ä' | 'á' | 'à' | 'â' | 'ã' | 'ă' | 'ą' => "a",
        'é' | 'è' | 'ê' | 'ë' | 'ě' | 'ę' => "e",
        'í' | 'ì' | 'î' | 'ï' | 'ı' => "i",
        'ú' | 'ù' | 'û' | 'ü' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ñ' | 'ń' | 'ň' => "n",
        'ç' | 'ć' | 'č' => "c",
        'š' | 'ś' | 'ş' | 'ș' => "s",
        'ž' | 'ź' | 'ż' => "z",
        'ř' => "r",
        'ł' => "l",
        'ð' | 'đ' | 'ď' => "d",
        'ť' | 'ţ' | 'ț' => "t",
        'þ' => "th",
        'ß' => "ss",
        _ => return None,
    })
}

/// Lower case, Nordic and accented letters in ASCII, every run of anything but letters and
/// digits one space, apostrophes dropped ("O'Neill" is "oneill"). Letters of other scripts
/// are kept as they are.
pub(crate) fn words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if matches!(c, '\'' | '’' | '`' | '´') {
            continue;
        }
        let letter = c.is_alphanumeric();
        if !letter {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match spelled(c) {
            Some(s) => out.push_str(s),
            None => out.push(c),
        }
    }
    out
}

/// A name as compared: its words folded, digits left out (a name with digits in it is a typing
/// slip), at most 64 bytes.
pub(crate) fn name(text: &str) -> String {
    let mut folded = words(text);
    folded.retain(|c| !c.is_ascii_digit());
    let mut out = String::with_capacity(folded.len());
    for w in folded.split(' ').filter(|w| !w.is_empty()) {
        if out.len() + w.len() + 1 > 64 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Mailbox names that belong to a firm's or a household's shared inbox, not to one person:
/// two people writing from `post@` of different firms are not alike for it.
const SHARED_MAILBOXES: &[&str] = &[
    "post",
    "postmottak",
    "postmaster",
    "info",
    "kontakt",
    "contact",
    "mail",
    "epost",
    "email",
    "firmapost",
    "office",
    "kontor",
    "admin",
    "salg",
    "sales",
    "support",
    "service",
    "hei",
    "hej",
    "hello",
    "faktura",
    "invoice",
    "regnskap",
    "okonomi",
    "ekonomi",
    "order",
    "ordre",
    "booking",
    "resepsjon",
    "reception",
    "familien",
    "familjen",
    "noreply",
    "no-reply",
];

/// An e-mail address as compared: lower case, a `+tag` after the mailbox left out, and for
/// Gmail the dots in the mailbox too (Gmail ignores them). Returns the whole address and the
/// mailbox without dots, hyphens and underscores (kari.nordmann@ at home is karinordmann@
/// at work), or `None` for something without an `@`.
pub(crate) fn email(text: &str) -> Option<(String, String)> {
    let lower = text.trim().to_lowercase();
    let (local, domain) = lower.rsplit_once('@')?;
    let local = local.split('+').next().unwrap_or(local);
    let domain = domain.trim_end_matches('.');
    if local.is_empty() || domain.is_empty() {
        return None;
    }
    let local: String = if matches!(domain, "gmail.com" | "googlemail.com") {
        local.chars().filter(|c| *c != '.').collect()
    } else {
        local.to_owned()
    };
    let domain = if domain == "googlemail.com" {
        "gmail.com"
    } else {
        domain
    };
    let mailbox = local
        .chars()
        .filter(|c| !matches!(c, '.' | '-' | '_'))
        .collect();
    Some((format!("{local}@{domain}"), mailbox))
}

/// Whether a mailbox is a shared inbox's (post@, info@, firmapost@).
pub(crate) fn shared_mailbox(local: &str) -> bool {
    SHARED_MAILBOXES.contains(&local)
}

/// Whether a mailbox (without dots, hyphens and underscores) is only its owner's name, whole
/// or as initials, in any order: karinordmann, knordmann, nordmannkari. Such a mailbox says no
/// more than the name, as every namesake may have it somewhere.
pub(crate) fn made_of_name(mailbox: &str, name_words: &[&str]) -> bool {
    let mut rest = mailbox.to_owned();
    let mut words: Vec<&str> = name_words
        .iter()
        .copied()
        .filter(|w| !w.is_empty())
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    for w in &words {
        if let Some(at) = rest.find(w) {
            rest.replace_range(at..at + w.len(), "");
        }
    }
    for w in &words {
        if let Some(initial) = w.chars().next()
            && let Some(at) = rest.find(initial)
        {
            rest.replace_range(at..at + initial.len_utf8(), "");
        }
    }
    rest.is_empty()
}

/// Whether a mailbox says who someone is wherever it is: not shared, not only the name, and
/// long enough that two people are unlikely to have chosen it (kari.nordmann84@, not kari@).
pub(crate) fn personal_mailbox(mailbox: &str, name_words: &[&str]) -> bool {
    mailbox.len() >= 5 && !shared_mailbox(mailbox) && !made_of_name(mailbox, name_words)
}

/// Country codes whose numbers are written in the Nordic way; a number with one of these has
/// its code cut off so that it compares with the same number typed without one.
const COUNTRY_CODES: &[&str] = &["47", "46", "45", "358", "354", "298", "299"];

/// A phone number's national digits: "+47 912 34 567", "0047 91234567" and "912 34 567" are
/// all "91234567"; "+46 70-123 45 67" and "070-123 45 67" are both "701234567". Other countries'
/// numbers keep their code. `None` for fewer than six digits.
pub(crate) fn phone(text: &str) -> Option<String> {
    let text = text.trim();
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let international = if text.starts_with('+') {
        Some(digits.as_str())
    } else {
        digits.strip_prefix("00")
    };
    let national = match international {
        Some(number) => COUNTRY_CODES
            .iter()
            .find_map(|code| number.strip_prefix(code))
            .map(|rest| rest.strip_prefix('0').unwrap_or(rest))
            .unwrap_or(number),
        // A leading 0 is the trunk prefix of Swedish and Finnish numbers.
        None => digits.strip_prefix('0').unwrap_or(&digits),
    };
    (national.len() >= 6).then(|| national.to_owned())
}

/// A postcode as compared: its digits and letters in lower case, a leading country letter
/// code ("N-", "S-", "DK-", "SE") left out, so "SE-123 45" and "12345" agree.
pub(crate) fn postcode(text: &str) -> Option<String> {
    let folded: String = text
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let trimmed = ["dk", "se", "no", "fi", "is", "n", "s", "d"]
        .iter()
        .find_map(|p| {
            folded
                .strip_prefix(p)
                .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        })
        .unwrap_or(&folded);
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// Abbreviations in street names, written out (folded words).
const STREET_WORDS: &[(&str, &str)] = &[
    ("gt", "gate"),
    ("gata", "gate"),
    ("g", "gatan"),
    ("v", "vei"),
    ("vn", "veien"),
    ("vg", "vegen"),
    ("pl", "plass"),
    ("pll", "plads"),
    ("alle", "alle"),
    ("str", "straede"),
    ("bd", "boulevard"),
];

/// Endings of street names that mean the same, shortened to one: Storgata, Storgaten and
/// Storgate are one street, as are Kirkeveien, Kirkevegen, Kirkevei and Kirkevejen.
const STREET_ENDINGS: &[(&str, &str)] = &[
    ("gatan", "gat"),
    ("gaten", "gat"),
    ("gata", "gat"),
    ("gate", "gat"),
    ("gade", "gat"),
    ("veien", "vei"),
    ("vegen", "vei"),
    ("vejen", "vei"),
    ("vagen", "vei"),
    ("vej", "vei"),
    ("veg", "vei"),
    ("vag", "vei"),
];

/// A street address as compared: the street's name with its abbreviations and endings made
/// one (Storgt., Storgata, Storgaten), the house number with its letter ("5b", "5 B"), and
/// anything after it (a flat, a floor, "c/o") left out. `None` without letters.
pub(crate) fn street(text: &str) -> Option<String> {
    let folded = words(text);
    let mut name: Vec<String> = Vec::new();
    let mut number = String::new();
    let mut tokens = folded.split(' ').filter(|t| !t.is_empty()).peekable();
    while let Some(t) = tokens.next() {
        if t.starts_with(|c: char| c.is_ascii_digit()) {
            number.push_str(t);
            // "5 b": a single letter after the number is the house's letter.
            if let Some(letter) = tokens.peek()
                && letter.len() == 1
                && letter.starts_with(|c: char| c.is_ascii_alphabetic())
            {
                number.push_str(letter);
            }
            break;
        }
        let word = STREET_WORDS
            .iter()
            .find(|(short, _)| *short == t)
            .map_or(t, |(_, long)| long);
        name.push(word.to_owned());
    }
    let mut joined = name.concat();
    if joined.is_empty() {
        return None;
    }
    // "Storgt.", "Kirkevn.": the abbreviation written onto the name.
    for (short, long) in [("gt", "gate"), ("vn", "veien"), ("vg", "vegen")] {
        if joined.len() >= short.len() + 2 && joined.ends_with(short) {
            joined.truncate(joined.len() - short.len());
            joined.push_str(long);
            break;
        }
    }
    if let Some((ending, one)) = STREET_ENDINGS.iter().find(|(e, _)| joined.ends_with(e)) {
        joined.truncate(joined.len() - ending.len());
        joined.push_str(one);
    }
    if !number.is_empty() {
        joined.push(' ');
        joined.push_str(&number);
    }
    Some(joined)
}

/// Forms of company that say nothing about which firm it is.
const COMPANY_FORMS: &[&str] = &[
    "as", "asa", "ans", "da", "ba", "sa", "ab", "hb", "kb", "aps", "a s", "i s", "is", "ivs",
    "k s", "ks", "enk", "nuf", "ltd", "limited", "inc", "gmbh", "oy", "oyj", "ehf", "hf",
];

/// A firm's name as compared: folded, without a form of company at the start or the end
/// ("Fjord Rør AS" and "fjord ror" agree). `None` when nothing is left.
pub(crate) fn organisation(text: &str) -> Option<String> {
    let mut folded = words(text);
    for form in COMPANY_FORMS {
        if let Some(rest) = folded.strip_suffix(form)
            && rest.ends_with(' ')
        {
            folded = rest.trim_end().to_owned();
        }
        if let Some(rest) = folded.strip_prefix(form)
            && rest.starts_with(' ')
        {
            folded = rest.trim_start().to_owned();
        }
    }
    (!folded.is_empty()).then_some(folded)
}

/// A customer number as compared: its letters and digits in lower case ("K-00123" is
/// "k00123").
pub(crate) fn customer_number(text: &str) -> Option<String> {
    let folded: String = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    (!folded.is_empty()).then_some(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_to_ascii_words() {
        assert_eq!(name("  Bjørn-Åge  KJÆR "), "bjorn age kjaer");
        assert_eq!(name("Söderström"), "soderstrom");
        assert_eq!(name("O'Neill"), "oneill");
        assert_eq!(name("Kari2"), "kari");
        assert_eq!(name(""), "");
        assert!(name(&"a".repeat(100)).is_empty(), "one word too long");
    }

    #[test]
    fn e_mail_addresses_compare_without_case_tags_or_gmail_dots() {
        assert_eq!(
            email("Kari.Nordmann+crm@Online.no"),
            Some(("kari.nordmann@online.no".into(), "karinordmann".into()))
        );
        assert_eq!(
            email("kari.nordmann@googlemail.com").map(|e| e.0),
            Some("karinordmann@gmail.com".into())
        );
        assert_eq!(email("not an address"), None);
        let kari = ["kari", "nordmann"];
        assert!(personal_mailbox("karinordmann84", &kari));
        assert!(personal_mailbox("sunnygirl", &kari));
        for plain in ["karinordmann", "knordmann", "nordmannk", "kn", "kari"] {
            assert!(!personal_mailbox(plain, &kari), "{plain}");
        }
        assert!(!personal_mailbox("post", &[]) && shared_mailbox("post"));
    }

    #[test]
    fn phone_numbers_compare_by_their_national_digits() {
        for same in ["+4791234567", "0047 912 34 567", "912 34 567", "91234567"] {
            assert_eq!(phone(same).as_deref(), Some("91234567"), "{same}");
        }
        for same in ["+46701234567", "070-123 45 67", "+46 (0)70 123 45 67"] {
            assert_eq!(phone(same).as_deref(), Some("701234567"), "{same}");
        }
        assert_eq!(phone("+4915112345678").as_deref(), Some("4915112345678"));
        assert_eq!(phone("12 34"), None);
    }

    #[test]
    fn postcodes_lose_their_country_letters() {
        assert_eq!(postcode("SE-123 45").as_deref(), Some("12345"));
        assert_eq!(postcode("N-0150").as_deref(), Some("0150"));
        assert_eq!(postcode("DK 8000").as_deref(), Some("8000"));
        assert_eq!(postcode(" ").as_deref(), None);
    }

    #[test]
    fn streets_agree_however_they_are_abbreviated() {
        let one = street("Storgata 5B");
        assert_eq!(one.as_deref(), Some("storgat 5b"));
        for same in [
            "Storgt. 5 b",
            "STORGATEN 5B",
            "Storgate 5b, H0301",
            "Storgata 5B",
        ] {
            assert_eq!(street(same), one, "{same}");
        }
        assert_eq!(street("Kirkevegen 12"), street("Kirkeveien 12"));
        assert_eq!(street("Åsvn. 41"), street("Åsveien 41"));
        assert_eq!(street("Kirkevej 12"), street("Kirkeveien 12"));
        assert_ne!(street("Storgata 5"), street("Storgata 7"));
        assert_eq!(street("12"), None);
    }

    #[test]
    fn firms_compare_without_their_form_of_company() {
        assert_eq!(organisation("Fjord Rør AS").as_deref(), Some("fjord ror"));
        assert_eq!(organisation("AS Fjord Rør").as_deref(), Some("fjord ror"));
        assert_eq!(organisation("Nordlys A/S").as_deref(), Some("nordlys"));
        assert_eq!(
            organisation("AS"),
            Some("as".into()),
            "a name, not only a form"
        );
        assert_eq!(customer_number("K-00123").as_deref(), Some("k00123"));
    }
}
