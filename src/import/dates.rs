//! Dates and times as agencies write them, read into [`EventDate`]:
//! `22/05/2016`, `22/5/16`, `3 April 2016`, `3rd Apr 2016`, `Tuesday 3rd April 2016`,
//! `April 3, 2016`, `2016-05-22`, `2016-05-22T14:30`, Excel date cells and serial numbers,
//! `May 2016`, `Apr-16`, `2016`; uncertain: `?22/05/2016`, `22/05/2016?`, `c. May 2016`,
//! `approx. 2015`, `before 2015`, `after March 2016`, `mid May 2016`; ranges:
//! `01/05/2016 - 30/06/2016`, `May to June 2016`, `between 2014 and 2015`, `3 - 5 May 2016`.
//! Our own text forms (`c. 2016-05`, `2016-05-01..2016-06-30`) read back as they are.
//!
//! Numeric dates are read day first (the UK order) unless the file says otherwise: the
//! caller counts, with [`numeric_order`], the rows that can only be read one way and
//! decides with [`Order::decide`].
//!
//! Two-digit years follow Excel: 00 to 29 are 2000 to 2029, 30 to 99 are 1930 to 1999.

use super::read::{Cell, time_of_fraction};
use crate::model::{DatePoint, EventDate};
use jiff::civil::{Date, Time};

/// The order of day and month in numeric dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// 22/05/2016: the UK order.
    #[default]
    DayFirst,
    /// 05/22/2016: the US order.
    MonthFirst,
}

/// How the order was decided for a file, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OrderDecision {
    /// The order used.
    pub order: Order,
    /// Rows that can only be read day first (the day is over 12).
    pub day_first_rows: usize,
    /// Rows that can only be read month first.
    pub month_first_rows: usize,
    /// Rows that could be read either way (both numbers 12 or under, and different).
    pub ambiguous_rows: usize,
}

impl Order {
    /// Decide from counts of unambiguous rows: month first only when more rows say so.
    pub fn decide(day_first: usize, month_first: usize, ambiguous: usize) -> OrderDecision {
        OrderDecision {
            order: if month_first > day_first {
                Order::MonthFirst
            } else {
                Order::DayFirst
            },
            day_first_rows: day_first,
            month_first_rows: month_first,
            ambiguous_rows: ambiguous,
        }
    }
}

impl OrderDecision {
    /// One sentence for the report.
    pub fn describe(&self) -> String {
        let order = match self.order {
            Order::DayFirst => "day first (dd/mm/yyyy)",
            Order::MonthFirst => "month first (mm/dd/yyyy)",
        };
        let rows = |n: usize| {
            if n == 1 {
                "1 row".to_string()
            } else {
                format!("{n} rows")
            }
        };
        let basis = match (self.day_first_rows, self.month_first_rows) {
            (0, 0) => "no row could only be read one way, so the UK order was assumed".to_string(),
            (d, 0) => format!("{} can only be read that way", rows(d)),
            (0, m) => format!("{} can only be read that way", rows(m)),
            (d, m) => format!(
                "{} can only be read day first and {} only month first; the larger count was taken",
                rows(d),
                rows(m)
            ),
        };
        format!(
            "Numeric dates read {order}: {basis}; {} could have been read either way.",
            rows(self.ambiguous_rows)
        )
    }
}

/// A date read from a cell, with the time when the cell held one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parsed {
    /// The date with its uncertainty.
    pub date: EventDate,
    /// Time of day, when given with the date.
    pub time: Option<Time>,
}

/// The first and last Excel serial numbers taken as dates (1900-01-01 to 2099-12-31).
const SERIAL_RANGE: std::ops::RangeInclusive<f64> = 1.0..=73_415.0;

/// An Excel serial date (1900 system) as a date and, when it has a fraction, a time.
pub fn from_serial(v: f64) -> Option<(Date, Option<Time>)> {
    if !v.is_finite() || !SERIAL_RANGE.contains(&v) {
        return None;
    }
    let days = v.floor() as i64;
    // Excel counts 1900-02-29, which did not exist: serials from 61 on are one day late.
    let epoch = if days >= 61 {
        Date::new(1899, 12, 30).ok()?
    } else {
        Date::new(1899, 12, 31).ok()?
    };
    let date = epoch.checked_add(jiff::Span::new().days(days)).ok()?;
    let frac = v - v.floor();
    let time = (frac > 1e-9).then(|| time_of_fraction(frac)).flatten();
    Some((date, time))
}

/// Read a date cell.
pub fn parse_cell(cell: &Cell, order: Order) -> Result<Parsed, String> {
    match cell {
        Cell::Empty => Err("no date".to_string()),
        Cell::Date(d, t) => Ok(Parsed {
            date: EventDate::On(DatePoint::Day(*d)),
            time: *t,
        }),
        Cell::Time(_) => Err("the cell holds a time but no date".to_string()),
        Cell::Number(n) => {
            if n.fract() == 0.0 && (1000.0..=2200.0).contains(n) {
                return Ok(Parsed {
                    date: EventDate::On(DatePoint::Year(*n as i16)),
                    time: None,
                });
            }
            from_serial(*n)
                .map(|(d, time)| Parsed {
                    date: EventDate::On(DatePoint::Day(d)),
                    time,
                })
                .ok_or_else(|| format!("the number {} is not a date", cell.text()))
        }
        Cell::Text(t) => parse_text(t, order),
    }
}

/// Which order a numeric date can only be read in, or whether it could be read either way:
/// `Some(Ok(order))` when one order is forced, `Some(Err(()))` when ambiguous, `None` when
/// the text is not a three-number date with the year last.
pub fn numeric_order(text: &str) -> Option<Result<Order, ()>> {
    let (body, _) = split_time(text.trim());
    let tokens = tokens(&body);
    let nums: Vec<&Tok> = tokens.iter().filter(|t| t.num.is_some()).collect();
    if nums.len() != 3 || tokens.iter().any(|t| t.month.is_some()) || nums[0].len == 4 {
        return None;
    }
    let (a, b) = (nums[0].num?, nums[1].num?);
    match (a > 12, b > 12) {
        (true, false) => Some(Ok(Order::DayFirst)),
        (false, true) => Some(Ok(Order::MonthFirst)),
        (false, false) if a != b => Some(Err(())),
        _ => None,
    }
}

/// Read a date written as text.
pub fn parse_text(text: &str, order: Order) -> Result<Parsed, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("no date".to_string());
    }
    // Our own text form first, exactly.
    if let Ok(date) = t.parse::<EventDate>() {
        return Ok(Parsed { date, time: None });
    }
    let lower = t
        .to_lowercase()
        .replace(['\u{2013}', '\u{2014}'], " - ")
        .replace('\u{a0}', " ");
    let lower = lower.trim();
    if matches!(
        lower,
        "unknown" | "not known" | "n/k" | "nk" | "n/a" | "na" | "tbc" | "-" | "?"
    ) {
        return Err(format!("\"{t}\" is not a date"));
    }
    qualified(lower, order).map_err(|why| format!("cannot read \"{t}\" as a date: {why}"))
}

/// Prefixes that make a date approximate, before or after.
const ABOUT: [&str; 15] = [
    "circa ",
    "circa",
    "ca.",
    "ca ",
    "c.",
    "c ",
    "approximately ",
    "approx.",
    "approx ",
    "about ",
    "around ",
    "early ",
    "mid ",
    "late ",
    "~",
];
const BEFORE: [&str; 4] = ["before ", "prior to ", "pre ", "pre-"];
const AFTER: [&str; 4] = ["after ", "post ", "post-", "since "];

fn qualified(text: &str, order: Order) -> Result<Parsed, String> {
    let t = text.trim();
    if let Some(rest) = t.strip_prefix('?') {
        return about(rest, order);
    }
    if let Some(rest) = t.strip_suffix('?') {
        return about(rest, order);
    }
    for suffix in ["(approx)", "(approx.)", "approx", "(estimated)", "(est)"] {
        if let Some(rest) = t.strip_suffix(suffix) {
            return about(rest, order);
        }
    }
    if let Some(rest) = t.strip_prefix("between ") {
        let (a, b) = rest
            .split_once(" and ")
            .ok_or("\"between\" without \"and\"")?;
        return range(a, b, order);
    }
    for p in ABOUT {
        if let Some(rest) = t.strip_prefix(p) {
            return about(rest, order);
        }
    }
    for p in BEFORE {
        if let Some(rest) = t.strip_prefix(p) {
            let p = point(rest, order)?;
            return Ok(Parsed {
                date: EventDate::Before(p.0),
                time: None,
            });
        }
    }
    for p in AFTER {
        if let Some(rest) = t.strip_prefix(p) {
            let p = point(rest, order)?;
            return Ok(Parsed {
                date: EventDate::After(p.0),
                time: None,
            });
        }
    }
    for sep in [" - ", " to ", " until ", " till ", ".."] {
        if let Some((a, b)) = t.split_once(sep) {
            return range(a, b, order);
        }
    }
    let (p, time) = point(t, order)?;
    Ok(Parsed {
        date: EventDate::On(p),
        time,
    })
}

fn about(rest: &str, order: Order) -> Result<Parsed, String> {
    let (p, time) = point(rest.trim(), order)?;
    Ok(Parsed {
        date: EventDate::About(p),
        time,
    })
}

fn range(a: &str, b: &str, order: Order) -> Result<Parsed, String> {
    let (end, _) = point(b, order)?;
    let start = match point(a, order) {
        Ok((p, _)) => p,
        // "3 - 5 May 2016", "May to June 2016": the start borrows what it lacks.
        Err(e) => borrow(a, end).ok_or(e)?,
    };
    if end.last_day() < start.first_day() {
        return Err("the range ends before it starts".to_string());
    }
    Ok(Parsed {
        date: EventDate::Between(start, end),
        time: None,
    })
}

/// A range's start written short: a day number or a month name, the rest from the end.
fn borrow(a: &str, end: DatePoint) -> Option<DatePoint> {
    let toks = tokens(a);
    let first_day = end.first_day();
    match toks.as_slice() {
        [t] if t.num.is_some() && t.len <= 2 => {
            let d = Date::new(first_day.year(), first_day.month(), t.num? as i8).ok()?;
            Some(DatePoint::Day(d))
        }
        [t] if t.month.is_some() => Some(DatePoint::Month {
            year: first_day.year(),
            month: t.month?,
        }),
        [x, y] => {
            let (day, month) = match (x.num, x.month, y.num, y.month) {
                (Some(d), None, None, Some(m)) | (None, Some(m), Some(d), None) => (d, m),
                _ => return None,
            };
            Date::new(first_day.year(), month, day as i8)
                .ok()
                .map(DatePoint::Day)
        }
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Tok {
    num: Option<u32>,
    len: usize,
    month: Option<i8>,
    word: String,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn month_of(word: &str) -> Option<i8> {
    if word.len() < 3 {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    MONTHS
        .iter()
        .zip(full)
        .position(|(short, full)| word == *short || full.starts_with(word) && word.len() >= 3)
        .or_else(|| (word == "sept").then_some(8))
        .map(|i| i as i8 + 1)
}

/// Split into number and word tokens, dropping punctuation, ordinal suffixes, weekdays
/// and "of".
fn tokens(text: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<Tok>| {
        if cur.is_empty() {
            return;
        }
        let word = std::mem::take(cur);
        if word.bytes().all(|b| b.is_ascii_digit()) {
            out.push(Tok {
                num: word.parse().ok().or(Some(u32::MAX)),
                len: word.len(),
                month: None,
                word,
            });
        } else {
            let after_number = out.last().is_some_and(|t| t.num.is_some());
            if after_number && matches!(word.as_str(), "st" | "nd" | "rd" | "th") {
                return;
            }
            if word == "of"
                || WEEKDAYS.iter().any(|d| word.starts_with(d)) && month_of(&word).is_none()
            {
                return;
            }
            out.push(Tok {
                num: None,
                len: word.len(),
                month: month_of(&word),
                word,
            });
        }
    };
    for c in text.chars() {
        let boundary = match cur.chars().last() {
            Some(p) => p.is_ascii_digit() != c.is_ascii_digit(),
            None => false,
        };
        if !c.is_alphanumeric() || boundary {
            flush(&mut cur, &mut out);
        }
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Two-digit years as Excel reads them.
fn full_year(n: u32, len: usize) -> Result<i16, String> {
    match len {
        4 if (1000..=9999).contains(&n) => Ok(n as i16),
        2 if n < 30 => Ok(2000 + n as i16),
        2 => Ok(1900 + n as i16),
        _ => Err(format!("{n} is not a year")),
    }
}

fn day(y: i16, m: u32, d: u32) -> Result<DatePoint, String> {
    if !(1..=12).contains(&m) {
        return Err(format!("there is no month {m}"));
    }
    Date::new(y, m as i8, d.min(99) as i8)
        .map(DatePoint::Day)
        .map_err(|_| {
            format!(
                "there is no day {d} in {} {y}",
                crate::model::month_name(m as i8)
            )
        })
}

/// Take a time written after a date off the end: `14:30`, `2:30pm`, `14.30hrs`,
/// `T14:30:00`.
fn split_time(text: &str) -> (String, Option<Time>) {
    // ISO: 2016-05-03T14:30[:00][Z]
    if let Some((d, t)) = text.split_once(['T', 't'])
        && d.len() == 10
        && d.as_bytes().get(4) == Some(&b'-')
        && let Ok(time) = parse_time_text(t.trim_end_matches(['Z', 'z']))
    {
        return (d.to_string(), Some(time));
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    for take in [2usize, 1] {
        if words.len() > take {
            let tail = words[words.len() - take..].join(" ");
            let looks_like_time = tail.contains(':')
                || tail.ends_with("am")
                || tail.ends_with("pm")
                || tail.ends_with("hrs");
            if looks_like_time && let Ok(time) = parse_time_text(&tail) {
                return (words[..words.len() - take].join(" "), Some(time));
            }
        }
    }
    (text.to_string(), None)
}

/// One point: a day, a month or a year, with an optional time after it.
fn point(text: &str, order: Order) -> Result<(DatePoint, Option<Time>), String> {
    let t = text.trim().trim_end_matches(['.', ',']);
    if let Ok(p) = DatePoint::parse(t) {
        return Ok((p, None));
    }
    let (body, time) = split_time(t);
    let toks = tokens(&body);
    if toks.is_empty() {
        return Err("no date".to_string());
    }
    if let Some(w) = toks.iter().find(|t| t.num.is_none() && t.month.is_none()) {
        return Err(format!("\"{}\" is not a month or a number", w.word));
    }
    let months: Vec<i8> = toks.iter().filter_map(|t| t.month).collect();
    let nums: Vec<(u32, usize)> = toks
        .iter()
        .filter_map(|t| t.num.map(|n| (n, t.len)))
        .collect();
    let p = match (months.as_slice(), nums.as_slice()) {
        ([m], []) => return Err(format!("{} has no year", crate::model::month_name(*m))),
        ([m], [(y, len)]) if *len == 4 || *len == 2 && toks[0].month.is_some() => {
            DatePoint::Month {
                year: full_year(*y, *len)?,
                month: *m,
            }
        }
        ([_], [(_, _)]) => return Err("a day and month but no year".to_string()),
        ([m], [a, b]) => {
            let ((d, _), (y, ylen)) = if a.1 == 4 { (*b, *a) } else { (*a, *b) };
            day(full_year(y, ylen)?, *m as u32, d)?
        }
        ([], [(n, 4)]) => DatePoint::Year(full_year(*n, 4)?),
        ([], [(n, 8)]) => day(full_year(n / 10_000, 4)?, n / 100 % 100, n % 100)?,
        ([], [(n, 5)]) => {
            let (d, t) = from_serial(*n as f64).ok_or("a number, not a date")?;
            return Ok((DatePoint::Day(d), t.or(time)));
        }
        ([], [(y, 4), (m, 1..=2)]) | ([], [(m, 1..=2), (y, 4)]) => {
            if !(1..=12).contains(m) {
                return Err(format!("there is no month {m}"));
            }
            DatePoint::Month {
                year: full_year(*y, 4)?,
                month: *m as i8,
            }
        }
        ([], [(y, 4), (m, _), (d, _)]) => day(full_year(*y, 4)?, *m, *d)?,
        ([], [(a, _), (b, _), (y, ylen)]) => {
            let y = full_year(*y, *ylen)?;
            let (d, m) = match (*a > 12, *b > 12, order) {
                (true, _, _) => (*a, *b),
                (false, true, _) => (*b, *a),
                (false, false, Order::DayFirst) => (*a, *b),
                (false, false, Order::MonthFirst) => (*b, *a),
            };
            day(y, m, d)?
        }
        (ms, _) if ms.len() > 1 => return Err("more than one month".to_string()),
        _ => return Err("not a date form this reads".to_string()),
    };
    Ok((p, time))
}

/// Read a time of day: `14:30`, `14:30:15`, `14.30`, `1430`, `1430hrs`, `2:30pm`, `2 pm`,
/// `noon`, `midnight`.
pub fn parse_time_text(text: &str) -> Result<Time, String> {
    let t = text.trim().to_ascii_lowercase();
    let err = || format!("cannot read \"{}\" as a time", text.trim());
    match t.as_str() {
        "noon" | "midday" => return Ok(Time::constant(12, 0, 0, 0)),
        "midnight" => return Ok(Time::constant(0, 0, 0, 0)),
        _ => {}
    }
    let mut body = t.replace(' ', "");
    let mut pm = None;
    for (suffix, is_pm) in [
        ("a.m.", false),
        ("p.m.", true),
        ("am", false),
        ("pm", true),
        ("hrs", false),
        ("hours", false),
        ("h", false),
    ] {
        if let Some(rest) = body.strip_suffix(suffix) {
            if suffix != "hrs" && suffix != "hours" && suffix != "h" {
                pm = Some(is_pm);
            }
            body = rest.to_string();
            break;
        }
    }
    let parts: Vec<&str> = body.split([':', '.']).collect();
    let num = |s: &str| -> Result<i32, String> {
        if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        s.parse().map_err(|_| err())
    };
    let (mut h, m, s) = match parts.as_slice() {
        [hm] if hm.len() == 4 && hm.bytes().all(|b| b.is_ascii_digit()) => {
            (num(&hm[..2])?, num(&hm[2..])?, 0)
        }
        [h] => (num(h)?, 0, 0),
        [h, m] => (num(h)?, num(m)?, 0),
        [h, m, s] => (num(h)?, num(m)?, num(s)?),
        _ => return Err(err()),
    };
    match pm {
        Some(true) if (1..12).contains(&h) => h += 12,
        Some(false) if h == 12 => h = 0,
        Some(_) if !(1..=12).contains(&h) => return Err(err()),
        _ => {}
    }
    if parts.len() == 1 && pm.is_none() && body.len() <= 2 && !t.contains('h') {
        // A bare "14" is not a time.
        return Err(err());
    }
    Time::new(h as i8, m as i8, s as i8, 0).map_err(|_| err())
}

/// Read a time cell: text, an Excel time or date-time cell, a fraction of a day, or a
/// number written as `1430`. An empty cell is no time.
pub fn parse_time_cell(cell: &Cell) -> Result<Option<Time>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Time(t) => Ok(Some(*t)),
        Cell::Date(_, t) => Ok(*t),
        Cell::Number(n) if (0.0..1.0).contains(n) => Ok(time_of_fraction(*n)),
        Cell::Number(n) if n.fract() == 0.0 && (0.0..2400.0).contains(n) => {
            parse_time_text(&format!("{:04}", *n as u32)).map(Some)
        }
        Cell::Number(_) => Err(format!("cannot read \"{}\" as a time", cell.text())),
        Cell::Text(t) => parse_time_text(t).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> String {
        let x = parse_text(s, Order::DayFirst).unwrap_or_else(|e| panic!("{s}: {e}"));
        match x.time {
            Some(t) => format!("{} {}", x.date, crate::model::time_text(t)),
            None => x.date.to_string(),
        }
    }

    #[test]
    fn forms_agencies_write() {
        for (text, want) in [
            ("22/05/2016", "2016-05-22"),
            ("2/5/16", "2016-05-02"),
            ("22.05.2016", "2016-05-22"),
            ("22-05-2016", "2016-05-22"),
            ("3 April 2016", "2016-04-03"),
            ("3rd Apr 2016", "2016-04-03"),
            ("Tuesday 3rd April 2016", "2016-04-03"),
            ("April 3, 2016", "2016-04-03"),
            ("3-Apr-16", "2016-04-03"),
            ("2016-05-22", "2016-05-22"),
            ("2016-05-22T14:30:00", "2016-05-22 14:30"),
            ("22/05/2016 14:30", "2016-05-22 14:30"),
            ("22/05/2016 2:30pm", "2016-05-22 14:30"),
            ("May 2016", "2016-05"),
            ("Sept 2015", "2015-09"),
            ("Apr-16", "2016-04"),
            ("05/2016", "2016-05"),
            ("2016", "2016"),
            ("42512", "2016-05-22"),
            ("?22/05/2016", "c. 2016-05-22"),
            ("22/05/2016?", "c. 2016-05-22"),
            ("c. May 2016", "c. 2016-05"),
            ("circa 2015", "c. 2015"),
            ("approx. June 2016", "c. 2016-06"),
            ("mid May 2016", "c. 2016-05"),
            ("before 2015", "before 2015"),
            ("after March 2016", "after 2016-03"),
            ("01/05/2016 - 30/06/2016", "2016-05-01..2016-06-30"),
            ("May to June 2016", "2016-05..2016-06"),
            ("3 - 5 May 2016", "2016-05-03..2016-05-05"),
            ("between 2014 and 2015", "2014..2015"),
            ("c. 2016-05", "c. 2016-05"),
            ("2016-05-01..2016-06-30", "2016-05-01..2016-06-30"),
        ] {
            assert_eq!(p(text), want, "{text}");
        }
    }

    #[test]
    fn month_first_order_when_decided() {
        let x = parse_text("05/06/2016", Order::MonthFirst).expect("reads");
        assert_eq!(x.date.to_string(), "2016-05-06");
        // An unambiguous row reads its own way whatever the file's order.
        let x = parse_text("22/05/2016", Order::MonthFirst).expect("reads");
        assert_eq!(x.date.to_string(), "2016-05-22");
        assert_eq!(numeric_order("22/05/2016"), Some(Ok(Order::DayFirst)));
        assert_eq!(numeric_order("05/22/2016"), Some(Ok(Order::MonthFirst)));
        assert_eq!(numeric_order("05/06/2016"), Some(Err(())));
        assert_eq!(numeric_order("3 May 2016"), None);
        let d = Order::decide(1, 4, 3);
        assert_eq!(d.order, Order::MonthFirst);
        assert!(d.describe().contains("month first"), "{}", d.describe());
    }

    #[test]
    fn unreadable_dates_say_why() {
        for (text, why) in [
            ("", "no date"),
            ("31/02/2016", "no day 31"),
            ("13/13/2016", "no month 13"),
            ("next week", "not a month"),
            ("May", "no year"),
            ("3 May", "no year"),
            ("unknown", "not a date"),
            ("01/06/2016 - 01/05/2016", "ends before"),
        ] {
            let e = parse_text(text, Order::DayFirst).expect_err(text);
            assert!(e.contains(why), "{text}: {e}");
        }
    }

    #[test]
    fn serials_and_cells() {
        let (d, t) = from_serial(42512.5).expect("serial");
        assert_eq!(
            (d.to_string(), t.map(|t| t.to_string())),
            ("2016-05-22".into(), Some("12:00:00".into()))
        );
        assert_eq!(
            from_serial(59.0).expect("before").0.to_string(),
            "1900-02-28"
        );
        assert_eq!(
            from_serial(61.0).expect("after").0.to_string(),
            "1900-03-01"
        );
        let y = parse_cell(&Cell::Number(2016.0), Order::DayFirst).expect("year");
        assert_eq!(y.date.to_string(), "2016");
    }

    #[test]
    fn times() {
        for (text, want) in [
            ("14:30", "14:30:00"),
            ("14.30", "14:30:00"),
            ("1430", "14:30:00"),
            ("1430hrs", "14:30:00"),
            ("2:30pm", "14:30:00"),
            ("2 pm", "14:00:00"),
            ("12am", "00:00:00"),
            ("09:05:30", "09:05:30"),
            ("noon", "12:00:00"),
        ] {
            assert_eq!(
                parse_time_text(text)
                    .unwrap_or_else(|e| panic!("{text}: {e}"))
                    .to_string(),
                want
            );
        }
        for bad in ["25:00", "14", "soon", "13pm"] {
            assert!(parse_time_text(bad).is_err(), "{bad}");
        }
    }
}
