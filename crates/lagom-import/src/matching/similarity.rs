//! How alike two folded names are: Jaro-Winkler similarity (0–1, favouring a shared start),
//! and whether one typing slip (a letter wrong, missing, extra, or two swapped) turns one
//! into the other. Both work on bytes of folded text and allocate nothing; names are folded
//! to at most 64 bytes, and longer input is compared on its first 64.

/// Bytes compared at most.
const MAX: usize = 64;

/// Jaro similarity: the share of letters the two have in common near the same place, less
/// half of those in another order.
fn jaro(a: &[u8], b: &[u8]) -> f64 {
    let (a, b) = (&a[..a.len().min(MAX)], &b[..b.len().min(MAX)]);
    if a.is_empty() || b.is_empty() {
        return if a.is_empty() && b.is_empty() {
            1.0
        } else {
            0.0
        };
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let (mut in_a, mut in_b) = (0u64, 0u64);
    let mut matches = 0u32;
    for (i, x) in a.iter().enumerate() {
        let from = i.saturating_sub(window);
        let to = (i + window + 1).min(b.len());
        for (j, y) in b.iter().enumerate().take(to).skip(from) {
            if in_b & (1 << j) == 0 && y == x {
                in_a |= 1 << i;
                in_b |= 1 << j;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut out_of_order = 0u32;
    let mut j = 0;
    for (i, x) in a.iter().enumerate() {
        if in_a & (1 << i) == 0 {
            continue;
        }
        while in_b & (1 << j) == 0 {
            j += 1;
        }
        if b[j] != *x {
            out_of_order += 1;
        }
        j += 1;
    }
    let m = f64::from(matches);
    let t = f64::from(out_of_order / 2);
    (m / a.len() as f64 + m / b.len() as f64 + (m - t) / m) / 3.0
}

/// Jaro-Winkler similarity, 0 (nothing alike) to 1 (the same): Jaro raised for a common start
/// of up to four letters, as names that start alike are more often one name.
pub(crate) fn jaro_winkler(a: &str, b: &str) -> f64 {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let j = jaro(a, b);
    if j <= 0.7 {
        return j;
    }
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count();
    j + prefix as f64 * 0.1 * (1.0 - j)
}

/// Whether `a` and `b` differ by at most one slip: a letter replaced, left out, added, or two
/// neighbours swapped (Damerau-Levenshtein distance ≤ 1).
pub(crate) fn one_slip(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let Some(i) = short.iter().zip(long).position(|(x, y)| x != y) else {
        return true; // equal, or one letter added at the end
    };
    if short.len() == long.len() {
        let replaced = short[i + 1..] == long[i + 1..];
        let swapped = i + 1 < short.len()
            && short[i] == long[i + 1]
            && short[i + 1] == long[i]
            && short[i + 2..] == long[i + 2..];
        replaced || swapped
    } else {
        short[i..] == long[i + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaro_winkler_agrees_with_the_textbook_figures() {
        let close = |a, b, want: f64| {
            let got = jaro_winkler(a, b);
            assert!((got - want).abs() < 0.001, "{a} {b}: {got}");
        };
        close("martha", "marhta", 0.961);
        close("dwayne", "duane", 0.840);
        close("dixon", "dicksonx", 0.813);
        close("kari", "kari", 1.0);
        close("", "kari", 0.0);
        close("", "", 1.0);
        close("abc", "xyz", 0.0);
        // Longer than 64 bytes: compared on the first 64, without panicking.
        let long = "a".repeat(200);
        assert!(jaro_winkler(&long, &long) > 0.99);
    }

    #[test]
    fn one_slip_is_one_letter_wrong_missing_extra_or_swapped() {
        for (a, b) in [
            ("hansen", "hansen"),
            ("hansen", "hamsen"),
            ("hansen", "hanssen"),
            ("hansen", "ansen"),
            ("hansen", "hasnen"),
            ("hansen", "hanse"),
            ("", "a"),
        ] {
            assert!(one_slip(a, b) && one_slip(b, a), "{a} {b}");
        }
        for (a, b) in [
            ("hansen", "jensen"),
            ("hansen", "hanssens"),
            ("hansen", "ahnsne"),
            ("", "ab"),
        ] {
            assert!(!one_slip(a, b) && !one_slip(b, a), "{a} {b}");
        }
    }
}
