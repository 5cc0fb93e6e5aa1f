//! Lawful basis and consent: each command's arguments, result and the call into
//! [`crate::consent`], which owns every rule. [`crate::api`] lists them with every other
//! command.

use std::path::PathBuf;

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::session::{NoArgs, command};
use crate::OsEntropy;
use crate::consent::{
    ConsentEventView, ConsentTextView, ConsentView, GiveConsent, Limitation, Lists, MassEdit,
    MassEditReport, PrivacyNoticeView, PurposeView, RequestConsent, SourceView,
    SubscriptionTypeView, Withdrawal,
};
use crate::types::{Language, PersonRef};

/// `lists.get`'s arguments.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ListsArgs {
    /// Include archived entries.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub archived: bool,
}

/// Arguments naming one person, for consent's commands.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ConsentPersonArgs {
    /// The person's id or e-mail address.
    pub person: String,
}

/// `consent.confirm`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ConfirmArgs {
    /// The person's id or e-mail address.
    pub person: String,
    /// The purpose by name.
    pub purpose: String,
    /// The code the person was sent (dashes and case do not matter).
    pub code: String,
}

/// `consent.reply`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReplyArgs {
    /// The person's id or e-mail address.
    pub person: String,
    /// The purpose by name.
    pub purpose: String,
    /// The reply: its message id, who took it.
    pub evidence: String,
    /// When it came (now when not given).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub occurred_at: Option<String>,
}

/// `consent_text.add`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TextArgs {
    /// The purpose by name.
    pub purpose: String,
    /// The text's language.
    pub language: Language,
    /// The text.
    pub body: String,
}

/// `consent_texts.list`'s arguments.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TextsArgs {
    /// Only this purpose's texts.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub purpose: Option<String>,
}

/// `privacy_notice.add`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PrivacyNoticeArgs {
    /// The notice's language.
    pub language: Language,
    /// The notice.
    pub body: String,
}

/// `subscription.set`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionArgs {
    /// The person's id or e-mail address.
    pub person: String,
    /// The subscription type by name.
    pub subscription: String,
    /// On or off.
    pub on: bool,
}

/// `person.restrict`'s and `person.object`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct LimitArgs {
    /// The person's id or e-mail address.
    pub person: String,
    /// The reason; absent or `null` lifts it.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub reason: Option<String>,
}

/// `person.set_language`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct LanguageArgs {
    /// The person's id or e-mail address.
    pub person: String,
    /// Their language; `null`: the vault's.
    pub language: Option<Language>,
}

/// `marketing.list`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MarketingArgs {
    /// The purpose by name.
    pub purpose: String,
    /// Only people on this subscription.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub subscription: Option<String>,
    /// The CSV file to write; without it the list comes back as a download.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub out: Option<PathBuf>,
    /// Replace `out` if it exists (asked for after an `exists` error, or after the
    /// platform's save dialog asked).
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub overwrite: bool,
}

/// Takes `keys` out of a JSON object, leaving the rest for an operation's own (strict)
/// argument type. A missing key is `null`.
fn split<E: serde::de::Error>(value: Value, keys: &[&str]) -> Result<(Vec<Value>, Value), E> {
    let Value::Object(mut map) = value else {
        return Err(E::custom("expected an object"));
    };
    let taken = keys
        .iter()
        .map(|k| map.remove(*k).unwrap_or(Value::Null))
        .collect();
    Ok((taken, Value::Object(map)))
}

fn person_of<E: serde::de::Error>(value: Value) -> Result<String, E> {
    match value {
        Value::String(p) => Ok(p),
        _ => Err(E::custom("person: give the person's id or e-mail address")),
    }
}

fn rest<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

/// `consent.give`'s arguments: the person, and the consent as [`GiveConsent`] has it.
#[derive(Debug, Clone, TS)]
pub struct ConsentGiveArgs {
    /// The person's id or e-mail address.
    pub person: String,
    /// The consent.
    #[ts(flatten)]
    pub consent: GiveConsent,
}

impl<'de> Deserialize<'de> for ConsentGiveArgs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (mut taken, others) = split(Value::deserialize(d)?, &["person"])?;
        Ok(Self {
            person: person_of(taken.remove(0))?,
            consent: rest(others)?,
        })
    }
}

/// `consent.withdraw`'s arguments: the person, and the withdrawal as [`Withdrawal`] has it.
#[derive(Debug, Clone, TS)]
pub struct ConsentWithdrawArgs {
    /// The person's id or e-mail address.
    pub person: String,
    /// The withdrawal.
    #[ts(flatten)]
    pub withdrawal: Withdrawal,
}

impl<'de> Deserialize<'de> for ConsentWithdrawArgs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (mut taken, others) = split(Value::deserialize(d)?, &["person"])?;
        Ok(Self {
            person: person_of(taken.remove(0))?,
            withdrawal: rest(others)?,
        })
    }
}

/// `consent.request`'s arguments: the person, where to save the message instead of sending
/// it, and the request as [`RequestConsent`] has it.
#[derive(Debug, Clone, TS)]
pub struct ConsentRequestArgs {
    /// The person's id or e-mail address.
    pub person: String,
    /// Save the message as an `.eml` file (or into this folder) instead of sending it.
    #[ts(optional = nullable)]
    pub save_to: Option<PathBuf>,
    /// Hand the message back as an `.eml` download instead of sending it (a browser,
    /// where no path can be given).
    #[ts(as = "Option<bool>", optional)]
    pub hold: bool,
    /// What to ask for.
    #[ts(flatten)]
    pub request: RequestConsent,
}

impl<'de> Deserialize<'de> for ConsentRequestArgs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (mut taken, others) = split(Value::deserialize(d)?, &["person", "save_to", "hold"])?;
        let hold = match taken.remove(2) {
            Value::Null => false,
            Value::Bool(hold) => hold,
            _ => return Err(D::Error::custom("hold: true or false")),
        };
        let save_to = match taken.remove(1) {
            Value::Null => None,
            Value::String(path) if !path.trim().is_empty() => Some(PathBuf::from(path)),
            _ => {
                return Err(D::Error::custom(
                    "save_to: give a file or folder to save the message in",
                ));
            }
        };
        Ok(Self {
            person: person_of(taken.remove(0))?,
            save_to,
            hold,
            request: rest(others)?,
        })
    }
}

/// A person's subscriptions after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Subscriptions {
    /// The subscription types they are on.
    pub subscriptions: Vec<String>,
}

/// A person's restriction of processing (GDPR Art. 18) after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Restriction {
    /// The restriction; `null` when lifted.
    pub restriction: Option<Limitation>,
}

/// A person's objection (GDPR Art. 21) after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Objection {
    /// The objection; `null` when lifted.
    pub objection: Option<Limitation>,
}

/// A person's language after a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct PersonLanguage {
    /// Their language; `null`: the vault's.
    pub language: Option<Language>,
}

command! {
    /// The editable lists: purposes, sources, subscription types and legal bases.
    ListsGet = "lists.get", ListsArgs => Lists,
    |cx, a| cx.vault()?.lists(a.archived)
}

command! {
    /// Adds or changes a purpose.
    PurposeSave = "purpose.save", crate::consent::PurposeSave => PurposeView,
    |cx, a| cx.vault()?.save_purpose(&a)
}

command! {
    /// Adds or changes a source.
    SourceSave = "source.save", crate::consent::SourceSave => SourceView,
    |cx, a| cx.vault()?.save_source(&a)
}

command! {
    /// Adds or changes a subscription type.
    SubscriptionTypeSave = "subscription_type.save", crate::consent::SubscriptionTypeSave => SubscriptionTypeView,
    |cx, a| cx.vault()?.save_subscription_type(&a)
}

command! {
    /// Sets the purpose and legal basis of everyone a people list shows (or says what it
    /// would do, with `dry_run`).
    ProcessingMassEdit = "processing.mass_edit", MassEdit => MassEditReport,
    |cx, a| cx.vault()?.mass_edit_processing(&a)
}

command! {
    /// Records a consent given, with the text and privacy notice it was given on.
    ConsentGive = "consent.give", ConsentGiveArgs => ConsentEventView,
    |cx, a| cx.vault()?.give_consent(&PersonRef::parse(&a.person)?, &a.consent)
}

command! {
    /// Asks for consent by e-mail (double opt-in); it counts once confirmed.
    ConsentRequest = "consent.request", ConsentRequestArgs => crate::consent::ConsentRequest,
    |cx, a| {
        let destination = match (a.hold, a.save_to.as_deref()) {
            (true, Some(_)) => {
                return Err(crate::Error::validation(
                    "hold",
                    "either save the message to a file or hold it as a download, not both",
                ));
            }
            (true, None) => crate::mail::Destination::Held,
            (false, save_to) => crate::mail::Destination::file_or_server(save_to),
        };
        let mut answer = cx.vault()?.request_consent_to(
            &PersonRef::parse(&a.person)?,
            &a.request,
            destination,
            &mut OsEntropy,
        )?;
        if let crate::mail::Delivery::Held { download, name, bytes } = &mut answer.delivery {
            *download = Some(cx.offer(name, "message/rfc822", std::mem::take(bytes)));
        }
        Ok(answer)
    }
}

command! {
    /// Confirms a pending consent with the code the person was sent.
    ConsentConfirm = "consent.confirm", ConfirmArgs => ConsentEventView,
    |cx, a| cx.vault()?.confirm_consent(&PersonRef::parse(&a.person)?, &a.purpose, &a.code)
}

command! {
    /// Confirms a pending consent by the person's reply.
    ConsentReply = "consent.reply", ReplyArgs => ConsentEventView,
    |cx, a| cx.vault()?.record_consent_reply(
        &PersonRef::parse(&a.person)?,
        &a.purpose,
        &a.evidence,
        a.occurred_at.as_deref(),
    )
}

command! {
    /// Records a consent withdrawn; it ends the purpose's subscriptions.
    ConsentWithdraw = "consent.withdraw", ConsentWithdrawArgs => ConsentEventView,
    |cx, a| cx.vault()?.withdraw_consent(&PersonRef::parse(&a.person)?, &a.withdrawal)
}

command! {
    /// A person's consents with every step and the words agreed to.
    ConsentList = "consent.list", ConsentPersonArgs => Vec<ConsentView>,
    |cx, a| cx.vault()?.consents(&PersonRef::parse(&a.person)?)
}

command! {
    /// Adds a new version of a purpose's consent text.
    ConsentTextAdd = "consent_text.add", TextArgs => ConsentTextView,
    |cx, a| cx.vault()?.add_consent_text(&a.purpose, a.language, &a.body)
}

command! {
    /// The consent texts, every version.
    ConsentTextsList = "consent_texts.list", TextsArgs => Vec<ConsentTextView>,
    |cx, a| cx.vault()?.consent_texts(a.purpose.as_deref())
}

command! {
    /// Adds a new version of the privacy notice.
    PrivacyNoticeAdd = "privacy_notice.add", PrivacyNoticeArgs => PrivacyNoticeView,
    |cx, a| cx.vault()?.add_privacy_notice(a.language, &a.body)
}

command! {
    /// The privacy notice's versions.
    PrivacyNoticesList = "privacy_notices.list", NoArgs => Vec<PrivacyNoticeView>,
    |cx, _| cx.vault()?.privacy_notices()
}

command! {
    /// Puts a person on a subscription or takes them off.
    SubscriptionSet = "subscription.set", SubscriptionArgs => Subscriptions,
    |cx, a| {
        let who = PersonRef::parse(&a.person)?;
        let subscriptions = cx.vault()?.set_subscription(&who, &a.subscription, a.on)?;
        Ok(Subscriptions { subscriptions })
    }
}

command! {
    /// Restricts processing of a person's data (GDPR Art. 18), or lifts it.
    PersonRestrict = "person.restrict", LimitArgs => Restriction,
    |cx, a| {
        let who = PersonRef::parse(&a.person)?;
        let restriction = cx.vault()?.set_restriction(&who, a.reason.as_deref())?;
        Ok(Restriction { restriction })
    }
}

command! {
    /// Records a person's objection (GDPR Art. 21), or lifts it.
    PersonObject = "person.object", LimitArgs => Objection,
    |cx, a| {
        let who = PersonRef::parse(&a.person)?;
        let objection = cx.vault()?.set_objection(&who, a.reason.as_deref())?;
        Ok(Objection { objection })
    }
}

command! {
    /// Sets the language a person is written to in.
    PersonSetLanguage = "person.set_language", LanguageArgs => PersonLanguage,
    |cx, a| {
        cx.vault()?.set_person_language(&PersonRef::parse(&a.person)?, a.language)?;
        Ok(PersonLanguage { language: a.language })
    }
}

command! {
    /// Writes the people who may receive e-mail for a purpose as CSV (to `out`, or without
    /// it as a download named by the core), and counts who was left out and why.
    MarketingList = "marketing.list", MarketingArgs => crate::consent::MarketingList,
    |cx, a| {
        let mut list = cx.vault()?.marketing_list(
            &a.purpose,
            a.subscription.as_deref(),
            a.out.as_deref(),
            a.overwrite,
        )?;
        if let Some(bytes) = list.content.take() {
            list.download = Some(cx.offer(&list.file_name, "text/csv", bytes));
        }
        Ok(list)
    }
}
