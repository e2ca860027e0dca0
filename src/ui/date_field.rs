//! Date and time fields. They read dates as the chronology importer reads them, day
//! first as in the UK (30/09/2025, 30 Sept 2025, 30 September 2025, 2025-09-30), and a
//! chronology date also in its uncertain forms (c. May 2016, ?22/05/2016, before 2015,
//! after March 2016, May to June 2016, 2016-05, 2016). Under the field they say how the
//! text was read; a field for one exact day also has a calendar to pick it from.
//!
//! The text stays as typed while the field has the focus (see [`super::field`]): a half
//! typed date may be read on the way (2025-09-3 is the 3rd) but is never rewritten, so
//! the date after the last key is the one typed. Leaving the field shows the date in its
//! own form (2025-09-30).

use super::field::{self, Spec};
use crate::import::dates::{self, Order};
use crate::model::{DatePoint, EventDate};
use egui::{RichText, Ui};
use jiff::civil::{Date, Time};

/// The hint in an empty chronology date field.
const EVENT_HINT: &str = "30/09/2025, Sept 2025, c. May 2016, before 2015, 1/5/2016 - 30/6/2016";

/// Read a date as the importer reads a cell of text, day first. A time written with it is
/// refused (it has a field of its own), and so is a five-digit number, which the importer
/// takes for a spreadsheet's serial number: typed in a form it is a date half written.
pub fn read(text: &str) -> Result<EventDate, String> {
    let t = text.trim();
    if t.len() == 5 && t.bytes().all(|b| b.is_ascii_digit()) {
        return Err("a number alone is not a date: write 30/09/2025 or 2025-09-30".into());
    }
    let parsed = dates::parse_text(t, Order::DayFirst)?;
    match parsed.time {
        Some(_) => Err("write the time in its own field".into()),
        None => Ok(parsed.date),
    }
}

/// Read an optional chronology date: empty for none.
pub fn read_optional(text: &str) -> Result<Option<EventDate>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    read(text).map(Some)
}

/// Read one exact day: empty for none.
pub fn read_day(text: &str) -> Result<Option<Date>, String> {
    match read_optional(text)? {
        None => Ok(None),
        Some(EventDate::On(DatePoint::Day(d))) => Ok(Some(d)),
        Some(other) => Err(format!(
            "that reads as {}: give one day, such as 30/09/2025",
            in_words(&other)
        )),
    }
}

/// Read a time of day as the importer does (14:30, 2:30pm, 1430): empty for none.
pub fn read_time(text: &str) -> Result<Option<Time>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    dates::parse_time_text(text).map(Some)
}

/// A time as a field shows it: HH:MM, with the seconds when there are any.
pub fn show_time(t: &Option<Time>) -> String {
    match t {
        Some(t) if t.second() != 0 => {
            format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
        }
        Some(t) => format!("{:02}:{:02}", t.hour(), t.minute()),
        None => String::new(),
    }
}

/// A date in words, saying its uncertainty: "30 September 2025", "about May 2016",
/// "May 2016 (the month only)", "between 1 May 2016 and 30 June 2016".
pub fn in_words(d: &EventDate) -> String {
    let point = |p: DatePoint| EventDate::On(p).human();
    match *d {
        EventDate::On(DatePoint::Day(_)) => d.human(),
        EventDate::On(p @ DatePoint::Month { .. }) => format!("{} (the month only)", point(p)),
        EventDate::On(p @ DatePoint::Year(_)) => format!("{} (the year only)", point(p)),
        EventDate::About(p) => format!("about {}", point(p)),
        EventDate::Before(p) => format!("some time before {}", point(p)),
        EventDate::After(p) => format!("some time after {}", point(p)),
        EventDate::Between(a, b) => format!("between {} and {}", point(a), point(b)),
    }
}

/// How a date field's text was read, under it (when it reads and is not empty).
fn read_as(ui: &mut Ui, edited: &field::Edited, date: Option<&EventDate>) {
    if let (None, Some(d)) = (&edited.problem, date) {
        ui.label(RichText::new(format!("Read as {}", in_words(d))).weak());
    }
}

/// A chronology date in any of its forms.
pub fn event_date(ui: &mut Ui, label: &str, value: &mut EventDate) -> bool {
    let spec = Spec::line(label).hint(EVENT_HINT);
    let edited = field::labelled_field(ui, spec, value, EventDate::to_string, read);
    read_as(ui, &edited, Some(value));
    edited.changed
}

/// An optional chronology date (empty for none).
pub fn opt_event_date(ui: &mut Ui, label: &str, value: &mut Option<EventDate>) -> bool {
    let spec = Spec::line(label).hint("empty, or a date such as May 2016");
    let show = |d: &Option<EventDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let edited = field::labelled_field(ui, spec, value, show, read_optional);
    read_as(ui, &edited, value.as_ref());
    edited.changed
}

/// An optional calendar date: one day.
pub fn opt_date(ui: &mut Ui, label: &str, value: &mut Option<Date>) -> bool {
    day_field(ui, Spec::line(label), value)
}

/// A confidential optional date (a date of birth).
pub fn confidential_date(ui: &mut Ui, label: &str, value: &mut Option<Date>) -> bool {
    day_field(ui, Spec::line(label).confidential(), value)
}

/// One exact day: the text field with a calendar button beside it.
fn day_field(ui: &mut Ui, spec: Spec<'_>, value: &mut Option<Date>) -> bool {
    let spec = spec.hint("30/09/2025");
    let l = ui.label(field::label_text(spec.label, spec.confidential));
    let show = |d: &Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let (edited, picked) = ui
        .horizontal(|ui| {
            let edited = field::keep(ui, spec, value, show, read_day, |ui, edit| {
                let width = (ui.available_width() - 48.0).max(80.0);
                ui.add(edit.desired_width(width))
            });
            (edited, calendar(ui, spec.label, value))
        })
        .inner;
    edited.response.clone().labelled_by(l.id);
    field::problem_label(ui, edited.problem.as_deref());
    let date = value.map(|d| EventDate::On(DatePoint::Day(d)));
    read_as(ui, &edited, date.as_ref());
    edited.changed || picked
}

/// A button that opens a calendar to pick the day from. True when a day was picked.
fn calendar(ui: &mut Ui, label: &str, value: &mut Option<Date>) -> bool {
    let mut day = value.unwrap_or_else(|| jiff::Zoned::now().date());
    let salt = format!("{label} calendar");
    let name = format!("{label}: calendar");
    let response = ui
        .add(
            egui_extras::DatePickerButton::new(&mut day)
                .id_salt(&salt)
                .format("")
                .calendar_week(false),
        )
        .on_hover_text("Pick the day from a calendar");
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
    if response.changed() && *value != Some(day) {
        *value = Some(day);
        return true;
    }
    false
}

/// An optional time of day.
pub fn opt_time(ui: &mut Ui, label: &str, value: &mut Option<Time>) -> bool {
    let spec = Spec::line(label).hint("HH:MM");
    field::labelled_field(ui, spec, value, show_time, read_time).changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> String {
        read_day(text)
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .map(|d| d.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn days_are_read_day_first_in_every_written_form() {
        for text in [
            "30/09/2025",
            "30/9/2025",
            "30 Sept 2025",
            "30 September 2025",
            "2025-09-30",
            "30.09.2025",
        ] {
            assert_eq!(day(text), "2025-09-30", "{text}");
        }
        assert_eq!(day("03/04/2025"), "2025-04-03", "day first");
        assert_eq!(day(" "), "");
    }

    #[test]
    fn half_typed_dates_do_not_read_as_another_date() {
        for text in ["30/09/2", "30/09/202", "2025-09-", "30 Sept 2", "20250"] {
            assert!(read_day(text).is_err(), "{text}");
        }
        // A day field refuses a month, and says how it read it.
        let e = read_day("Sept 2025").expect_err("a month");
        assert!(e.contains("September 2025 (the month only)"), "{e}");
        assert!(
            read("30/09/2025 14:30").is_err(),
            "the time has its own field"
        );
    }

    #[test]
    fn uncertain_dates_in_words() {
        let words = |t: &str| in_words(&read(t).unwrap_or_else(|e| panic!("{t}: {e}")));
        assert_eq!(words("30/09/2025"), "30 September 2025");
        assert_eq!(words("c. May 2016"), "about May 2016");
        assert_eq!(words("?22/05/2016"), "about 22 May 2016");
        assert_eq!(words("before 2015"), "some time before 2015");
        assert_eq!(words("after March 2016"), "some time after March 2016");
        assert_eq!(words("2016-05"), "May 2016 (the month only)");
        assert_eq!(words("2016"), "2016 (the year only)");
        assert_eq!(
            words("01/05/2016 - 30/06/2016"),
            "between 1 May 2016 and 30 June 2016"
        );
    }

    #[test]
    fn times_as_the_importer_reads_them() {
        let t = |s: &str| show_time(&read_time(s).unwrap_or_else(|e| panic!("{s}: {e}")));
        assert_eq!(t("14:30"), "14:30");
        assert_eq!(t("2:30pm"), "14:30");
        assert_eq!(t("09:05:30"), "09:05:30");
        assert_eq!(t(""), "");
        assert!(read_time("14").is_err());
    }
}
