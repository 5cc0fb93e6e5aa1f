//! Duplicates: the review queue filled by a search of the register, "not the same person"
//! remembered, merging two people without losing a row of either, undoing it exactly (and
//! only while nothing changed), automatic merging of sure pairs only, the check before
//! adding someone by hand, and erasure taking the undo data along.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use lagom_core::api::{NoSecretKeys, Session};
use lagom_core::audit::AuditKind;
use lagom_core::duplicates::{MergeField, MergeRequest, Reason};
use lagom_core::people::PersonPatch;
use lagom_core::rights::model::{NewRequest, RequestKind};
use lagom_core::types::PersonRef;
use lagom_core::{AuditFilter, ErrorCode, OsEntropy, SystemClock, Vault};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::import::dump_except;
use crate::support::{FAST, create, person};

/// The raw database, for rows no command writes (deals, invoices, consents with evidence).
fn raw(v: &mut Vault) -> rusqlite::Connection {
    let key = v.database_key().unwrap().to_hex().to_string();
    let conn = rusqlite::Connection::open(v.dir().join("vault.db")).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{key}'\";"))
        .unwrap();
    conn
}

fn count(conn: &rusqlite::Connection, sql: &str, person: Uuid) -> i64 {
    conn.query_row(sql, [person.to_string()], |r| r.get(0))
        .unwrap()
}

/// Gives the person a row in every table that holds people's rows; `tag` keeps ids apart.
fn fill(v: &mut Vault, who: Uuid, tag: &str, tag_name: &str, subscription: &str) {
    let user = v.user_id().to_string();
    let at = PersonRef::Id(who);
    v.add_note(&at, &format!("Note about {tag}"), false)
        .unwrap();
    v.update_person(
        &at,
        &PersonPatch {
            add_tags: vec![tag_name.into()],
            ..Default::default()
        },
    )
    .unwrap();
    v.create_request(&NewRequest {
        kind: RequestKind::Access,
        people: vec![who.to_string()],
        received_on: None,
        channel: "e-mail".into(),
        description: String::new(),
    })
    .unwrap();
    let conn = raw(v);
    conn.execute(
        "INSERT INTO consent_events (id, person_id, purpose_id, state, method, occurred_at,
             recorded_at, recorded_by, evidence)
         VALUES (?1, ?2, '00000000-0000-7000-8000-000000000103', 'given', 'web_form',
             '2025-02-01T10:00:00Z', '2025-02-01T10:00:01Z', ?3, ?4)",
        rusqlite::params![
            Uuid::now_v7().to_string(),
            who.to_string(),
            user,
            format!("form /newsletter {tag}")
        ],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO deals (id, title, person_id, owner_id, stage, created_at, updated_at)
         VALUES (?1, 'Heat pump', ?2, ?3, 'proposal', '2025-02-02T00:00:00Z', '2025-02-02T00:00:00Z')",
        rusqlite::params![Uuid::now_v7().to_string(), who.to_string(), user],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO invoices (id, number, person_id, issued_on, amount_minor, currency, created_at)
         VALUES (?1, ?2, ?3, '2025-02-20', 125000, 'NOK', '2025-02-20T10:00:00Z')",
        rusqlite::params![Uuid::now_v7().to_string(), format!("2025-{tag}"), who.to_string()],
    )
    .unwrap();
    drop(conn);
    // On a mailing only with a consent to it.
    v.set_subscription(&at, subscription, true).unwrap();
}

/// Two records of one person, each with a row in every table.
fn two_karis(v: &mut Vault) -> (Uuid, Uuid) {
    let a = v
        .create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    let mut b = person("Kari", "Nordmann-Zyxkvist", "kari.zyxkvist@gmail.com");
    b.fields.phone = Some("+47 912 34 567".into());
    b.fields.city = Some("Tromsø".into());
    let b = v.create_person(b).unwrap();
    fill(v, a, "a", "kunde", "Newsletter");
    fill(v, b, "b", "messe", "Offers");
    (a, b)
}

/// Everything but the history tables (audit, imports, tombstones, merges) and the queue.
fn state(v: &mut Vault) -> Vec<String> {
    dump_except(v, &["merges", "duplicate_pairs"])
}

fn session(dir: &std::path::Path) -> Session {
    let mut s = Session::new(dir, Arc::new(SystemClock), Box::new(NoSecretKeys)).with_kdf(FAST);
    call(
        &mut s,
        "vault.create",
        json!({ "owner": "Åse", "password": "correct horse battery" }),
    )
    .unwrap();
    s
}

fn call(s: &mut Session, command: &str, args: Value) -> lagom_core::Result<Value> {
    s.call(command, args, &mut |_| {}, &AtomicBool::new(false))
}

#[test]
fn a_merge_keeps_every_row_of_both_people() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let (a, b) = two_karis(&mut v);
    let report = v
        .merge_people(&MergeRequest {
            a,
            b,
            keep: None,
            fields: vec![MergeField::LastName],
        })
        .unwrap();
    assert_eq!((report.kept, report.merged), (a, b));
    assert_eq!(
        report.taken,
        [MergeField::LastName, MergeField::Phone, MergeField::City]
    );
    let m = report.moved;
    assert_eq!(
        (
            m.notes,
            m.deals,
            m.invoices,
            m.consents,
            m.processing_records
        ),
        (1, 1, 1, 1, 1)
    );
    assert_eq!((m.requests, m.tags, m.subscriptions), (1, 1, 1));

    let card = v.show_person(&PersonRef::Id(a)).unwrap();
    assert_eq!(card.fields.last_name, "Nordmann-Zyxkvist", "chosen");
    assert_eq!(
        card.fields.email.as_deref(),
        Some("kari@example.no"),
        "kept"
    );
    assert_eq!(card.fields.phone.as_deref(), Some("+4791234567"), "filled");
    assert_eq!(card.notes.len(), 2);
    assert_eq!(card.deals.len(), 2);
    assert_eq!(card.processing.len(), 2);
    assert_eq!(card.tags, ["kunde", "messe"]);
    assert_eq!(card.subscriptions, ["Newsletter", "Offers"]);
    let conn = raw(&mut v);
    for (sql, n) in [
        ("SELECT count(*) FROM invoices WHERE person_id = ?1", 2),
        (
            "SELECT count(*) FROM request_people WHERE person_id = ?1",
            2,
        ),
        (
            "SELECT count(*) FROM consent_events WHERE person_id = ?1",
            2,
        ),
    ] {
        assert_eq!(count(&conn, sql, a), n, "{sql}");
    }
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM consent_events WHERE person_id = ?1
               AND evidence = 'form /newsletter b'",
            a
        ),
        1,
        "consents keep their evidence"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM tombstones WHERE entity = 'person' AND id = ?1",
            b
        ),
        1
    );
    assert_eq!(
        v.show_person(&PersonRef::Id(b)).unwrap_err().code(),
        ErrorCode::NotFound
    );
    // One person in the index, found by words of both records.
    for q in ["zyxkvist", "kari", "91234567"] {
        let found = v.search_people(q, 10).unwrap();
        assert_eq!(
            found.people.iter().map(|p| p.id).collect::<Vec<_>>(),
            [a],
            "{q}"
        );
    }
    // The address of the person merged away is kept, as the kept person's second one.
    let found = v.search_people("gmail", 10).unwrap();
    assert_eq!(found.people.iter().map(|p| p.id).collect::<Vec<_>>(), [a]);
    assert!(v.verify_audit().unwrap().is_intact());
}

#[test]
fn merge_events_name_people_merges_and_fields_but_hold_no_values() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let (a, b) = two_karis(&mut v);
    let c = v
        .create_person(person("Ola", "Hansen", "ola@example.no"))
        .unwrap();
    v.dismiss_duplicate(a, c).unwrap();
    let report = v
        .merge_people(&MergeRequest {
            a,
            b,
            keep: Some(b),
            fields: vec![MergeField::Email],
        })
        .unwrap();
    v.undo_merge(report.merge).unwrap();
    let events = v
        .audit_events(&AuditFilter {
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    let find = |kind: AuditKind| {
        events
            .iter()
            .find(|e| e.kind == kind.as_str())
            .unwrap_or_else(|| panic!("no {kind:?}"))
            .clone()
    };
    let merged = find(AuditKind::PersonMerged);
    assert_eq!(merged.subject_id.as_deref(), Some(b.to_string().as_str()));
    assert_eq!(merged.detail["merged"], a.to_string());
    assert_eq!(merged.detail["merge"], report.merge.to_string());
    assert_eq!(merged.detail["fields"], json!(["email"]));
    assert_eq!(merged.detail["moved"]["notes"], 1);
    let undone = find(AuditKind::PersonMergeUndone);
    assert_eq!(undone.detail["restored"], a.to_string());
    let dismissed = find(AuditKind::DuplicatesDismissed);
    assert!(dismissed.detail.to_string().contains(&c.to_string()));
    let all = serde_json::to_string(&events).unwrap();
    for value in [
        "Kari",
        "Nordmann",
        "Zyxkvist",
        "kari@example.no",
        "gmail",
        "+47",
        "Tromsø",
        "Ola",
    ] {
        assert!(!all.contains(value), "{value} in {all}");
    }
}

#[test]
fn undo_puts_both_people_back_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let (a, b) = two_karis(&mut v);
    let c = v
        .create_person(person("Per", "Hansen", "per@example.no"))
        .unwrap();
    // A dismissal of the one merged away, which the merge copies to the one kept.
    v.dismiss_duplicate(b, c).unwrap();
    v.set_restriction(&PersonRef::Id(b), Some("asked by phone"))
        .unwrap();
    let before = state(&mut v);
    let searches = |v: &Vault| {
        ["kari", "zyxkvist", "gmail", "912", "nordmann", "per"].map(|q| {
            let mut ids: Vec<Uuid> = v
                .search_people(q, 10)
                .unwrap()
                .people
                .iter()
                .map(|p| p.id)
                .collect();
            ids.sort();
            ids
        })
    };
    let found_before = searches(&v);

    let report = v
        .merge_people(&MergeRequest {
            a,
            b,
            keep: None,
            fields: vec![MergeField::City, MergeField::Email],
        })
        .unwrap();
    assert_ne!(state(&mut v), before);
    let card = v.show_person(&PersonRef::Id(a)).unwrap();
    assert!(
        card.restriction.is_some(),
        "a restriction follows the merge"
    );
    let merges = v.merges(10, 0).unwrap();
    assert!(merges[0].can_undo);
    assert_eq!(
        merges[0].merged_name.as_deref(),
        Some("Kari Nordmann-Zyxkvist")
    );

    let undone = v.undo_merge(report.merge).unwrap();
    assert_eq!((undone.kept, undone.restored), (a, b));
    // Reading the card above logged a read, which is no change.
    assert_eq!(state(&mut v), before, "every table as it was");
    assert_eq!(searches(&v), found_before, "and the search index");
    let merges = v.merges(10, 0).unwrap();
    assert!(!merges[0].can_undo && merges[0].undone_at.is_some());
    assert_eq!(merges[0].merged_name, None, "the saved rows are gone");
    assert_eq!(
        v.undo_merge(report.merge).unwrap_err().code(),
        ErrorCode::Conflict
    );
    assert!(v.verify_audit().unwrap().is_intact());
    assert!(v.check_integrity().unwrap().is_empty());
}

#[test]
fn undo_is_refused_once_the_person_kept_has_changed() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let (a, b) = two_karis(&mut v);
    let request = MergeRequest {
        a,
        b,
        keep: None,
        fields: vec![],
    };
    // A note.
    let merge = v.merge_people(&request).unwrap().merge;
    v.add_note(&PersonRef::Id(a), "Called back", false).unwrap();
    let err = v.undo_merge(merge).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(err.to_string().contains("changed after"), "{err}");
    assert!(!v.merges(1, 0).unwrap()[0].can_undo);
    assert_eq!(
        v.show_person(&PersonRef::Id(b)).unwrap_err().code(),
        ErrorCode::NotFound,
        "nothing was changed"
    );

    // An edit of a field.
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let (a, b) = two_karis(&mut v);
    let merge = v
        .merge_people(&MergeRequest {
            a,
            b,
            keep: None,
            fields: vec![],
        })
        .unwrap()
        .merge;
    v.update_person(
        &PersonRef::Id(a),
        &PersonPatch {
            title: Some("Daglig leder".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(v.undo_merge(merge).unwrap_err().code(), ErrorCode::Conflict);
    // A search of the register drops what undoing it needed.
    assert_eq!(v.refresh_duplicates(false).unwrap().settled_merges, 1);
    let err = v.undo_merge(merge).unwrap_err();
    assert!(err.to_string().contains("no longer"), "{err}");
}

#[test]
fn a_dismissed_pair_is_never_proposed_again_across_searches_and_merges() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let a = v
        .create_person(person("Bjørn", "Kjær", "bjorn@fjordror.no"))
        .unwrap();
    let b = v
        .create_person(person("Bjorn", "Kjaer", "BJORN@fjordror.no"))
        .unwrap();
    let found = v.refresh_duplicates(false).unwrap();
    assert_eq!((found.pairs, found.new_pairs), (1, 1));
    let page = v.list_duplicates(10, 0).unwrap();
    assert_eq!(page.total, 1);
    let pair = &page.pairs[0];
    let mut ids = [a, b];
    ids.sort();
    assert_eq!([pair.a.id, pair.b.id], ids);
    assert_eq!(pair.reasons[0], Reason::SameEmail);
    assert!(pair.automatic);

    v.dismiss_duplicate(b, a).unwrap();
    assert_eq!(v.list_duplicates(10, 0).unwrap().total, 0);
    let again = v.refresh_duplicates(false).unwrap();
    assert_eq!((again.pairs, again.dismissed), (0, 1));

    // A third record of Bjørn: merging the dismissed one into it carries the "not the same
    // person" along, and undoing the merge takes that back.
    let c = v
        .create_person(person("Bjørn", "Kjær", "bjorn@fjordror.no"))
        .unwrap();
    assert_eq!(v.refresh_duplicates(false).unwrap().pairs, 2, "a–c and b–c");
    let merge = v
        .merge_people(&MergeRequest {
            a: c,
            b,
            keep: Some(c),
            fields: vec![],
        })
        .unwrap()
        .merge;
    let after = v.refresh_duplicates(false).unwrap();
    assert_eq!(
        (after.pairs, after.dismissed),
        (0, 1),
        "a–c is b's dismissal"
    );
    v.undo_merge(merge).unwrap();
    v.refresh_duplicates(false).unwrap();
    let page = v.list_duplicates(10, 0).unwrap();
    let pairs: Vec<[Uuid; 2]> = page.pairs.iter().map(|p| [p.a.id, p.b.id]).collect();
    assert_eq!(pairs.len(), 2, "a–c and b–c again, never a–b: {pairs:?}");
    assert!(!pairs.iter().any(|p| p.contains(&a) && p.contains(&b)));
}

#[test]
fn adding_someone_whose_e_mail_differs_only_in_capitals_is_refused_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(&dir.path().join("v"));
    let first = call(
        &mut s,
        "person.create",
        json!({ "fields": { "first_name": "Bjørn", "last_name": "Kjær", "email": "bjorn@fjordror.no" } }),
    )
    .unwrap()["id"]
        .clone();
    let again = json!({ "fields": { "first_name": "Bjørn", "last_name": "Kjær", "email": "Bjorn@FjordRor.NO" } });
    let err = call(&mut s, "person.create", again.clone()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    let message = err.to_string();
    assert!(message.contains(first.as_str().unwrap()), "{message}");
    assert!(message.contains("same e-mail"), "{message}");
    assert!(
        !message.to_lowercase().contains("fjordror") && !message.contains("Kjær"),
        "no personal data in the error: {message}"
    );
    let likely = call(
        &mut s,
        "duplicates.check",
        json!({ "fields": again["fields"] }),
    )
    .unwrap();
    assert_eq!(likely[0]["id"], first);
    assert_eq!(likely[0]["reasons"][0]["by"], "same_email");
    // The same phone written another way, or the same customer number, warns too.
    let phone =
        json!({ "fields": { "first_name": "B.", "last_name": "Kjær", "phone": "+47 912 34 567" } });
    call(&mut s, "person.create", phone.clone()).unwrap();
    let by_phone =
        json!({ "fields": { "first_name": "Bjørn", "last_name": "Kjær", "phone": "912 34 567" } });
    assert_eq!(
        call(&mut s, "person.create", by_phone).unwrap_err().code(),
        ErrorCode::Conflict
    );
    // Someone else entirely is added without a word.
    call(
        &mut s,
        "person.create",
        json!({ "fields": { "first_name": "Ola", "last_name": "Hansen", "email": "ola@example.no" } }),
    )
    .unwrap();

    let mut allowed = again;
    allowed["allow_duplicate"] = json!(true);
    let second = call(&mut s, "person.create", allowed).unwrap()["id"].clone();
    assert_ne!(second, first);
}

#[test]
fn an_erased_persons_merges_take_their_saved_rows_along() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let (a, b) = two_karis(&mut v);
    let merge = v
        .merge_people(&MergeRequest {
            a,
            b,
            keep: None,
            fields: vec![],
        })
        .unwrap()
        .merge;
    v.erase_person(&PersonRef::Id(a), None, &mut OsEntropy)
        .unwrap();
    assert_eq!(v.undo_merge(merge).unwrap_err().code(), ErrorCode::NotFound);
    assert!(v.merges(10, 0).unwrap().is_empty());
    let conn = raw(&mut v);
    for id in [a, b] {
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM erasures WHERE person_id = ?1",
                id
            ),
            1,
            "the one merged in is erased too, for backups that still hold them"
        );
    }
    let everything = dump_except(&mut v, &[]).join("\n");
    for value in ["Zyxkvist", "gmail", "912 34 567", "Tromsø"] {
        assert!(!everything.contains(value), "{value} is still in the vault");
    }
}

#[test]
fn an_erasure_removes_a_person_from_the_queue_and_their_dismissals() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let a = v
        .create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    let b = v
        .create_person(person("Kari", "Nordmann", "KARI@example.no"))
        .unwrap();
    let c = v
        .create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    v.dismiss_duplicate(a, c).unwrap();
    assert_eq!(v.refresh_duplicates(false).unwrap().pairs, 2);
    v.erase_person(&PersonRef::Id(c), None, &mut OsEntropy)
        .unwrap();
    let page = v.list_duplicates(10, 0).unwrap();
    assert_eq!(page.total, 1);
    let conn = raw(&mut v);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM duplicate_dismissals WHERE person_a = ?1 OR person_b = ?1",
            c
        ),
        0
    );
    drop(conn);
    v.delete_person(&PersonRef::Id(b)).unwrap();
    assert_eq!(
        v.list_duplicates(10, 0).unwrap().total,
        0,
        "nor a deleted one"
    );
}

#[test]
fn a_search_merges_unasked_only_when_allowed_and_only_sure_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let sure_a = v
        .create_person(person("Bjørn", "Kjær", "bjorn@fjordror.no"))
        .unwrap();
    let sure_b = v
        .create_person(person("Bjorn", "Kjaer", "Bjorn@FjordRor.no"))
        .unwrap();
    // The same common name with the same phone, but e-mail addresses that differ.
    let mut ola = person("Ola", "Hansen", "ola@hansen.no");
    ola.fields.phone = Some("+47 412 34 567".into());
    let ola_a = v.create_person(ola.clone()).unwrap();
    ola.fields.email = Some("o.hansen@firma.no".into());
    let ola_b = v.create_person(ola).unwrap();
    // The same name alone.
    v.create_person(person("Per", "Olsen", "per@olsen.no"))
        .unwrap();
    v.create_person(person("Per", "Olsen", "per.olsen@firma.no"))
        .unwrap();

    let off = v.refresh_duplicates(false).unwrap();
    assert_eq!((off.pairs, off.merged), (2, 0), "not without the setting");

    let on = v.refresh_duplicates(true).unwrap();
    assert_eq!((on.merged, on.pairs), (1, 1), "{on:?}");
    assert!(
        v.show_person(&PersonRef::Id(sure_a)).is_ok(),
        "the older kept"
    );
    assert_eq!(
        v.show_person(&PersonRef::Id(sure_b)).unwrap_err().code(),
        ErrorCode::NotFound
    );
    let left = v.list_duplicates(10, 0).unwrap();
    let mut olas = [ola_a, ola_b];
    olas.sort();
    assert_eq!([left.pairs[0].a.id, left.pairs[0].b.id], olas);
    assert!(!left.pairs[0].automatic);
    let merges = v.merges(10, 0).unwrap();
    assert!(merges[0].automatic && merges[0].can_undo);
    v.undo_merge(merges[0].id).unwrap();
}

#[test]
fn people_in_the_recycle_bin_are_left_out_and_archived_people_are_in() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let a = v
        .create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    let b = v
        .create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    let c = v
        .create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    let conn = raw(&mut v);
    conn.execute(
        "UPDATE people SET archived_at = '2025-01-01T00:00:00Z' WHERE id = ?1",
        [b.to_string()],
    )
    .unwrap();
    conn.execute(
        "UPDATE people SET binned_at = '2025-01-01T00:00:00Z' WHERE id = ?1",
        [c.to_string()],
    )
    .unwrap();
    drop(conn);
    let found = v.refresh_duplicates(false).unwrap();
    assert_eq!((found.people, found.pairs), (2, 1));
    let err = v
        .merge_people(&MergeRequest {
            a,
            b: c,
            keep: None,
            fields: vec![],
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    let merged = v
        .merge_people(&MergeRequest {
            a,
            b,
            keep: None,
            fields: vec![],
        })
        .unwrap();
    assert_eq!(merged.kept, a);
}

#[test]
fn an_import_whose_people_were_merged_cannot_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let a = v
        .create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    let file = dir.path().join("kunder.csv");
    std::fs::write(&file, "Name,Email\nKari Nordmann,kari.nordmann@gmail.com\n").unwrap();
    let options =
        lagom_core::import::ImportOptions::new(vec![lagom_core::import::ImportFile::at(&file)]);
    let report = v
        .import(&options, &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    let imported = v.search_people("gmail", 10).unwrap().people[0].id;
    v.merge_people(&MergeRequest {
        a,
        b: imported,
        keep: None,
        fields: vec![],
    })
    .unwrap();
    let err = v
        .undo_import(&report.batch.unwrap().to_string())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
}

#[test]
fn the_queue_and_merges_answer_through_the_command_table() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(&dir.path().join("v"));
    let mut ids = Vec::new();
    for email in ["kari@example.no", "KARI@example.no"] {
        let made = call(
            &mut s,
            "person.create",
            json!({
                "fields": { "first_name": "Kari", "last_name": "Nordmann", "email": email },
                "allow_duplicate": true
            }),
        )
        .unwrap();
        ids.push(made["id"].as_str().unwrap().to_owned());
    }
    let summary = call(&mut s, "duplicates.refresh", Value::Null).unwrap();
    assert_eq!(
        (summary["pairs"].clone(), summary["merged"].clone()),
        (json!(1), json!(0))
    );
    let page = call(&mut s, "duplicates.list", json!({ "limit": 10 })).unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["pairs"][0]["a"]["email"], "kari@example.no");
    assert_eq!(page["pairs"][0]["reasons"][0]["by"], "same_email");
    let merged = call(
        &mut s,
        "duplicates.merge",
        json!({ "a": ids[0], "b": ids[1], "fields": ["email"] }),
    )
    .unwrap();
    assert_eq!(merged["kept"], ids[0]);
    let merges = call(&mut s, "duplicates.merges", Value::Null).unwrap();
    assert_eq!(merges[0]["can_undo"], true);
    let undone = call(
        &mut s,
        "duplicates.undo",
        json!({ "merge": merged["merge"] }),
    )
    .unwrap();
    assert_eq!(undone["restored"], ids[1]);
    let dismissed = call(
        &mut s,
        "duplicates.dismiss",
        json!({ "a": ids[0], "b": ids[1] }),
    )
    .unwrap();
    assert_eq!(dismissed["a"], ids[0]);
    let err = call(
        &mut s,
        "duplicates.merge",
        json!({ "a": ids[0], "b": ids[1], "fields": ["shoe_size"] }),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);

    // A search merges sure pairs unasked once housekeeping's setting says so.
    call(
        &mut s,
        "person.create",
        json!({
            "fields": { "first_name": "Per", "last_name": "Hansen", "email": "per@example.no" }
        }),
    )
    .unwrap();
    call(
        &mut s,
        "person.create",
        json!({
            "fields": { "first_name": "Per", "last_name": "Hansen", "email": "PER@example.no" },
            "allow_duplicate": true
        }),
    )
    .unwrap();
    assert_eq!(
        call(&mut s, "duplicates.refresh", Value::Null).unwrap()["merged"],
        0
    );
    call(
        &mut s,
        "hygiene.settings.set",
        json!({ "auto_merge": true }),
    )
    .unwrap();
    let merged = call(&mut s, "duplicates.refresh", Value::Null).unwrap();
    assert_eq!(merged["merged"], 1, "{merged}");
    assert_eq!(merged["pairs"], 0, "Kari's pair was told apart");
}

#[test]
fn the_bundle_of_the_person_kept_holds_the_events_of_the_record_merged_into_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let (a, b) = two_karis(&mut v);
    let before = v
        .subject_access(&PersonRef::Id(a), None)
        .unwrap()
        .events
        .len();
    let theirs = v
        .subject_access(&PersonRef::Id(b), None)
        .unwrap()
        .events
        .len();
    v.merge_people(&MergeRequest {
        a,
        b,
        keep: Some(a),
        fields: vec![],
    })
    .unwrap();
    let after = v.subject_access(&PersonRef::Id(a), None).unwrap().events;
    // Both records' events (each bundle above is an export event of its own), and the merge.
    assert!(
        after.len() >= before + theirs,
        "{} events after, {before} + {theirs} before",
        after.len()
    );
    assert!(after.iter().any(|e| e.kind == "person.merged"));
    assert_eq!(
        after.iter().filter(|e| e.kind == "person.created").count(),
        2
    );
}
