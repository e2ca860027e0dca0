//! Chronology dates as reviewers meet them: exact, month-only, year-only, approximate,
//! before/after a point, or a range. Each has an earliest and latest possible day and a
//! sort key, so uncertain dates order sensibly with exact ones.
//!
//! The text form (also the form saved in files) is:
//! `2016-05-03`, `2016-05`, `2016`, `c. 2016-05`, `before 2015`, `after 2016-03-02`,
//! `2016-05-01..2016-06-30` (either side may be a month or a year).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// A point in time at day, month or year precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatePoint {
    /// An exact day.
    Day(Date),
    /// A month of a year.
    Month {
        /// Year.
        year: i16,
        /// Month, 1 to 12.
        month: i8,
    },
    /// A whole year.
    Year(i16),
}

/// The date of a chronology entry, with its uncertainty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventDate {
    /// Known to this precision ("3 May 2016", "May 2016", "2016").
    On(DatePoint),
    /// Approximately ("c. May 2016", "?22/05/2016").
    About(DatePoint),
    /// Some time before ("before 2015").
    Before(DatePoint),
    /// Some time after.
    After(DatePoint),
    /// Some time within a range, or an event lasting over it.
    Between(DatePoint, DatePoint),
}

/// How many days an approximate date may be out either side, by precision.
const ABOUT_SLACK_DAYS: i32 = 15;
/// How far "before" and "after" reach when drawn (a year).
const OPEN_SPAN_DAYS: i32 = 365;

/// A date that could not be read, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unreadable date \"{text}\": {reason}")]
pub struct DateParseError {
    /// The text as given.
    pub text: String,
    /// What was wrong.
    pub reason: String,
}

impl DatePoint {
    /// The first day this point may mean.
    pub fn first_day(self) -> Date {
        match self {
            DatePoint::Day(d) => d,
            DatePoint::Month { year, month } => Date::new(year, month, 1).unwrap_or(Date::MIN),
            DatePoint::Year(year) => Date::new(year, 1, 1).unwrap_or(Date::MIN),
        }
    }

    /// The last day this point may mean.
    pub fn last_day(self) -> Date {
        match self {
            DatePoint::Day(d) => d,
            DatePoint::Month { year, month } => Date::new(year, month, 1)
                .map(|d| d.last_of_month())
                .unwrap_or(Date::MAX),
            DatePoint::Year(year) => Date::new(year, 12, 31).unwrap_or(Date::MAX),
        }
    }

    /// 0 for a day, 1 for a month, 2 for a year: coarser sorts later on the same first day.
    fn precision_rank(self) -> u8 {
        match self {
            DatePoint::Day(_) => 0,
            DatePoint::Month { .. } => 1,
            DatePoint::Year(_) => 2,
        }
    }

    /// Parse `2016-05-03`, `2016-05` or `2016`.
    pub fn parse(text: &str) -> Result<DatePoint, DateParseError> {
        let t = text.trim();
        let err = |reason: &str| DateParseError {
            text: text.to_string(),
            reason: reason.to_string(),
        };
        let parts: Vec<&str> = t.split('-').collect();
        let num = |s: &str, what: &str| -> Result<i32, DateParseError> {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err(&format!("{what} is not a number")));
            }
            s.parse::<i32>()
                .map_err(|_| err(&format!("{what} is out of range")))
        };
        let year = |s: &str| -> Result<i16, DateParseError> {
            let y = num(s, "year")?;
            if s.len() != 4 || !(1000..=9999).contains(&y) {
                return Err(err("the year must have four digits"));
            }
            Ok(y as i16)
        };
        match parts.as_slice() {
            [y] => Ok(DatePoint::Year(year(y)?)),
            [y, m] => {
                let month = num(m, "month")?;
                if !(1..=12).contains(&month) {
                    return Err(err("the month must be 1 to 12"));
                }
                Ok(DatePoint::Month {
                    year: year(y)?,
                    month: month as i8,
                })
            }
            [y, m, d] => {
                let (y, m, d) = (year(y)?, num(m, "month")?, num(d, "day")?);
                if !(1..=12).contains(&m) {
                    return Err(err("the month must be 1 to 12"));
                }
                let day = Date::new(y, m as i8, d.clamp(0, 99) as i8)
                    .map_err(|_| err("no such day in that month"))?;
                Ok(DatePoint::Day(day))
            }
            _ => Err(err("expected YYYY-MM-DD, YYYY-MM or YYYY")),
        }
    }
}

impl fmt::Display for DatePoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatePoint::Day(d) => write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
            DatePoint::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            DatePoint::Year(year) => write!(f, "{year:04}"),
        }
    }
}

impl EventDate {
    /// An exact day.
    pub fn day(year: i16, month: i8, day: i8) -> Option<EventDate> {
        Date::new(year, month, day)
            .ok()
            .map(|d| EventDate::On(DatePoint::Day(d)))
    }

    /// The earliest day the event may have happened on.
    pub fn earliest(&self) -> Date {
        match *self {
            EventDate::On(p) => p.first_day(),
            EventDate::About(p) => p
                .first_day()
                .saturating_sub(jiff::Span::new().days(ABOUT_SLACK_DAYS)),
            EventDate::Before(p) => p
                .first_day()
                .saturating_sub(jiff::Span::new().days(OPEN_SPAN_DAYS)),
            EventDate::After(p) => p.last_day().saturating_add(jiff::Span::new().days(1)),
            EventDate::Between(a, _) => a.first_day(),
        }
    }

    /// The latest day the event may have happened on.
    pub fn latest(&self) -> Date {
        match *self {
            EventDate::On(p) => p.last_day(),
            EventDate::About(p) => p
                .last_day()
                .saturating_add(jiff::Span::new().days(ABOUT_SLACK_DAYS)),
            EventDate::Before(p) => p.first_day().saturating_sub(jiff::Span::new().days(1)),
            EventDate::After(p) => p
                .last_day()
                .saturating_add(jiff::Span::new().days(OPEN_SPAN_DAYS)),
            EventDate::Between(_, b) => b.last_day(),
        }
    }

    /// True for an exact day with no qualifier.
    pub fn is_exact(&self) -> bool {
        matches!(self, EventDate::On(DatePoint::Day(_)))
    }

    /// The day used to place the entry in the chronology:
    /// the first day it may mean, except "before X" (the day before X) and
    /// "after X" (the day after X), so that they sort just before or after X.
    pub fn anchor(&self) -> Date {
        match *self {
            EventDate::On(p) | EventDate::About(p) => p.first_day(),
            EventDate::Before(p) => p.first_day().saturating_sub(jiff::Span::new().days(1)),
            EventDate::After(p) => p.last_day().saturating_add(jiff::Span::new().days(1)),
            EventDate::Between(a, _) => a.first_day(),
        }
    }

    /// A key that orders dates in the chronology: by anchor day; on the same day exact
    /// dates first, then approximate, month-only, year-only, open ranges.
    pub fn sort_key(&self) -> (Date, u8) {
        let rank = match *self {
            EventDate::On(p) => p.precision_rank() * 2,
            EventDate::About(p) => p.precision_rank() * 2 + 1,
            EventDate::Between(..) => 6,
            EventDate::Before(_) => 7,
            EventDate::After(_) => 8,
        };
        (self.anchor(), rank)
    }

    /// A short description of the uncertainty, for people ("exact", "month only"...).
    pub fn precision_label(&self) -> &'static str {
        match self {
            EventDate::On(DatePoint::Day(_)) => "exact",
            EventDate::On(DatePoint::Month { .. }) => "month only",
            EventDate::On(DatePoint::Year(_)) => "year only",
            EventDate::About(_) => "approximate",
            EventDate::Before(_) => "before",
            EventDate::After(_) => "after",
            EventDate::Between(..) => "range",
        }
    }

    /// A human form for reports: "3 May 2016", "May 2016", "c. May 2016", "before 2015",
    /// "3 May 2016 to June 2016".
    pub fn human(&self) -> String {
        match *self {
            EventDate::On(p) => p.human(),
            EventDate::About(p) => format!("c. {}", p.human()),
            EventDate::Before(p) => format!("before {}", p.human()),
            EventDate::After(p) => format!("after {}", p.human()),
            EventDate::Between(a, b) => {
                human_span(Some(EventDate::On(a)), Some(EventDate::On(b))).unwrap_or_default()
            }
        }
    }
}

impl DatePoint {
    /// A human form: "3 May 2016", "May 2016", "2016".
    pub fn human(self) -> String {
        match self {
            DatePoint::Day(d) => format!("{} {} {}", d.day(), month_name(d.month()), d.year()),
            DatePoint::Month { year, month } => format!("{} {year}", month_name(month)),
            DatePoint::Year(y) => y.to_string(),
        }
    }
}

/// The one wording of a span of time from `start` to `end` for people: "3 May 2016 to
/// June 2016", "from 3 May 2016", "until June 2016"; `None` when both are open. A start
/// that is itself a range counts from its first point and an end that is a range runs to
/// its last, so one range is never worded inside another ("9 January 2023 to 21 March
/// 2023", not "9 January 2023 to 20 January 2023 to 21 March 2023").
pub fn human_span(start: Option<EventDate>, end: Option<EventDate>) -> Option<String> {
    let start = start.map(|d| match d {
        EventDate::Between(a, _) => EventDate::On(a),
        d => d,
    });
    let end = end.map(|d| match d {
        EventDate::Between(_, b) => EventDate::On(b),
        d => d,
    });
    Some(match (start, end) {
        (Some(a), Some(b)) if a == b => a.human(),
        (Some(a), Some(b)) => format!("{} to {}", a.human(), b.human()),
        (Some(a), None) => format!("from {}", a.human()),
        (None, Some(b)) => format!("until {}", b.human()),
        (None, None) => return None,
    })
}

/// English month name, 1-based; "?" outside 1..=12.
pub fn month_name(month: i8) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    usize::try_from(month - 1)
        .ok()
        .and_then(|i| NAMES.get(i))
        .copied()
        .unwrap_or("?")
}

impl Ord for EventDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key()
            .cmp(&other.sort_key())
            .then_with(|| self.latest().cmp(&other.latest()))
            .then_with(|| self.to_string().cmp(&other.to_string()))
    }
}

impl PartialOrd for EventDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for EventDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventDate::On(p) => write!(f, "{p}"),
            EventDate::About(p) => write!(f, "c. {p}"),
            EventDate::Before(p) => write!(f, "before {p}"),
            EventDate::After(p) => write!(f, "after {p}"),
            EventDate::Between(a, b) => write!(f, "{a}..{b}"),
        }
    }
}

impl FromStr for EventDate {
    type Err = DateParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let t = text.trim();
        let lower = t.to_ascii_lowercase();
        if t.is_empty() {
            return Err(DateParseError {
                text: text.to_string(),
                reason: "the date is empty".to_string(),
            });
        }
        let rest = |prefix: &str| lower.strip_prefix(prefix).map(|_| t[prefix.len()..].trim());
        if let Some(r) = rest("c.").or_else(|| rest("about ")).or_else(|| rest("~")) {
            return Ok(EventDate::About(DatePoint::parse(r)?));
        }
        if let Some(r) = rest("before ") {
            return Ok(EventDate::Before(DatePoint::parse(r)?));
        }
        if let Some(r) = rest("after ") {
            return Ok(EventDate::After(DatePoint::parse(r)?));
        }
        if let Some((a, b)) = t.split_once("..") {
            let (a, b) = (DatePoint::parse(a)?, DatePoint::parse(b)?);
            if b.last_day() < a.first_day() {
                return Err(DateParseError {
                    text: text.to_string(),
                    reason: "the range ends before it starts".to_string(),
                });
            }
            return Ok(EventDate::Between(a, b));
        }
        Ok(EventDate::On(DatePoint::parse(t)?))
    }
}

impl Serialize for EventDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EventDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A time of day as `14:30` (or `14:30:15` when it has seconds).
pub fn time_text(t: jiff::civil::Time) -> String {
    if t.second() == 0 {
        format!("{:02}:{:02}", t.hour(), t.minute())
    } else {
        format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> EventDate {
        s.parse().expect(s)
    }

    #[test]
    fn text_form_round_trips() {
        for s in [
            "2016-05-03",
            "2016-05",
            "2016",
            "c. 2016-05",
            "c. 2016-05-22",
            "before 2015",
            "after 2016-03-02",
            "2016-05-01..2016-06-30",
            "2016-05..2016",
        ] {
            assert_eq!(d(s).to_string(), s);
        }
    }

    #[test]
    fn every_form_orders_correctly() {
        let expected = [
            "before 2015",
            "2015",
            "c. 2016-04-25",
            "2016-05-01",
            "2016-05",
            "c. 2016-05",
            "2016-05-01..2016-06-30",
            "2016-05-03",
            "2016-05-31",
            "2016-06-01",
            "after 2016-05",
            "2017",
        ];
        let mut shuffled: Vec<EventDate> = expected.iter().rev().map(|s| d(s)).collect();
        shuffled.swap(0, 5);
        shuffled.swap(2, 9);
        shuffled.sort();
        let got: Vec<String> = shuffled.iter().map(|x| x.to_string()).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn bounds_follow_uncertainty() {
        assert_eq!(d("2016-02").latest().to_string(), "2016-02-29");
        assert_eq!(d("2016").earliest().to_string(), "2016-01-01");
        assert!(d("c. 2016-05-10").earliest() < d("2016-05-10").earliest());
        assert!(d("before 2015").latest() < d("2015").earliest());
        assert!(d("after 2015").earliest() > d("2015").latest());
    }

    #[test]
    fn impossible_dates_are_rejected_with_reason() {
        for (s, why) in [
            ("2016-02-30", "no such day"),
            ("2016-13", "month must be"),
            ("16-05-03", "four digits"),
            ("", "empty"),
            ("2016-06-01..2016-05-01", "ends before"),
            ("next tuesday", "year"),
        ] {
            let err = s.parse::<EventDate>().expect_err(s);
            assert!(err.reason.contains(why), "{s}: {}", err.reason);
        }
    }

    #[test]
    fn human_form_for_reports() {
        assert_eq!(d("2016-05-03").human(), "3 May 2016");
        assert_eq!(d("c. 2016-05").human(), "c. May 2016");
        assert_eq!(d("before 2015").human(), "before 2015");
        assert_eq!(
            d("2023-01-09..2023-01-20").human(),
            "9 January 2023 to 20 January 2023"
        );
    }

    #[test]
    fn a_span_words_a_range_at_either_end_once() {
        let span = |a: Option<&str>, b: Option<&str>| human_span(a.map(d), b.map(d));
        // The sample's KPE5: it starts some time from 9 to 20 January.
        assert_eq!(
            span(Some("2023-01-09..2023-01-20"), Some("2023-03-21")).as_deref(),
            Some("9 January 2023 to 21 March 2023")
        );
        assert_eq!(
            span(Some("2022-04"), Some("2022-05..2022-07")).as_deref(),
            Some("April 2022 to July 2022")
        );
        assert_eq!(
            span(Some("c. 2016-05"), None).as_deref(),
            Some("from c. May 2016")
        );
        assert_eq!(span(None, Some("2016")).as_deref(), Some("until 2016"));
        assert_eq!(
            span(Some("2016-05-03"), Some("2016-05-03")).as_deref(),
            Some("3 May 2016")
        );
        assert_eq!(span(None, None), None);
    }
}
