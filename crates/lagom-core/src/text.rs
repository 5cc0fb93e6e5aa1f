//! Text as every feature stores it: trimmed, in Unicode NFC, of a sane length, without
//! control characters; and the serde helper that tells a field sent as `null` from one left
//! out.

use serde::Deserialize;
use unicode_normalization::{IsNormalized, UnicodeNormalization};

use crate::{Error, Result};

/// The longest text a single field may hold.
const MAX_FIELD_CHARS: usize = 500;

/// Trimmed and in Unicode NFC, so that "å" typed as one character or as "a" plus a ring is
/// stored, compared and searched alike.
pub(crate) fn clean(field: &'static str, value: &str) -> Result<String> {
    // Most text is already composed; checking is far cheaper than recomposing.
    let composed: std::borrow::Cow<'_, str> =
        if unicode_normalization::is_nfc_quick(value.chars()) == IsNormalized::Yes {
            std::borrow::Cow::Borrowed(value)
        } else {
            std::borrow::Cow::Owned(value.nfc().collect())
        };
    let v = composed.trim();
    if v.chars().count() > MAX_FIELD_CHARS {
        return Err(Error::validation(
            field,
            format!("is longer than {MAX_FIELD_CHARS} characters"),
        ));
    }
    if v.chars().any(|c| c.is_control()) {
        return Err(Error::validation(field, "contains control characters"));
    }
    Ok(v.to_owned())
}

pub(crate) fn clean_optional(field: &'static str, value: Option<&str>) -> Result<Option<String>> {
    match value {
        None => Ok(None),
        Some(v) => {
            let v = clean(field, v)?;
            Ok((!v.is_empty()).then_some(v))
        }
    }
}

/// Tells a field given as `null` (`Some(None)`) from one left out (`None`).
pub(crate) fn present<'de, D, T>(d: D) -> std::result::Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// The values a query joined with `group_concat(value, char(31))`: a person's further
/// addresses and numbers come that way (U+001F, a character no cleaned value holds).
pub(crate) fn joined_values(joined: Option<&str>) -> impl Iterator<Item = &str> {
    joined
        .into_iter()
        .flat_map(|j| j.split('\u{1f}'))
        .filter(|v| !v.is_empty())
}

/// A cell for a CSV file a spreadsheet will open: text that starts like a formula (`=`,
/// `+`, `-`, `@`, or a tab or carriage return, which spreadsheets skip before one) gets a
/// leading apostrophe, so opening the file runs nothing.
pub(crate) fn spreadsheet_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}
