//! The core's layers, read from its source tree: a small shared floor that imports no
//! feature, feature slices above it that import only the floor and the features this file
//! allows, no two modules that import each other, and SQL only where SQL belongs.
//!
//! A module is a top-level folder or file of `crates/lagom-core/src`. An import is any path
//! `crate::<module>` (in a `use` or inline) or a name the crate root re-exports
//! (`crate::Vault` is the `vault` module). Test modules (`#[cfg(test)]` to the end of a file)
//! are left out: a test may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The shared floor, bottom first. A floor module may import the ones before it.
const FLOOR: &[&str] = &[
    "error", "clock", "types", "words", "text", "output", "search", "db", "audit", "vault",
    "backup",
];

/// The feature slices.
const FEATURES: &[&str] = &[
    "settings",
    "mail",
    "suppression",
    "people",
    "notes",
    "consent",
    "card",
    "organisations",
    "notice",
    "import",
    "rights",
    "duplicates",
    "erasure",
    "hygiene",
];

/// The only imports from one feature into another, each with why. Everything here points
/// down the list of [`FEATURES`], so they cannot form a circle.
const FEATURE_USES: &[(&str, &str, &str)] = &[
    ("notes", "people", "a note is about a person"),
    (
        "consent",
        "people",
        "a consent is a person's; mass edit takes a people list's query",
    ),
    (
        "consent",
        "mail",
        "double opt-in sends the confirmation code",
    ),
    ("card", "people", "the card shows the person's record"),
    ("card", "notes", "the card shows their notes and deals"),
    (
        "card",
        "consent",
        "the card shows their consents, subscriptions and limits",
    ),
    (
        "organisations",
        "people",
        "an organisation's card lists its people, cleaned as people are",
    ),
    (
        "notice",
        "people",
        "the notice is written to a person, from their record",
    ),
    ("notice", "mail", "the Art. 13/14 notice is sent by e-mail"),
    ("import", "people", "an import creates and merges people"),
    (
        "people",
        "suppression",
        "a person an earlier erasure covers is added only with the reason",
    ),
    (
        "import",
        "suppression",
        "a row an earlier erasure covers is not imported",
    ),
    (
        "card",
        "suppression",
        "an address an earlier erasure covers is added to someone only with the reason",
    ),
    ("rights", "people", "a request is about people"),
    (
        "rights",
        "suppression",
        "the subject-access bundle tells of earlier erasures of someone registered again",
    ),
    ("rights", "card", "rectification returns the person's card"),
    (
        "rights",
        "notes",
        "the subject-access bundle holds the notes on their deals",
    ),
    (
        "rights",
        "mail",
        "a subject-access bundle can be sent by e-mail",
    ),
    (
        "rights",
        "notice",
        "the bundle names the business behind the vault, as the notice does",
    ),
    (
        "duplicates",
        "people",
        "a merge joins two people's records; adding one checks the register first",
    ),
    ("erasure", "people", "erasure removes the person's record"),
    (
        "erasure",
        "suppression",
        "erasure keeps keyed hashes of the person's addresses so they are not added again",
    ),
    (
        "erasure",
        "notes",
        "erasure removes the notes on their deals",
    ),
    (
        "erasure",
        "rights",
        "an erasure is recorded on the request that asked for it",
    ),
    (
        "erasure",
        "duplicates",
        "erasure removes the person from the review queue and every merge's undo data, and \
         erases those merged into them too",
    ),
    (
        "hygiene",
        "people",
        "retention archives people; the reviews read their e-mail addresses",
    ),
    (
        "hygiene",
        "erasure",
        "retention and the recycle bin's purge erase through the Art. 17 path",
    ),
    (
        "hygiene",
        "duplicates",
        "the scheduler's duplicate search fills the review queue; the start screen counts it",
    ),
    (
        "hygiene",
        "rights",
        "the start screen and the requests job list requests near their deadline",
    ),
];

/// Above every feature: the command table, and the shells' keyring behind it.
const TOP: &[&str] = &["api", "keyring"];

/// Names the crate root re-exports, and the module each comes from.
const ROOT_NAMES: &[(&str, &str)] = &[
    ("Error", "error"),
    ("ErrorCode", "error"),
    ("Result", "error"),
    ("Clock", "clock"),
    ("FixedClock", "clock"),
    ("SystemClock", "clock"),
    ("SCHEMA_VERSION", "db"),
    ("AuditFilter", "audit"),
    ("Vault", "vault"),
    ("Credentials", "vault"),
    ("NewVault", "vault"),
    ("VaultInfo", "vault"),
    ("VaultPaths", "vault"),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's code without its test module and without comments.
fn code(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap();
    let text = match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => &text,
    };
    text.lines()
        .map(|line| match line.find("//") {
            // A `//` inside a string (a URL) is rare in this crate; cutting there only
            // hides code, never invents an import.
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level module a file belongs to (`consent/ledger.rs` → `consent`).
fn module_of(relative: &Path) -> String {
    let first = relative.components().next().unwrap().as_os_str();
    first.to_string_lossy().trim_end_matches(".rs").to_owned()
}

/// Every module a piece of code names, through `crate::…` paths and `use crate::{…}` groups.
fn imports(code: &str) -> BTreeSet<String> {
    let modules: BTreeSet<&str> = FLOOR.iter().chain(FEATURES).chain(TOP).copied().collect();
    let root: BTreeMap<&str, &str> = ROOT_NAMES.iter().copied().collect();
    let mut found = BTreeSet::new();
    let mut name = |word: &str| {
        if modules.contains(word) {
            found.insert(word.to_owned());
        } else if let Some(module) = root.get(word) {
            found.insert((*module).to_owned());
        }
    };
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let head = item.trim().split("::").next().unwrap_or("");
                name(head.split_whitespace().next().unwrap_or(""));
            }
        } else {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            name(&word);
        }
    }
    found
}

/// Module → the other modules it imports, from the source tree.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(&root).unwrap().to_owned();
        if relative == Path::new("lib.rs") {
            continue;
        }
        let module = module_of(&relative);
        let uses = graph.entry(module.clone()).or_default();
        uses.extend(imports(&code(&file)).into_iter().filter(|m| *m != module));
    }
    graph
}

#[test]
fn every_module_has_a_place_in_the_layers() {
    let known: BTreeSet<&str> = FLOOR.iter().chain(FEATURES).chain(TOP).copied().collect();
    let unplaced: Vec<String> = graph()
        .into_keys()
        .filter(|m| !known.contains(m.as_str()))
        .collect();
    assert!(
        unplaced.is_empty(),
        "modules not in the floor, the features or the top (place them in tests/it/layering.rs): {unplaced:?}"
    );
}

#[test]
fn the_floor_imports_no_feature_and_only_floor_modules_below_it() {
    let graph = graph();
    let mut wrong = Vec::new();
    for (level, module) in FLOOR.iter().enumerate() {
        for used in graph.get(*module).into_iter().flatten() {
            let below = FLOOR[..level].contains(&used.as_str());
            if !below {
                wrong.push(format!("{module} imports {used}"));
            }
        }
    }
    assert!(wrong.is_empty(), "the floor reaches up: {wrong:#?}");
}

#[test]
fn a_feature_imports_another_only_where_allowed() {
    let graph = graph();
    let allowed: BTreeSet<(&str, &str)> = FEATURE_USES.iter().map(|(a, b, _)| (*a, *b)).collect();
    let mut wrong = Vec::new();
    for feature in FEATURES {
        for used in graph.get(*feature).into_iter().flatten() {
            let fine =
                FLOOR.contains(&used.as_str()) || allowed.contains(&(*feature, used.as_str()));
            if !fine {
                wrong.push(format!("{feature} imports {used}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "feature imports that are not allowed (move the shared part down to the floor, or into the command table): {wrong:#?}"
    );
}

#[test]
fn allowed_feature_imports_point_down_and_are_used() {
    let graph = graph();
    for (from, to, why) in FEATURE_USES {
        let position = |m: &str| FEATURES.iter().position(|f| *f == m).unwrap();
        assert!(
            position(to) < position(from),
            "{from} may use {to} ({why}), so {to} must come first in FEATURES"
        );
        assert!(
            graph.get(*from).is_some_and(|uses| uses.contains(*to)),
            "{from} no longer imports {to}: drop the allowance"
        );
    }
}

#[test]
fn no_two_modules_import_each_other() {
    let graph = graph();
    // Any circle, not only pairs: depth-first search for a way back.
    fn reaches(
        graph: &BTreeMap<String, BTreeSet<String>>,
        from: &str,
        target: &str,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in graph.get(from).into_iter().flatten() {
            if next == target || (seen.insert(next.clone()) && reaches(graph, next, target, seen)) {
                return true;
            }
        }
        false
    }
    let circles: Vec<&String> = graph
        .keys()
        .filter(|m| reaches(&graph, m, m, &mut BTreeSet::new()))
        .collect();
    assert!(
        circles.is_empty(),
        "modules in an import circle: {circles:?}\n{graph:#?}"
    );
}

#[test]
fn sql_appears_only_in_db_and_the_features_sql_files() {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let statements = [
        "SELECT ",
        "INSERT INTO",
        "INSERT OR ",
        "UPDATE ",
        "DELETE FROM",
        "CREATE TABLE",
        "CREATE INDEX",
        "CREATE TRIGGER",
        "DROP TABLE",
        "PRAGMA ",
    ];
    let mut wrong = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&root).unwrap();
        let in_store = relative.starts_with("db")
            || relative.file_name().is_some_and(|n| n == "sql.rs")
            || relative.components().any(|c| c.as_os_str() == "sql");
        if in_store {
            continue;
        }
        let code = code(&file);
        for (number, line) in code.lines().enumerate() {
            // SQL lives in string literals; a statement keyword inside one is SQL.
            let quoted: String = line
                .split('"')
                .skip(1)
                .step_by(2)
                .collect::<Vec<_>>()
                .join(" ");
            if let Some(keyword) = statements.iter().find(|k| quoted.contains(**k)) {
                wrong.push(format!("{}:{}: {keyword}", relative.display(), number + 1));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "SQL outside db/ and sql.rs files: {wrong:#?}"
    );
}

/// A file's module path inside the crate: `consent/ledger.rs` → `["consent", "ledger"]`,
/// `consent/mod.rs` → `["consent"]`.
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// Every path a piece of code names from the crate (`crate::…`, `super::…`, `self::…`),
/// with `use` groups expanded, as lists of segments relative to the crate root.
fn crate_paths(code: &str, here: &[String], modules: &BTreeSet<Vec<String>>) -> Vec<Vec<String>> {
    fn expand(text: &str, out: &mut Vec<String>) {
        let text = text.trim();
        let Some(open) = text.find("::{") else {
            out.push(text.split(" as ").next().unwrap_or("").trim().to_owned());
            return;
        };
        let (prefix, inner) = (&text[..open], &text[open + 3..text.len() - 1]);
        let (mut depth, mut start) = (0, 0);
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    if !inner[start..i].trim().is_empty() {
                        expand(&format!("{prefix}::{}", &inner[start..i]), out);
                    }
                    start = i + 1;
                }
                _ => {}
            }
        }
        if !inner[start..].trim().is_empty() {
            expand(&format!("{prefix}::{}", &inner[start..]), out);
        }
    }
    let mut texts = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().last();
        rest = &rest[at + 4..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let end = rest.find(';').unwrap_or(rest.len());
        expand(&rest[..end].replace('\n', " "), &mut texts);
    }
    for start in ["crate::", "super::", "self::"] {
        let mut rest = code;
        while let Some(at) = rest.find(start) {
            let before = rest[..at].chars().last();
            rest = &rest[at..];
            let path: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            rest = &rest[start.len()..];
            if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                texts.push(path.trim_end_matches(':').to_owned());
            }
        }
    }
    // A bare `sql::find(…)` inside `people` names the child module `people::sql`.
    let mut rest = code;
    while let Some(at) = rest.find("::") {
        let word: String = rest[..at]
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let before = rest[..at - word.len()].chars().last();
        rest = &rest[at + 2..];
        if !word.is_empty() && before != Some(':') {
            let mut child = here.to_vec();
            child.push(word);
            if modules.contains(&child) {
                texts.extend(child.pop());
            }
        }
    }
    let mut paths = Vec::new();
    for text in texts {
        let mut segments = text.split("::").filter(|s| !s.is_empty());
        let root_names: BTreeMap<&str, &str> = ROOT_NAMES.iter().copied().collect();
        let mut base: Vec<String> = match segments.next() {
            Some("crate") => match text.split("::").nth(1).and_then(|n| root_names.get(n)) {
                // `crate::Vault` is the vault module's `Vault`.
                Some(module) => {
                    segments.next();
                    vec![(*module).to_owned()]
                }
                None => Vec::new(),
            },
            Some("super") => here[..here.len().saturating_sub(1)].to_vec(),
            Some("self") => here.to_vec(),
            // `use ledger::X` inside `consent` names the child module `consent::ledger`.
            Some(child) if modules.contains(&[here, &[child.to_owned()]].concat()) => {
                [here, &[child.to_owned()]].concat()
            }
            _ => continue,
        };
        for segment in segments {
            match segment {
                "super" => {
                    base.pop();
                }
                "self" | "*" => {}
                other => base.push(other.to_owned()),
            }
        }
        paths.push(base);
    }
    paths
}

#[test]
fn no_files_import_each_other_in_a_circle() {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let by_path: BTreeMap<Vec<String>, PathBuf> = files
        .iter()
        .map(|f| (module_path(f.strip_prefix(&root).unwrap()), f.clone()))
        .collect();
    // A path names the file of its longest prefix that is a module.
    let file_of = |segments: &[String]| {
        (1..=segments.len())
            .rev()
            .find_map(|n| by_path.get(&segments[..n]))
            .cloned()
    };
    let modules: BTreeSet<Vec<String>> = by_path.keys().cloned().collect();
    let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for file in &files {
        let here = module_path(file.strip_prefix(&root).unwrap());
        let uses = edges.entry(file.clone()).or_default();
        for path in crate_paths(&code(file), &here, &modules) {
            if let Some(target) = file_of(&path)
                && target != *file
            {
                uses.insert(target);
            }
        }
    }
    // Any circle, not only pairs: a file is in one when it can reach itself.
    fn reaches(
        edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        from: &PathBuf,
        target: &PathBuf,
        seen: &mut BTreeSet<PathBuf>,
    ) -> bool {
        edges.get(from).into_iter().flatten().any(|next| {
            next == target || (seen.insert(next.clone()) && reaches(edges, next, target, seen))
        })
    }
    let circles: Vec<String> = edges
        .keys()
        .filter(|f| reaches(&edges, f, f, &mut BTreeSet::new()))
        .map(|f| f.strip_prefix(&root).unwrap().display().to_string())
        .collect();
    assert!(
        circles.is_empty(),
        "files in an import circle (move what they share into a file both import, e.g. the feature's model.rs): {circles:#?}"
    );
}

#[test]
fn the_import_reader_sees_groups_and_root_names() {
    let found = imports(
        "use crate::{Error, Vault};\nuse crate::people::sql;\nlet x = crate::consent::y();",
    );
    let expected: BTreeSet<String> = ["error", "vault", "people", "consent"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(found, expected);
}
