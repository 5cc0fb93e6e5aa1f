//! vCard 2.1, 3.0 and 4.0 contact files (many contacts per file, as phones and mail programs
//! export them), read into a table with one row per contact, so they go through the same
//! mapping as spreadsheets.
//!
//! Handled: folded lines (a line starting with a space or tab continues the one before),
//! `QUOTED-PRINTABLE` values with their soft line breaks and `CHARSET`, escaped `\,` `\;`
//! `\n`, grouped properties (`item1.EMAIL`), and several e-mail addresses and phone numbers:
//! the preferred one (marked `PREF`, else a work address or a mobile number) fills "E-mail" or
//! "Phone", the others go to "Other e-mails" or "Other phones" with their types, separated by
//! "; ", so nothing is lost.

use std::ops::ControlFlow;

use encoding_rs::Encoding;

use crate::RowSink;

/// The columns of the table a vCard file becomes, in order.
pub const COLUMNS: [&str; 14] = [
    "Full name",
    "First name",
    "Last name",
    "Organisation",
    "Title",
    "E-mail",
    "Other e-mails",
    "Phone",
    "Other phones",
    "Street",
    "Postcode",
    "City",
    "Country",
    "Note",
];

fn column(name: &str) -> usize {
    COLUMNS
        .iter()
        .position(|c| *c == name)
        .expect("a known column")
}

/// One property line: name, parameters (upper-cased names), raw value.
struct Property {
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Property {
    fn types(&self) -> Vec<String> {
        self.params
            .iter()
            .filter(|(k, _)| k == "TYPE" || k.is_empty())
            .flat_map(|(_, v)| v.split(',').map(|t| t.trim().to_ascii_lowercase()))
            .collect()
    }

    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Joins folded lines. Quoted-printable values end a line with `=` to continue it on the
/// next, which is not folding in the vCard sense, so those are joined too.
fn unfold(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut qp_continues = false;
    for raw in text.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if qp_continues && let Some(last) = lines.last_mut() {
            last.pop();
            last.push_str(line);
            qp_continues =
                last.ends_with('=') && last.to_ascii_uppercase().contains("QUOTED-PRINTABLE");
            continue;
        }
        if let (Some(rest), Some(last)) = (line.strip_prefix([' ', '\t']), lines.last_mut()) {
            last.push_str(rest);
        } else if !line.is_empty() {
            lines.push(line.to_owned());
        }
        qp_continues = lines.last().is_some_and(|l| {
            l.ends_with('=')
                && l.split(':')
                    .next()
                    .is_some_and(|h| h.to_ascii_uppercase().contains("QUOTED-PRINTABLE"))
        });
    }
    lines
}

fn parse_line(line: &str) -> Option<Property> {
    // The value starts at the first colon that is not inside a quoted parameter value.
    let mut in_quotes = false;
    let colon = line
        .char_indices()
        .find(|&(_, c)| {
            if c == '"' {
                in_quotes = !in_quotes;
            }
            c == ':' && !in_quotes
        })?
        .0;
    let (head, value) = (&line[..colon], &line[colon + 1..]);
    let mut parts = head.split(';');
    let name = parts.next()?.trim();
    // Grouped properties ("item1.EMAIL") belong to their kind.
    let name = name.rsplit('.').next().unwrap_or(name).to_ascii_uppercase();
    let params = parts
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (
                k.trim().to_ascii_uppercase(),
                v.trim().trim_matches('"').to_owned(),
            ),
            // vCard 2.1 writes bare types: "TEL;CELL;PREF:".
            None => (String::new(), p.trim().to_owned()),
        })
        .collect();
    Some(Property {
        name,
        params,
        value: value.to_owned(),
    })
}

/// The value as text: quoted-printable decoded in its charset.
fn decoded(p: &Property) -> String {
    let qp = p
        .param("ENCODING")
        .is_some_and(|e| e.eq_ignore_ascii_case("QUOTED-PRINTABLE"))
        || p.params
            .iter()
            .any(|(k, v)| k.is_empty() && v.eq_ignore_ascii_case("QUOTED-PRINTABLE"));
    if !qp {
        return p.value.clone();
    }
    let bytes = quoted_printable::decode(p.value.as_bytes(), quoted_printable::ParseMode::Robust)
        .unwrap_or_else(|_| p.value.as_bytes().to_vec());
    let encoding = p
        .param("CHARSET")
        .and_then(|c| Encoding::for_label(c.as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    encoding.decode_without_bom_handling(&bytes).0.into_owned()
}

/// Splits a structured value on unescaped `;` and unescapes each part.
fn components(value: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => out.last_mut().map(|s| s.push('\n')).unwrap_or(()),
                Some(other) => out.last_mut().map(|s| s.push(other)).unwrap_or(()),
                None => {}
            },
            ';' => out.push(String::new()),
            c => out.last_mut().map(|s| s.push(c)).unwrap_or(()),
        }
    }
    out.into_iter().map(|s| s.trim().to_owned()).collect()
}

fn text(value: &str) -> String {
    components(value).join(" ").trim().to_owned()
}

#[derive(Default)]
struct Contact {
    cells: Vec<String>,
    line: u64,
    /// (rank, type, value): the lowest rank becomes the main address or number.
    emails: Vec<(u8, &'static str, String)>,
    phones: Vec<(u8, &'static str, String)>,
}

/// Puts the best-ranked value in `main` and the rest, with their types, in `others`.
fn choose(
    cells: &mut [String],
    values: &mut [(u8, &'static str, String)],
    main: &str,
    others: &str,
) {
    values.sort_by_key(|(rank, _, _)| *rank);
    let mut iter = values.iter();
    if let Some((_, _, v)) = iter.next() {
        cells[column(main)] = v.clone();
    }
    cells[column(others)] = iter
        .map(|(_, t, v)| format!("{v} ({t})"))
        .collect::<Vec<_>>()
        .join("; ");
}

impl Contact {
    fn new(line: u64) -> Self {
        Self {
            cells: vec![String::new(); COLUMNS.len()],
            line,
            ..Self::default()
        }
    }

    fn into_cells(mut self) -> Vec<String> {
        choose(&mut self.cells, &mut self.emails, "E-mail", "Other e-mails");
        choose(&mut self.cells, &mut self.phones, "Phone", "Other phones");
        self.cells
    }

    fn add(&mut self, column_name: &str, value: String) {
        if value.is_empty() {
            return;
        }
        let cell = &mut self.cells[column(column_name)];
        if cell.is_empty() {
            *cell = value;
        } else if !cell.split("; ").any(|v| v == value) {
            cell.push_str("; ");
            cell.push_str(&value);
        }
    }

    fn apply(&mut self, p: &Property) {
        let value = decoded(p);
        let types = p.types();
        let has = |t: &str| types.iter().any(|x| x == t);
        match p.name.as_str() {
            "FN" => self.add("Full name", text(&value)),
            "N" => {
                let parts = components(&value);
                self.add("Last name", parts.first().cloned().unwrap_or_default());
                let given: Vec<&str> = parts
                    .iter()
                    .skip(1)
                    .take(2)
                    .map(String::as_str)
                    .filter(|s| !s.is_empty())
                    .collect();
                self.add("First name", given.join(" "));
            }
            "ORG" => self.add(
                "Organisation",
                components(&value)
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            "TITLE" => self.add("Title", text(&value)),
            "EMAIL" => {
                let pref = has("pref") || p.param("PREF").is_some();
                let (rank, kind) = if has("work") {
                    (1, "work")
                } else if has("home") {
                    (2, "home")
                } else {
                    (3, "other")
                };
                let value = text(&value);
                if !value.is_empty() && !self.emails.iter().any(|(_, _, v)| *v == value) {
                    self.emails.push((if pref { 0 } else { rank }, kind, value));
                }
            }
            "TEL" => {
                let pref = has("pref") || p.param("PREF").is_some();
                let (rank, kind) = if has("cell") || has("mobile") {
                    (1, "mobile")
                } else if has("work") {
                    (2, "work")
                } else if has("home") {
                    (3, "home")
                } else {
                    (4, "other")
                };
                let number = text(value.trim_start_matches("tel:"));
                if !number.is_empty() && !self.phones.iter().any(|(_, _, v)| *v == number) {
                    self.phones
                        .push((if pref { 0 } else { rank }, kind, number));
                }
            }
            "ADR" => {
                // PO box; extended; street; locality; region; postcode; country
                let a = components(&value);
                let get = |i: usize| a.get(i).cloned().unwrap_or_default();
                let street = [get(0), get(1), get(2)]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                self.add("Street", street);
                self.add("City", get(3));
                self.add("Postcode", get(5));
                self.add("Country", get(6));
            }
            "NOTE" => self.add("Note", text(&value)),
            _ => {}
        }
    }
}

/// What reading a vCard file found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VcardStats {
    /// Contacts read.
    pub contacts: u64,
    /// Lines that were not properties (no colon) and were skipped.
    pub skipped_lines: u64,
}

/// Reads every contact of a vCard file (already decoded to text) into `sink`: first a header
/// row of [`COLUMNS`], then one row per contact, given the line its `BEGIN:VCARD` is on.
pub fn read_vcards(text: &str, sink: &mut impl RowSink) -> VcardStats {
    let mut stats = VcardStats::default();
    if let ControlFlow::Break(()) = sink.row(1, 0, &COLUMNS) {
        return stats;
    }
    let mut current: Option<Contact> = None;
    let mut line_no = 0u64;
    // Line numbers count physical lines, so they are found again in an editor.
    let mut physical = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .peekable();
    for line in unfold(text) {
        // Advance the physical line counter to this logical line's start.
        for p in physical.by_ref() {
            line_no += 1;
            if !p.is_empty() && line.starts_with(p.trim_end_matches('=')) {
                break;
            }
        }
        let Some(p) = parse_line(&line) else {
            stats.skipped_lines += 1;
            continue;
        };
        match (
            p.name.as_str(),
            p.value.trim().to_ascii_uppercase().as_str(),
        ) {
            ("BEGIN", "VCARD") => current = Some(Contact::new(line_no)),
            ("END", "VCARD") => {
                if let Some(contact) = current.take() {
                    stats.contacts += 1;
                    let line = contact.line;
                    let owned = contact.into_cells();
                    let cells: Vec<&str> = owned.iter().map(String::as_str).collect();
                    if let ControlFlow::Break(()) = sink.row(stats.contacts + 1, line, &cells) {
                        return stats;
                    }
                }
            }
            _ => {
                if let Some(contact) = current.as_mut() {
                    contact.apply(&p);
                }
            }
        }
    }
    stats
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Table;

    fn contact(text: &str) -> Vec<(String, String)> {
        let mut table = Table::default();
        read_vcards(text, &mut table);
        assert_eq!(table.rows.len(), 2, "one contact in {text:?}");
        COLUMNS
            .iter()
            .zip(&table.rows[1])
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    fn pairs(spec: &[(&str, &str)]) -> Vec<(String, String)> {
        spec.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn vcard_3_with_folding_types_and_escapes() {
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Kjær;Bjørn;;;\r\nFN:Bjørn Kjær\r\nORG:Fjord Rør AS;Salg\r\n\
                    EMAIL;TYPE=INTERNET,WORK:bjorn@fjordror.no\r\nEMAIL;TYPE=HOME:bjorn.kjaer@\r\n example.com\r\n\
                    TEL;TYPE=CELL:+47 912 34 567\r\nTEL;TYPE=WORK,VOICE:22 00 00 00\r\n\
                    ADR;TYPE=WORK:;;Storgata 1\\, 2. etg;Oslo;;0150;Norway\r\nNOTE:Liker kaffe\\nRinger helst før 10\r\nEND:VCARD\r\n";
        assert_eq!(
            contact(card),
            pairs(&[
                ("Full name", "Bjørn Kjær"),
                ("First name", "Bjørn"),
                ("Last name", "Kjær"),
                ("Organisation", "Fjord Rør AS, Salg"),
                ("E-mail", "bjorn@fjordror.no"),
                ("Other e-mails", "bjorn.kjaer@example.com (home)"),
                ("Phone", "+47 912 34 567"),
                ("Other phones", "22 00 00 00 (work)"),
                ("Street", "Storgata 1, 2. etg"),
                ("Postcode", "0150"),
                ("City", "Oslo"),
                ("Country", "Norway"),
                ("Note", "Liker kaffe\nRinger helst før 10"),
            ])
        );
    }

    #[test]
    fn vcard_2_1_quoted_printable_with_soft_breaks_and_charset() {
        let card = "BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:S=F8rensen;=C5se\n\
                    FN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=C3=85se S=C3=B8rensen fra S=C3=B6dert=\n=C3=A4lje\n\
                    TEL;CELL;PREF:41234567\nTEL;HOME:22334455\nEND:VCARD\n";
        assert_eq!(
            contact(card),
            pairs(&[
                ("Full name", "Åse Sørensen fra Södertälje"),
                ("First name", "Åse"),
                ("Last name", "Sørensen"),
                ("Phone", "41234567"),
                ("Other phones", "22334455 (home)"),
            ])
        );
    }

    #[test]
    fn vcard_4_with_uri_phones_and_groups() {
        let card = "BEGIN:VCARD\nVERSION:4.0\nFN:Märta Öberg\nN:Öberg;Märta;;;\n\
                    TEL;VALUE=uri;TYPE=\"cell,voice\":tel:+46-70-123-45-67\nitem1.EMAIL:marta@oberg.se\n\
                    item2.EMAIL;PREF=1:marta@jobb.se\nEND:VCARD\n";
        assert_eq!(
            contact(card),
            pairs(&[
                ("Full name", "Märta Öberg"),
                ("First name", "Märta"),
                ("Last name", "Öberg"),
                ("E-mail", "marta@jobb.se"),
                ("Other e-mails", "marta@oberg.se (other)"),
                ("Phone", "+46-70-123-45-67"),
            ])
        );
    }

    #[test]
    fn many_contacts_and_their_lines() {
        let text = "BEGIN:VCARD\nFN:A\nEND:VCARD\ngarbage line\nBEGIN:VCARD\nFN:B\nEND:VCARD\n";
        let mut table = Table::default();
        let stats = read_vcards(text, &mut table);
        assert_eq!(
            stats,
            VcardStats {
                contacts: 2,
                skipped_lines: 1
            }
        );
        assert_eq!(table.lines, vec![0, 1, 5]);
        assert_eq!(table.rows[2][0], "B");
    }
}
