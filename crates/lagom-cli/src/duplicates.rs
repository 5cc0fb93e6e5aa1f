//! `lagom duplicates …`: the review queue of people who may be one person, searching the
//! register for them, merging, telling two apart, and undoing a merge. Thin over the core,
//! which holds every rule.

use std::io::Write;

use clap::{Args, Subcommand};
use lagom_core::api::{
    CheckArgs, DuplicatesCheck, DuplicatesDismiss, DuplicatesList, DuplicatesMerge,
    DuplicatesMerges, DuplicatesRefresh, DuplicatesUndo, NoArgs, PageArgs, PairArgs, Session,
    UndoMergeArgs,
};
use lagom_core::duplicates::{MergeField, MergeRequest, PairPerson, Reason};
use lagom_core::people::contacts::display_phone;
use uuid::Uuid;

use crate::args::PersonFieldArgs;
use crate::error::CliError;
use crate::output::{Out, pad};

/// `lagom duplicates …`.
#[derive(Debug, Subcommand)]
pub enum DuplicatesCommand {
    /// The pairs waiting for review, surest first, side by side.
    List(ListArgs),
    /// Search the whole register for duplicates now and fill the list again.
    Refresh,
    /// Merge two people into one: the first (or --keep) stays, the other's notes, deals,
    /// invoices, consents, requests, tags and subscriptions move to them. Can be undone
    /// until the person kept is changed.
    Merge(MergeArgs),
    /// Say two people are not the same person: never proposed again.
    Dismiss {
        /// One person's id.
        a: Uuid,
        /// The other's.
        b: Uuid,
    },
    /// Undo a merge: both people back exactly as they were.
    Undo {
        /// The merge's id (from `lagom duplicates merges`).
        merge: Uuid,
    },
    /// Merges, newest first, and whether each can still be undone.
    Merges(ListArgs),
    /// Who in the register is likely the person these fields describe.
    Check(Box<PersonFieldArgs>),
}

/// A page of a list.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// At most this many.
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Skip this many.
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
}

/// `lagom duplicates merge A B`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// One person's id.
    pub a: Uuid,
    /// The other's.
    pub b: Uuid,
    /// The person kept (A when not given).
    #[arg(long, value_name = "ID")]
    pub keep: Option<Uuid>,
    /// A field whose value comes from the other person even where the person kept has one
    /// (repeat, or separate with commas): first-name, last-name, email, phone, title,
    /// organisation, status, address, postcode, city, country, customer-number, category,
    /// language, owner.
    #[arg(long = "take", value_name = "FIELD", value_delimiter = ',')]
    pub take: Vec<String>,
}

fn reasons(list: &[Reason]) -> String {
    let words: Vec<String> = list
        .iter()
        .map(|r| match serde_json::to_value(r) {
            Ok(v) => v["by"].as_str().unwrap_or("").replace('_', " "),
            Err(_) => String::new(),
        })
        .collect();
    words.join(", ")
}

fn side(w: &mut dyn Write, label: &str, p: &PairPerson) -> std::io::Result<()> {
    let f = &p.fields;
    let name = format!("{} {}", f.first_name, f.last_name);
    writeln!(
        w,
        "  {label} {}  {}  {}  {}  {}",
        p.id,
        pad(name.trim(), 24),
        pad(f.email.as_deref().unwrap_or("-"), 28),
        pad(
            f.phone
                .as_deref()
                .map(display_phone)
                .as_deref()
                .unwrap_or("-"),
            17
        ),
        p.organisation.as_deref().unwrap_or("-"),
    )?;
    // Their further addresses and numbers: a merge keeps them all.
    for c in p.contacts.iter().filter(|c| !c.primary) {
        writeln!(w, "      also {} ({})", c.display, c.kind.as_str())?;
    }
    Ok(())
}

pub fn run(session: &mut Session, command: &DuplicatesCommand, out: &Out) -> Result<(), CliError> {
    match command {
        DuplicatesCommand::List(page) => {
            let listed = session.run::<DuplicatesList>(PageArgs {
                limit: page.limit,
                offset: page.offset,
            })?;
            out.emit(&listed, |w| {
                for p in &listed.pairs {
                    writeln!(
                        w,
                        "{:.0}%{}  {}",
                        p.score * 100.0,
                        if p.automatic { " (sure)" } else { "" },
                        reasons(&p.reasons)
                    )?;
                    side(w, "a", &p.a)?;
                    side(w, "b", &p.b)?;
                }
                writeln!(w, "{} of {} pairs", listed.pairs.len(), listed.total)
            })
        }
        DuplicatesCommand::Refresh => {
            let s = session.run::<DuplicatesRefresh>(NoArgs {})?;
            out.emit(&s, |w| {
                writeln!(
                    w,
                    "{} people compared: {} pairs to review ({} new), {} merged unasked, {} told apart before",
                    s.people, s.pairs, s.new_pairs, s.merged, s.dismissed
                )
            })
        }
        DuplicatesCommand::Merge(a) => {
            let fields = a
                .take
                .iter()
                .filter(|t| !t.trim().is_empty())
                .map(|t| MergeField::parse(t))
                .collect::<Result<Vec<_>, _>>()?;
            let report = session.run::<DuplicatesMerge>(MergeRequest {
                a: a.a,
                b: a.b,
                keep: a.keep,
                fields,
            })?;
            out.emit(&report, |w| {
                let m = &report.moved;
                writeln!(w, "Merged {} into {}.", report.merged, report.kept)?;
                writeln!(
                    w,
                    "Moved: {} notes, {} deals, {} invoices, {} consent events, {} processing records, {} requests, {} tags, {} subscriptions.",
                    m.notes, m.deals, m.invoices, m.consents, m.processing_records, m.requests, m.tags, m.subscriptions
                )?;
                if !report.taken.is_empty() {
                    let taken: Vec<&str> = report.taken.iter().map(|f| f.as_str()).collect();
                    writeln!(w, "Taken from {}: {}.", report.merged, taken.join(", "))?;
                }
                writeln!(w, "Undo with: lagom duplicates undo {}", report.merge)
            })
        }
        DuplicatesCommand::Dismiss { a, b } => {
            let done = session.run::<DuplicatesDismiss>(PairArgs { a: *a, b: *b })?;
            out.emit(&done, |w| {
                writeln!(
                    w,
                    "{} and {} are not the same person; they will not be proposed again.",
                    done.a, done.b
                )
            })
        }
        DuplicatesCommand::Undo { merge } => {
            let undone = session.run::<DuplicatesUndo>(UndoMergeArgs { merge: *merge })?;
            out.emit(&undone, |w| {
                writeln!(
                    w,
                    "Undone: {} is back, and {} is as before the merge.",
                    undone.restored, undone.kept
                )
            })
        }
        DuplicatesCommand::Merges(page) => {
            let merges = session.run::<DuplicatesMerges>(PageArgs {
                limit: page.limit,
                offset: page.offset,
            })?;
            out.emit(&serde_json::json!({ "merges": merges }), |w| {
                for m in &merges {
                    let state = match (&m.undone_at, m.can_undo) {
                        (Some(at), _) => format!("undone {at}"),
                        (None, true) => "can be undone".into(),
                        (None, false) => "final".into(),
                    };
                    writeln!(
                        w,
                        "{}  {}  {} into {}{}  {state}",
                        m.id,
                        m.merged_at,
                        m.merged,
                        m.kept,
                        if m.automatic { " (unasked)" } else { "" }
                    )?;
                }
                Ok(())
            })
        }
        DuplicatesCommand::Check(fields) => {
            let likely = session.run::<DuplicatesCheck>(CheckArgs {
                fields: crate::commands::fields_from(fields)?,
            })?;
            out.emit(&serde_json::json!({ "likely": likely }), |w| {
                if likely.is_empty() {
                    return writeln!(w, "Nobody in the register looks like this person.");
                }
                for l in &likely {
                    let name = format!("{} {}", l.first_name, l.last_name);
                    writeln!(
                        w,
                        "{}  {}  {:.0}%  {}",
                        l.id,
                        pad(name.trim(), 24),
                        l.score * 100.0,
                        reasons(&l.reasons)
                    )?;
                }
                Ok(())
            })
        }
    }
}
