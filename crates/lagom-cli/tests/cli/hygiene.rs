//! `lagom hygiene …` as an OS timer and an owner use it: a dry run that changes nothing, a
//! run, the start screen, rules and settings changed from the terminal.

use super::{Vault, code, error_code};

#[test]
fn a_timer_run_a_dry_run_and_the_start_screen() {
    let v = Vault::new();
    v.json(&["demo", "--people", "20"]);
    let dry = v.json(&["hygiene", "run", "--dry-run"]);
    assert_eq!(dry["dry_run"], true);
    assert!(dry["id"].is_null());
    assert_eq!(v.json(&["hygiene", "runs"]).as_array().unwrap().len(), 0);

    let run = v.json(&["hygiene", "run"]);
    assert_eq!(run["dry_run"], false);
    let jobs: Vec<_> = run["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            (
                j["job"].as_str().unwrap().to_owned(),
                j["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(jobs.iter().all(|(_, s)| s == "ran"), "{jobs:?}");
    // A second run the same day finds nothing due; --all runs every job again.
    let again = v.json(&["hygiene", "run"]);
    assert!(
        again["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|j| j["status"] == "not_due")
    );
    let forced = v.json(&["hygiene", "run", "--all", "--job", "quality"]);
    assert_eq!(forced["jobs"].as_array().unwrap().len(), 1);
    assert_eq!(v.json(&["hygiene", "runs"]).as_array().unwrap().len(), 3);

    let today = v.json(&["hygiene", "today"]);
    assert_eq!(today["rules_to_review"], true);
    assert!(today["integrity"]["last_at"].is_string());
    assert_eq!(today["access"]["total"], 1);
    let text = v.run(&["hygiene", "today"]);
    assert_eq!(code(&text), 0);
    assert!(String::from_utf8_lossy(&text.stdout).contains("Last backup: never"));

    let bad = v.run(&["--json", "hygiene", "run", "--job", "tidying"]);
    assert_eq!(error_code(&bad), "usage");
}

#[test]
fn rules_and_settings_change_from_the_terminal() {
    let v = Vault::new();
    let rules = v.json(&[
        "hygiene",
        "rules",
        "--set",
        "Sales and service:prospect:erase:36",
    ]);
    let line = rules["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["status"] == "prospect"
                && r["action"] == "erase"
                && r["purpose_name"] == "Sales and service"
        })
        .cloned()
        .unwrap();
    assert_eq!(line["after_months"], 36);
    assert_eq!(rules["suggested"], false);
    // Erasing sooner than archiving is refused, whole.
    let out = v.run(&[
        "--json",
        "hygiene",
        "rules",
        "--set",
        "Sales and service:prospect:erase:6",
    ]);
    assert_eq!(error_code(&out), "validation");
    let reset = v.json(&["hygiene", "rules", "--reset"]);
    assert_eq!(reset["suggested"], true);

    let out = v.run(&["--json", "hygiene", "settings", "--job", "tidying=off"]);
    assert_eq!(error_code(&out), "usage");
    let s = v.json(&[
        "hygiene",
        "settings",
        "--grace-days",
        "7",
        "--job",
        "access=30",
        "--job",
        "quality=off",
    ]);
    assert_eq!(s["grace_days"], 7);
    assert_eq!(s["jobs"]["access"]["every_days"], 30);
    assert_eq!(s["jobs"]["quality"]["enabled"], false);
    let out = v.run(&["--json", "hygiene", "settings", "--bin-days", "0"]);
    assert_eq!(error_code(&out), "validation");
}
