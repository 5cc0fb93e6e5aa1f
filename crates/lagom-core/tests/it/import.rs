//! Importing files into a real vault: a Nordic Excel CSV and a workbook become people with
//! their provenance; duplicates against the vault and within the file are merged, skipped or
//! created as chosen; a dry run writes nothing; a cancel or a bad file leaves nothing; and
//! undo puts the vault back exactly as it was, or refuses when that would lose later edits.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use lagom_core::import::{
    ConflictRule, DuplicateAction, Earlier, ImportFile, ImportOptions, ImportReport, MatchDecision,
    MatchReason, Outcome,
};
use lagom_core::people::PersonPatch;
use lagom_core::types::{LegalBasis, PersonRef};
use lagom_core::{ErrorCode, Vault};

use crate::support::{create, person};

/// A customer list as Excel on a Norwegian computer saves it: Windows-1252, semicolons,
/// CRLF, a title row, a sensitive column and a column nobody needs.
const NORDIC: &str = "Kundeliste 2025;;;;;;\r\n\
Fornavn;Etternavn;E-post;Mobil;Firma;Allergier;Skostørrelse\r\n\
Bjørn;Kjær;Bjorn@FjordRor.no;912 34 567;Fjord Rør AS;nøtter;44\r\n\
Åse;Sørensen;ase@fjord.no;412 34 567;Fjord Rør AS;;38\r\n\
Kari;Nordmann;kari@example.no;;Nordlys AS;;39\r\n\
;;;;;;\r\n\
Ola;;ikke en e-post;;;;\r\n\
ÅSE;SØRENSEN;ASE@FJORD.NO;;;;\r\n";

fn write_nordic(dir: &Path) -> PathBuf {
    let path = dir.join("kunder.csv");
    std::fs::write(&path, encoding_rs::WINDOWS_1252.encode(NORDIC).0).unwrap();
    path
}

fn options(paths: &[&Path]) -> ImportOptions {
    ImportOptions::new(paths.iter().copied().map(ImportFile::at).collect())
}

fn commit(v: &mut Vault, options: &ImportOptions) -> lagom_core::Result<ImportReport> {
    v.import(options, &mut |_| {}, &AtomicBool::new(false))
}

fn plan(v: &mut Vault, options: &ImportOptions) -> ImportReport {
    v.plan_import(options, &mut |_| {}, &AtomicBool::new(false))
        .unwrap()
}

/// Every row of every table that holds data (sorted), leaving out the audit trail, the
/// import history and tombstones, which record what happened and are meant to grow, and the
/// search index's internal tables (compared by searching instead).
fn dump(v: &mut Vault) -> Vec<String> {
    dump_except(v, &[])
}

/// [`dump`], leaving out the tables named in `also` too.
pub(crate) fn dump_except(v: &mut Vault, also: &[&str]) -> Vec<String> {
    let key = v.database_key().unwrap().to_hex().to_string();
    let conn = rusqlite::Connection::open(v.dir().join("vault.db")).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{key}'\";"))
        .unwrap();
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
               AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'person_search%'
               AND name NOT IN ('audit_events', 'audit_head', 'import_batches',
                                'import_changes', 'tombstones')
             ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<Vec<String>, _>>()
        .unwrap()
        .into_iter()
        .filter(|t| !also.contains(&t.as_str()))
        .collect();
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect();
                Ok(format!("{t}: {}", cells.join(" | ")))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        out.extend(rows);
    }
    out
}

fn names(v: &Vault, query: &str) -> Vec<String> {
    v.search_people(query, 50)
        .unwrap()
        .people
        .into_iter()
        .map(|p| format!("{} {}", p.first_name, p.last_name))
        .collect()
}

#[test]
fn a_nordic_excel_csv_becomes_clean_people_with_their_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    let file = write_nordic(dir.path());
    let mut opts = options(&[&file]);
    opts.purpose = Some("Customer relationship".into());
    let report = commit(&mut v, &opts).unwrap();

    let c = &report.counts;
    assert_eq!(
        (c.rows, c.created, c.merged, c.rejected, c.bad_values),
        (5, 4, 1, 0, 1),
        "{report:#?}"
    );
    let f = &report.files[0];
    assert_eq!(
        (f.encoding.as_deref(), f.delimiter.as_deref()),
        (Some("windows-1252"), Some("semicolon"))
    );
    assert_eq!(f.dropped_columns, ["Skostørrelse"], "data minimisation");
    assert_eq!(f.held_back_columns, ["Allergier"], "sensitive, not chosen");
    assert!(
        report
            .issues
            .iter()
            .any(|i| i.row == 7 && i.column.as_deref() == Some("E-post")),
        "{:?}",
        report.issues
    );

    let bjorn = v
        .show_person(&PersonRef::Email("bjorn@fjordror.no".into()))
        .unwrap();
    assert_eq!(bjorn.fields.phone.as_deref(), Some("+4791234567"));
    assert_eq!(bjorn.organisation.unwrap().name, "Fjord Rør AS");
    let record = &bjorn.processing[0];
    assert_eq!(
        (
            record.source.as_str(),
            record.purpose.as_str(),
            record.legal_basis
        ),
        (
            "import: kunder.csv",
            "Customer relationship",
            LegalBasis::LegitimateInterests
        )
    );
    assert_eq!(record.recorded_by, "Åse Owner");
    assert_eq!(names(&v, "bjorn kjaer"), ["Bjørn Kjær"]);
    assert_eq!(names(&v, "412 34"), ["Åse Sørensen"]);

    let batches = v.import_batches().unwrap();
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0].files, ["kunder.csv"]);
    assert_eq!(batches[0].counts, report.counts);
    assert!(v.verify_audit().unwrap().is_intact());
}

#[test]
fn a_dry_run_plans_everything_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    v.create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    let before = dump(&mut v);
    let file = write_nordic(dir.path());
    let mut opts = options(&[&file]);
    opts.preview_rows = 3;
    let report = plan(&mut v, &opts);
    assert!(report.dry_run && report.batch.is_none());
    assert_eq!(
        (
            report.counts.created,
            report.counts.updated,
            report.counts.merged
        ),
        (3, 1, 1)
    );
    assert_eq!(report.preview.len(), 3);
    assert_eq!(
        report.preview[0].person.email.as_deref(),
        Some("bjorn@fjordror.no")
    );
    assert!(
        matches!(report.preview[2].outcome, Outcome::Update { ref fields, .. } if fields == &["organisation"])
    );
    assert_eq!(report.duplicates_total, 2);
    assert!(matches!(
        report.duplicates[0].earlier,
        Earlier::Vault { .. }
    ));
    assert!(matches!(
        report.duplicates[1].earlier,
        Earlier::Row { row: 4, .. }
    ));
    assert_eq!(dump(&mut v), before, "a dry run writes nothing");
    assert!(v.import_batches().unwrap().is_empty());

    // The plan's problems export as CSV that Excel and a CSV reader open.
    let csv = lagom_core::import::issues_csv(&report.issues);
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    let mut reader = csv_reader(&text);
    assert_eq!(reader.len(), report.issues.len() + 1);
    assert_eq!(
        reader.remove(0),
        ["file", "sheet", "row", "column", "reason"]
    );
}

fn csv_reader(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

#[test]
fn duplicates_in_the_vault_follow_the_rule_and_the_choices() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    let mut kari = person("Kari", "Nordmann", "kari@example.no");
    kari.fields.organisation = Some("Gamle Firma AS".into());
    v.create_person(kari).unwrap();
    v.create_person(person("Åse", "Sørensen", "ase@fjord.no"))
        .unwrap();
    let file = write_nordic(dir.path());

    let mut opts = options(&[&file]);
    opts.on_duplicate = DuplicateAction::Skip;
    let skipped = plan(&mut v, &opts);
    assert_eq!((skipped.counts.created, skipped.counts.skipped), (2, 3));

    // Kari's row is merged by choice although the rule is to skip; her organisation
    // conflicts and the file's value wins under "prefer imported".
    opts.decisions = vec![MatchDecision {
        file: "kunder.csv".into(),
        row: 5,
        action: DuplicateAction::Merge,
    }];
    opts.on_conflict = ConflictRule::PreferImported;
    let report = commit(&mut v, &opts).unwrap();
    assert_eq!(
        (
            report.counts.created,
            report.counts.updated,
            report.counts.skipped
        ),
        (2, 1, 2)
    );
    let kari = v
        .show_person(&PersonRef::Email("kari@example.no".into()))
        .unwrap();
    assert_eq!(kari.organisation.unwrap().name, "Nordlys AS");
    assert_eq!(kari.processing.len(), 2, "the import is a second source");
    // The plan showed her as the merge left her, side by side with who she was.
    let shown = report
        .duplicates
        .iter()
        .find(|d| d.row == 5)
        .expect("Kari's row is a duplicate");
    let merged = shown
        .merged
        .as_ref()
        .expect("a match in the vault shows the merge");
    assert_eq!(merged.organisation.as_deref(), Some("Nordlys AS"));
    assert_eq!(merged.email.as_deref(), Some("kari@example.no"));
    assert_eq!(names(&v, "nordlys"), ["Kari Nordmann"]);
    assert!(names(&v, "gamle").is_empty(), "re-indexed");

    // "Create" makes a second Åse.
    let mut opts = options(&[&file]);
    opts.on_duplicate = DuplicateAction::Create;
    let report = commit(&mut v, &opts).unwrap();
    assert_eq!(report.counts.created, 5);
    assert_eq!(names(&v, "sorensen").len(), 3);
}

#[test]
fn undo_puts_back_exactly_what_was_there() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    let mut kari = person("Kari", "Nordmann", "kari@example.no");
    kari.fields.tags = vec!["kunde".into()];
    v.create_person(kari).unwrap();
    v.create_person(person("Per", "Hansen", "per@example.no"))
        .unwrap();
    let before = dump(&mut v);
    let searches =
        |v: &Vault| ["kari", "nordlys", "fjord", "bjorn", "per", "412"].map(|q| names(v, q));
    let found_before = searches(&v);

    let file = dir.path().join("messe.csv");
    std::fs::write(
        &file,
        "Name,Email,Company,Tags,Title\n\
         Kari Nordmann,KARI@example.no,Nordlys AS,\"messe, vip\",Daglig leder\n\
         Bjørn Kjær,bjorn@fjordror.no,Fjord Rør AS,messe,\n",
    )
    .unwrap();
    let report = commit(&mut v, &options(&[&file])).unwrap();
    assert_eq!((report.counts.created, report.counts.updated), (1, 1));
    let kari = v
        .show_person(&PersonRef::Email("kari@example.no".into()))
        .unwrap();
    assert_eq!(kari.tags, ["kunde", "messe", "vip"]);
    assert_eq!(kari.fields.title.as_deref(), Some("Daglig leder"));

    let batch = report.batch.unwrap().to_string();
    let undone = v.undo_import(&batch[..8]).unwrap();
    assert_eq!((undone.removed, undone.restored), (1, 1));
    assert_eq!(dump(&mut v), before, "undo restores every table exactly");
    assert_eq!(searches(&v), found_before, "and the search index");
    assert!(v.import_batches().unwrap()[0].undone_at.is_some());
    let again = v.undo_import(&batch).unwrap_err();
    assert_eq!(again.code(), ErrorCode::Conflict);
    assert!(v.verify_audit().unwrap().is_intact());
}

#[test]
fn undo_is_refused_when_it_would_lose_later_edits() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    let file = write_nordic(dir.path());
    let first = commit(&mut v, &options(&[&file])).unwrap();

    // A later import that changes someone of the first must be undone first.
    let more = dir.path().join("more.csv");
    std::fs::write(&more, "E-post,Stilling\nkari@example.no,Regnskapsfører\n").unwrap();
    let second = commit(&mut v, &options(&[&more])).unwrap();
    assert_eq!(second.counts.updated, 1);
    let err = v
        .undo_import(&first.batch.unwrap().to_string())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(
        err.to_string().contains(&second.batch.unwrap().to_string()),
        "{err}"
    );
    v.undo_import(&second.batch.unwrap().to_string()).unwrap();

    // An edit by hand since is never thrown away.
    v.update_person(
        &PersonRef::Email("ase@fjord.no".into()),
        &PersonPatch {
            city: Some("Bergen".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let before = dump(&mut v);
    let err = v
        .undo_import(&first.batch.unwrap().to_string())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(
        err.to_string()
            .contains("1 person of this import has been edited"),
        "{err}"
    );
    assert_eq!(dump(&mut v), before, "nothing changed");
}

#[test]
fn a_cancel_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    let file = dir.path().join("big.csv");
    let mut text = String::from("First name,Last name,E-mail\n");
    for i in 0..20_000 {
        text.push_str(&format!("Kari{i},Nordmann,kari{i}@example.no\n"));
    }
    std::fs::write(&file, text).unwrap();
    let before = dump(&mut v);
    let cancel = AtomicBool::new(false);
    let mut seen = Vec::new();
    let err = v
        .import(
            &options(&[&file]),
            &mut |p| {
                seen.push(p.rows);
                if p.rows >= 4096 {
                    cancel.store(true, Ordering::Relaxed);
                }
            },
            &cancel,
        )
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Cancelled);
    assert!(
        seen.len() >= 2 && seen.windows(2).all(|w| w[0] < w[1]),
        "{seen:?}"
    );
    assert_eq!(dump(&mut v), before);
    assert_eq!(v.list_people(1, 0).unwrap().total, 0);
}

#[test]
fn progress_reaches_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    let file = write_nordic(dir.path());
    let mut last = None;
    v.import(
        &options(&[&file]),
        &mut |p| last = Some(p.clone()),
        &AtomicBool::new(false),
    )
    .unwrap();
    let last = last.unwrap();
    assert_eq!(last.bytes_read, last.bytes_total);
    assert_eq!((last.file_index, last.files, last.rows), (0, 1, 5));
}

#[test]
fn sensitive_columns_need_a_choice_and_a_legal_basis() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    let file = write_nordic(dir.path());
    let mut opts = options(&[&file]);
    opts.mapping = Some(
        lagom_core::import::SavedMapping::from_json(
            r#"{"version": 1, "columns": {"Allergier": "note"}}"#,
        )
        .unwrap(),
    );
    opts.include_sensitive = vec!["Allergier".into()];
    let err = commit(&mut v, &opts).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert!(err.to_string().contains("legal basis"), "{err}");

    opts.include_sensitive = vec!["Allergi".into()];
    opts.sensitive_basis = Some("explicit consent, Art. 9(2)(a)".into());
    let err = commit(&mut v, &opts).unwrap_err();
    assert!(
        err.to_string().contains("\"Allergi\""),
        "a typo is named: {err}"
    );
    assert_eq!(v.list_people(1, 0).unwrap().total, 0);

    opts.include_sensitive = vec!["Allergier".into()];
    let report = commit(&mut v, &opts).unwrap();
    assert!(report.files[0].held_back_columns.is_empty());
    let batch = &v.import_batches().unwrap()[0];
    assert_eq!(
        batch.sensitive_basis.as_deref(),
        Some("explicit consent, Art. 9(2)(a)")
    );
}

fn two_sheet_workbook(path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Leverandører").unwrap();
    sheet.write_row(0, 0, ["Firma", "Kontakt"]).unwrap();
    sheet.write_row(1, 0, ["Fjord Rør AS", "Ola Berg"]).unwrap();
    let sheet = book.add_worksheet().set_name("Kunder").unwrap();
    sheet.write(0, 0, "Kundeliste").unwrap();
    sheet
        .write_row(2, 0, ["Förnamn", "Efternamn", "E-post", "Telefon"])
        .unwrap();
    sheet
        .write_row(3, 0, ["Märta", "Öberg", "marta@grossist.se"])
        .unwrap();
    sheet.write(3, 3, 46_701_234_567_f64).unwrap();
    book.save(path).unwrap();
}

#[test]
fn a_workbook_sheet_is_chosen_and_a_wrong_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    let path = dir.path().join("kontakter.xlsx");
    two_sheet_workbook(&path);
    let mut opts = options(&[&path]);
    opts.files[0].sheet = Some("Kunder".into());
    opts.default_country = "SE".into();
    let report = commit(&mut v, &opts).unwrap();
    assert_eq!(report.files[0].sheets.len(), 2);
    assert_eq!(report.counts.created, 1);
    let marta = v
        .show_person(&PersonRef::Email("marta@grossist.se".into()))
        .unwrap();
    assert_eq!(marta.fields.phone.as_deref(), Some("+46701234567"));

    opts.files[0].sheet = Some("Kunder 2024".into());
    let err = plan_err(&mut v, &opts);
    assert_eq!(err.code(), ErrorCode::Validation);
    assert!(
        err.to_string()
            .contains("\"Leverandører\" (2 rows), \"Kunder\" (3 rows)"),
        "{err}"
    );
}

fn plan_err(v: &mut Vault, opts: &ImportOptions) -> lagom_core::Error {
    v.plan_import(opts, &mut |_| {}, &AtomicBool::new(false))
        .unwrap_err()
}

#[test]
fn bad_files_are_refused_by_name_and_leave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    let good = write_nordic(dir.path());
    let broken = dir.path().join("broken.xlsx");
    two_sheet_workbook(&broken);
    let bytes = std::fs::read(&broken).unwrap();
    std::fs::write(&broken, &bytes[..bytes.len() / 2]).unwrap();
    let before = dump(&mut v);
    let err = commit(&mut v, &options(&[&good, &broken])).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Unreadable);
    assert!(err.to_string().contains("broken.xlsx"), "{err}");
    assert_eq!(dump(&mut v), before);

    let unmapped = dir.path().join("tall.csv");
    std::fs::write(&unmapped, "Skostørrelse;Høyde\n44;180\n").unwrap();
    let err = commit(&mut v, &options(&[&unmapped])).unwrap_err();
    assert!(err.to_string().contains("no column of tall.csv"), "{err}");
    let report = plan(&mut v, &options(&[&unmapped]));
    assert!(report.issues.iter().any(|i| i.reason.contains("no column")));
    assert_eq!(dump(&mut v), before);
}

#[test]
fn contact_exports_from_three_programs_become_one_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../lagom-import/tests/data");
    let files = ["contacts.vcf", "google.csv", "outlook.csv"].map(|f| data.join(f));
    let report = commit(
        &mut v,
        &options(&files.iter().map(PathBuf::as_path).collect::<Vec<_>>()),
    )
    .unwrap();
    let formats: Vec<_> = report.files.iter().map(|f| f.format).collect();
    assert_eq!(
        formats,
        [
            lagom_core::import::Format::Vcard,
            lagom_core::import::Format::Csv,
            lagom_core::import::Format::Csv
        ]
    );
    // Bjørn is in the vCard file and in the Outlook export, Åse in the vCard file and the
    // Google export: one person each, merged.
    assert_eq!(names(&v, "bjorn"), ["Bjørn Kjær"]);
    let bjorn = v
        .show_person(&PersonRef::Email("bjorn@fjordror.no".into()))
        .unwrap();
    assert_eq!(bjorn.processing[0].source, "import: contacts.vcf");
    assert_eq!(report.counts.merged, 2, "{:#?}", report.duplicates);
    assert_eq!(names(&v, "sorensen"), ["Åse Sørensen"]);
    assert!(report.counts.created >= 4, "{:?}", report.counts);
}

#[test]
fn a_namesake_is_new_and_a_duplicate_says_why_it_is_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    let mut kari = person("Kari", "Hansen", "kari.hansen@online.no");
    kari.fields.phone = Some("912 34 567".into());
    kari.fields.address = Some("Storgata 1".into());
    kari.fields.postcode = Some("0150".into());
    v.create_person(kari).unwrap();
    let file = dir.path().join("kunder.csv");
    std::fs::write(
        &file,
        "Fornavn;Etternavn;E-post;Mobil;Adresse;Postnr;Kundenr.\n\
         Kari;Hansen;kari.h@gmail.com;+4798765432;Kirkeveien 7;5003;\n\
         Hansen;Kari;;+4791234567;;;\n\
         Bjørn;Kjær;;;;;K-1001\n\
         Bjorn;Kjaer;bjorn@fjordror.no;;;;K-1001\n",
    )
    .unwrap();
    let report = plan(&mut v, &options(&[&file]));
    // The same common name with another e-mail, phone and address is another person.
    assert_eq!(report.counts.created, 2, "{:#?}", report.duplicates);
    assert_eq!(report.duplicates_total, 2);
    // Names swapped, the phone the vault holds as typed: Kari, with the reasons.
    let swapped = report.duplicates.iter().find(|d| d.row == 3).unwrap();
    assert!(matches!(swapped.earlier, Earlier::Vault { .. }));
    let reasons = &swapped.scored.reasons;
    assert!(reasons.contains(&MatchReason::SamePhone), "{reasons:?}");
    assert!(reasons.contains(&MatchReason::SwappedNames), "{reasons:?}");
    // The customer number finds Bjørn's second row.
    let bjorn = report.duplicates.iter().find(|d| d.row == 5).unwrap();
    assert!(matches!(bjorn.earlier, Earlier::Row { row: 4, .. }));
    assert_eq!(
        bjorn.scored.reasons.first(),
        Some(&MatchReason::SameCustomerNumber)
    );
    assert!(bjorn.scored.score >= lagom_import::matching::REVIEW_THRESHOLD);
}
