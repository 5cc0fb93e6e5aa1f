//! A sound key for Nordic names: spellings of one name that sound alike get the same key, so
//! that Kjær and Kjaer, Christiansen and Kristiansen, Nilsen, Nielsen and Nilsson, Åse and
//! Aase fall into the same block and are compared.
//!
//! The rules, in the order they apply to a word:
//!
//! 1. Letters: æ and ä are e; ø, ö and œ are o; å is o (as it sounds); ü and y are i; other
//!    accents are dropped. "aa" is å, "ae" æ, "oe" ø.
//! 2. The sj-sound (sj, skj, stj, sch before a vowel, sh; ch at the start before a vowel, as in
//!    Charlotte) is one letter, and the kj-sound (kj, tj) another.
//! 3. ch is k (Christian, Michael), ck, q and c before a, o, u are k, c before e, i, y is s,
//!    qu is kv, x is ks, w is v, ph is f, th is t, z is s, dt is t; gj, dj and the silent h of
//!    hj, hv and the l of lj at the start are j or v. An h after the first letter is silent
//!    (Dahl, Lindh, Bergh).
//! 4. d after the first letter is t (Pedersen and Petersen, Madsen and Matsson), and silent
//!    after n, l or r before a consonant or at the end (Svendsen, Lindqvist); v before a
//!    consonant or at the end is f (Gustav and Gustaf); ei, ej and ey are ei; ie is i
//!    (Nielsen).
//! 5. Doubled letters are one (Hanssen, Jonsson, Mattsson).
//! 6. The patronymic endings -sen, -son, -ssen, -sson, -søn are one ending.
//!
//! The key is for blocking, not for deciding: two names with one key are compared, and the
//! comparison decides.

/// The kj-sound, written as one letter in a key.
const KJ: u8 = b'C';
/// The sj-sound, written as one letter in a key.
const SJ: u8 = b'X';

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// Letters of a word for the key (rule 1 for single letters): lower-case ASCII letters only.
fn letters(word: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        let spelled: &[u8] = match c {
            'æ' | 'ä' => b"e",
            'ø' | 'ö' | 'œ' | 'å' => b"o",
            'ü' | 'ý' | 'ÿ' => b"i",
            'ß' => b"s",
            'þ' => b"t",
            c if c.is_ascii_alphabetic() => {
                out.push(c as u8);
                continue;
            }
            c => match super::fold::words(c.encode_utf8(&mut [0; 4])).as_bytes() {
                s if !s.is_empty() && s.iter().all(u8::is_ascii_lowercase) => {
                    out.extend_from_slice(s);
                    continue;
                }
                _ => continue,
            },
        };
        out.extend_from_slice(spelled);
    }
    out
}

/// The sound key of one word of a name (see the module's rules). Empty for a word without
/// letters.
pub fn key(word: &str) -> String {
    let s = letters(word);
    let at = |i: usize| s.get(i).copied().unwrap_or(0);
    let mut out: Vec<u8> = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let (c, next, after) = (s[i], at(i + 1), at(i + 2));
        let start = i == 0;
        let (sound, used): (&[u8], usize) = match (c, next) {
            (b'a', b'a') => (b"o", 2),
            (b'a', b'e') => (b"e", 2),
            (b'o', b'e') => (b"o", 2),
            (b'e', b'j' | b'y') => (b"ei", 2),
            (b'i', b'e') => (b"i", 2),
            (b's', b'k') if matches!(after, b'j') => (&[SJ], 3),
            (b's', b't') if matches!(after, b'j') => (&[SJ], 3),
            (b's', b'c') if after == b'h' => {
                if is_vowel(at(i + 3)) || at(i + 3) == b'j' {
                    (&[SJ], if at(i + 3) == b'j' { 4 } else { 3 })
                } else {
                    (b"s", 3)
                }
            }
            (b's', b'j' | b'h') => (&[SJ], 2),
            (b'k' | b't', b'j') => (&[KJ], 2),
            (b'c', b'h') if start && is_vowel(after) => (&[SJ], 2),
            (b'c', b'h' | b'k') => (b"k", 2),
            (b'c', b'e' | b'i' | b'y') => (b"s", 1),
            (b'c', _) => (b"k", 1),
            (b'q', b'u') => (b"kv", 2),
            (b'q', _) => (b"k", 1),
            (b'x', _) => (b"ks", 1),
            (b'w', _) => (b"v", 1),
            (b'p', b'h') => (b"f", 2),
            (b't', b'h') => (b"t", 2),
            (b'z', _) => (b"s", 1),
            (b'd', b't') => (b"t", 2),
            (b'g' | b'd', b'j') => (b"j", 2),
            (b'h', b'j' | b'v') if start => (b"", 1),
            (b'l', b'j') if start => (b"j", 2),
            (b'h', _) if !start => (b"", 1),
            (b'd', _) if !start => {
                let silent = matches!(s[i - 1], b'n' | b'l' | b'r') && !is_vowel(next);
                (if silent { b"" } else { b"t" }, 1)
            }
            (b'v', _) if !start && !is_vowel(next) => (b"f", 1),
            (b'y', _) => (b"i", 1),
            _ => (std::slice::from_ref(&s[i]), 1),
        };
        for &letter in sound {
            if out.last() != Some(&letter) {
                out.push(letter);
            }
        }
        i += used;
    }
    // Rule 6: one patronymic ending.
    if out.len() >= 5 && (out.ends_with(b"sen") || out.ends_with(b"son")) {
        out.truncate(out.len() - 3);
        out.extend_from_slice(b"sn");
    }
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn nordic_spellings_of_one_name_share_a_key() {
        let groups: &[&[&str]] = &[
            &["Kjær", "Kjaer", "KJÆR"],
            &[
                "Christiansen",
                "Kristiansen",
                "Kristianson",
                "Christianssen",
            ],
            &["Nilsen", "Nielsen", "Nilsson", "Nilssen"],
            &["Hansen", "Hanssen", "Hansson", "Hanson"],
            &["Johansen", "Johansson", "Johanson"],
            &["Jensen", "Jenssen", "Jensén"],
            &[
                "Pedersen",
                "Petersen",
                "Peterson",
                "Pettersson",
                "Pettersen",
            ],
            &["Madsen", "Matsson", "Mattson"],
            &["Svendsen", "Svensson", "Svenson"],
            &["Knudsen", "Knutsen", "Knutsson"],
            &["Åse", "Aase", "Ose"],
            &["Bjørn", "Björn", "Bjoern"],
            &["Søren", "Sören", "Soeren"],
            &["Sjøberg", "Schöberg", "Skjøberg", "Sjoberg"],
            &["Kjell", "Tjell"],
            &["Thomas", "Tomas"],
            &["Philip", "Filip", "Phillip"],
            &["Wilhelmsen", "Vilhelmsen"],
            &["Zakariassen", "Sakariassen", "Zachariassen"],
            &["Dahl", "Dal"],
            &["Lindh", "Lind"],
            &["Berg", "Bergh"],
            &["Lindqvist", "Lindquist", "Lindkvist"],
            &["Gustav", "Gustaf"],
            &["Eriksen", "Ericksen", "Erichsen", "Eriksson"],
            &["Jacobsen", "Jakobsen", "Jakobsson"],
            &["Hjalmar", "Jalmar"],
            &["Hvid", "Vid"],
            &["Michael", "Mikael", "Mickael"],
            &["Cecilie", "Sesilie"],
            &["Nygård", "Nygaard"],
            &["Charlotte", "Sjarlotte"],
            &["Axel", "Aksel"],
            &["Mortensen", "Mårtensson"],
            &["Ljung", "Jung"],
            &["Gjertrud", "Jertrud"],
            &["Schmidt", "Smidt", "Smith"],
        ];
        for group in groups {
            let first = key(group[0]);
            assert!(!first.is_empty());
            for name in &group[1..] {
                assert_eq!(key(name), first, "{name} and {}", group[0]);
            }
        }
    }

    #[test]
    fn different_names_keep_different_keys() {
        for (a, b) in [
            ("Hansen", "Jensen"),
            ("Hansen", "Jonsson"),
            ("Olsen", "Olesen"),
            ("Nilsen", "Nelson"),
            ("Johansen", "Johannessen"),
            ("Berg", "Borg"),
            ("Anne", "Anna"),
            ("Kari", "Karin"),
            ("Lars", "Lasse"),
            ("Per", "Pål"),
            ("Kristin", "Kristian"),
            ("Andersen", "Andreassen"),
        ] {
            assert_ne!(key(a), key(b), "{a} and {b}");
        }
    }

    #[test]
    fn a_key_is_made_of_letters_only() {
        assert_eq!(key(""), "");
        assert_eq!(key("123-"), "");
        assert_eq!(key("O'Neill"), key("ONeill"));
        assert_eq!(key("Müller"), key("Miller"));
        assert_eq!(key("Ива"), "", "letters of other scripts are left out");
    }
}
