//! Names in the reader's alphabetical order. Norwegian and Danish put Æ Ø Å after Z (and
//! "Aa" with Å), Swedish Å Ä Ö after Z, English å with a: one byte order cannot serve them
//! all. Each person and organisation therefore carries a stored sort key per order, made by
//! CLDR's collation (`icu_collator`), and the lists order by the key with a plain index.
//!
//! Why stored keys and not SQLite collations: an index on a custom collation cannot be read,
//! checked (`PRAGMA integrity_check`) or written by anything that lacks the collation — a
//! backup opened in another tool, the independent SQLCipher reader, the integrity check run
//! on a bare connection. Keys are plain BLOBs compared byte by byte, so every reader uses the
//! indexes as they are. Only writing a name needs our code: triggers fill the keys through
//! [`SORT_KEY_FUNCTION`], so no write path can forget them, and a writer without the function
//! fails cleanly instead of leaving a stale key. Keys are made again on open whenever the
//! collation's output changes (a new CLDR in a new `icu_collator`), told by [`fingerprint`].

use std::sync::OnceLock;

use icu_collator::options::{CollatorOptions, Strength};
use icu_collator::{Collator, CollatorBorrowed};
use rusqlite::functions::{Context, FunctionFlags};
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::Result;
use crate::types::Language;

/// The SQL function the triggers call: `lagom_sort_key(order, part, ...)`, each part a text
/// or NULL, answering the key as a BLOB.
pub(crate) const SORT_KEY_FUNCTION: &str = "lagom_sort_key";

/// An alphabetical order the vault keeps keys for. Danish shares Norwegian's: CLDR orders the
/// two alike at the strength the keys are made with (Æ Ø Å after Z, "aa" as å).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum NameOrder {
    /// CLDR's root order, as English uses it: å with a, ø with o.
    #[default]
    En,
    /// Norwegian and Danish: … X Y Z Æ Ø Å.
    Nb,
    /// Swedish: … X Y Z Å Ä Ö.
    Sv,
}

impl NameOrder {
    /// Every order, each with a column per table.
    pub(crate) const ALL: [NameOrder; 3] = [NameOrder::En, NameOrder::Nb, NameOrder::Sv];

    /// The order a reader of `language` expects.
    pub(crate) fn of(language: Language) -> Self {
        match language {
            Language::En => NameOrder::En,
            Language::Nb | Language::Da => NameOrder::Nb,
            Language::Sv => NameOrder::Sv,
        }
    }

    /// The column holding this order's key, in `people` and in `organisations`.
    pub(crate) fn column(self) -> &'static str {
        match self {
            NameOrder::En => "sort_en",
            NameOrder::Nb => "sort_nb",
            NameOrder::Sv => "sort_sv",
        }
    }

    /// The name the SQL function is given.
    fn code(self) -> &'static str {
        match self {
            NameOrder::En => "en",
            NameOrder::Nb => "nb",
            NameOrder::Sv => "sv",
        }
    }

    fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == code)
    }

    fn collator(self) -> &'static CollatorBorrowed<'static> {
        static COLLATORS: [OnceLock<CollatorBorrowed<'static>>; 3] =
            [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        COLLATORS[self as usize].get_or_init(|| {
            let locale = match self {
                NameOrder::En => icu_locale_core::locale!("en"),
                NameOrder::Nb => icu_locale_core::locale!("nb"),
                NameOrder::Sv => icu_locale_core::locale!("sv"),
            };
            // Secondary strength: accents count, case does not (as the list's NOCASE order
            // before), which also keeps the keys short.
            let mut options = CollatorOptions::default();
            options.strength = Some(Strength::Secondary);
            Collator::try_new(locale.into(), options)
                .expect("the compiled CLDR data has a collation for every order we name")
        })
    }
}

/// The sort key of a name made of `parts` (last name, then first name), in `order`: keys
/// compare byte by byte as the names compare in that order, part by part.
pub(crate) fn sort_key(order: NameOrder, parts: &[Option<&str>]) -> Vec<u8> {
    let collator = order.collator();
    let mut key = Vec::with_capacity(32);
    for part in parts {
        let Ok(()) = collator.write_sort_key_to(part.unwrap_or("").trim(), &mut key);
        // The collator's keys hold no zero byte, so a zero ends a part: "Ås" + "Per" sorts
        // before "Åsheim" + "Anne" as the last names alone do.
        key.push(0);
    }
    key
}

/// A digest of the keys of a fixed set of names in every order: when a new collation makes
/// other keys, it changes, and the stored keys are made again (see [`refresh`]).
pub(crate) fn fingerprint() -> Vec<u8> {
    const PROBES: [&str; 12] = [
        "Aasen",
        "Andersen",
        "Ærø",
        "Ärlig",
        "Åsheim",
        "Öberg",
        "Øvrebø",
        "Ødegård",
        "de Vries",
        "Müller",
        "Łukasz",
        "Zahl",
    ];
    let mut digest = Sha256::new();
    for order in NameOrder::ALL {
        for probe in PROBES {
            digest.update(sort_key(order, &[Some(probe)]));
        }
    }
    digest.finalize().to_vec()
}

/// Makes `lagom_sort_key` callable on `conn`: before the migrations, since the triggers and
/// [`refresh`] call it.
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        SORT_KEY_FUNCTION,
        -1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx: &Context<'_>| {
            let order = ctx
                .get::<String>(0)
                .ok()
                .and_then(|c| NameOrder::parse(&c))
                .ok_or_else(|| rusqlite::Error::UserFunctionError("unknown name order".into()))?;
            let parts = (1..ctx.len())
                .map(|i| ctx.get::<Option<String>>(i))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let parts: Vec<Option<&str>> = parts.iter().map(Option::as_deref).collect();
            Ok(sort_key(order, &parts))
        },
    )
}

/// Makes every stored key again when the keys were made by another collation (or never):
/// after an upgrade, and after a new `icu_collator` changed what a key is. One statement per
/// table, in the caller's transaction.
pub(crate) fn refresh(conn: &Connection) -> Result<bool> {
    let now = fingerprint();
    let stored: Option<Vec<u8>> = conn
        .query_row("SELECT fingerprint FROM name_order", [], |r| r.get(0))
        .optional()?;
    if stored.as_deref() == Some(now.as_slice()) {
        return Ok(false);
    }
    let set = |parts: &str| {
        NameOrder::ALL
            .iter()
            .map(|o| {
                format!(
                    "{} = {SORT_KEY_FUNCTION}('{}', {parts})",
                    o.column(),
                    o.code()
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    conn.execute_batch(&format!(
        "UPDATE people SET {};
         UPDATE organisations SET {};
         DELETE FROM name_order;",
        set("last_name, first_name"),
        set("name"),
    ))?;
    conn.execute("INSERT INTO name_order (fingerprint) VALUES (?1)", [now])?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(order: NameOrder, names: &[&str]) -> Vec<String> {
        let mut names: Vec<&str> = names.to_vec();
        names.sort_by_key(|n| sort_key(order, &[Some(n)]));
        names.into_iter().map(str::to_owned).collect()
    }

    const NAMES: [&str; 8] = [
        "Åsheim", "Zahl", "Øvrebø", "Andersen", "Ærø", "Öberg", "Ärlig", "Berg",
    ];

    #[test]
    fn norwegian_puts_ae_o_slash_a_ring_after_z() {
        assert_eq!(
            sorted(NameOrder::Nb, &NAMES),
            [
                "Andersen", "Berg", "Zahl", "Ärlig", "Ærø", "Öberg", "Øvrebø", "Åsheim"
            ]
        );
    }

    #[test]
    fn norwegian_and_danish_sort_aa_as_a_ring() {
        assert_eq!(
            sorted(NameOrder::Nb, &["Åsheim", "Aasen", "Zahl", "Andersen"]),
            ["Andersen", "Zahl", "Aasen", "Åsheim"]
        );
        assert_eq!(NameOrder::of(Language::Da), NameOrder::Nb);
    }

    #[test]
    fn swedish_puts_a_ring_a_umlaut_o_umlaut_after_z() {
        assert_eq!(
            sorted(NameOrder::Sv, &NAMES),
            [
                "Andersen", "Berg", "Zahl", "Åsheim", "Ärlig", "Ærø", "Öberg", "Øvrebø"
            ]
        );
    }

    #[test]
    fn english_sorts_a_ring_with_a() {
        assert_eq!(
            sorted(NameOrder::En, &NAMES),
            [
                "Ærø", "Andersen", "Ärlig", "Åsheim", "Berg", "Öberg", "Øvrebø", "Zahl"
            ]
        );
    }

    #[test]
    fn case_does_not_count_but_accents_do() {
        let key = |s| sort_key(NameOrder::Nb, &[Some(s)]);
        assert_eq!(key("de vries"), key("De Vries"));
        assert!(key("Ode") < key("Öde"));
    }

    #[test]
    fn the_last_name_orders_before_the_first() {
        let key = |last, first| sort_key(NameOrder::Nb, &[Some(last), Some(first)]);
        assert!(key("Ås", "Per") < key("Åsheim", "Anne"));
        assert!(key("Berg", "Anne") < key("Berg", "Per"));
        assert!(key("Berg", "") < key("Berg", "Anne"));
    }

    #[test]
    fn keys_hold_no_zero_byte_but_the_part_ends() {
        for order in NameOrder::ALL {
            for name in NAMES
                .iter()
                .chain(&["", " ", "Łukasz", "O'Brien", "Smith-Jones", "李"])
            {
                let key = sort_key(order, &[Some(name)]);
                assert_eq!(key.iter().filter(|b| **b == 0).count(), 1, "{name}");
                assert_eq!(key.last(), Some(&0));
            }
        }
    }

    #[test]
    fn the_function_answers_as_the_rust_key() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let key: Vec<u8> = conn
            .query_row("SELECT lagom_sort_key('sv', 'Öberg', NULL)", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(key, sort_key(NameOrder::Sv, &[Some("Öberg"), None]));
        assert!(
            conn.query_row("SELECT lagom_sort_key('xx', 'a')", [], |r| r
                .get::<_, Vec<u8>>(0))
                .is_err()
        );
    }
}
