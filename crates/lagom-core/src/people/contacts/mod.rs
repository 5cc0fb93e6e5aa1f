//! A person's e-mail addresses and phone numbers: any number of each, each with a kind, one
//! of each channel the primary.
//!
//! `contact_points` holds them all; `people.email` and `people.phone` hold the primary values
//! too, because lists, marketing and look-ups read them there. Every change goes through this
//! module, which writes both in the caller's transaction, so the two never disagree: the
//! primary is the person's `email`/`phone`, and when the primary goes, the next in the order
//! they were recorded takes its place.

mod model;
pub(crate) mod sql;

pub use model::*;
pub(crate) use sql::{
    add, adopt, channel_of, follow_primary, lacks_any, make_primary, of_person, owner_of,
    record_new, remove, replace_all, secondary_values, set_kind, snapshot, values_of,
};
