//! Merging a person from a file into one already known, field by field: an empty field is
//! filled, an equal one (ignoring case) is left alone, and where both hold different values
//! the [`ConflictRule`] decides. Tags are joined.

use serde::{Deserialize, Serialize};

use crate::people::PersonFields;

/// Which value wins where the file and the vault disagree.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ConflictRule {
    /// The value already known is kept; the file only fills empty fields.
    #[default]
    KeepExisting,
    /// The file's value replaces the one known.
    PreferImported,
}

impl ConflictRule {
    /// Reads `keep` or `replace`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "keep" | "keep_existing" => Some(Self::KeepExisting),
            "replace" | "prefer_imported" => Some(Self::PreferImported),
            _ => None,
        }
    }
}

/// A field where both sides hold a value and they differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct FieldConflict {
    /// The field's name.
    pub field: &'static str,
    /// The value known.
    pub existing: String,
    /// The file's value.
    pub imported: String,
    /// Whether the file's value was taken.
    pub imported_wins: bool,
}

/// The outcome of a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Merged {
    /// The person as they will be.
    pub fields: PersonFields,
    /// Fields whose value changed (tags included).
    pub changed: Vec<&'static str>,
    /// Fields where the two disagreed.
    pub conflicts: Vec<FieldConflict>,
    /// Tags the file adds.
    pub new_tags: Vec<String>,
}

fn same(a: &str, b: &str) -> bool {
    a == b || a.to_lowercase() == b.to_lowercase()
}

/// Merges `imported` into `existing` (the status is always the existing one).
pub(crate) fn merge(
    existing: &PersonFields,
    imported: &PersonFields,
    rule: ConflictRule,
) -> Merged {
    let mut out = existing.clone();
    let mut changed = Vec::new();
    let mut conflicts = Vec::new();
    let mut one = |field: &'static str, target: &mut String, incoming: &str| {
        if incoming.is_empty() || same(target, incoming) {
            return;
        }
        if target.is_empty() {
            *target = incoming.to_owned();
            changed.push(field);
            return;
        }
        let imported_wins = rule == ConflictRule::PreferImported;
        conflicts.push(FieldConflict {
            field,
            existing: target.clone(),
            imported: incoming.to_owned(),
            imported_wins,
        });
        if imported_wins {
            *target = incoming.to_owned();
            changed.push(field);
        }
    };
    one("first_name", &mut out.first_name, &imported.first_name);
    one("last_name", &mut out.last_name, &imported.last_name);
    macro_rules! optional {
        ($($f:ident),*) => {$(
            let mut value = out.$f.take().unwrap_or_default();
            one(stringify!($f), &mut value, imported.$f.as_deref().unwrap_or(""));
            out.$f = (!value.is_empty()).then_some(value);
        )*};
    }
    optional!(
        email,
        phone,
        title,
        organisation,
        address,
        postcode,
        city,
        country,
        customer_number
    );
    let new_tags: Vec<String> = imported
        .tags
        .iter()
        .filter(|t| !out.tags.iter().any(|o| same(o, t)))
        .cloned()
        .collect();
    if !new_tags.is_empty() {
        out.tags.extend(new_tags.iter().cloned());
        changed.push("tags");
    }
    Merged {
        fields: out,
        changed,
        conflicts,
        new_tags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kari() -> PersonFields {
        PersonFields {
            first_name: "Kari".into(),
            last_name: "Nordmann".into(),
            email: Some("kari@fjordror.no".into()),
            phone: Some("+4791234567".into()),
            tags: vec!["kunde".into()],
            ..PersonFields::default()
        }
    }

    #[test]
    fn empty_fields_are_filled_and_equal_ones_left() {
        let imported = PersonFields {
            first_name: "KARI".into(),
            title: Some("Daglig leder".into()),
            city: Some("Oslo".into()),
            tags: vec!["Kunde".into(), "messe 2025".into()],
            ..PersonFields::default()
        };
        let m = merge(&kari(), &imported, ConflictRule::KeepExisting);
        assert_eq!(m.changed, ["title", "city", "tags"]);
        assert!(m.conflicts.is_empty());
        assert_eq!(m.fields.first_name, "Kari", "case alone is no change");
        assert_eq!(m.fields.tags, ["kunde", "messe 2025"]);
        assert_eq!(m.new_tags, ["messe 2025"]);
    }

    #[test]
    fn conflicts_follow_the_rule() {
        let imported = PersonFields {
            phone: Some("+4798765432".into()),
            ..PersonFields::default()
        };
        let keep = merge(&kari(), &imported, ConflictRule::KeepExisting);
        assert_eq!(keep.fields.phone.as_deref(), Some("+4791234567"));
        assert!(keep.changed.is_empty());
        assert_eq!(keep.conflicts.len(), 1);
        assert!(!keep.conflicts[0].imported_wins);
        let replace = merge(&kari(), &imported, ConflictRule::PreferImported);
        assert_eq!(replace.fields.phone.as_deref(), Some("+4798765432"));
        assert_eq!(replace.changed, ["phone"]);
        assert!(replace.conflicts[0].imported_wins);
    }

    #[test]
    fn nothing_new_is_no_change() {
        let m = merge(&kari(), &kari(), ConflictRule::PreferImported);
        assert!(m.changed.is_empty() && m.conflicts.is_empty());
        assert_eq!(m.fields, kari());
    }
}
