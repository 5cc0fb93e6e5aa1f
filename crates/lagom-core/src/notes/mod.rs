//! Notes about a person: what the owner writes down after a call or a meeting. A note is
//! shared unless marked private, when only its author sees it. Adding and deleting are
//! audited, naming the note, never what it says; a person's notes go with them when they are
//! deleted.

pub mod model;
pub(crate) mod sql;

pub use model::*;

use uuid::Uuid;

use crate::audit::AuditKind;
use crate::people::sql as people_sql;
use crate::text::clean;
use crate::types::PersonRef;
use crate::vault::Vault;
use crate::{Error, Result};

/// The longest note taken, in characters (about ten printed pages).
pub const MAX_NOTE_CHARS: usize = 20_000;

fn normalise_body(body: &str) -> Result<String> {
    // Line breaks are the point of a note; `clean` would refuse them as control characters.
    let lines: Vec<String> = body
        .trim()
        .lines()
        .map(|line| clean("note", line.trim_end()))
        .collect::<Result<_>>()?;
    let body = lines.join("\n");
    if body.is_empty() {
        return Err(Error::validation("note", "write something first"));
    }
    if body.chars().count() > MAX_NOTE_CHARS {
        return Err(Error::validation(
            "note",
            format!("is longer than {MAX_NOTE_CHARS} characters"),
        ));
    }
    Ok(body)
}

impl Vault {
    /// Adds a note about a person; returns it as their card shows it.
    pub fn add_note(&mut self, who: &PersonRef, body: &str, private: bool) -> Result<NoteView> {
        let body = normalise_body(body)?;
        self.write(|tx, audit, ctx| {
            let person = people_sql::find_person(tx, who)?;
            let id = Uuid::now_v7();
            sql::insert_note(tx, id, person.id, &body, private, ctx.actor, &ctx.now)?;
            audit.append(
                tx,
                ctx.event(
                    AuditKind::NoteAdded,
                    Some(("person", person.id.to_string())),
                    serde_json::json!({ "note": id, "private": private }),
                ),
            )?;
            sql::notes_of(tx, person.id, ctx.actor)?
                .into_iter()
                .find(|n| n.id == id)
                .ok_or(Error::NotFound {
                    kind: "note",
                    id: id.to_string(),
                })
        })
    }

    /// Deletes a note. Someone else's private note cannot be seen, so it cannot be found.
    pub fn delete_note(&mut self, id: Uuid) -> Result<()> {
        self.write(|tx, audit, ctx| {
            let (person, author, private) = sql::note_owner(tx, id)?;
            if private && author != ctx.actor {
                return Err(Error::NotFound {
                    kind: "note",
                    id: id.to_string(),
                });
            }
            sql::delete_note(tx, id)?;
            audit.append(
                tx,
                ctx.event(
                    AuditKind::NoteDeleted,
                    person.map(|p| ("person", p.to_string())),
                    serde_json::json!({ "note": id }),
                ),
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_keeps_its_lines_and_loses_stray_space() {
        assert_eq!(
            normalise_body("  Ringte 12. mars.  \r\nVil ha tilbud på service.\n\n").unwrap(),
            "Ringte 12. mars.\nVil ha tilbud på service."
        );
        assert!(normalise_body(" \n ").is_err());
        assert!(normalise_body("a\u{0}b").is_err());
        assert!(normalise_body(&"x".repeat(MAX_NOTE_CHARS + 1)).is_err());
    }
}
