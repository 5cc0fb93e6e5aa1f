//! The command table's part for lawful basis and consent: names, arguments and results as
//! JSON. `api::Session::dispatch` hands every name in [`COMMANDS`] to [`run`].

use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::{args, to_json};
use crate::consent::{
    GiveConsent, MassEdit, PurposeSave, RequestConsent, SourceSave, SubscriptionTypeSave,
    Withdrawal,
};
use crate::model::PersonRef;
use crate::settings::Language;
use crate::vault::Vault;
use crate::{Error, OsEntropy, Result};

/// The commands this module answers.
pub const COMMANDS: &[&str] = &[
    "lists.get",
    "purpose.save",
    "source.save",
    "subscription_type.save",
    "processing.mass_edit",
    "consent.give",
    "consent.request",
    "consent.confirm",
    "consent.reply",
    "consent.withdraw",
    "consent.list",
    "consent_text.add",
    "consent_texts.list",
    "privacy_notice.add",
    "privacy_notices.list",
    "subscription.set",
    "person.restrict",
    "person.object",
    "person.set_language",
    "marketing.list",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListsArgs {
    #[serde(default)]
    archived: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonArgs {
    person: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfirmArgs {
    person: String,
    purpose: String,
    code: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReplyArgs {
    person: String,
    purpose: String,
    evidence: String,
    #[serde(default)]
    occurred_at: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TextArgs {
    purpose: String,
    language: Language,
    body: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TextsArgs {
    #[serde(default)]
    purpose: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoticeArgs {
    language: Language,
    body: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SubscriptionArgs {
    person: String,
    subscription: String,
    on: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LimitArgs {
    person: String,
    /// The reason; absent or `null` lifts it.
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageArgs {
    person: String,
    language: Option<Language>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MarketingArgs {
    purpose: String,
    #[serde(default)]
    subscription: Option<String>,
    out: std::path::PathBuf,
}

/// Takes `person` out of the arguments, leaving the rest for the operation's own (strict)
/// argument type.
fn with_person(arguments: Value) -> Result<(PersonRef, Value)> {
    let Value::Object(mut map) = arguments else {
        return Err(Error::validation("arguments", "expected an object"));
    };
    let person = match map.remove("person") {
        Some(Value::String(p)) => PersonRef::parse(&p)?,
        _ => {
            return Err(Error::validation(
                "person",
                "give the person's id or e-mail address",
            ));
        }
    };
    Ok((person, Value::Object(map)))
}

/// Takes `save_to` (where to save the message as an `.eml` file instead of sending it) out
/// of the arguments, leaving the rest for the operation's own (strict) argument type.
fn take_save_to(arguments: &mut Value) -> Result<Option<std::path::PathBuf>> {
    let Value::Object(map) = arguments else {
        return Err(Error::validation("arguments", "expected an object"));
    };
    match map.remove("save_to") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(path)) if !path.trim().is_empty() => Ok(Some(path.into())),
        Some(_) => Err(Error::validation(
            "save_to",
            "give a file or folder to save the message in",
        )),
    }
}

/// Runs one of [`COMMANDS`].
pub(crate) fn run(vault: &mut Vault, command: &str, arguments: Value) -> Result<Value> {
    match command {
        "lists.get" => {
            let a: ListsArgs = args(arguments)?;
            to_json(vault.lists(a.archived)?)
        }
        "purpose.save" => to_json(vault.save_purpose(&args::<PurposeSave>(arguments)?)?),
        "source.save" => to_json(vault.save_source(&args::<SourceSave>(arguments)?)?),
        "subscription_type.save" => {
            to_json(vault.save_subscription_type(&args::<SubscriptionTypeSave>(arguments)?)?)
        }
        "processing.mass_edit" => {
            to_json(vault.mass_edit_processing(&args::<MassEdit>(arguments)?)?)
        }
        "consent.give" => {
            let (who, rest) = with_person(arguments)?;
            to_json(vault.give_consent(&who, &args::<GiveConsent>(rest)?)?)
        }
        "consent.withdraw" => {
            let (who, rest) = with_person(arguments)?;
            to_json(vault.withdraw_consent(&who, &args::<Withdrawal>(rest)?)?)
        }
        "consent.request" => {
            let (who, mut rest) = with_person(arguments)?;
            let save_to = take_save_to(&mut rest)?;
            to_json(vault.request_consent(
                &who,
                &args::<RequestConsent>(rest)?,
                save_to.as_deref(),
                &mut OsEntropy,
            )?)
        }
        "consent.confirm" => {
            let a: ConfirmArgs = args(arguments)?;
            let who = PersonRef::parse(&a.person)?;
            to_json(vault.confirm_consent(&who, &a.purpose, &a.code)?)
        }
        "consent.reply" => {
            let a: ReplyArgs = args(arguments)?;
            let who = PersonRef::parse(&a.person)?;
            to_json(vault.record_consent_reply(
                &who,
                &a.purpose,
                &a.evidence,
                a.occurred_at.as_deref(),
            )?)
        }
        "consent.list" => {
            let a: PersonArgs = args(arguments)?;
            to_json(vault.consents(&PersonRef::parse(&a.person)?)?)
        }
        "consent_text.add" => {
            let a: TextArgs = args(arguments)?;
            to_json(vault.add_consent_text(&a.purpose, a.language, &a.body)?)
        }
        "consent_texts.list" => {
            let a: TextsArgs = args(arguments)?;
            to_json(vault.consent_texts(a.purpose.as_deref())?)
        }
        "privacy_notice.add" => {
            let a: NoticeArgs = args(arguments)?;
            to_json(vault.add_privacy_notice(a.language, &a.body)?)
        }
        "privacy_notices.list" => to_json(vault.privacy_notices()?),
        "subscription.set" => {
            let a: SubscriptionArgs = args(arguments)?;
            let who = PersonRef::parse(&a.person)?;
            let on = vault.set_subscription(&who, &a.subscription, a.on)?;
            to_json(json!({ "subscriptions": on }))
        }
        "person.restrict" => {
            let a: LimitArgs = args(arguments)?;
            let who = PersonRef::parse(&a.person)?;
            to_json(json!({ "restriction": vault.set_restriction(&who, a.reason.as_deref())? }))
        }
        "person.object" => {
            let a: LimitArgs = args(arguments)?;
            let who = PersonRef::parse(&a.person)?;
            to_json(json!({ "objection": vault.set_objection(&who, a.reason.as_deref())? }))
        }
        "person.set_language" => {
            let a: LanguageArgs = args(arguments)?;
            vault.set_person_language(&PersonRef::parse(&a.person)?, a.language)?;
            to_json(json!({ "language": a.language }))
        }
        "marketing.list" => {
            let a: MarketingArgs = args(arguments)?;
            to_json(vault.marketing_list(&a.purpose, a.subscription.as_deref(), &a.out)?)
        }
        other => Err(Error::NotFound {
            kind: "command",
            id: other.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_command_here_is_in_the_command_table() {
        for command in super::COMMANDS {
            assert!(crate::api::COMMANDS.contains(command), "{command}");
        }
    }
}
