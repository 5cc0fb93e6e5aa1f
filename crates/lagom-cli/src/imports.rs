//! `lagom import`: options from arguments, progress on the terminal, the plan or report
//! printed for people (or as JSON), and the import history.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::AtomicBool;

use lagom_core::api::{
    ImportCommit, ImportList, ImportPlan, ImportUndo, ImportUndoArgs, NoArgs, Session,
};
use lagom_core::import::{
    ConflictRule, DuplicateAction, Earlier, ImportFile, ImportOptions, ImportProgress,
    ImportReport, MatchDecision, MatchReason, Outcome, SavedMapping, Scored, issues_csv,
};
use lagom_core::people::PersonFields;
use lagom_core::types::LegalBasis;

use crate::args::{ImportArgs, ImportCommand};
use crate::error::CliError;
use crate::output::{Out, pad};

/// Problems printed on the terminal; the rest are in the --problems file.
const PROBLEMS_SHOWN: usize = 20;
/// Duplicates printed on the terminal.
const DUPLICATES_SHOWN: usize = 20;

/// Why a row was taken for someone known: how alike, in words ("92 % alike: same phone,
/// similar name 97 %, another address").
fn why(scored: &Scored) -> String {
    let reasons: Vec<String> = scored
        .reasons
        .iter()
        .map(|r| match r {
            MatchReason::SameEmail => "same e-mail".into(),
            MatchReason::SameEmailUser => "same e-mail name at another domain".into(),
            MatchReason::SamePhone => "same phone".into(),
            MatchReason::SameCustomerNumber => "same customer number".into(),
            MatchReason::SimilarName { score } => format!("similar name {:.0} %", score * 100.0),
            MatchReason::SwappedNames => "first and last name swapped".into(),
            MatchReason::SameAddress => "same address".into(),
            MatchReason::SamePostcode => "same postcode".into(),
            MatchReason::SameOrganisation => "same organisation".into(),
            MatchReason::DifferentEmail => "another e-mail".into(),
            MatchReason::DifferentPhone => "another phone".into(),
            MatchReason::DifferentAddress => "another address".into(),
            MatchReason::DifferentCustomerNumber => "another customer number".into(),
            MatchReason::DifferentFirstName => "another first name".into(),
            MatchReason::DifferentLastName => "another last name".into(),
            MatchReason::DifferentName => "another name".into(),
            MatchReason::DifferentOrganisation => "another organisation".into(),
        })
        .collect();
    let sure = if scored.automatic { ", sure" } else { "" };
    format!(
        "{:.0} % alike{sure}: {}",
        scored.score * 100.0,
        reasons.join(", ")
    )
}

pub fn run(session: &mut Session, args: &ImportArgs, out: &Out) -> Result<(), CliError> {
    match &args.action {
        Some(ImportCommand::List) => list(session, out),
        Some(ImportCommand::Undo { batch }) => {
            let report = session.run::<ImportUndo>(ImportUndoArgs {
                batch: batch.clone(),
            })?;
            out.emit(&report, |w| {
                writeln!(
                    w,
                    "Import {} undone: {} {} removed, {} put back as {} were.",
                    report.batch,
                    report.removed,
                    if report.removed == 1 {
                        "person"
                    } else {
                        "people"
                    },
                    report.restored,
                    if report.restored == 1 { "it" } else { "they" },
                )
            })
        }
        None => import(session, args, out),
    }
}

fn read_file(path: &Path, what: &str) -> Result<String, CliError> {
    std::fs::read_to_string(path)
        .map_err(|e| CliError::Usage(format!("reading the {what} {}: {e}", path.display())))
}

/// Each file's chosen phone country from `--country CC` (every file) and `--country FILE=CC`
/// (that file, named as given or by its name alone).
fn file_countries(args: &ImportArgs) -> Result<Vec<Option<String>>, CliError> {
    let mut chosen = vec![None; args.files.len()];
    for choice in &args.country {
        match choice.rsplit_once('=') {
            None => chosen.iter_mut().for_each(|c| *c = Some(choice.clone())),
            Some((file, country)) => {
                let named = |path: &std::path::PathBuf| {
                    path.as_os_str() == file || path.file_name().is_some_and(|n| n == file)
                };
                let i = args.files.iter().position(named).ok_or_else(|| {
                    CliError::Usage(format!(
                        "--country {choice}: {file} is not one of the files imported"
                    ))
                })?;
                chosen[i] = Some(country.to_owned());
            }
        }
    }
    Ok(chosen)
}

fn options(args: &ImportArgs) -> Result<ImportOptions, CliError> {
    let countries = file_countries(args)?;
    let mut options = ImportOptions::new(
        args.files
            .iter()
            .enumerate()
            .map(|(i, path)| ImportFile {
                sheet: args.sheet.clone(),
                country: countries[i].clone(),
                ..ImportFile::at(path)
            })
            .collect(),
    );
    options.purpose = args.purpose.clone();
    options.legal_basis = args
        .legal_basis
        .as_deref()
        .map(LegalBasis::parse)
        .transpose()?;
    options.on_duplicate = DuplicateAction::parse(&args.on_duplicate).unwrap_or_default();
    options.on_conflict = ConflictRule::parse(&args.on_conflict).unwrap_or_default();
    options.include_sensitive = args.include_sensitive.clone();
    options.sensitive_basis = args.sensitive_basis.clone();
    options.preview_rows = args.preview;
    if let Some(path) = &args.mapping {
        let text = read_file(path, "mapping")?;
        options.mapping = Some(
            SavedMapping::from_json(&text)
                .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?,
        );
    }
    if let Some(path) = &args.decisions {
        let text = read_file(path, "decisions")?;
        options.decisions = serde_json::from_str::<Vec<MatchDecision>>(&text).map_err(|e| {
            CliError::Usage(format!(
                "{}: not a list of {{\"file\", \"row\", \"action\"}}: {e}",
                path.display()
            ))
        })?;
    }
    Ok(options)
}

/// Progress on one terminal line, only when someone is watching.
fn progress_line() -> impl FnMut(&ImportProgress) {
    let show = std::io::stderr().is_terminal();
    let mut last = u64::MAX;
    move |p: &ImportProgress| {
        if !show {
            return;
        }
        let percent = (p.bytes_read * 100)
            .checked_div(p.bytes_total)
            .unwrap_or(100);
        if percent == last {
            return;
        }
        last = percent;
        crate::output::note(&format!(
            "\r\x1b[2K{} ({}/{}): {percent}%, {} rows",
            p.file,
            p.file_index + 1,
            p.files,
            p.rows
        ));
        if percent >= 100 && p.file_index + 1 == p.files {
            crate::output::note("\n");
        }
    }
}

fn import(session: &mut Session, args: &ImportArgs, out: &Out) -> Result<(), CliError> {
    let options = options(args)?;
    let cancel = AtomicBool::new(false);
    let mut progress = progress_line();
    let report = if args.dry_run {
        session.run_with::<ImportPlan>(options, &mut progress, &cancel)?
    } else {
        session.run_with::<ImportCommit>(options, &mut progress, &cancel)?
    };
    // Through the core's one door for files: never into the vault's folder, never through
    // a link, an existing file only with --force.
    let rules = session.path_rules(out.force);
    if let Some(path) = &args.problems {
        lagom_core::output::write_file(path, &issues_csv(&report.issues), &rules)?;
    }
    if let Some(path) = &args.save_mapping {
        let mut columns = BTreeMap::new();
        for c in report.files.iter().flat_map(|f| &f.columns) {
            columns.insert(c.header.clone(), c.field);
        }
        let mapping = SavedMapping {
            version: 1,
            columns,
        };
        lagom_core::output::write_file(path, mapping.to_json().as_bytes(), &rules)?;
    }
    out.emit(&report, |w| print_report(w, &report, args))
}

fn field_name(field: lagom_core::import::Field) -> String {
    serde_json::to_value(field)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
        .unwrap_or_default()
}

fn one_line(p: &PersonFields, phone: Option<&str>) -> String {
    let name = format!("{} {}", p.first_name, p.last_name);
    format!(
        "{} {} {} {}",
        pad(name.trim(), 24),
        pad(p.email.as_deref().unwrap_or("-"), 28),
        pad(phone.unwrap_or("-"), 17),
        p.organisation.as_deref().unwrap_or("")
    )
}

fn outcome_text(o: &Outcome) -> String {
    match o {
        Outcome::New => "new".into(),
        Outcome::Update { fields, .. } => format!("update ({})", fields.join(", ")),
        Outcome::Unchanged { .. } => "known, nothing new".into(),
        Outcome::MergeIntoRow { file, row } => format!("merge into {file}:{row}"),
        Outcome::Skip => "skip (duplicate)".into(),
        Outcome::Erased {
            erased_on,
            request: Some(r),
        } => format!("skip (erased {erased_on}, {r})"),
        Outcome::Erased { erased_on, .. } => format!("skip (erased {erased_on})"),
    }
}

fn print_report(w: &mut dyn Write, r: &ImportReport, args: &ImportArgs) -> std::io::Result<()> {
    for f in &r.files {
        let how = match (&f.encoding, &f.delimiter, &f.sheet) {
            (Some(e), Some(d), _) => format!("CSV, {e}, {d}-separated"),
            (_, _, Some(sheet)) => format!("workbook, sheet {sheet:?}"),
            _ => "vCard".into(),
        };
        writeln!(w, "{}: {how}, {} rows", f.name, f.rows)?;
        writeln!(
            w,
            "  {} (change with --country {}=CC)",
            f.phone_country.explain(),
            f.name
        )?;
        if f.sheets.len() > 1 {
            let sheets: Vec<String> = f
                .sheets
                .iter()
                .map(|s| format!("{:?} ({} rows)", s.name, s.rows))
                .collect();
            writeln!(w, "  sheets: {} (choose with --sheet)", sheets.join(", "))?;
        }
        for c in f.columns.iter().filter(|c| c.included) {
            if let Some(field) = c.field {
                let kind = c
                    .kind
                    .filter(|k| *k != lagom_core::people::contacts::ContactKind::Other)
                    .map(|k| format!(", {}", k.as_str()))
                    .unwrap_or_default();
                writeln!(
                    w,
                    "  {} → {}{kind} ({:.0}%)",
                    pad(&c.header, 28),
                    field_name(field),
                    c.confidence * 100.0
                )?;
            }
        }
        if !f.dropped_columns.is_empty() {
            writeln!(w, "  dropped, not needed: {}", f.dropped_columns.join(", "))?;
        }
        if !f.held_back_columns.is_empty() {
            writeln!(
                w,
                "  held back, may be sensitive: {} (to import one: --include-sensitive HEADER \
                 --sensitive-basis TEXT, and map it to a field with --mapping if it has none)",
                f.held_back_columns.join(", ")
            )?;
        }
    }
    writeln!(w)?;
    match r.batch {
        Some(batch) => writeln!(
            w,
            "Imported as batch {batch} (undo: lagom import undo {batch})."
        )?,
        None => writeln!(w, "Plan (dry run: nothing was written).")?,
    }
    let c = &r.counts;
    writeln!(
        w,
        "  {} rows: {} new, {} updated, {} merged within the import, {} already known, {} \
         skipped, {} rejected; {} {} left out",
        c.rows,
        c.created,
        c.updated,
        c.merged,
        c.unchanged,
        c.skipped,
        c.rejected,
        c.bad_values,
        if c.bad_values == 1 { "value" } else { "values" }
    )?;
    if c.erased > 0 {
        writeln!(
            w,
            "  {} {} left out: an earlier erasure covers {} (see the problems; to register \
             someone again on purpose: lagom person add … --register-erased REASON)",
            c.erased,
            if c.erased == 1 { "row" } else { "rows" },
            if c.erased == 1 { "it" } else { "them" }
        )?;
    }
    writeln!(
        w,
        "  purpose {:?}, legal basis GDPR Art. 6(1)({}): {}",
        r.purpose,
        r.legal_basis.code(),
        r.legal_basis.name()
    )?;
    if !r.preview.is_empty() {
        writeln!(w, "\nFirst rows as they will be stored:")?;
        for p in &r.preview {
            writeln!(
                w,
                "  {} {} {}",
                pad(&format!("{}:{}", p.file, p.row), 18),
                pad(&outcome_text(&p.outcome), 22),
                one_line(&p.person, p.phone_display.as_deref())
            )?;
        }
    }
    if r.duplicates_total > 0 {
        writeln!(w, "\nDuplicates ({}):", r.duplicates_total)?;
        for d in r.duplicates.iter().take(DUPLICATES_SHOWN) {
            let why = why(&d.scored);
            let whom = match &d.earlier {
                Earlier::Vault { person, .. } => {
                    format!("{} {} in the vault", person.first_name, person.last_name)
                }
                Earlier::Row { file, row } => format!("{file} row {row}"),
            };
            let action = match d.action {
                DuplicateAction::Merge => "merge",
                DuplicateAction::Skip => "skip",
                DuplicateAction::Create => "create",
            };
            writeln!(w, "  {} row {}: {whom} ({why}) → {action}", d.file, d.row)?;
            for conflict in &d.conflicts {
                writeln!(
                    w,
                    "      {}: {:?} vs {:?}, keeping {:?}",
                    conflict.field,
                    conflict.existing,
                    conflict.imported,
                    if conflict.imported_wins {
                        &conflict.imported
                    } else {
                        &conflict.existing
                    }
                )?;
            }
        }
        if r.duplicates_total as usize > DUPLICATES_SHOWN {
            writeln!(
                w,
                "  … and {} more (--json lists them)",
                r.duplicates_total as usize - DUPLICATES_SHOWN
            )?;
        }
    }
    if !r.issues.is_empty() {
        writeln!(w, "\nProblems ({}):", r.issues.len())?;
        for i in r.issues.iter().take(PROBLEMS_SHOWN) {
            let place = match (&i.sheet, &i.column) {
                (Some(s), Some(c)) => format!("{} [{s}] row {}, {c}", i.file, i.row),
                (Some(s), None) => format!("{} [{s}] row {}", i.file, i.row),
                (None, Some(c)) => format!("{} row {}, {c}", i.file, i.row),
                (None, None) => format!("{} row {}", i.file, i.row),
            };
            // The problem's English words, from its code and parameters.
            writeln!(w, "  {place}: {}", i.problem)?;
        }
        if r.issues.len() > PROBLEMS_SHOWN && args.problems.is_none() {
            writeln!(
                w,
                "  … and {} more: --problems FILE.csv writes them all",
                r.issues.len() - PROBLEMS_SHOWN
            )?;
        }
    }
    Ok(())
}

fn list(session: &mut Session, out: &Out) -> Result<(), CliError> {
    let batches = session.run::<ImportList>(NoArgs {})?;
    out.emit(&batches, |w| {
        if batches.is_empty() {
            return writeln!(w, "No imports yet.");
        }
        for b in &batches {
            let c = &b.counts;
            let state = match &b.undone_at {
                Some(at) => format!("undone {at}"),
                None => String::new(),
            };
            writeln!(
                w,
                "{}  {}  {}  {} new, {} updated, {} merged  {}  {}",
                b.id,
                pad(&b.committed_at, 24),
                pad(&b.files.join(", "), 28),
                c.created,
                c.updated,
                c.merged,
                b.committed_by,
                state
            )?;
        }
        Ok(())
    })
}
