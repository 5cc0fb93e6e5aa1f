//! The readable part of a bundle as a list of blocks (headings, paragraphs, tables), in the
//! bundle's language. The PDF and the HTML summary are both drawn from these blocks, so the
//! two can never say different things. The words come from one catalogue per language in
//! `assets/subject-access/`, each with the same keys as the English one; a value the
//! catalogue has no word for (a kind of event added later) is shown as stored.

use serde::Serialize;
use serde_json::Value;

use super::bundle::SubjectAccess;
use crate::types::Language;
use crate::{Error, Result};

/// The catalogue of words for a language.
pub(crate) fn catalogue(language: Language) -> &'static str {
    match language {
        Language::En => include_str!("../../../../../assets/subject-access/en.json"),
        Language::Nb => include_str!("../../../../../assets/subject-access/nb.json"),
        Language::Sv => include_str!("../../../../../assets/subject-access/sv.json"),
        Language::Da => include_str!("../../../../../assets/subject-access/da.json"),
    }
}

/// One piece of the summary, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    /// The document's title.
    Title(String),
    /// A line in bold (the person's name).
    Strong(String),
    /// A paragraph.
    Para(String),
    /// A paragraph in grey: an explanation.
    Muted(String),
    /// "None.": an empty section.
    Empty(String),
    /// A section's heading.
    Heading(String),
    /// A heading inside a section (a consent, a request).
    Subheading(String),
    /// Label–value pairs; a value may have several lines.
    Fields(Vec<(String, String)>),
    /// A table with a header row; a cell may have several lines.
    Table {
        /// The columns' names.
        head: Vec<String>,
        /// The rows, each as long as `head`.
        rows: Vec<Vec<String>>,
    },
    /// Words quoted as given (a consent's text).
    Quote(String),
    /// A list; each item has an optional lead in bold.
    Bullets(Vec<(String, String)>),
    /// The last line.
    Footer(String),
}

/// A language's catalogue of words.
pub(crate) struct Words {
    root: Value,
}

impl Words {
    /// The catalogue for a language.
    pub(crate) fn of(language: Language) -> Result<Words> {
        let root = serde_json::from_str(catalogue(language))
            .map_err(|e| Error::Internal(format!("the bundle's words are not valid: {e}")))?;
        Ok(Words { root })
    }

    /// The word at a dotted path, e.g. `sections.person`; the path itself when the
    /// catalogue lacks it, which the test that renders every language looks for.
    pub(crate) fn get(&self, path: &str) -> String {
        path.split('.')
            .try_fold(&self.root, |v, key| v.get(key))
            .and_then(Value::as_str)
            .map_or_else(|| path.to_owned(), str::to_owned)
    }

    /// The word for a stored value in a group (`consent_methods.web_form`), or the value
    /// itself when the group has none for it.
    fn named(&self, group: &str, value: &str) -> String {
        self.root
            .get(group)
            .and_then(|g| g.get(value))
            .and_then(Value::as_str)
            .map_or_else(|| value.to_owned(), str::to_owned)
    }
}

/// A time as `YYYY-MM-DD HH:MM UTC`, for people.
pub(crate) fn when(text: &str) -> String {
    match (text.get(..10), text.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => text.to_owned(),
    }
}

/// The date part of a time.
pub(crate) fn day(text: &str) -> String {
    text.get(..10).unwrap_or(text).to_owned()
}

/// An amount in minor units (øre, cents) as `1 234.50 NOK`.
pub(crate) fn money(minor: i64, currency: Option<&str>) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('\u{a0}');
        }
        grouped.push(c);
    }
    let currency = currency.map(|c| format!(" {c}")).unwrap_or_default();
    format!("{sign}{grouped}.{:02}{currency}", abs % 100)
}

/// The person's name as the summary heads it: their name, or their e-mail address.
pub(crate) fn display_name(b: &SubjectAccess) -> String {
    let name = format!("{} {}", b.person.first_name, b.person.last_name);
    let name = name.trim();
    if name.is_empty() {
        b.person.email.clone().unwrap_or_default()
    } else {
        name.to_owned()
    }
}

/// A serialised enum's name (`work`, `email`).
fn key_of(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The controller as the intro names it: the business, or "we" when it has no name (only
/// an in-app view is made without one; exports refuse).
fn controller_name(b: &SubjectAccess, t: &Words) -> String {
    if b.controller.name.trim().is_empty() {
        t.get("controller_unknown")
    } else {
        b.controller.name.clone()
    }
}

/// Where the machine-readable files travel: beside the summary (a zip or a folder), or
/// attached inside the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Files {
    /// Files beside the summary.
    Beside,
    /// Attachments of the PDF.
    Attached,
}

/// The summary's blocks.
pub(crate) fn blocks(b: &SubjectAccess, t: &Words, files: Files) -> Vec<Block> {
    let mut out = Vec::new();
    header(b, t, &mut out);
    person(b, t, &mut out);
    purposes(b, t, &mut out);
    consents(b, t, &mut out);
    notes(b, t, &mut out);
    deals_and_invoices(b, t, &mut out);
    requests(b, t, &mut out);
    erasures_and_events(b, t, &mut out);
    rights(b, t, &mut out);
    out.push(Block::Heading(t.get("sections.files")));
    out.push(Block::Para(match files {
        Files::Beside => t.get("files_intro"),
        Files::Attached => t.get("files_intro_attached"),
    }));
    out.push(Block::Footer(
        t.get("footer").replace("{date}", &when(&b.generated_at)),
    ));
    out
}

fn header(b: &SubjectAccess, t: &Words, out: &mut Vec<Block>) {
    out.push(Block::Title(t.get("title")));
    out.push(Block::Strong(display_name(b)));
    out.push(Block::Para(
        t.get("intro")
            .replace("{controller}", &controller_name(b, t))
            .replace("{date}", &day(&b.generated_at)),
    ));
    if !b.controller.email.is_empty() {
        out.push(Block::Para(
            t.get("contact").replace("{email}", &b.controller.email),
        ));
    }
}

fn person(b: &SubjectAccess, t: &Words, out: &mut Vec<Block>) {
    let p = &b.person;
    let mut fields = Vec::new();
    let mut field = |key: &str, value: &Option<String>| {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            fields.push((t.get(&format!("fields.{key}")), v.to_owned()));
        }
    };
    field("first_name", &Some(p.first_name.clone()));
    field("last_name", &Some(p.last_name.clone()));
    for c in &p.contacts {
        let channel = key_of(&c.channel);
        let kind = key_of(&c.kind);
        let mut label = t.get(&format!("fields.{channel}"));
        if kind != "other" {
            label = format!("{label} ({})", t.get(&format!("contact_kinds.{kind}")));
        }
        let several = p.contacts.iter().filter(|o| o.channel == c.channel).count() > 1;
        let mut value = c.display.clone();
        if c.primary && several {
            value = format!("{value} ({})", t.get("contact_kinds.primary"));
        }
        fields.push((label, value));
    }
    let mut field = |key: &str, value: &Option<String>| {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            fields.push((t.get(&format!("fields.{key}")), v.to_owned()));
        }
    };
    field("title", &p.title);
    field("address", &p.address);
    field("postcode", &p.postcode);
    field("city", &p.city);
    field("country", &p.country);
    field("customer_number", &p.customer_number);
    field("category", &p.category);
    field("owner", &p.owner);
    fields.push((t.get("fields.status"), t.named("person_status", &p.status)));
    if !p.tags.is_empty() {
        fields.push((t.get("fields.tags"), p.tags.join(", ")));
    }
    if let Some(language) = p.language.as_deref().filter(|l| !l.is_empty()) {
        fields.push((t.get("fields.language"), t.named("languages", language)));
    }
    if let Some(o) = &b.organisation {
        let number = o
            .org_number
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        fields.push((t.get("fields.organisation"), format!("{}{number}", o.name)));
    }
    fields.push((t.get("fields.created_at"), when(&p.created_at)));
    fields.push((t.get("fields.updated_at"), when(&p.updated_at)));
    let with_reason = |at: &str, reason: &Option<String>| match reason.as_deref() {
        Some(r) if !r.is_empty() => format!("{}: {r}", when(at)),
        _ => when(at),
    };
    if let Some(at) = &p.restricted_at {
        fields.push((
            t.get("fields.restricted_at"),
            with_reason(at, &p.restriction_reason),
        ));
    }
    if let Some(at) = &p.objected_at {
        fields.push((
            t.get("fields.objected_at"),
            with_reason(at, &p.objection_reason),
        ));
    }
    out.push(Block::Heading(t.get("sections.person")));
    out.push(Block::Fields(fields));
}

/// A table, or "None." when it has no rows.
fn table_or_none(t: &Words, head: Vec<String>, rows: Vec<Vec<String>>, out: &mut Vec<Block>) {
    if rows.is_empty() {
        out.push(Block::Empty(t.get("none")));
    } else {
        out.push(Block::Table { head, rows });
    }
}

fn purposes(b: &SubjectAccess, t: &Words, out: &mut Vec<Block>) {
    out.push(Block::Heading(t.get("sections.purposes")));
    out.push(Block::Para(t.get("purposes_intro")));
    let rows = b
        .purposes
        .iter()
        .map(|p| {
            let name = if p.description.is_empty() {
                p.name.clone()
            } else {
                format!("{}\n{}", p.name, p.description)
            };
            let bases = p
                .legal_bases
                .iter()
                .map(|basis| t.get(&format!("legal_bases.{basis}")))
                .collect::<Vec<_>>()
                .join("\n");
            let kept = match p.retention_months {
                Some(n) => t.get("retention_months").replace("{n}", &n.to_string()),
                None => t.get("retention_relationship"),
            };
            vec![name, bases, kept]
        })
        .collect();
    let head = ["purpose", "legal_basis", "retention"].map(|c| t.get(&format!("columns.{c}")));
    table_or_none(t, head.to_vec(), rows, out);

    out.push(Block::Subheading(t.get("sections.sources")));
    let rows = b
        .processing
        .iter()
        .map(|r| {
            vec![
                r.source.clone(),
                r.purpose.clone(),
                when(&r.recorded_at),
                r.recorded_by.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let head = ["source", "purpose", "when", "by"].map(|c| t.get(&format!("columns.{c}")));
    table_or_none(t, head.to_vec(), rows, out);

    if !b.imports.is_empty() {
        out.push(Block::Subheading(t.get("sections.imports")));
        let rows = b
            .imports
            .iter()
            .map(|i| {
                let mut what = t.named("import_actions", &i.action);
                if let Some(undone) = &i.undone_at {
                    what = format!("{what} ({} {})", t.get("undone"), day(undone));
                }
                vec![when(&i.committed_at), i.files.join(", "), what]
            })
            .collect();
        let head = ["when", "files", "what"].map(|c| t.get(&format!("columns.{c}")));
        out.push(Block::Table {
            head: head.to_vec(),
            rows,
        });
    }
}

fn consents(b: &SubjectAccess, t: &Words, out: &mut Vec<Block>) {
    out.push(Block::Heading(t.get("sections.consents")));
    if b.consents.is_empty() {
        out.push(Block::Empty(t.get("none")));
    }
    for c in &b.consents {
        out.push(Block::Subheading(format!(
            "{}: {}, {}",
            c.purpose,
            t.named("consent_states", &c.state),
            when(&c.occurred_at)
        )));
        let mut fields = vec![(
            t.get("columns.method"),
            t.named("consent_methods", &c.method),
        )];
        if !c.evidence.is_empty() {
            fields.push((t.get("columns.evidence"), c.evidence.clone()));
        }
        let recorded = match &c.recorded_by {
            Some(by) => format!("{}, {by}", when(&c.recorded_at)),
            None => when(&c.recorded_at),
        };
        fields.push((t.get("columns.recorded"), recorded));
        if let Some(at) = &c.confirmed_at {
            fields.push((t.get("columns.confirmed"), when(at)));
        }
        if let Some(notice) = &c.privacy_notice {
            fields.push((
                t.get("columns.privacy_notice"),
                format!(
                    "{} ({})",
                    t.get("version").replace("{n}", &notice.version.to_string()),
                    notice.language
                ),
            ));
        }
        out.push(Block::Fields(fields));
        if let Some(text) = &c.consent_text {
            out.push(Block::Muted(
                t.get("consent_wording")
                    .replace("{n}", &text.version.to_string()),
            ));
            out.push(Block::Quote(text.body.clone()));
        }
    }
    if !b.subscriptions.is_empty() {
        out.push(Block::Subheading(t.get("sections.subscriptions")));
        let rows = b
            .subscriptions
            .iter()
            .map(|s| vec![s.name.clone(), s.purpose.clone(), day(&s.since)])
            .collect();
        let head = ["name", "purpose", "since"].map(|c| t.get(&format!("columns.{c}")));
        out.push(Block::Table {
            head: head.to_vec(),
            rows,
        });
    }
}

fn notes(b: &SubjectAccess, t: &Words, out: &mut Vec<Block>) {
    out.push(Block::Heading(t.get("sections.notes")));
    out.push(Block::Muted(t.get("notes_intro")));
    if b.notes.is_empty() {
        out.push(Block::Empty(t.get("none")));
    }
    for n in &b.notes {
        let head = match &n.author {
            Some(author) => format!("{}, {author}", when(&n.created_at)),
            None => when(&n.created_at),
        };
        out.push(Block::Subheading(head));
        out.push(Block::Para(n.body.clone()));
    }
}

fn deals_and_invoices(b: &SubjectAccess, t: &Words, out: &mut Vec<Block>) {
    out.push(Block::Heading(t.get("sections.deals")));
    let rows = b
        .deals
        .iter()
        .map(|d| {
            vec![
                d.title.clone(),
                t.named("deal_stages", &d.stage),
                d.value_minor
                    .map(|v| money(v, d.currency.as_deref()))
                    .unwrap_or_default(),
                d.expected_close.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let head =
        ["title", "stage", "value", "expected_close"].map(|c| t.get(&format!("columns.{c}")));
    table_or_none(t, head.to_vec(), rows, out);

    out.push(Block::Heading(t.get("sections.invoices")));
    let rows: Vec<Vec<String>> = b
        .invoices
        .iter()
        .map(|i| {
            vec![
                i.number.clone(),
                i.issued_on.clone(),
                money(i.amount_minor, Some(&i.currency)),
                t.named("invoice_statuses", &i.status),
            ]
        })
        .collect();
    let any = !rows.is_empty();
    let head = ["number", "issued_on", "amount", "status"].map(|c| t.get(&format!("columns.{c}")));
    table_or_none(t, head.to_vec(), rows, out);
    if any {
        out.push(Block::Muted(t.get("invoices_kept")));
    }
}

fn requests(b: &SubjectAccess, t: &Words, out: &mut Vec<Block>) {
    out.push(Block::Heading(t.get("sections.requests")));
    if b.requests.is_empty() {
        out.push(Block::Empty(t.get("none")));
    }
    for r in &b.requests {
        out.push(Block::Subheading(format!(
            "{}: {}",
            r.number,
            t.named("request_kinds", &r.kind)
        )));
        let mut due = r.due_on.clone();
        if r.extended_on.is_some() {
            due = match r.extension_reason.as_deref().filter(|x| !x.is_empty()) {
                Some(reason) => format!("{due} ({}: {reason})", t.get("extended")),
                None => format!("{due} ({})", t.get("extended")),
            };
        }
        let mut status = t.named("request_statuses", &r.status);
        if let Some(closed) = &r.closed_on {
            status = format!("{status}, {closed}");
        }
        let mut fields = vec![
            (t.get("columns.received_on"), r.received_on.clone()),
            (t.get("columns.due_on"), due),
            (t.get("columns.status"), status),
        ];
        if !r.outcome.is_empty() {
            fields.push((t.get("columns.outcome"), r.outcome.clone()));
        }
        let actions = r
            .actions
            .iter()
            .map(|a| format!("{}: {}", when(&a.at), t.named("request_actions", &a.action)))
            .collect::<Vec<_>>()
            .join("\n");
        fields.push((t.get("columns.actions"), actions));
        out.push(Block::Fields(fields));
    }
}

fn erasures_and_events(b: &SubjectAccess, t: &Words, out: &mut Vec<Block>) {
    if !b.earlier_erasures.is_empty() {
        out.push(Block::Heading(t.get("sections.earlier_erasures")));
        out.push(Block::Para(t.get("earlier_erasures_intro")));
        let rows = b
            .earlier_erasures
            .iter()
            .map(|e| {
                vec![
                    day(&e.erased_at),
                    e.request.clone().unwrap_or_default(),
                    e.registered_again_at
                        .as_deref()
                        .map(day)
                        .unwrap_or_default(),
                    e.reason.clone().unwrap_or_default(),
                ]
            })
            .collect();
        let head = ["erased_at", "request", "registered_again", "reason"]
            .map(|c| t.get(&format!("columns.{c}")));
        out.push(Block::Table {
            head: head.to_vec(),
            rows,
        });
    }
    out.push(Block::Heading(t.get("sections.events")));
    out.push(Block::Muted(t.get("events_intro")));
    let rows = b
        .events
        .iter()
        .map(|e| {
            vec![
                when(&e.at),
                t.named("event_kinds", &e.kind),
                e.actor.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let head = ["when", "what", "by"].map(|c| t.get(&format!("columns.{c}")));
    table_or_none(t, head.to_vec(), rows, out);

    out.push(Block::Heading(t.get("sections.recipients")));
    if b.recipients.is_empty() {
        out.push(Block::Para(t.get("no_recipients")));
    } else {
        out.push(Block::Bullets(
            b.recipients
                .iter()
                .map(|r| (String::new(), r.clone()))
                .collect(),
        ));
    }
}

fn rights(b: &SubjectAccess, t: &Words, out: &mut Vec<Block>) {
    out.push(Block::Heading(t.get("sections.rights")));
    out.push(Block::Bullets(
        b.rights
            .iter()
            .map(|right| {
                (
                    t.get(&format!("rights.{right}.name")),
                    t.get(&format!("rights.{right}.text")),
                )
            })
            .collect(),
    ));
    out.push(Block::Para(t.get("rights_how")));
    out.push(Block::Para(t.get("erasure_suppression")));

    out.push(Block::Heading(t.get("sections.complaint")));
    out.push(Block::Para(t.get("complaint_intro")));
    let c = &b.complaint;
    if c.country.is_some() {
        out.push(Block::Strong(c.name.to_owned()));
        out.push(Block::Para(format!("{}\n{}", c.address, c.url)));
    } else {
        out.push(Block::Para(format!(
            "{} {}",
            t.get("complaint_elsewhere"),
            c.url
        )));
    }
}
