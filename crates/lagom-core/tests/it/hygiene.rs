//! Housekeeping on a schedule, with the clock moved by hand through two years of a small
//! business: people added, used and left alone, a laptop closed for weeks, a recycle bin,
//! a consent ageing, a backup restored. Every step must come on its exact day.

use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate};
use lagom_core::api::{NoSecretKeys, Session};
use lagom_core::consent::{ConsentMethod, GiveConsent};
use lagom_core::hygiene::{
    HygieneSettings, Job, JobStatus, RetentionAction, RunOptions, RunReport, RunTrigger, StepDone,
};
use lagom_core::people::{NewPerson, PeopleQuery, PeopleView, PersonFields, PersonStatus};
use lagom_core::types::PersonRef;
use lagom_core::{AuditFilter, NewVault, Vault};
use serde_json::json;
use uuid::Uuid;

use crate::erasure::raw;
use crate::support::{FAST, HandClock, creds};

const MARKETING: &str = "E-marketing";

fn create(dir: &Path, clock: &HandClock) -> Vault {
    Vault::create(
        dir,
        NewVault {
            owner_name: "Owner".into(),
            credentials: creds("correct horse", 1),
            kdf: FAST,
        },
        clock.shared(),
        &mut lagom_core::OsEntropy,
    )
    .unwrap()
}

fn add(v: &mut Vault, first: &str, last: &str, email: &str, status: PersonStatus) -> Uuid {
    v.create_person(NewPerson {
        fields: PersonFields {
            first_name: first.into(),
            last_name: last.into(),
            email: Some(email.into()),
            status,
            ..Default::default()
        },
        ..Default::default()
    })
    .unwrap()
}

fn run(v: &mut Vault) -> RunReport {
    v.hygiene_run(
        &RunOptions {
            trigger: RunTrigger::Timer,
            dry_run: false,
            all: false,
            jobs: vec![],
        },
        &mut lagom_core::OsEntropy,
    )
    .unwrap()
}

fn done(report: &RunReport, job: Job, what: StepDone) -> Vec<Uuid> {
    report
        .jobs
        .iter()
        .filter(|j| j.job == job)
        .flat_map(|j| j.people.iter())
        .filter(|p| p.done == what)
        .map(|p| p.person)
        .collect()
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn archived(v: &Vault, who: Uuid) -> bool {
    v.query_people(&PeopleQuery {
        view: PeopleView::Archived,
        limit: 1000,
        ..Default::default()
    })
    .unwrap()
    .people
    .iter()
    .any(|p| p.id == who)
}

fn exists(v: &mut Vault, who: Uuid) -> bool {
    v.show_person(&PersonRef::Id(who)).is_ok()
}

/// Walks the clock a day at a time up to `to` (09:00 UTC), running housekeeping each day
/// the laptop is open, and hands each day's report to `each`.
fn walk(
    v: &mut Vault,
    clock: &HandClock,
    to: &str,
    open: impl Fn(NaiveDate) -> bool,
    mut each: impl FnMut(&mut Vault, NaiveDate, Option<RunReport>),
) {
    let to = day(to);
    loop {
        let today = clock.now_day();
        if today > to {
            break;
        }
        let report = open(today).then(|| run(v));
        each(v, today, report);
        clock.advance(Duration::days(1));
    }
}

trait Today {
    fn now_day(&self) -> NaiveDate;
}

impl Today for HandClock {
    fn now_day(&self) -> NaiveDate {
        lagom_core::Clock::now(self).date_naive()
    }
}

#[test]
fn two_years_of_housekeeping_happen_each_on_its_day() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at(2025, 1, 6);
    let mut v = create(dir.path(), &clock);
    v.set_hygiene_settings(&HygieneSettings {
        backup_folder: None,
        ..HygieneSettings::default()
    })
    .unwrap();

    // Sales and service, suggested rules: a prospect is archived after 12 months without
    // activity and erased after 24; a partner is reviewed after 24.
    let stale = add(
        &mut v,
        "Stig",
        "Stille",
        "stig@example.no",
        PersonStatus::Prospect,
    );
    let kept = add(
        &mut v,
        "Kari",
        "Beholdt",
        "kari@example.no",
        PersonStatus::Prospect,
    );
    let used = add(
        &mut v,
        "Ulf",
        "Brukt",
        "ulf@example.se",
        PersonStatus::Prospect,
    );
    let partner = add(
        &mut v,
        "Pia",
        "Partner",
        "pia@example.dk",
        PersonStatus::Partner,
    );
    let binned = add(
        &mut v,
        "Bent",
        "Binnedahl",
        "bent.bin@example.dk",
        PersonStatus::Customer,
    );
    let fan = add(
        &mut v,
        "Frida",
        "Fan",
        "frida@example.se",
        PersonStatus::Customer,
    );
    v.give_consent(
        &PersonRef::Id(fan),
        &GiveConsent {
            email: None,
            purpose: MARKETING.into(),
            method: ConsentMethod::WebForm,
            occurred_at: None,
            text_version: None,
            notice_version: None,
            language: None,
            evidence: "newsletter form".into(),
        },
    )
    .unwrap();

    // The laptop is closed from 10 May to 30 June 2026.
    let open = |d: NaiveDate| !(day("2026-05-10")..=day("2026-06-30")).contains(&d);
    let mut archived_on = std::collections::BTreeMap::new();
    let mut erased_on = std::collections::BTreeMap::new();
    let mut purged_on = None;
    let mut announced_on = std::collections::BTreeMap::new();
    let mut backup_dir = None;
    walk(&mut v, &clock, "2027-01-20", open, |v, today, report| {
        match today.to_string().as_str() {
            "2025-03-03" => {
                v.delete_person(&PersonRef::Id(binned)).unwrap();
            }
            "2025-03-10" => {
                let target = dir
                    .path()
                    .parent()
                    .unwrap()
                    .join(format!("lagom-scenario-backup-{}", Uuid::now_v7()));
                v.backup(&target).unwrap();
                backup_dir = Some(target);
            }
            "2025-06-02" => {
                v.add_note(&PersonRef::Id(used), "Called about the spring offer", false)
                    .unwrap();
            }
            "2025-12-30" => {
                // Announced a week ago; the owner keeps her.
                v.keep_person(&PersonRef::Id(kept)).unwrap();
            }
            _ => {}
        }
        let Some(report) = report else { return };
        for p in done(&report, Job::Retention, StepDone::Announced) {
            announced_on.entry(p).or_insert(today);
        }
        for p in done(&report, Job::Retention, StepDone::Archived) {
            archived_on.insert(p, today);
        }
        for p in done(&report, Job::Retention, StepDone::Erased) {
            erased_on.insert(p, today);
        }
        if !done(&report, Job::Bin, StepDone::Purged).is_empty() {
            purged_on = Some(today);
        }
        if today == day("2027-01-06") {
            // The partner is listed for review on the day, with no grace period.
            let reviews = v.waiting_steps(true, 50).unwrap();
            assert!(
                reviews.steps.iter().any(|s| s.person == partner
                    && s.action == RetentionAction::Review
                    && s.runs_on == "2027-01-06"),
                "{reviews:?}"
            );
        }
    });

    // Announced fourteen days ahead, taken on the day.
    assert_eq!(announced_on.get(&stale), Some(&day("2025-12-23")));
    assert_eq!(archived_on.get(&stale), Some(&day("2026-01-06")));
    assert_eq!(announced_on.get(&kept), Some(&day("2025-12-23")));
    // Kept on 30 December 2025: a new year of activity from then.
    assert_eq!(archived_on.get(&kept), Some(&day("2026-12-30")));
    // Used on 2 June 2025, so due on 2 June 2026, while the laptop was closed: announced at
    // the first run after, with the whole grace period.
    assert_eq!(announced_on.get(&used), Some(&day("2026-07-01")));
    assert_eq!(archived_on.get(&used), Some(&day("2026-07-15")));
    // Archived for a year, then erased 24 months after the last activity.
    assert_eq!(erased_on.get(&stale), Some(&day("2027-01-06")));
    assert!(!exists(&mut v, stale));
    assert!(archived(&v, kept) && archived(&v, used));
    // The bin keeps a person 30 days.
    assert_eq!(purged_on, Some(day("2025-04-02")));
    assert!(!exists(&mut v, binned));
    // The partner is still there, waiting for the owner.
    assert!(exists(&mut v, partner));

    // The consent given on 6 January 2025 is two years old on 6 January 2027, and the
    // weekly consent review lists it within a week of that.
    let consents = v.findings(&["consent_old"], 50).unwrap();
    assert!(
        consents.items.iter().any(|f| f.person == Some(fan)),
        "{consents:?}"
    );

    // One event per run, one per person acted on, each saying why.
    let of = |v: &Vault, kind: &str| {
        v.audit_events(&AuditFilter {
            kind: Some(kind.into()),
            limit: 10_000,
            ..Default::default()
        })
        .unwrap()
    };
    let erasures = of(&v, "person.erased");
    assert!(
        erasures
            .iter()
            .any(|e| e.detail["cause"] == json!("retention")
                && e.subject_id.as_deref() == Some(stale.to_string().as_str()))
    );
    assert!(
        erasures
            .iter()
            .any(|e| e.detail["cause"] == json!("bin_purge"))
    );
    let archives = of(&v, "person.archived");
    assert_eq!(archives.len(), 3);
    assert!(
        archives
            .iter()
            .all(|e| e.detail["cause"] == json!("retention"))
    );
    // Every day the laptop was open, one run.
    assert_eq!(of(&v, "hygiene.run").len(), 745 - 52);

    // Neither the name nor the address of the purged person is on any page, nor in the
    // search index.
    let (conn, key) = raw(&mut v);
    let text = crate::erasure::plaintext(dir.path(), &key);
    for needle in ["Binnedahl", "bent.bin@example.dk", "binnedahl"] {
        assert!(
            !text.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle} is still in the file"
        );
    }
    drop(conn);

    // A backup made while the person was in the bin does not bring them back.
    v.lock();
    Vault::restore(dir.path(), backup_dir.as_ref().unwrap(), &clock).unwrap();
    let mut v = Vault::unlock(dir.path(), &creds("correct horse", 1), clock.shared()).unwrap();
    assert!(!exists(&mut v, binned));
    let _ = std::fs::remove_dir_all(backup_dir.unwrap());
    assert_eq!(clock.now_day().year(), 2027);
}

#[test]
fn a_dry_run_says_what_would_happen_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at(2025, 1, 6);
    let mut v = create(dir.path(), &clock);
    let lead = add(
        &mut v,
        "Stig",
        "Stille",
        "stig@example.no",
        PersonStatus::Prospect,
    );
    clock.set(2026, 3, 1);
    let dry = v
        .hygiene_run(
            &RunOptions {
                trigger: RunTrigger::Command,
                dry_run: true,
                all: true,
                jobs: vec![],
            },
            &mut lagom_core::OsEntropy,
        )
        .unwrap();
    assert!(dry.dry_run && dry.id.is_none());
    assert_eq!(done(&dry, Job::Retention, StepDone::Announced), [lead]);
    assert!(v.waiting_steps(false, 10).unwrap().steps.is_empty());
    assert!(v.hygiene_runs(10).unwrap().is_empty());
    assert!(v.today().unwrap().last_run.is_none());

    let real = run(&mut v);
    assert_eq!(done(&real, Job::Retention, StepDone::Announced), [lead]);
    let waiting = v.waiting_steps(false, 10).unwrap();
    assert_eq!(waiting.total, 1);
    assert_eq!(waiting.steps[0].runs_on, "2026-03-15");
    assert_eq!(waiting.steps[0].name, "Stig Stille");
    // Every job ran once; run again the same day, none is due.
    let again = run(&mut v);
    assert!(
        again.jobs.iter().all(|j| j.status == JobStatus::NotDue),
        "{again:?}"
    );
    let today = v.today().unwrap();
    assert_eq!(today.announced.total, 1);
    assert!(today.rules_to_review);
    assert!(today.backup.due && today.backup.last_at.is_none());
    assert!(today.integrity.last_at.is_some());
}

#[test]
fn rules_are_checked_replaced_and_put_back() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at(2025, 1, 6);
    let mut v = create(dir.path(), &clock);
    let rules = v.retention_rules().unwrap();
    assert!(rules.suggested);
    assert!(rules.rules.iter().all(|r| !r.purpose_name.is_empty()));
    let mut mine: Vec<_> = rules.rules.iter().map(|l| l.rule.clone()).collect();
    mine.retain(|r| r.action != RetentionAction::Erase);
    let changed = v.set_retention_rules(&mine).unwrap();
    assert!(!changed.suggested);
    assert!(!v.today().unwrap().rules_to_review);
    let mut bad = mine.clone();
    bad.push(bad[0].clone());
    assert!(v.set_retention_rules(&bad).is_err());
    assert!(v.reset_retention_rules().unwrap().suggested);
}

#[test]
fn the_bin_hides_a_person_until_restored_with_everything() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at(2025, 1, 6);
    let mut v = create(dir.path(), &clock);
    let who = add(
        &mut v,
        "Åse",
        "Ødegård",
        "ase@example.no",
        PersonStatus::Customer,
    );
    v.add_note(&PersonRef::Id(who), "Likes the blue one", false)
        .unwrap();
    v.update_person(
        &PersonRef::Id(who),
        &lagom_core::people::PersonPatch {
            add_tags: vec!["vip".into()],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(v.people_filters().unwrap().tags.len(), 1);
    v.delete_person(&PersonRef::Id(who)).unwrap();
    assert_eq!(v.query_people(&PeopleQuery::default()).unwrap().total, 0);
    assert_eq!(v.search_people("Ødegård", 10).unwrap().total, 0);
    // Nor is anyone in the bin counted by the list's filters.
    let filters = v.people_filters().unwrap();
    assert_eq!(filters.statuses.iter().map(|s| s.people).sum::<u64>(), 0);
    assert!(
        filters.tags.is_empty() && filters.sources.is_empty(),
        "{filters:?}"
    );
    let bin = v.bin(10, 0).unwrap();
    assert_eq!(bin.page.total, 1);
    assert_eq!(bin.purge_on, ["2025-02-05"]);
    // Changing a binned person is refused; restoring gives everything back.
    assert!(
        v.update_person(&PersonRef::Id(who), &Default::default())
            .is_err()
    );
    v.restore_person(&PersonRef::Id(who)).unwrap();
    let card = v.show_person(&PersonRef::Id(who)).unwrap();
    assert_eq!(card.notes.len(), 1);
    assert_eq!(card.tags, ["vip"]);
    assert_eq!(v.people_filters().unwrap().tags.len(), 1);
    // The filters count the people in use: an archived person is left out too.
    v.archive_person(&PersonRef::Id(who)).unwrap();
    let filters = v.people_filters().unwrap();
    assert!(
        filters.tags.is_empty() && filters.sources.is_empty(),
        "{filters:?}"
    );
    assert_eq!(filters.statuses.iter().map(|s| s.people).sum::<u64>(), 0);
    v.unarchive_person(&PersonRef::Id(who)).unwrap();
    assert_eq!(v.search_people("Ødegård", 10).unwrap().total, 1);
    assert!(v.restore_person(&PersonRef::Id(who)).is_err());
}

#[test]
fn the_start_screen_and_runs_go_through_the_command_table() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at(2025, 1, 6);
    let mut s = Session::new(
        &dir.path().join("v"),
        clock.shared(),
        Box::new(NoSecretKeys),
    )
    .with_kdf(FAST);
    let call = |s: &mut Session, name: &str, args: serde_json::Value| {
        s.call(
            name,
            args,
            &mut |_| {},
            &std::sync::atomic::AtomicBool::new(false),
        )
    };
    call(
        &mut s,
        "vault.create",
        json!({ "owner": "Kari", "password": "correct horse battery" }),
    )
    .unwrap();
    let today = call(&mut s, "hygiene.today", json!(null)).unwrap();
    assert_eq!(today["today"], json!("2025-01-06"));
    let report = call(
        &mut s,
        "hygiene.run",
        json!({ "trigger": "manual", "all": true }),
    )
    .unwrap();
    assert_eq!(report["dry_run"], json!(false));
    assert_eq!(report["jobs"].as_array().unwrap().len(), Job::ALL.len());
    let err = call(&mut s, "hygiene.findings", json!({ "kinds": ["nonsense"] })).unwrap_err();
    assert_eq!(err.code(), lagom_core::ErrorCode::Validation);
    let access = call(
        &mut s,
        "hygiene.findings",
        json!({ "kinds": ["access_review"] }),
    )
    .unwrap();
    assert_eq!(access["total"], json!(1));
    assert_eq!(
        access["items"][0]["detail"]["users"][0]["name"],
        json!("Kari")
    );
    let settings = call(&mut s, "hygiene.settings.get", json!(null)).unwrap();
    assert_eq!(settings["grace_days"], json!(14));
    let mut changed = settings.clone();
    changed["grace_days"] = json!(400);
    let err = call(&mut s, "hygiene.settings.set", changed).unwrap_err();
    assert_eq!(err.code(), lagom_core::ErrorCode::Validation);

    // A backup folder that already holds backups can be saved again and again.
    let folder = dir.path().join("backups");
    let mut with_folder = settings.clone();
    with_folder["backup_folder"] = json!(folder);
    call(&mut s, "hygiene.settings.set", with_folder.clone()).unwrap();
    let run = call(
        &mut s,
        "hygiene.run",
        json!({ "trigger": "manual", "all": true, "jobs": ["backup"] }),
    )
    .unwrap();
    assert_eq!(run["jobs"][0]["counts"]["written"], json!(1), "{run}");
    assert!(
        folder
            .join("lagom-backup-2025-01-06")
            .join("vault.db")
            .exists()
    );
    with_folder["grace_days"] = json!(20);
    call(&mut s, "hygiene.settings.set", with_folder.clone()).unwrap();
    // The vault's own folder is refused.
    with_folder["backup_folder"] = json!(dir.path().join("v"));
    let err = call(&mut s, "hygiene.settings.set", with_folder.clone()).unwrap_err();
    assert_eq!(err.code(), lagom_core::ErrorCode::Validation);
    // A stale copy cannot undo that the rules were looked at.
    call(&mut s, "retention.rules_reset", json!(null)).unwrap();
    with_folder["backup_folder"] = json!(null);
    with_folder["rules_reviewed"] = json!(false);
    let saved = call(&mut s, "hygiene.settings.set", with_folder).unwrap();
    assert_eq!(saved["rules_reviewed"], json!(true));
}

#[test]
fn an_import_never_updates_someone_in_the_recycle_bin() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at(2025, 1, 6);
    let mut v = create(dir.path(), &clock);
    let binned = add(
        &mut v,
        "Åse",
        "Ødegård",
        "ase@example.no",
        PersonStatus::Customer,
    );
    v.delete_person(&PersonRef::Id(binned)).unwrap();
    let file = dir.path().join("kunder.csv");
    std::fs::write(
        &file,
        "first_name,last_name,email,city\nÅse,Ødegård,ase@example.no,Bergen\n",
    )
    .unwrap();
    let report = v
        .import(
            &lagom_core::import::ImportOptions::new(vec![lagom_core::import::ImportFile::at(
                &file,
            )]),
            &mut |_| {},
            &std::sync::atomic::AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!((report.counts.created, report.counts.updated), (1, 0));
    let old = v.show_person(&PersonRef::Id(binned)).unwrap();
    assert!(old.life.binned_at.is_some());
    assert_eq!(old.fields.city, None);
}
