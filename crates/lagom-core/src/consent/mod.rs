//! Lawful basis and consent: the editable lists (purposes, sources, subscription types), the
//! legal basis of people's processing, the consent ledger with its evidence, double opt-in,
//! subscriptions, restriction (Art. 18) and objection (Art. 21), and marketing lists.
//!
//! The ledger only grows: a person's consent for a purpose is their newest row for it, and a
//! `pending` row (a double opt-in not yet confirmed) counts for nothing. Every row keeps the
//! exact consent text and privacy-notice version the person saw, so that years later we can
//! show word for word what they agreed to. Texts are versioned and never change (a trigger
//! refuses an UPDATE).

mod email;
mod ledger;
mod limits;
mod lists;
mod marketing;
mod model;
mod opt_in;
mod processing;
pub(crate) mod sql;
mod subscriptions;

pub use ledger::{GiveConsent, Withdrawal};
pub use lists::{PurposeSave, SourceSave, SubscriptionTypeSave};
pub use marketing::{LeftOut, MarketingList};
pub use model::*;
pub use opt_in::{CODE_ALPHABET, CODE_LENGTH, ConsentRequest, MAX_WRONG_CODES, RequestConsent};
pub use processing::{MassEdit, MassEditReport};
