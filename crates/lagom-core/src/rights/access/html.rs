//! The human-readable summary: `assets/subject-access/summary.html` rendered with minijinja
//! in the person's language. Autoescaping is on for the template (its name ends in `.html`),
//! so a name like `<script>` is shown as text; the words come from one catalogue per
//! language beside the template, each with the same keys as the English one.

use minijinja::{Environment, Value, context};

use super::bundle::SubjectAccess;
use crate::types::Language;
use crate::{Error, Result};

const TEMPLATE_NAME: &str = "summary.html";
const TEMPLATE: &str = include_str!("../../../../../assets/subject-access/summary.html");

/// The catalogue of words for a language.
pub(crate) fn catalogue(language: Language) -> &'static str {
    match language {
        Language::En => include_str!("../../../../../assets/subject-access/en.json"),
        Language::Nb => include_str!("../../../../../assets/subject-access/nb.json"),
        Language::Sv => include_str!("../../../../../assets/subject-access/sv.json"),
        Language::Da => include_str!("../../../../../assets/subject-access/da.json"),
    }
}

fn failed(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("the subject-access summary could not be made: {e}"))
}

/// A time as `YYYY-MM-DD HH:MM` (UTC), for people.
fn when(text: String) -> String {
    match (text.get(..10), text.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => text,
    }
}

/// The date part of a time.
fn day(text: String) -> String {
    text.get(..10).map(str::to_owned).unwrap_or(text)
}

/// An amount in minor units (øre, cents) as `1 234.50 NOK`.
fn money(minor: i64, currency: Option<String>) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('\u{a0}');
        }
        grouped.push(c);
    }
    let currency = currency.map(|c| format!(" {c}")).unwrap_or_default();
    format!("{sign}{grouped}.{:02}{currency}", abs % 100)
}

/// The person's name as the summary heads it: their name, or their e-mail address.
pub(crate) fn display_name(b: &SubjectAccess) -> String {
    let name = format!("{} {}", b.person.first_name, b.person.last_name);
    let name = name.trim();
    if name.is_empty() {
        b.person.email.clone().unwrap_or_default()
    } else {
        name.to_owned()
    }
}

/// Renders the summary.
pub(crate) fn summary(b: &SubjectAccess) -> Result<String> {
    let mut env = Environment::new();
    env.add_template(TEMPLATE_NAME, TEMPLATE).map_err(failed)?;
    env.add_filter("when", when);
    env.add_filter("day", day);
    env.add_filter("money", money);
    let words: serde_json::Value = serde_json::from_str(catalogue(b.language)).map_err(failed)?;
    let controller_name = if b.controller.name.is_empty() {
        words["controller_unknown"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    } else {
        b.controller.name.clone()
    };
    env.get_template(TEMPLATE_NAME)
        .and_then(|t| {
            t.render(context! {
                t => Value::from_serialize(&words),
                b => Value::from_serialize(b),
                name => display_name(b),
                controller_name => controller_name,
            })
        })
        .map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(prefix: &str, v: &serde_json::Value, out: &mut Vec<String>) {
        if let Some(map) = v.as_object() {
            for (k, child) in map {
                keys(&format!("{prefix}.{k}"), child, out);
            }
        } else {
            out.push(prefix.to_owned());
        }
    }

    #[test]
    fn every_language_has_every_word_the_english_has() {
        let of = |l| {
            let v: serde_json::Value = serde_json::from_str(catalogue(l)).unwrap();
            let mut out = Vec::new();
            keys("", &v, &mut out);
            out.sort();
            out
        };
        let english = of(Language::En);
        for l in Language::ALL {
            assert_eq!(of(l), english, "{}", l.as_str());
            let v: serde_json::Value = serde_json::from_str(catalogue(l)).unwrap();
            assert_eq!(v["lang"], l.as_str());
            for placeholder in ["{controller}", "{date}"] {
                assert!(v["intro"].as_str().unwrap().contains(placeholder));
            }
        }
    }

    #[test]
    fn amounts_and_times_read_as_people_write_them() {
        assert_eq!(money(12_345_678, Some("NOK".into())), "123\u{a0}456.78 NOK");
        assert_eq!(money(-5, None), "-0.05");
        assert_eq!(money(100_000, Some("SEK".into())), "1\u{a0}000.00 SEK");
        assert_eq!(
            when("2025-03-04T10:11:12.000Z".into()),
            "2025-03-04 10:11 UTC"
        );
        assert_eq!(day("2025-03-04T10:11:12.000Z".into()), "2025-03-04");
        assert_eq!(day("x".into()), "x");
    }
}
