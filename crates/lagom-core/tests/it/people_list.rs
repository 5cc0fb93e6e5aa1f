//! The people list: filters by tag, category, owner, status, source and organisation, the
//! three orders (names in the reader's alphabet), totals that count only what matches, and
//! the filters' choices.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, TimeZone, Utc};
use lagom_core::people::{
    NewPerson, PeopleQuery, PeopleSort, PersonFields, PersonPatch, PersonStatus, Provenance,
};
use lagom_core::types::{Language, PersonRef};
use lagom_core::{Clock, ErrorCode, NewVault, Vault};

use crate::support::{FAST, creds};

/// A clock a second later at every reading, so that every change has its own time.
struct Ticking(AtomicI64);

impl Clock for Ticking {
    fn now(&self) -> DateTime<Utc> {
        let s = self.0.fetch_add(1, Ordering::SeqCst);
        Utc.timestamp_opt(1_750_000_000 + s, 0).unwrap()
    }
}

fn vault(dir: &std::path::Path) -> Vault {
    Vault::create(
        dir,
        NewVault {
            owner_name: "Åse Owner".into(),
            credentials: creds("correct horse", 1),
            kdf: FAST,
        },
        Arc::new(Ticking(AtomicI64::new(0))),
        &mut lagom_core::OsEntropy,
    )
    .unwrap()
}

struct Someone {
    first: &'static str,
    last: &'static str,
    status: PersonStatus,
    tags: &'static [&'static str],
    category: Option<&'static str>,
    source: Option<&'static str>,
    organisation: Option<&'static str>,
}

const PEOPLE: &[Someone] = &[
    Someone {
        first: "Kari",
        last: "Nordmann",
        status: PersonStatus::Customer,
        tags: &["VIP", "messe"],
        category: Some("Retail"),
        source: Some("web form"),
        organisation: Some("Fjord Rør AS"),
    },
    Someone {
        first: "Ola",
        last: "Berg",
        status: PersonStatus::Prospect,
        tags: &["messe"],
        category: None,
        source: None,
        organisation: Some("Fjord Rør AS"),
    },
    Someone {
        first: "Anne",
        last: "Aas",
        status: PersonStatus::Customer,
        tags: &[],
        category: Some("Wholesale"),
        source: Some("phone"),
        organisation: None,
    },
    Someone {
        first: "Bjørn",
        last: "Kjær",
        status: PersonStatus::Partner,
        tags: &["vip"],
        category: Some("retail"),
        source: Some("web form"),
        organisation: Some("Nordlys AS"),
    },
];

/// The four people above, one transaction each (so each has its own creation time).
fn filled(dir: &std::path::Path) -> Vault {
    let mut v = vault(dir);
    for s in PEOPLE {
        v.create_person(NewPerson {
            fields: PersonFields {
                first_name: s.first.into(),
                last_name: s.last.into(),
                status: s.status,
                tags: s.tags.iter().map(|t| (*t).into()).collect(),
                organisation: s.organisation.map(Into::into),
                ..Default::default()
            },
            provenance: Provenance {
                source: s.source.map(Into::into),
                ..Default::default()
            },
            category: s.category.map(Into::into),
        })
        .unwrap();
    }
    v
}

fn names(v: &Vault, q: &PeopleQuery) -> (Vec<String>, u64) {
    let page = v.query_people(q).unwrap();
    (
        page.people
            .iter()
            .map(|p| p.first_name.clone())
            .collect::<Vec<_>>(),
        page.total,
    )
}

fn query() -> PeopleQuery {
    PeopleQuery {
        limit: 100,
        ..PeopleQuery::default()
    }
}

#[test]
fn each_filter_keeps_only_the_people_who_have_it_and_the_total_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let v = filled(dir.path());
    let check = |q: PeopleQuery, expected: &[&str]| {
        let (got, total) = names(&v, &q);
        assert_eq!(got, expected, "{q:?}");
        assert_eq!(total, expected.len() as u64, "{q:?}");
    };
    // Names of tags, categories and sources are matched ignoring case.
    check(
        PeopleQuery {
            tag: Some("vip".into()),
            ..query()
        },
        &["Bjørn", "Kari"],
    );
    check(
        PeopleQuery {
            category: Some("RETAIL".into()),
            ..query()
        },
        &["Bjørn", "Kari"],
    );
    check(
        PeopleQuery {
            status: Some(PersonStatus::Customer),
            ..query()
        },
        &["Anne", "Kari"],
    );
    check(
        PeopleQuery {
            source: Some("manual".into()),
            ..query()
        },
        &["Ola"],
    );
    check(
        PeopleQuery {
            source: Some("Web Form".into()),
            status: Some(PersonStatus::Customer),
            ..query()
        },
        &["Kari"],
    );
    check(
        PeopleQuery {
            tag: Some("messe".into()),
            search: Some("fjord".into()),
            ..query()
        },
        &["Ola", "Kari"],
    );
    // A name nobody has matches nobody; an empty one filters nothing.
    check(
        PeopleQuery {
            tag: Some("no such tag".into()),
            ..query()
        },
        &[],
    );
    check(
        PeopleQuery {
            tag: Some(" ".into()),
            ..query()
        },
        &["Anne", "Ola", "Bjørn", "Kari"],
    );
}

#[test]
fn owner_and_organisation_filters_take_ids() {
    let dir = tempfile::tempdir().unwrap();
    let v = filled(dir.path());
    let filters = v.people_filters().unwrap();
    let owner = filters.owners[0].value.parse().unwrap();
    let (got, _) = names(
        &v,
        &PeopleQuery {
            owner: Some(owner),
            ..query()
        },
    );
    assert_eq!(got.len(), 4);
    let (got, total) = names(
        &v,
        &PeopleQuery {
            owner: Some(uuid::Uuid::now_v7()),
            ..query()
        },
    );
    assert_eq!((got.len(), total), (0, 0));
    let fjord = v.list_organisations("fjord", 10, 0).unwrap().organisations[0].id;
    let (got, total) = names(
        &v,
        &PeopleQuery {
            organisation: Some(fjord),
            ..query()
        },
    );
    assert_eq!((got, total), (vec!["Ola".to_owned(), "Kari".to_owned()], 2));
}

#[test]
fn lists_sort_by_name_created_or_updated_either_way() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = filled(dir.path());
    let sorted = |v: &Vault, sort, descending| {
        names(
            v,
            &PeopleQuery {
                sort,
                descending,
                ..query()
            },
        )
        .0
    };
    assert_eq!(
        sorted(&v, PeopleSort::Name, false),
        ["Anne", "Ola", "Bjørn", "Kari"]
    );
    assert_eq!(
        sorted(&v, PeopleSort::Name, true),
        ["Kari", "Bjørn", "Ola", "Anne"]
    );
    assert_eq!(
        sorted(&v, PeopleSort::Created, false),
        ["Kari", "Ola", "Anne", "Bjørn"]
    );
    assert_eq!(
        sorted(&v, PeopleSort::Created, true),
        ["Bjørn", "Anne", "Ola", "Kari"]
    );
    let ola = v.query_people(&query()).unwrap().people[1].id;
    v.update_person(
        &PersonRef::Id(ola),
        &PersonPatch {
            title: Some("Daglig leder".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        sorted(&v, PeopleSort::Updated, true),
        ["Ola", "Bjørn", "Anne", "Kari"]
    );
}

#[test]
fn pages_of_a_filtered_list_follow_on_without_overlap() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault(dir.path());
    // One transaction: everyone has the same creation time, so only the tie-break orders them.
    v.create_people((0..25).map(|i| NewPerson {
        fields: PersonFields {
            first_name: format!("P{i:02}"),
            last_name: "Same".into(),
            status: if i % 2 == 0 {
                PersonStatus::Customer
            } else {
                PersonStatus::Prospect
            },
            ..Default::default()
        },
        ..Default::default()
    }))
    .unwrap();
    for sort in [PeopleSort::Name, PeopleSort::Created, PeopleSort::Updated] {
        let mut seen = Vec::new();
        for offset in [0, 5, 10] {
            let page = v
                .query_people(&PeopleQuery {
                    status: Some(PersonStatus::Customer),
                    sort,
                    limit: 5,
                    offset,
                    ..PeopleQuery::default()
                })
                .unwrap();
            assert_eq!(page.total, 13);
            seen.extend(page.people.into_iter().map(|p| p.id));
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!((seen.len(), unique.len()), (13, 13), "{sort:?}");
    }
}

#[test]
fn a_page_larger_than_the_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    let err = v
        .query_people(&PeopleQuery {
            limit: PeopleQuery::MAX_LIMIT + 1,
            ..PeopleQuery::default()
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
}

#[test]
fn filter_choices_list_what_people_have_with_counts() {
    let dir = tempfile::tempdir().unwrap();
    let v = filled(dir.path());
    let f = v.people_filters().unwrap();
    let pairs = |c: &[lagom_core::people::FilterChoice]| {
        c.iter()
            .map(|c| (c.label.clone(), c.people))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        pairs(&f.tags),
        [("messe".to_owned(), 2), ("VIP".to_owned(), 2)]
    );
    assert_eq!(
        pairs(&f.categories),
        [("Retail".to_owned(), 2), ("Wholesale".to_owned(), 1)]
    );
    assert_eq!(
        pairs(&f.sources),
        [
            ("manual".to_owned(), 1),
            ("phone".to_owned(), 1),
            ("web form".to_owned(), 2)
        ]
    );
    assert_eq!(pairs(&f.owners), [("Åse Owner".to_owned(), 4)]);
    assert_eq!(
        f.statuses
            .iter()
            .map(|s| (s.value.as_str(), s.people))
            .collect::<Vec<_>>(),
        [
            ("prospect", 1),
            ("customer", 2),
            ("former_customer", 0),
            ("partner", 1),
            ("other", 0)
        ]
    );
}

#[test]
fn a_category_is_set_shown_changed_and_cleared_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = filled(dir.path());
    let kari = PersonRef::Id(v.query_people(&query()).unwrap().people[3].id);
    assert_eq!(
        v.show_person(&kari).unwrap().category.as_deref(),
        Some("Retail")
    );
    let changed = v
        .update_person(
            &kari,
            &PersonPatch {
                category: Some("Wholesale".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(changed.category.as_deref(), Some("Wholesale"));
    let events = v
        .audit_events(&lagom_core::AuditFilter {
            kind: Some("person.updated".into()),
            subject_id: Some(changed.id.to_string()),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(events[0].detail["fields"], serde_json::json!(["category"]));
    let cleared = v
        .update_person(
            &kari,
            &PersonPatch {
                category: Some(String::new()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(cleared.category, None);
}

/// The plans a list takes: every filter starts from (or checks through) an index, never by
/// reading the whole table and sorting it.
#[test]
fn filtered_lists_use_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let v = filled(dir.path());
    for (q, index) in [
        (
            PeopleQuery {
                tag: Some("vip".into()),
                ..query()
            },
            "person_tags_by_tag",
        ),
        (
            PeopleQuery {
                source: Some("phone".into()),
                ..query()
            },
            "processing_records_by_source",
        ),
        (
            PeopleQuery {
                sort: PeopleSort::Created,
                descending: true,
                ..query()
            },
            "people_by_created",
        ),
        (
            PeopleQuery {
                sort: PeopleSort::Updated,
                ..query()
            },
            "people_by_updated",
        ),
        // By name: the sort key of the alphabet asked for (the vault's, else English).
        (query(), "people_by_sort_en"),
        (
            PeopleQuery {
                view: lagom_core::people::PeopleView::All,
                ..query()
            },
            "people_by_sort_en",
        ),
        (
            PeopleQuery {
                language: Some(Language::Nb),
                ..query()
            },
            "people_by_sort_nb",
        ),
        (
            PeopleQuery {
                language: Some(Language::Da),
                descending: true,
                ..query()
            },
            "people_by_sort_nb",
        ),
        (
            PeopleQuery {
                language: Some(Language::Sv),
                ..query()
            },
            "people_by_sort_sv",
        ),
    ] {
        let plan = v.people_query_plan(&q).unwrap().join("\n");
        assert!(plan.contains(index), "{q:?}:\n{plan}");
        assert!(
            !plan.contains("SCAN p\n") && !plan.ends_with("SCAN p"),
            "{q:?}:\n{plan}"
        );
        if q.sort == PeopleSort::Name && q.tag.is_none() && q.source.is_none() {
            // The page comes off the index in order, not from sorting everyone.
            assert!(!plan.contains("TEMP B-TREE"), "{q:?}:\n{plan}");
        }
    }
}

/// Names that sort apart in Norwegian, Swedish and English, added out of order.
fn nordic(dir: &std::path::Path) -> Vault {
    let mut v = vault(dir);
    for last in ["Åsheim", "Zahl", "Øvrebø", "Aasen", "Ærø", "Öberg", "Ahl"] {
        v.create_person(NewPerson {
            fields: PersonFields {
                first_name: "Per".into(),
                last_name: last.into(),
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap();
    }
    v
}

fn last_names(v: &Vault, q: &PeopleQuery) -> Vec<String> {
    v.query_people(q)
        .unwrap()
        .people
        .into_iter()
        .map(|p| p.last_name)
        .collect()
}

#[test]
fn names_sort_in_the_readers_alphabet() {
    let dir = tempfile::tempdir().unwrap();
    let v = nordic(dir.path());
    let in_ = |language| {
        last_names(
            &v,
            &PeopleQuery {
                language,
                ..query()
            },
        )
    };
    // Norwegian and Danish: Æ Ø Å after Z, and Aa is Å.
    let norwegian = ["Ahl", "Zahl", "Ærø", "Öberg", "Øvrebø", "Aasen", "Åsheim"];
    assert_eq!(in_(Some(Language::Nb)), norwegian);
    assert_eq!(in_(Some(Language::Da)), norwegian);
    // Swedish: Å Ä Ö after Z (Æ with Ä, Ø with Ö).
    assert_eq!(
        in_(Some(Language::Sv)),
        ["Aasen", "Ahl", "Zahl", "Åsheim", "Ærø", "Öberg", "Øvrebø"]
    );
    // English: å with a, ø with o.
    let english = ["Aasen", "Ærø", "Ahl", "Åsheim", "Öberg", "Øvrebø", "Zahl"];
    assert_eq!(in_(Some(Language::En)), english);
    // No language asked for: the vault's, else English.
    assert_eq!(in_(None), english);
    let mut reversed = norwegian;
    reversed.reverse();
    assert_eq!(
        last_names(
            &v,
            &PeopleQuery {
                language: Some(Language::Nb),
                descending: true,
                ..query()
            }
        ),
        reversed
    );
}

#[test]
fn a_list_without_a_language_follows_the_vaults() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = nordic(dir.path());
    v.update_settings(&lagom_core::settings::SettingsPatch {
        language: Some(Some(Language::Sv)),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        last_names(&v, &query()),
        ["Aasen", "Ahl", "Zahl", "Åsheim", "Ærø", "Öberg", "Øvrebø"]
    );
}

#[test]
fn a_renamed_person_moves_to_their_new_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = nordic(dir.path());
    let nb = PeopleQuery {
        language: Some(Language::Nb),
        ..query()
    };
    let zahl = v.query_people(&nb).unwrap().people[1].id;
    v.update_person(
        &PersonRef::Id(zahl),
        &PersonPatch {
            last_name: Some("Øye".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        last_names(&v, &nb),
        ["Ahl", "Ærø", "Öberg", "Øvrebø", "Øye", "Aasen", "Åsheim"]
    );
}

#[test]
fn a_reader_without_lagoms_code_reads_checks_and_orders_by_the_stored_keys() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = nordic(dir.path());
    let key = v.database_key().unwrap().to_hex();
    drop(v);
    // A bare connection: no sort-key function, as a backup opened in another tool.
    let conn = rusqlite::Connection::open(dir.path().join("vault.db")).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key.as_str()))
        .unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let names: Vec<String> = conn
        .prepare("SELECT last_name FROM people ORDER BY sort_nb, pk")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        names,
        ["Ahl", "Zahl", "Ærø", "Öberg", "Øvrebø", "Aasen", "Åsheim"]
    );
    // Writing a name needs the key's maker: refused whole, never a stale key.
    let renamed = conn.execute(
        "UPDATE people SET last_name = 'Berg' WHERE last_name = 'Ahl'",
        [],
    );
    assert!(renamed.unwrap_err().to_string().contains("lagom_sort_key"));
}
