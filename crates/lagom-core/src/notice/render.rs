//! Rendering the notice from the templates in `assets/notices/`: `notice.txt` and
//! `notice.html` lay the notice out; `{en,nb,sv,da}.jinja` hold each language's wording as
//! macros, so both layouts say the same words and a translator edits one file. Values are
//! escaped for HTML in `notice.html` (minijinja escapes by the template's extension, and a
//! macro takes the escaping of the template that calls it), never in the text.

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use crate::types::Language;
use crate::{Error, Result};

const TEMPLATES: &[(&str, &str)] = &[
    (
        "notice.txt",
        include_str!("../../../../assets/notices/notice.txt"),
    ),
    (
        "notice.html",
        include_str!("../../../../assets/notices/notice.html"),
    ),
    (
        "en.jinja",
        include_str!("../../../../assets/notices/en.jinja"),
    ),
    (
        "nb.jinja",
        include_str!("../../../../assets/notices/nb.jinja"),
    ),
    (
        "sv.jinja",
        include_str!("../../../../assets/notices/sv.jinja"),
    ),
    (
        "da.jinja",
        include_str!("../../../../assets/notices/da.jinja"),
    ),
];

/// The notice rendered: subject, text and HTML.
pub(crate) struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

fn environment() -> Result<Environment<'static>> {
    let mut env = Environment::new();
    // A misspelt variable is an error in the tests, not an empty sentence in a letter.
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    for (name, source) in TEMPLATES {
        env.add_template(name, source).map_err(failed)?;
    }
    Ok(env)
}

fn failed(e: minijinja::Error) -> Error {
    Error::Internal(format!("the privacy notice template is broken: {e}"))
}

/// Renders the notice in `language` from `context` (which must carry `lang`).
pub(crate) fn render(language: Language, context: &impl Serialize) -> Result<Rendered> {
    let env = environment()?;
    let context = minijinja::Value::from_serialize(context);
    let subject_template = format!(
        "{{% import \"{}.jinja\" as t %}}{{{{ t.subject(business) }}}}",
        language.as_str()
    );
    let subject = env
        .render_str(&subject_template, &context)
        .map_err(failed)?;
    let text = env
        .get_template("notice.txt")
        .and_then(|t| t.render(&context))
        .map_err(failed)?;
    let html = env
        .get_template("notice.html")
        .and_then(|t| t.render(&context))
        .map_err(failed)?;
    Ok(Rendered {
        subject: subject.trim().to_owned(),
        text: format!("{}\n", text.trim_end()),
        html,
    })
}
