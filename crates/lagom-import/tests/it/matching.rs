//! The duplicate matcher on a made-up Nordic register with known duplicates
//! ([`super::nordic_people`]): what the register-wide search proposes must be right (precision)
//! and complete (recall), for every kind of fault in a name.

use lagom_import::matching::{Matcher, REVIEW_THRESHOLD, scan};

use super::nordic_people::{Register, quality};

#[test]
fn the_register_wide_search_finds_duplicates_and_leaves_namesakes_apart() {
    let register = Register::new(12_000, 0x1a90_2025);
    let pairs = scan(register.rows().map(|(i, row)| (i, row.record)));
    assert!(pairs.iter().all(|p| p.scored.score >= REVIEW_THRESHOLD));
    let q = quality(&register, pairs.iter().map(|p| (p.a, p.b)));
    let report = format!(
        "precision {:.4} recall {:.4} ({} proposed, {} right, {} pairs); by fault {:#?}",
        q.precision(),
        q.recall(),
        q.proposed,
        q.correct,
        q.true_pairs,
        q.by_fault
    );
    assert!(q.true_pairs > 2_000, "{report}");
    assert!(q.precision() >= 0.98, "{report}");
    assert!(q.recall() >= 0.97, "{report}");
    // Each kind of fault is found, not only the easy ones.
    for (fault, (found, total)) in &q.by_fault {
        assert!(*total >= 20, "{fault}: too few to tell, {report}");
        assert!(*found as f64 >= 0.9 * *total as f64, "{fault}: {report}");
    }
    // Pairs merged unasked are all right.
    let automatic = quality(
        &register,
        pairs
            .iter()
            .filter(|p| p.scored.automatic)
            .map(|p| (p.a, p.b)),
    );
    assert!(automatic.precision() >= 0.999, "automatic: {automatic:?}");
    assert!(
        automatic.proposed > q.proposed / 4,
        "automatic: {automatic:?}"
    );
}

#[test]
fn the_register_is_hard_enough_that_the_same_name_is_not_the_same_person() {
    // If namesakes were rare, a matcher that only compared names would pass the test above.
    let register = Register::new(12_000, 0x1a90_2025);
    let mut by_name = std::collections::HashMap::<String, Vec<u32>>::new();
    for (i, row) in register.rows() {
        let name = format!(
            "{} {}",
            row.record.first_name.to_lowercase(),
            row.record.last_name.to_lowercase()
        );
        by_name.entry(name).or_default().push(i);
    }
    let same_name = by_name.values().flat_map(|rows| {
        rows.iter()
            .enumerate()
            .flat_map(move |(x, a)| rows[x + 1..].iter().map(move |b| (*a, *b)))
    });
    let q = quality(&register, same_name);
    assert!(q.proposed > 2_000, "{q:?}");
    assert!(
        q.precision() < 0.5,
        "the same name is mostly another person: {q:?}"
    );
}

#[test]
fn the_importer_way_finds_what_the_register_wide_search_finds() {
    // Row by row, each checked against those before, the importer's best match for a row is
    // one of the register-wide search's pairs.
    let register = Register::new(3_000, 7);
    let pairs = scan(register.rows().map(|(i, row)| (i, row.record)));
    let proposed: std::collections::HashSet<(u32, u32)> =
        pairs.iter().map(|p| (p.a, p.b)).collect();
    let mut matcher = Matcher::new();
    let mut found = 0;
    for (i, row) in register.rows() {
        row.record.with_record(|r| {
            if let Some(m) = matcher.find(r) {
                assert!(proposed.contains(&(m.earlier, i)), "{i}");
                found += 1;
            }
            matcher.add(i, r);
        });
    }
    assert!(found > 300, "{found}");
}
