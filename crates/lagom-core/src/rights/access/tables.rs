//! The bundle as CSV files, one per table, for a spreadsheet: UTF-8 with a byte-order mark
//! (so Excel reads the letters right) and text cells that begin like a formula (`=`, `+`,
//! `-`, `@`, tab, carriage return) prefixed with `'`, so that opening the file runs nothing.

use super::bundle::SubjectAccess;
use crate::{Error, Result};

/// A text cell, neutralised if a spreadsheet would take it for a formula.
fn text(value: &str) -> String {
    crate::text::spreadsheet_cell(value).into_owned()
}

fn opt(value: &Option<String>) -> String {
    value.as_deref().map(text).unwrap_or_default()
}

fn num(value: Option<i64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn table(header: &[&str], rows: Vec<Vec<String>>) -> Result<Vec<u8>> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let failed = |e: csv::Error| Error::Internal(format!("writing a CSV table: {e}"));
        w.write_record(header).map_err(failed)?;
        for row in rows {
            w.write_record(&row).map_err(failed)?;
        }
        w.flush()
            .map_err(|e| Error::Internal(format!("writing a CSV table: {e}")))?;
    }
    Ok(out)
}

/// Every table as `(file name, bytes)`.
pub(crate) fn tables(b: &SubjectAccess) -> Result<Vec<(String, Vec<u8>)>> {
    let p = &b.person;
    let mut files = vec![(
        "person.csv",
        table(
            &[
                "id",
                "first_name",
                "last_name",
                "email",
                "phone",
                "title",
                "status",
                "address",
                "postcode",
                "city",
                "country",
                "customer_number",
                "language",
                "category",
                "tags",
                "owner",
                "organisation",
                "created_at",
                "updated_at",
                "restricted_at",
                "restriction_reason",
                "objected_at",
                "objection_reason",
            ],
            vec![vec![
                p.id.to_string(),
                text(&p.first_name),
                text(&p.last_name),
                opt(&p.email),
                opt(&p.phone),
                opt(&p.title),
                text(&p.status),
                opt(&p.address),
                opt(&p.postcode),
                opt(&p.city),
                opt(&p.country),
                opt(&p.customer_number),
                opt(&p.language),
                opt(&p.category),
                text(&p.tags.join("; ")),
                opt(&p.owner),
                b.organisation
                    .as_ref()
                    .map(|o| text(&o.name))
                    .unwrap_or_default(),
                text(&p.created_at),
                text(&p.updated_at),
                opt(&p.restricted_at),
                opt(&p.restriction_reason),
                opt(&p.objected_at),
                opt(&p.objection_reason),
            ]],
        )?,
    )];
    files.push((
        "contact_points.csv",
        table(
            &["id", "channel", "value", "kind", "primary"],
            p.contacts
                .iter()
                .map(|c| {
                    vec![
                        c.id.to_string(),
                        c.channel.as_str().to_owned(),
                        text(&c.value),
                        c.kind.as_str().to_owned(),
                        c.primary.to_string(),
                    ]
                })
                .collect(),
        )?,
    ));
    if let Some(o) = &b.organisation {
        files.push((
            "organisation.csv",
            table(
                &[
                    "id",
                    "name",
                    "org_number",
                    "email",
                    "phone",
                    "website",
                    "address",
                    "postcode",
                    "city",
                    "country",
                ],
                vec![vec![
                    o.id.to_string(),
                    text(&o.name),
                    opt(&o.org_number),
                    opt(&o.email),
                    opt(&o.phone),
                    opt(&o.website),
                    opt(&o.address),
                    opt(&o.postcode),
                    opt(&o.city),
                    opt(&o.country),
                ]],
            )?,
        ));
    }
    files.push((
        "processing.csv",
        table(
            &[
                "purpose",
                "legal_basis",
                "source",
                "recorded_at",
                "recorded_by",
            ],
            b.processing
                .iter()
                .map(|r| {
                    vec![
                        text(&r.purpose),
                        text(&r.legal_basis),
                        text(&r.source),
                        text(&r.recorded_at),
                        opt(&r.recorded_by),
                    ]
                })
                .collect(),
        )?,
    ));
    files.push((
        "purposes.csv",
        table(
            &["purpose", "description", "legal_bases", "retention_months"],
            b.purposes
                .iter()
                .map(|p| {
                    vec![
                        text(&p.name),
                        text(&p.description),
                        text(&p.legal_bases.join(" ")),
                        num(p.retention_months),
                    ]
                })
                .collect(),
        )?,
    ));
    files.push((
        "consents.csv",
        table(
            &[
                "id",
                "purpose",
                "state",
                "method",
                "occurred_at",
                "recorded_at",
                "recorded_by",
                "evidence",
                "consent_text_version",
                "consent_text_language",
                "consent_text",
                "consent_text_sha256",
                "privacy_notice_version",
                "privacy_notice_language",
                "privacy_notice_sha256",
                "confirmation_sent",
                "confirmed_at",
                "confirmed_how",
            ],
            b.consents
                .iter()
                .map(|c| {
                    let t = c.consent_text.as_ref();
                    let n = c.privacy_notice.as_ref();
                    vec![
                        text(&c.id),
                        text(&c.purpose),
                        text(&c.state),
                        text(&c.method),
                        text(&c.occurred_at),
                        text(&c.recorded_at),
                        opt(&c.recorded_by),
                        text(&c.evidence),
                        num(t.map(|t| t.version)),
                        t.map(|t| text(&t.language)).unwrap_or_default(),
                        t.map(|t| text(&t.body)).unwrap_or_default(),
                        t.map(|t| text(&t.sha256)).unwrap_or_default(),
                        num(n.map(|n| n.version)),
                        n.map(|n| text(&n.language)).unwrap_or_default(),
                        n.map(|n| text(&n.sha256)).unwrap_or_default(),
                        opt(&c.confirmation_sent),
                        opt(&c.confirmed_at),
                        opt(&c.confirmed_how),
                    ]
                })
                .collect(),
        )?,
    ));
    files.push((
        "subscriptions.csv",
        table(
            &["name", "purpose", "since"],
            b.subscriptions
                .iter()
                .map(|s| vec![text(&s.name), text(&s.purpose), text(&s.since)])
                .collect(),
        )?,
    ));
    files.push((
        "notes.csv",
        table(
            &[
                "id",
                "body",
                "private",
                "author",
                "created_at",
                "updated_at",
                "deal",
            ],
            b.notes
                .iter()
                .map(|n| {
                    vec![
                        text(&n.id),
                        text(&n.body),
                        n.private.to_string(),
                        opt(&n.author),
                        text(&n.created_at),
                        text(&n.updated_at),
                        opt(&n.deal),
                    ]
                })
                .collect(),
        )?,
    ));
    files.push((
        "deals.csv",
        table(
            &[
                "id",
                "title",
                "stage",
                "value_minor",
                "currency",
                "expected_close",
                "owner",
                "created_at",
                "updated_at",
            ],
            b.deals
                .iter()
                .map(|d| {
                    vec![
                        text(&d.id),
                        text(&d.title),
                        text(&d.stage),
                        num(d.value_minor),
                        opt(&d.currency),
                        opt(&d.expected_close),
                        opt(&d.owner),
                        text(&d.created_at),
                        text(&d.updated_at),
                    ]
                })
                .collect(),
        )?,
    ));
    files.push((
        "invoices.csv",
        table(
            &[
                "id",
                "number",
                "issued_on",
                "due_on",
                "amount_minor",
                "currency",
                "status",
                "created_at",
            ],
            b.invoices
                .iter()
                .map(|i| {
                    vec![
                        text(&i.id),
                        text(&i.number),
                        text(&i.issued_on),
                        opt(&i.due_on),
                        i.amount_minor.to_string(),
                        text(&i.currency),
                        text(&i.status),
                        text(&i.created_at),
                    ]
                })
                .collect(),
        )?,
    ));
    files.push((
        "imports.csv",
        table(
            &[
                "batch",
                "committed_at",
                "files",
                "action",
                "purpose",
                "legal_basis",
                "undone_at",
            ],
            b.imports
                .iter()
                .map(|i| {
                    vec![
                        text(&i.batch),
                        text(&i.committed_at),
                        text(&i.files.join("; ")),
                        text(&i.action),
                        text(&i.purpose),
                        text(&i.legal_basis),
                        opt(&i.undone_at),
                    ]
                })
                .collect(),
        )?,
    ));
    files.push((
        "requests.csv",
        table(
            &[
                "number",
                "kind",
                "received_on",
                "due_on",
                "extended_on",
                "extension_reason",
                "identity",
                "status",
                "channel",
                "description",
                "closed_on",
                "outcome",
            ],
            b.requests
                .iter()
                .map(|r| {
                    vec![
                        text(&r.number),
                        text(&r.kind),
                        text(&r.received_on),
                        text(&r.due_on),
                        opt(&r.extended_on),
                        opt(&r.extension_reason),
                        text(&r.identity),
                        text(&r.status),
                        text(&r.channel),
                        text(&r.description),
                        opt(&r.closed_on),
                        text(&r.outcome),
                    ]
                })
                .collect(),
        )?,
    ));
    files.push((
        "request_actions.csv",
        table(
            &["request", "at", "action", "detail"],
            b.requests
                .iter()
                .flat_map(|r| {
                    r.actions.iter().map(|a| {
                        vec![
                            text(&r.number),
                            text(&a.at),
                            text(&a.action),
                            text(&a.detail.to_string()),
                        ]
                    })
                })
                .collect(),
        )?,
    ));
    files.push((
        "events.csv",
        table(
            &["at", "kind", "actor"],
            b.events
                .iter()
                .map(|e| vec![text(&e.at), text(&e.kind), opt(&e.actor)])
                .collect(),
        )?,
    ));
    files.push((
        "recipients.csv",
        table(
            &["recipient"],
            b.recipients.iter().map(|r| vec![text(r)]).collect(),
        )?,
    ));
    Ok(files
        .into_iter()
        .map(|(name, bytes)| (format!("csv/{name}"), bytes))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_neutralised_and_plain_ones_kept() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("+47 912 34 567"), "'+47 912 34 567");
        assert_eq!(text("-1"), "'-1");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("Åse"), "Åse");
        assert_eq!(num(Some(-100)), "-100");
    }

    #[test]
    fn a_table_starts_with_a_byte_order_mark_and_quotes_what_needs_it() {
        let bytes = table(&["a", "b"], vec![vec!["x, y".into(), "line\nbreak".into()]]).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBFa,b\n"));
        assert!(
            String::from_utf8(bytes)
                .unwrap()
                .contains("\"x, y\",\"line\nbreak\"")
        );
    }
}
