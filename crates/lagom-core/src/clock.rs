//! Time comes in through a [`Clock`], so that tests can fix it.
//!
//! Instants are kept in UTC; calendar days (a request received "today", a consent given on
//! a date, a deadline) are days where the person at the computer is, so they come from the
//! clock's time zone: the computer's own unless a clock says otherwise.

use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveTime, Offset, TimeZone, Utc};

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// Now, in UTC.
    fn now(&self) -> DateTime<Utc>;

    /// The offset from UTC of the time zone calendar days are counted in, at `at`: the
    /// computer's local time zone (summer time included).
    fn offset_at(&self, at: DateTime<Utc>) -> FixedOffset {
        Local.offset_from_utc_datetime(&at.naive_utc()).fix()
    }
}

/// The calendar day `at` falls on at `offset` from UTC.
pub fn day_at(at: DateTime<Utc>, offset: FixedOffset) -> NaiveDate {
    at.with_timezone(&offset).date_naive()
}

/// Today, in the clock's time zone.
pub fn today(clock: &dyn Clock) -> NaiveDate {
    let now = clock.now();
    day_at(now, clock.offset_at(now))
}

/// The instant a calendar day starts at `offset` from UTC.
pub fn start_of_day(day: NaiveDate, offset: FixedOffset) -> DateTime<Utc> {
    let local = day.and_time(NaiveTime::MIN);
    // A fixed offset maps every local time to exactly one instant.
    (local - offset).and_utc()
}

/// The system's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that always says the same time.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// The calendar day, in the clock's time zone, of a time stored as RFC 3339 text; `None`
/// when the text does not read as one.
pub fn stored_day(clock: &dyn Clock, stored: &str) -> Option<NaiveDate> {
    let at = DateTime::parse_from_rfc3339(stored)
        .ok()?
        .with_timezone(&Utc);
    Some(day_at(at, clock.offset_at(at)))
}

/// Timestamps are stored as RFC 3339 text in UTC with millisecond precision, which sorts
/// as text in time order.
pub(crate) fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("a valid time")
            .with_timezone(&Utc)
    }

    #[test]
    fn the_day_is_the_one_on_the_wall_where_the_computer_is() {
        let oslo_summer = FixedOffset::east_opt(2 * 3600).expect("a valid offset");
        // 00:30 on 1 June in Oslo is still 31 May in UTC.
        let now = at("2025-05-31T22:30:00Z");
        assert_eq!(day_at(now, oslo_summer).to_string(), "2025-06-01");
        assert_eq!(now.date_naive().to_string(), "2025-05-31");
        let new_york = FixedOffset::west_opt(4 * 3600).expect("a valid offset");
        assert_eq!(
            day_at(at("2025-06-01T02:00:00Z"), new_york).to_string(),
            "2025-05-31"
        );
    }

    #[test]
    fn a_day_starts_at_local_midnight() {
        let oslo_winter = FixedOffset::east_opt(3600).expect("a valid offset");
        let day = NaiveDate::from_ymd_opt(2025, 3, 10).expect("a valid date");
        assert_eq!(start_of_day(day, oslo_winter), at("2025-03-09T23:00:00Z"));
        assert_eq!(
            start_of_day(day, FixedOffset::east_opt(0).expect("UTC")),
            at("2025-03-10T00:00:00Z")
        );
    }
}
