//! The matcher this feature uses: `lagom_import::matching`, the importer's own (blocking keys
//! with a Nordic sound key, every field scored, [`Scored::automatic`] only with an identifier
//! in common, names that agree and no difference at all). The rest of the feature names only
//! what is re-exported here; stored reasons (serde tag `by`) read as they were written.

pub use lagom_import::matching::{
    AUTOMATIC_THRESHOLD, OwnedRecord, REVIEW_THRESHOLD, Reason, Scored, scan, score,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn record(first: &str, last: &str, email: &str, phone: &str) -> OwnedRecord {
        OwnedRecord {
            first_name: first.into(),
            last_name: last.into(),
            emails: (!email.is_empty())
                .then(|| email.to_owned())
                .into_iter()
                .collect(),
            phones: (!phone.is_empty())
                .then(|| phone.to_owned())
                .into_iter()
                .collect(),
            ..OwnedRecord::default()
        }
    }

    fn check(a: &OwnedRecord, b: &OwnedRecord) -> Option<Scored> {
        a.with_record(|x| b.with_record(|y| score(x, y)))
    }

    #[test]
    fn the_same_address_in_other_capitals_is_sure() {
        let s = check(
            &record("Bjørn", "Kjær", "bjorn@fjordror.no", ""),
            &record("Bjørn", "Kjær", "Bjorn@FjordRor.no", ""),
        )
        .unwrap();
        assert!(s.automatic, "{s:?}");
        assert_eq!(s.reasons[0], Reason::SameEmail);
    }

    #[test]
    fn a_common_name_alone_is_not_worth_a_look_and_never_automatic() {
        assert!(
            check(
                &record("Ola", "Hansen", "", ""),
                &record("Ola", "Hansen", "", "")
            )
            .is_none()
        );
        let other_email = check(
            &record("Ola", "Hansen", "ola@a.no", "+47 912 34 567"),
            &record("Ola", "Hansen", "o.hansen@b.no", "+47 912 34 567"),
        )
        .unwrap();
        assert!(!other_email.automatic, "an e-mail address that differs");
    }

    #[test]
    fn a_scan_finds_each_pair_once() {
        let pairs = scan([
            (1, record("Kari", "Nordmann", "kari@example.no", "")),
            (2, record("Per", "Hansen", "per@example.no", "")),
            (3, record("Kari", "Nordmann", "KARI@example.no", "")),
        ]);
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].a, pairs[0].b), (1, 3));
    }
}
