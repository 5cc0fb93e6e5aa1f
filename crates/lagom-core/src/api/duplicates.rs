//! The command table's duplicates commands: the review queue, a search of the register,
//! merging, telling two people apart, undoing a merge, and the check before adding someone.
//! Each calls [`crate::duplicates`], which owns the rules.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::session::{NoArgs, command};
use crate::duplicates::{
    LikelyDuplicate, MergeReport, MergeRequest, MergeView, PairPage, RefreshSummary, UndoneMerge,
};
use crate::people::PersonFields;

fn default_limit() -> u32 {
    50
}

/// A page: at most `limit`, skipping `offset`.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PageArgs {
    /// At most this many (50 when not given; at most 200).
    #[serde(default = "default_limit")]
    #[ts(as = "Option<u32>", optional)]
    pub limit: u32,
    /// Skipping this many.
    #[serde(default)]
    #[ts(as = "Option<u64>", optional)]
    pub offset: u64,
}

/// Two people.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PairArgs {
    /// One person's id.
    pub a: Uuid,
    /// The other's.
    pub b: Uuid,
}

/// Two people told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct PairDismissed {
    /// One person's id.
    pub a: Uuid,
    /// The other's.
    pub b: Uuid,
}

/// `duplicates.undo`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct UndoMergeArgs {
    /// The merge's id.
    pub merge: Uuid,
}

/// `duplicates.check`'s arguments: the person about to be added.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CheckArgs {
    /// Their fields, as `person.create` would take them.
    pub fields: PersonFields,
}

command! {
    /// The review queue: pairs that may be one person, surest first, side by side.
    DuplicatesList = "duplicates.list", PageArgs => PairPage,
    |cx, a| cx.vault()?.list_duplicates(a.limit, a.offset)
}

command! {
    /// Searches the whole register for duplicates now and fills the queue again; with
    /// housekeeping's `auto_merge` on, the pairs the matcher is sure of are merged.
    DuplicatesRefresh = "duplicates.refresh", NoArgs => RefreshSummary,
    |cx, _| {
        let vault = cx.vault()?;
        let auto_merge = vault.hygiene_settings()?.auto_merge;
        vault.refresh_duplicates(auto_merge)
    }
}

command! {
    /// Merges two people into one, keeping everything of both; can be undone until the
    /// person kept changes.
    DuplicatesMerge = "duplicates.merge", MergeRequest => MergeReport,
    |cx, a| cx.vault()?.merge_people(&a)
}

command! {
    /// Marks two people as not the same person: never proposed again.
    DuplicatesDismiss = "duplicates.dismiss", PairArgs => PairDismissed,
    |cx, a| {
        cx.vault()?.dismiss_duplicate(a.a, a.b)?;
        Ok(PairDismissed { a: a.a, b: a.b })
    }
}

command! {
    /// Undoes a merge: both people exactly as they were.
    DuplicatesUndo = "duplicates.undo", UndoMergeArgs => UndoneMerge,
    |cx, a| cx.vault()?.undo_merge(a.merge)
}

command! {
    /// Merges, newest first, with whether each can still be undone.
    DuplicatesMerges = "duplicates.merges", PageArgs => Vec<MergeView>,
    |cx, a| cx.vault()?.merges(a.limit, a.offset)
}

command! {
    /// Who in the register is likely the person about to be added.
    DuplicatesCheck = "duplicates.check", CheckArgs => Vec<LikelyDuplicate>,
    |cx, a| cx.vault()?.likely_duplicates(&a.fields)
}
