//! SQL for housekeeping: rules, waiting steps, runs, jobs and findings, and the reads the
//! review jobs and the start screen make.

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;
use crate::hygiene::rules::{RetentionAction, RetentionRule};
use crate::people::PersonStatus;

// ---- rules ---------------------------------------------------------------------------------

/// Every retention rule, by purpose, status and action.
pub(crate) fn rules(conn: &Connection) -> Result<Vec<RetentionRule>> {
    let rows: Vec<(String, String, String, u32)> = conn
        .prepare_cached(
            "SELECT purpose_id, status, action, after_months FROM retention_rules
              ORDER BY purpose_id, status, after_months",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(purpose, status, action, after_months)| {
            Ok(RetentionRule {
                purpose: crate::db::parse_id(&purpose)?,
                status: PersonStatus::parse(&status)
                    .map_err(|_| crate::Error::Damaged(format!("unknown status {status:?}")))?,
                action: RetentionAction::parse(&action)
                    .ok_or_else(|| crate::Error::Damaged(format!("unknown action {action:?}")))?,
                after_months,
            })
        })
        .collect()
}

/// Replaces every rule.
pub(crate) fn replace_rules(conn: &Connection, rules: &[RetentionRule]) -> Result<()> {
    conn.execute("DELETE FROM retention_rules", [])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO retention_rules (purpose_id, status, action, after_months)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for r in rules {
        stmt.execute(params![
            r.purpose.to_string(),
            r.status.as_str(),
            r.action.as_str(),
            r.after_months
        ])?;
    }
    Ok(())
}

/// Every purpose's id and name, archived ones included.
pub(crate) fn purpose_names(conn: &Connection) -> Result<Vec<(String, String)>> {
    let rows = conn
        .prepare_cached("SELECT id, name FROM purposes ORDER BY name COLLATE NOCASE")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

// ---- retention -----------------------------------------------------------------------------

/// A person as retention plans for them.
pub(crate) struct Held {
    pub id: String,
    pub status: String,
    pub last_activity_at: String,
    pub archived: bool,
    pub purposes: Vec<String>,
}

/// Everyone outside the bin last used before `before` (a stored time), with the purposes
/// they are held for, handed to `each` one by one (through the activity index, so that
/// people in use are never read).
pub(crate) fn for_each_held(
    conn: &Connection,
    before: &str,
    mut each: impl FnMut(Held) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT p.id, p.status, p.last_activity_at, p.archived_at IS NOT NULL,
                (SELECT group_concat(DISTINCT r.purpose_id) FROM processing_records r
                  WHERE r.person_id = p.id)
           FROM people p
          WHERE p.last_activity_at < ?1 AND p.binned_at IS NULL",
    )?;
    let mut rows = stmt.query([before])?;
    while let Some(r) = rows.next()? {
        let purposes: Option<String> = r.get(4)?;
        each(Held {
            id: r.get(0)?,
            status: r.get(1)?,
            last_activity_at: r.get(2)?,
            archived: r.get(3)?,
            purposes: purposes
                .map(|p| p.split(',').map(str::to_owned).collect())
                .unwrap_or_default(),
        })?;
    }
    Ok(())
}

/// A step waiting for its day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StepRow {
    pub person_id: String,
    pub action: String,
    pub due_on: String,
    pub announced_on: String,
    pub runs_on: String,
    pub activity_at: String,
}

fn step_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StepRow> {
    Ok(StepRow {
        person_id: r.get(0)?,
        action: r.get(1)?,
        due_on: r.get(2)?,
        announced_on: r.get(3)?,
        runs_on: r.get(4)?,
        activity_at: r.get(5)?,
    })
}

const STEP_COLUMNS: &str = "person_id, action, due_on, announced_on, runs_on, activity_at";

/// Every waiting step.
pub(crate) fn steps(conn: &Connection) -> Result<Vec<StepRow>> {
    let rows = conn
        .prepare_cached(&format!("SELECT {STEP_COLUMNS} FROM hygiene_steps"))?
        .query_map([], step_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// One person's waiting step.
pub(crate) fn step_of(conn: &Connection, person: &str) -> Result<Option<StepRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {STEP_COLUMNS} FROM hygiene_steps WHERE person_id = ?1"
        ))?
        .query_row([person], step_row)
        .optional()?)
}

/// Writes (or replaces) a waiting step.
pub(crate) fn put_step(conn: &Connection, s: &StepRow) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO hygiene_steps
             (person_id, action, due_on, announced_on, runs_on, activity_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        s.person_id,
        s.action,
        s.due_on,
        s.announced_on,
        s.runs_on,
        s.activity_at
    ])?;
    Ok(())
}

/// Removes a person's waiting step; says whether there was one.
pub(crate) fn drop_step(conn: &Connection, person: &str) -> Result<bool> {
    let n = conn
        .prepare_cached("DELETE FROM hygiene_steps WHERE person_id = ?1")?
        .execute([person])?;
    Ok(n > 0)
}

/// A person's last activity, status, shelf and purposes, read again just before a step.
pub(crate) fn held(conn: &Connection, person: &str) -> Result<Option<Held>> {
    Ok(conn
        .prepare_cached(
            "SELECT p.id, p.status, p.last_activity_at, p.archived_at IS NOT NULL,
                    (SELECT group_concat(DISTINCT r.purpose_id) FROM processing_records r
                      WHERE r.person_id = p.id)
               FROM people p WHERE p.id = ?1 AND p.binned_at IS NULL",
        )?
        .query_row([person], |r| {
            let purposes: Option<String> = r.get(4)?;
            Ok(Held {
                id: r.get(0)?,
                status: r.get(1)?,
                last_activity_at: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                archived: r.get(3)?,
                purposes: purposes
                    .map(|p| p.split(',').map(str::to_owned).collect())
                    .unwrap_or_default(),
            })
        })
        .optional()?)
}

/// Keeping a person is using them: the activity clock starts again.
pub(crate) fn touch(conn: &Connection, person: &str, at: &str) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE people SET last_activity_at = max(coalesce(last_activity_at, ''), ?2)
              WHERE id = ?1 AND binned_at IS NULL",
        )?
        .execute(params![person, at])?;
    Ok(n > 0)
}

/// A waiting step as the start screen lists it: the person's id and name with the step.
pub(crate) type StepLineRow = (String, String, String, String, String, String);

/// Waiting steps of one kind (reviews, or the announced ones), soonest first, at most
/// `limit`, with how many there are.
pub(crate) fn step_lines(
    conn: &Connection,
    reviews: bool,
    limit: u32,
) -> Result<(Vec<StepLineRow>, u64)> {
    let announced = !reviews;
    let rows = conn
        .prepare_cached(
            "SELECT s.person_id, p.first_name, p.last_name, s.action, s.due_on, s.runs_on
               FROM hygiene_steps s JOIN people p ON p.id = s.person_id
              WHERE s.announced = ?1 ORDER BY s.runs_on, s.person_id LIMIT ?2",
        )?
        .query_map(params![announced, limit], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let total: i64 = conn
        .prepare_cached("SELECT count(*) FROM hygiene_steps WHERE announced = ?1")?
        .query_row([announced], |r| r.get(0))?;
    Ok((rows, total.max(0) as u64))
}

/// What an anonymisation keeps of a person: figures that identify no one.
pub(crate) fn keep_figures(
    conn: &Connection,
    person: &str,
    pseudonym: &str,
    today: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO anonymised_people (pseudonym, status, country, created_month, anonymised_on,
                                        purposes, deals_won, invoices)
         SELECT ?2, p.status, p.country, substr(p.created_at, 1, 7), ?3,
                coalesce((SELECT json_group_array(DISTINCT r.purpose_id)
                            FROM processing_records r WHERE r.person_id = p.id), '[]'),
                (SELECT count(*) FROM deals d WHERE d.person_id = p.id AND d.stage = 'won'),
                (SELECT count(*) FROM invoices i WHERE i.person_id = p.id)
           FROM people p WHERE p.id = ?1",
    )?
    .execute(params![person, pseudonym, today])?;
    Ok(())
}

/// Puts the pseudonym an erasure gave on the figures kept for it.
pub(crate) fn name_figures(conn: &Connection, placeholder: &str, pseudonym: &str) -> Result<()> {
    conn.prepare_cached("UPDATE anonymised_people SET pseudonym = ?2 WHERE pseudonym = ?1")?
        .execute(params![placeholder, pseudonym])?;
    Ok(())
}

/// How many people were anonymised.
pub(crate) fn count_anonymised(conn: &Connection) -> Result<u64> {
    let n: i64 = conn
        .prepare_cached("SELECT count(*) FROM anonymised_people")?
        .query_row([], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

// ---- runs and jobs -------------------------------------------------------------------------

/// Starts a run's row.
pub(crate) fn start_run(conn: &Connection, id: &str, at: &str, trigger: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO hygiene_runs (id, started_at, trigger) VALUES (?1, ?2, ?3)")?
        .execute(params![id, at, trigger])?;
    Ok(())
}

/// Ends a run's row with its report; runs beyond the newest hundred are forgotten.
pub(crate) fn finish_run(conn: &Connection, id: &str, at: &str, report: &str) -> Result<()> {
    conn.prepare_cached("UPDATE hygiene_runs SET finished_at = ?2, report = ?3 WHERE id = ?1")?
        .execute(params![id, at, report])?;
    conn.prepare_cached(
        "DELETE FROM hygiene_runs WHERE pk <= (SELECT pk FROM hygiene_runs
                                                ORDER BY pk DESC LIMIT 1 OFFSET 100)",
    )?
    .execute([])?;
    Ok(())
}

/// A run as stored: id, started, finished (none if it never finished), trigger, report.
pub(crate) type RunRow = (String, String, Option<String>, String, String);

/// The newest runs, newest first.
pub(crate) fn runs(conn: &Connection, limit: u32) -> Result<Vec<RunRow>> {
    let rows = conn
        .prepare_cached(
            "SELECT id, started_at, finished_at, trigger, report FROM hygiene_runs
              ORDER BY pk DESC LIMIT ?1",
        )?
        .query_map([limit], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// When a job last ran, and its outcome as stored.
pub(crate) fn job_run(conn: &Connection, job: &str) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached("SELECT last_run_at, outcome FROM hygiene_jobs WHERE job = ?1")?
        .query_row([job], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Records that a job ran.
pub(crate) fn set_job_run(conn: &Connection, job: &str, at: &str, outcome: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO hygiene_jobs (job, last_run_at, outcome) VALUES (?1, ?2, ?3)
         ON CONFLICT (job) DO UPDATE SET last_run_at = excluded.last_run_at,
                                         outcome = excluded.outcome",
    )?
    .execute(params![job, at, outcome])?;
    Ok(())
}

// ---- findings ------------------------------------------------------------------------------

/// One finding to store: its kind, the person it is about, and detail without values.
pub(crate) struct NewFinding {
    pub kind: &'static str,
    pub person: Option<String>,
    pub detail: serde_json::Value,
}

/// Replaces everything a job found before with what it found now.
pub(crate) fn replace_findings(
    conn: &Connection,
    job: &str,
    found: &[NewFinding],
    at: &str,
) -> Result<()> {
    conn.prepare_cached("DELETE FROM hygiene_findings WHERE job = ?1")?
        .execute([job])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO hygiene_findings (job, kind, person_id, detail, found_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for f in found {
        stmt.execute(params![job, f.kind, f.person, f.detail.to_string(), at])?;
    }
    Ok(())
}

/// A finding as listed: its key, kind, person id and name, detail, when found.
pub(crate) type FindingRow = (i64, String, Option<String>, Option<String>, String, String);

/// Findings of some kinds, oldest first, at most `limit`, and how many in all.
pub(crate) fn findings(
    conn: &Connection,
    kinds: &[&str],
    limit: u32,
) -> Result<(Vec<FindingRow>, u64)> {
    let list = kinds
        .iter()
        .map(|k| format!("'{}'", k.replace('\'', "")))
        .collect::<Vec<_>>()
        .join(", ");
    let rows = conn
        .prepare_cached(&format!(
            "SELECT f.pk, f.kind, f.person_id,
                    CASE WHEN p.id IS NULL THEN NULL
                         ELSE trim(p.first_name || ' ' || p.last_name) END,
                    f.detail, f.found_at
               FROM hygiene_findings f LEFT JOIN people p ON p.id = f.person_id
              WHERE f.kind IN ({list}) ORDER BY f.pk LIMIT ?1"
        ))?
        .query_map([limit], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let total: i64 = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM hygiene_findings WHERE kind IN ({list})"
        ))?
        .query_row([], |r| r.get(0))?;
    Ok((rows, total.max(0) as u64))
}

/// Removes one finding (the owner has dealt with it); says whether it was there.
pub(crate) fn drop_finding(conn: &Connection, pk: i64) -> Result<bool> {
    let n = conn
        .prepare_cached("DELETE FROM hygiene_findings WHERE pk = ?1")?
        .execute([pk])?;
    Ok(n > 0)
}

// ---- what the review jobs read -------------------------------------------------------------

/// A person's newest consent row per purpose, where that row is `given`: person, purpose,
/// when given, the text's version and the newest version of that text.
pub(crate) type GivenConsent = (String, String, String, Option<u32>, Option<u32>);

/// Every consent in force, for the consent review.
pub(crate) fn consents_in_force(
    conn: &Connection,
    mut each: impl FnMut(GivenConsent) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "WITH latest AS (SELECT max(pk) AS pk FROM consent_events GROUP BY person_id, purpose_id)
         SELECT e.person_id, e.purpose_id, e.occurred_at, t.version,
                (SELECT max(t2.version) FROM consent_texts t2
                  WHERE t2.purpose_id = t.purpose_id AND t2.language = t.language)
           FROM latest l JOIN consent_events e ON e.pk = l.pk
           JOIN people p ON p.id = e.person_id
           LEFT JOIN consent_texts t ON t.id = e.consent_text_id
          WHERE e.state = 'given' AND p.binned_at IS NULL AND p.archived_at IS NULL
          ORDER BY p.pk",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        each((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))?;
    }
    Ok(())
}

/// People on a subscription whose purpose has no consent in force: person, subscription id.
pub(crate) fn subscribed_without_consent(conn: &Connection) -> Result<Vec<(String, String)>> {
    let rows = conn
        .prepare(
            "SELECT ps.person_id, ps.subscription_type_id
               FROM person_subscriptions ps
               JOIN subscription_types st ON st.id = ps.subscription_type_id
               JOIN people p ON p.id = ps.person_id
              WHERE p.binned_at IS NULL AND p.archived_at IS NULL
                AND coalesce((SELECT e.state FROM consent_events e
                               WHERE e.person_id = ps.person_id AND e.purpose_id = st.purpose_id
                               ORDER BY e.pk DESC LIMIT 1), '') <> 'given'
              ORDER BY p.pk",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// People outside the bin with no processing record: no purpose, no legal basis.
pub(crate) fn without_purpose(conn: &Connection) -> Result<Vec<String>> {
    let rows = conn
        .prepare(
            "SELECT p.id FROM people p
              WHERE p.binned_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM processing_records r WHERE r.person_id = p.id)
              ORDER BY p.pk",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every stored e-mail address outside the bin, with its person, handed to `each`.
pub(crate) fn for_each_email(
    conn: &Connection,
    mut each: impl FnMut(String, String) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT id, email FROM people WHERE email IS NOT NULL AND binned_at IS NULL ORDER BY pk",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        each(r.get(0)?, r.get(1)?)?;
    }
    Ok(())
}

/// The users of the vault: id, name, role.
pub(crate) fn users(conn: &Connection) -> Result<Vec<(String, String, String)>> {
    let rows = conn
        .prepare_cached("SELECT id, display_name, role FROM users ORDER BY created_at, id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// When the newest event of a kind happened, if ever (index `audit_events_by_kind`).
pub(crate) fn last_event_at(conn: &Connection, kind: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT at FROM audit_events WHERE kind = ?1 ORDER BY seq DESC LIMIT 1")?
        .query_row([kind], |r| r.get(0))
        .optional()?)
}
