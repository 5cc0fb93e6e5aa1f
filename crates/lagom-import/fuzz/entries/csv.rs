//! The CSV fuzz target's body, also run over the seeds and corpus as an ordinary test
//! (`tests/it/fuzz_inputs.rs`).

use std::ops::ControlFlow;

/// Any bytes through encoding and dialect detection, the CSV reader and the planner.
pub fn run(data: &[u8]) {
    let dialect = lagom_import::sniff_csv(data);
    let options = lagom_import::plan::PlanOptions {
        file: "fuzz.csv".into(),
        sheet: None,
        default_country: "NO".into(),
        country: None,
        mapping: None,
        include_sensitive: vec![],
    };
    let mut planner = lagom_import::plan::Planner::new(options, |_| ControlFlow::Continue(()));
    let _ = lagom_import::read_csv(data, &dialect, &mut planner);
    planner.finish();
}
