//! When a data subject request must be answered: GDPR Art. 12(3) gives one month from
//! receipt, extendable by two further months. Pure date arithmetic, no clock and no database.
//!
//! Periods in months follow Regulation (EEC, Euratom) No 1182/71, Art. 3(2)(c): a period of
//! months ends on the day of the last month that bears the same number as the day it runs
//! from, or, when that month is too short, on its last day. So a request received on 31
//! January is due on 28 (or 29) February.
//!
//! The extended deadline is three months counted from receipt by the same rule, not two
//! months added to the first deadline: the Regulation counts a period from the event, and
//! chaining would lose days a short month clipped (received 31 January: 30 April, not
//! 28 April). Art. 3(4) would move a deadline falling on a weekend or public holiday to the
//! next working day; we leave it where it falls, which is never later than the law allows.

use chrono::{Months, NaiveDate};

/// Months the controller has to answer (Art. 12(3)).
pub const ANSWER_MONTHS: u32 = 1;
/// Months in all once the deadline is extended (one plus two further).
pub const EXTENDED_MONTHS: u32 = 3;
/// A deadline this many days away or closer counts as due soon.
pub const DUE_SOON_DAYS: i64 = 7;

/// `months` months after `from` by Regulation 1182/71: the same day number, or the last day
/// of the month when it has no such day. `None` only past the end of the calendar.
pub fn months_after(from: NaiveDate, months: u32) -> Option<NaiveDate> {
    // chrono clips to the month's last day, which is exactly the Regulation's rule.
    from.checked_add_months(Months::new(months))
}

/// The first deadline for a request received on `received`.
pub fn due_date(received: NaiveDate) -> Option<NaiveDate> {
    months_after(received, ANSWER_MONTHS)
}

/// The deadline once extended by two further months, counted from receipt.
pub fn extended_due_date(received: NaiveDate) -> Option<NaiveDate> {
    months_after(received, EXTENDED_MONTHS)
}

/// How an open request stands against its deadline on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// The deadline has passed.
    Overdue,
    /// The deadline is today or within [`DUE_SOON_DAYS`] days.
    DueSoon,
    /// More time than that is left.
    OnTime,
}

/// Where a deadline stands on `today`. The last day counts as still in time.
pub fn urgency(due: NaiveDate, today: NaiveDate) -> Urgency {
    let left = days_left(due, today);
    if left < 0 {
        Urgency::Overdue
    } else if left <= DUE_SOON_DAYS {
        Urgency::DueSoon
    } else {
        Urgency::OnTime
    }
}

/// Whole days from `today` to `due`; negative once it has passed.
pub fn days_left(due: NaiveDate, today: NaiveDate) -> i64 {
    (due - today).num_days()
}

/// The last day that still counts as due soon on `today`, for finding those requests in the
/// register by their stored deadline.
pub fn due_soon_until(today: NaiveDate) -> NaiveDate {
    today + chrono::Duration::days(DUE_SOON_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn is_leap_year(year: i32) -> bool {
        NaiveDate::from_ymd_opt(year, 2, 29).is_some()
    }

    fn check(received: &str, due: &str, extended: &str) {
        assert_eq!(due_date(d(received)), Some(d(due)), "due for {received}");
        assert_eq!(
            extended_due_date(d(received)),
            Some(d(extended)),
            "extended for {received}"
        );
    }

    #[test]
    fn a_month_ends_on_the_same_day_number() {
        check("2025-03-15", "2025-04-15", "2025-06-15");
        check("2025-01-01", "2025-02-01", "2025-04-01");
        check("2025-12-31", "2026-01-31", "2026-03-31");
        check("2025-11-30", "2025-12-30", "2026-02-28");
    }

    #[test]
    fn a_missing_day_falls_back_to_the_last_of_the_month() {
        check("2025-01-31", "2025-02-28", "2025-04-30");
        check("2025-01-29", "2025-02-28", "2025-04-29");
        check("2025-03-31", "2025-04-30", "2025-06-30");
        check("2025-05-31", "2025-06-30", "2025-08-31");
        check("2025-08-31", "2025-09-30", "2025-11-30");
    }

    #[test]
    fn leap_years_have_a_29_february() {
        check("2024-01-31", "2024-02-29", "2024-04-30");
        check("2024-01-29", "2024-02-29", "2024-04-29");
        check("2024-02-29", "2024-03-29", "2024-05-29");
        check("2023-11-30", "2023-12-30", "2024-02-29");
        check("2100-01-31", "2100-02-28", "2100-04-30");
        check("2000-01-31", "2000-02-29", "2000-04-30");
        assert!(is_leap_year(2024) && is_leap_year(2000));
        assert!(!is_leap_year(2025) && !is_leap_year(2100));
    }

    #[test]
    fn the_extension_counts_from_receipt_not_from_the_clipped_deadline() {
        // Chaining (due + 2 months) would give 28 April: two days short.
        let received = d("2025-01-31");
        let chained = months_after(due_date(received).unwrap(), 2).unwrap();
        assert_eq!(chained, d("2025-04-28"));
        assert_eq!(extended_due_date(received), Some(d("2025-04-30")));
        // Received on 28 February the two agree.
        assert_eq!(extended_due_date(d("2025-02-28")), Some(d("2025-05-28")));
    }

    #[test]
    fn urgency_counts_the_last_day_as_in_time() {
        let due = d("2025-04-15");
        assert_eq!(urgency(due, d("2025-04-01")), Urgency::OnTime);
        assert_eq!(urgency(due, d("2025-04-07")), Urgency::OnTime);
        assert_eq!(urgency(due, d("2025-04-08")), Urgency::DueSoon);
        assert_eq!(urgency(due, d("2025-04-15")), Urgency::DueSoon);
        assert_eq!(urgency(due, d("2025-04-16")), Urgency::Overdue);
        assert_eq!(days_left(due, d("2025-04-16")), -1);
        assert_eq!(days_left(due, d("2025-04-08")), 7);
        assert_eq!(due_soon_until(d("2025-04-08")), due);
        // Across a year end.
        assert_eq!(urgency(d("2026-01-02"), d("2025-12-30")), Urgency::DueSoon);
    }

    #[test]
    fn the_end_of_the_calendar_is_not_a_panic() {
        assert_eq!(due_date(NaiveDate::MAX), None);
    }
}
