//! Crash safety: a process killed with SIGKILL in the middle of a large batch write, an
//! import, a password change, a key rotation, a housekeeping run that erases people, or a
//! merge of two people (or its undo) leaves a vault that opens with the old or the new
//! state, never one between (for housekeeping: each person as before or after their step).
//!
//! This test binary is its own child: `crash child <op> <dir>` loops the operation forever
//! and the parent kills it at random moments, then opens the vault and checks it.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lagom_core::people::{NewPerson, PersonFields};
use lagom_core::{
    Credentials, KdfParams, NewVault, OsEntropy, Password, SecretKey, SystemClock, Vault,
};

const FAST: KdfParams = KdfParams {
    memory_kib: 64,
    iterations: 1,
    parallelism: 1,
};
const ROUNDS: usize = 25;
const OPS: [&str; 6] = ["batch", "import", "passwd", "rekey", "hygiene", "merge"];
/// People a housekeeping round adds, and its run erases.
const HYGIENE_PEOPLE: usize = 150;
/// Notes on each of the two people the merge test merges and unmerges: enough rows that a
/// merge takes long enough to be killed inside.
const MERGE_NOTES: usize = 4000;
const BATCH: usize = 2000;
/// Rows per imported file: smaller than a batch, as an import does more per row, so that kills
/// land before, inside and after its commit alike rather than mostly before it.
const IMPORT_ROWS: usize = 400;

/// How many people one step of `op` adds at once.
fn step_size(op: &str) -> u64 {
    if op == "import" {
        IMPORT_ROWS as u64
    } else {
        BATCH as u64
    }
}
const SECRET: &str = "LG1-S59V50R-27W00TE-TM272SC-W2NYM09";

fn creds(pw: &str) -> Credentials {
    Credentials {
        password: Password::from(pw.to_owned()),
        secret_key: SecretKey::parse(SECRET).expect("fixed key"),
    }
}

fn people(n: usize, tag: &str) -> impl Iterator<Item = NewPerson> + '_ {
    (0..n).map(move |i| NewPerson {
        fields: PersonFields {
            first_name: format!("Person{i}"),
            last_name: format!("Batch{tag}"),
            email: Some(format!("p{i}.{tag}@crash.example")),
            ..Default::default()
        },
        ..Default::default()
    })
}

/// The system's clock moved on by whole periods of three years: housekeeping rounds make
/// people, then let them grow stale.
#[derive(Clone)]
struct Later(Arc<std::sync::Mutex<i64>>);

impl lagom_core::Clock for Later {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        let periods = *self.0.lock().expect("clock");
        chrono::Utc::now() + chrono::Duration::days(3 * 366 * periods)
    }
}

fn unlock_either(dir: &Path) -> Result<(Vault, &'static str), String> {
    unlock_either_at(dir, Arc::new(SystemClock))
}

fn unlock_either_at(
    dir: &Path,
    clock: Arc<dyn lagom_core::Clock>,
) -> Result<(Vault, &'static str), String> {
    for pw in ["password-a", "password-b"] {
        match Vault::unlock(dir, &creds(pw), clock.clone()) {
            Ok(v) => return Ok((v, pw)),
            Err(lagom_core::Error::WrongPassword) => continue,
            Err(e) => return Err(e.to_string()),
        }
    }
    Err("neither the old nor the new password opens the vault".into())
}

/// How many housekeeping runs a vault has had: each child starts that many periods later.
fn runs_so_far(v: &Vault) -> i64 {
    v.audit_events(&lagom_core::AuditFilter {
        kind: Some("hygiene.run".into()),
        limit: 100_000,
        ..Default::default()
    })
    .expect("audit")
    .len() as i64
}

fn child(op: &str, dir: &Path) {
    let later = Later(Arc::new(std::sync::Mutex::new(0)));
    if op == "hygiene" {
        let (v, _) = unlock_either(dir).expect("child unlock");
        *later.0.lock().expect("clock") = 2 * runs_so_far(&v) + 1;
    }
    let (mut v, mut pw) = unlock_either_at(dir, Arc::new(later.clone())).expect("child unlock");
    println!("ready");
    std::io::stdout().flush().expect("stdout");
    let mut round = 0u64;
    loop {
        round += 1;
        match op {
            "batch" => {
                v.create_people(people(BATCH, &round.to_string()))
                    .expect("batch");
            }
            "passwd" => {
                let next = if pw == "password-a" {
                    "password-b"
                } else {
                    "password-a"
                };
                v.change_password(
                    &creds(pw),
                    &Password::from(next.to_owned()),
                    None,
                    FAST,
                    &mut OsEntropy,
                )
                .expect("passwd");
                pw = next;
            }
            "rekey" => v.rotate_key(&creds(pw), &mut OsEntropy).expect("rekey"),
            "hygiene" => {
                // Each child's people are new people: an erased person's address would be
                // refused as erased (the suppression record), as it should be.
                let tag = format!("hyg{}x{round}", std::process::id());
                v.create_people(people(HYGIENE_PEOPLE, &tag))
                    .expect("people");
                *later.0.lock().expect("clock") += 1;
                let report = v
                    .hygiene_run(
                        &lagom_core::hygiene::RunOptions {
                            trigger: lagom_core::hygiene::RunTrigger::Timer,
                            dry_run: false,
                            all: true,
                            jobs: vec![lagom_core::hygiene::Job::Retention],
                        },
                        &mut OsEntropy,
                    )
                    .expect("run");
                assert_eq!(report.failures(), 0, "{report:?}");
                *later.0.lock().expect("clock") += 1;
            }
            "import" => {
                let tag = format!("{}x{round}", std::process::id());
                // Inside the temporary directory, so a killed child leaves nothing elsewhere.
                let file = dir.join(format!("import-{tag}.csv"));
                let mut text = String::from("First name,Last name,E-mail\n");
                for i in 0..IMPORT_ROWS {
                    text.push_str(&format!("Person{i},Batch{tag},p{i}.{tag}@crash.example\n"));
                }
                std::fs::write(&file, text).expect("write file");
                let options = lagom_core::import::ImportOptions::new(vec![
                    lagom_core::import::ImportFile::at(&file),
                ]);
                v.import(
                    &options,
                    &mut |_| {},
                    &std::sync::atomic::AtomicBool::new(false),
                )
                .expect("import");
                std::fs::remove_file(&file).expect("remove file");
            }
            "merge" => {
                // Merged, then undone, then merged again: each step one transaction.
                match v
                    .search_people("mergeb", 10)
                    .expect("search")
                    .people
                    .first()
                {
                    Some(b) => {
                        let a = v.search_people("mergea", 10).expect("search").people[0].id;
                        v.merge_people(&lagom_core::duplicates::MergeRequest {
                            a,
                            b: b.id,
                            keep: None,
                            fields: vec![],
                        })
                        .expect("merge");
                    }
                    None => {
                        let merge = v.merges(1, 0).expect("merges")[0].id;
                        v.undo_merge(merge).expect("undo");
                    }
                }
            }
            other => panic!("unknown operation {other}"),
        }
    }
}

/// Two records of one person, each with [`MERGE_NOTES`] notes (written straight into the
/// database: a note at a time through the vault would take minutes).
fn seed_merge(dir: &Path) -> Result<(), String> {
    let (mut v, _) = unlock_either(dir)?;
    let ids = v
        .create_people(["mergea", "mergeb"].map(|last| NewPerson {
            fields: PersonFields {
                first_name: "Kari".into(),
                last_name: last.into(),
                email: Some(format!("{last}@crash.example")),
                ..Default::default()
            },
            ..Default::default()
        }))
        .map_err(|e| e.to_string())?;
    let key = v
        .database_key()
        .map_err(|e| e.to_string())?
        .to_hex()
        .to_string();
    let user = v.user_id().to_string();
    drop(v);
    let conn = rusqlite::Connection::open(dir.join("vault.db")).map_err(|e| e.to_string())?;
    conn.execute_batch(&format!("PRAGMA key = \"x'{key}'\"; BEGIN;"))
        .map_err(|e| e.to_string())?;
    for id in &ids {
        for i in 0..MERGE_NOTES {
            conn.execute(
                "INSERT INTO notes (id, person_id, body, author_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')",
                rusqlite::params![
                    uuid::Uuid::now_v7().to_string(),
                    id.to_string(),
                    format!("note {i}"),
                    user
                ],
            )
            .map_err(|e| e.to_string())?;
        }
    }
    conn.execute_batch("COMMIT;").map_err(|e| e.to_string())
}

/// After a kill during a merge or its undo: either both people, each with their notes, or
/// one person with all of them and a merge that can be undone.
fn check_merge(v: &mut Vault) -> Result<(), String> {
    use lagom_core::types::PersonRef;
    let found = |v: &Vault, q: &str| v.search_people(q, 10).map(|p| p.people);
    let a = found(v, "mergea").map_err(|e| e.to_string())?;
    let b = found(v, "mergeb").map_err(|e| e.to_string())?;
    let notes = |v: &mut Vault, id| {
        v.show_person(&PersonRef::Id(id))
            .map(|p| p.notes.len())
            .map_err(|e| e.to_string())
    };
    let Some(a) = a.first() else {
        return Err("the person kept is not found".into());
    };
    match b.first() {
        Some(b) => {
            let (na, nb) = (notes(v, a.id)?, notes(v, b.id)?);
            if (na, nb) != (MERGE_NOTES, MERGE_NOTES) {
                return Err(format!("unmerged, yet {na} and {nb} notes"));
            }
        }
        None => {
            let na = notes(v, a.id)?;
            let merges = v.merges(1, 0).map_err(|e| e.to_string())?;
            if na != 2 * MERGE_NOTES || !merges.first().is_some_and(|m| m.can_undo) {
                return Err(format!("merged, yet {na} notes and no merge to undo"));
            }
        }
    }
    Ok(())
}

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// After a kill during housekeeping: everyone ever created is either still there, whole and
/// findable, or erased with their `person.erased` event, never both and never neither.
fn check_hygiene(v: &Vault) -> Result<u64, String> {
    let events = |kind: &str| -> Result<Vec<String>, String> {
        Ok(v.audit_events(&lagom_core::AuditFilter {
            kind: Some(kind.into()),
            limit: 1_000_000,
            ..Default::default()
        })
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter_map(|e| e.subject_id)
        .collect())
    };
    let created = events("person.created")?;
    // An erasure whose ledger line was written before the kill, but whose transaction was
    // not, is finished at the next unlock, as `erasure.reapplied`.
    let mut erased: std::collections::HashSet<String> =
        events("person.erased")?.into_iter().collect();
    erased.extend(events("erasure.reapplied")?);
    let mut live = 0u64;
    for id in &created {
        let id_ref =
            lagom_core::types::PersonRef::Id(uuid::Uuid::parse_str(id).map_err(|e| e.to_string())?);
        let exists = v.preview_erasure(&id_ref).is_ok();
        match (exists, erased.contains(id)) {
            (true, true) => return Err(format!("{id} is erased and still there")),
            (false, false) => return Err(format!("{id} is gone without an erasure")),
            (true, false) => live += 1,
            (false, true) => {}
        }
    }
    let listed = v
        .query_people(&lagom_core::people::PeopleQuery {
            view: lagom_core::people::PeopleView::All,
            limit: 1,
            ..Default::default()
        })
        .map_err(|e| e.to_string())?
        .total;
    let binned = v.bin_page(1, 0).map_err(|e| e.to_string())?.total;
    if listed + binned != live {
        return Err(format!(
            "{live} people alive, {listed} listed and {binned} binned"
        ));
    }
    Ok(live)
}

fn check(op: &str, dir: &Path, baseline: u64) -> Result<u64, String> {
    let (mut v, _) = unlock_either(dir)?;
    if op == "hygiene" {
        let problems = v.check_integrity().map_err(|e| e.to_string())?;
        if !problems.is_empty() {
            return Err(format!("integrity: {problems:?}"));
        }
        let report = v.verify_audit().map_err(|e| e.to_string())?;
        if !report.is_intact() {
            return Err(format!("audit chain: {:?}", report.problems));
        }
        return check_hygiene(&v);
    }
    let count = v.list_people(1, 0).map_err(|e| e.to_string())?.total;
    let problems = v.check_integrity().map_err(|e| e.to_string())?;
    if !problems.is_empty() {
        return Err(format!("integrity: {problems:?}"));
    }
    let report = v.verify_audit().map_err(|e| e.to_string())?;
    if !report.is_intact() {
        return Err(format!("audit chain: {:?}", report.problems));
    }
    let found = v
        .search_people("person0", 100_000)
        .map_err(|e| e.to_string())?
        .total;
    if op == "import" {
        let batches = v.import_batches().map_err(|e| e.to_string())?.len() as u64;
        if batches * step_size(op) != count {
            return Err(format!("{batches} imports recorded for {count} people"));
        }
    }
    match op {
        "merge" => {
            check_merge(&mut v)?;
            if !(301..=302).contains(&count) {
                return Err(format!("{count} people around a merge of two of them"));
            }
        }
        "batch" | "import" => {
            if count % step_size(op) != 0 || count < baseline {
                return Err(format!(
                    "{count} people after a crash: a batch was half written"
                ));
            }
            if found != count / step_size(op) {
                return Err(format!(
                    "search index out of step: {found} hits for {count} people"
                ));
            }
        }
        _ => {
            if count != baseline {
                return Err(format!("{count} people, expected {baseline}"));
            }
        }
    }
    Ok(count)
}

fn run(op: &str, rng: &mut Rng) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut v = Vault::create(
        dir.path(),
        NewVault {
            owner_name: "Crash".into(),
            credentials: creds("password-a"),
            kdf: FAST,
        },
        Arc::new(SystemClock),
        &mut OsEntropy,
    )
    .map_err(|e| e.to_string())?;
    v.create_people(people(300, "seed"))
        .map_err(|e| e.to_string())?;
    if op == "hygiene" {
        // Erasures come the day they are due, with no grace period to wait out.
        v.set_hygiene_settings(&lagom_core::hygiene::HygieneSettings {
            grace_days: 0,
            ..Default::default()
        })
        .map_err(|e| e.to_string())?;
    }
    drop(v);
    if op == "merge" {
        seed_merge(dir.path())?;
    }
    let batched = matches!(op, "batch" | "import" | "hygiene");
    let mut count = if matches!(op, "batch" | "import") {
        0
    } else {
        300
    };
    if matches!(op, "batch" | "import") {
        // The seed people are not a multiple of the batch: start from a clean count.
        let (mut v, _) = unlock_either(dir.path())?;
        let ids: Vec<_> = v
            .search_people("batchseed", 1000)
            .map_err(|e| e.to_string())?
            .people;
        for p in ids {
            v.erase_person(
                &lagom_core::types::PersonRef::Id(p.id),
                None,
                &mut OsEntropy,
            )
            .map_err(|e| e.to_string())?;
        }
    }
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let started = Instant::now();
    for round in 0..ROUNDS {
        let mut child = Command::new(&exe)
            .args(["child", op])
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| e.to_string())?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().ok_or("no stdout")?)
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        if line.trim() != "ready" {
            return Err(format!("round {round}: the child did not start: {line:?}"));
        }
        // A batch takes long enough that kills must spread over several of them to land both
        // inside transactions and between them.
        let max_delay_us = if batched { 500_000 } else { 150_000 };
        std::thread::sleep(Duration::from_micros(rng.below(max_delay_us)));
        child.kill().map_err(|e| e.to_string())?;
        child.wait().map_err(|e| e.to_string())?;
        count = check(op, dir.path(), count).map_err(|e| format!("round {round}: {e}"))?;
    }
    println!(
        "{op}: {ROUNDS} kills survived, {count} people at the end, {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("child") {
        child(&args[2], Path::new(&args[3]));
        return;
    }
    // Each operation is a test of its own, named as a runner lists them (`--list --format
    // terse`, what cargo-nextest asks), so a runner can run the four side by side.
    if args.iter().any(|a| a == "--list") {
        if !args.iter().any(|a| a == "--ignored") {
            for op in OPS {
                println!("killed_during_{op}: test");
            }
        }
        return;
    }
    // Under `cargo test` the harness passes its own flags. No filter, or "crash", runs every
    // operation; a filter that names one runs that one; one that names nothing here means
    // another test binary was asked for.
    let filters: Vec<&str> = args
        .iter()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .map(String::as_str)
        .collect();
    let ops: Vec<&str> = OPS
        .into_iter()
        .filter(|op| {
            filters.is_empty()
                || filters
                    .iter()
                    .any(|f| "crash".contains(f) || format!("killed_during_{op}").contains(f))
        })
        .collect();
    if ops.is_empty() {
        return;
    }
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64 | 1)
        .unwrap_or(0x9e37_79b9_7f4a_7c15);
    println!("crash tests, seed {seed}");
    let mut rng = Rng(seed);
    let mut failed = false;
    for op in ops {
        if let Err(e) = run(op, &mut rng) {
            eprintln!("{op}: FAILED: {e}");
            failed = true;
        }
    }
    if failed {
        std::process::exit(1);
    }
}
