//! The chronology as a table for spreadsheets: CSV and XLSX, every field, people by
//! label. The confidential detail and the reviewer's comment are included only when
//! asked. The headings are ones the importer recognises, so an export imports back into
//! the same entries.

use crate::analysis::chronology as chrono;
use crate::model::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

/// Which columns to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Columns {
    /// The confidential detail.
    pub detail: bool,
    /// The reviewer-only comment.
    pub comment: bool,
}

impl Columns {
    /// Everything: detail and comment.
    pub const CONFIDENTIAL: Columns = Columns {
        detail: true,
        comment: true,
    };
}

/// One cell of the exported table.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text.
    Text(String),
    /// A whole number.
    Number(u32),
    /// An exact day (a date cell in XLSX).
    Day(jiff::civil::Date),
}

impl Value {
    /// As text (CSV).
    pub fn text(&self) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::Number(n) => n.to_string(),
            Value::Day(d) => d.to_string(),
        }
    }
}

/// The headings, in column order.
pub fn header(columns: Columns) -> Vec<&'static str> {
    let mut h = vec![
        "Id",
        "Sequence",
        "Date",
        "Time",
        "Agency",
        "Source",
        "Event type",
        "People present",
        "Child seen",
        "Views sought",
        "Public summary",
    ];
    if columns.detail {
        h.push("Detail (confidential)");
    }
    h.push("Outcome");
    if columns.comment {
        h.push("Reviewer comment");
    }
    h.extend(["Flags", "Source file", "Source sheet", "Source row"]);
    h
}

/// One entry as a row of values, in [`header`] order.
pub fn row(review: &Review, e: &ChronologyEntry, columns: Columns) -> Vec<Value> {
    let t = |s: &str| Value::Text(s.to_string());
    let date = match e.date {
        EventDate::On(DatePoint::Day(d)) => Value::Day(d),
        other => Value::Text(other.to_string()),
    };
    let present: Vec<String> = e
        .present
        .iter()
        .map(|p| {
            review
                .person(*p)
                .map_or_else(|| p.to_string(), |x| x.label.clone())
        })
        .collect();
    let flags: Vec<&str> = e.flags.iter().map(|f| f.label()).collect();
    let mut r = vec![
        t(&e.id.to_string()),
        Value::Number(e.sequence),
        date,
        t(&e.time.map(crate::model::time_text).unwrap_or_default()),
        t(&review.agency_name(e.agency)),
        t(&e.source),
        t(&e.event_type),
        t(&present.join("; ")),
        t(e.child_seen.label()),
        t(e.views_sought.label()),
        t(&e.summary),
    ];
    if columns.detail {
        r.push(t(&e.detail));
    }
    r.push(t(&e.outcome));
    if columns.comment {
        r.push(t(&e.comment));
    }
    let p = e.provenance.as_ref();
    r.push(t(&flags.join("; ")));
    r.push(t(p.map_or("", |p| p.file.as_str())));
    r.push(t(p.and_then(|p| p.sheet.as_deref()).unwrap_or("")));
    r.push(p.map_or(t(""), |p| Value::Number(p.row)));
    r
}

/// The entries to export, in chronology order, optionally of one agency only.
pub fn entries(review: &Review, agency: Option<AgencyId>) -> Vec<&ChronologyEntry> {
    chrono::order(review)
        .into_iter()
        .filter_map(|i| review.chronology.get(i))
        .filter(|e| agency.is_none_or(|a| e.agency == a))
        .collect()
}

/// The chronology as CSV (UTF-8 with a byte-order mark, so Excel reads accents right).
pub fn to_csv(review: &Review, columns: Columns) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        // Writing to a Vec cannot fail.
        let _ = w.write_record(header(columns));
        for e in entries(review, None) {
            let _ = w.write_record(row(review, e, columns).iter().map(Value::text));
        }
        let _ = w.flush();
    }
    out
}

/// Write a table to a new worksheet: bold headings, dates as date cells, text wrapped.
pub fn write_sheet(
    workbook: &mut Workbook,
    name: &str,
    header: &[&str],
    widths: &[f64],
    rows: &[Vec<Value>],
) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let ws = workbook.add_worksheet();
    ws.set_name(name)?;
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
        ws.set_column_width(c as u16, widths.get(c).copied().unwrap_or(14.0))?;
    }
    for (r, cells) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in cells.iter().enumerate() {
            let c = c as u16;
            match v {
                Value::Text(t) if t.is_empty() => {}
                Value::Text(t) => {
                    ws.write_string(r, c, t)?;
                }
                Value::Number(n) => {
                    ws.write_number(r, c, *n)?;
                }
                Value::Day(d) => {
                    let x =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_datetime_with_format(r, c, &x, &date)?;
                }
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Column widths for the chronology sheet.
pub fn widths(columns: Columns) -> Vec<f64> {
    header(columns)
        .iter()
        .map(|h| match *h {
            "Id" | "Sequence" | "Time" | "Source row" => 8.0,
            "Date" => 12.0,
            "Public summary" | "Detail (confidential)" | "Outcome" | "Reviewer comment" => 50.0,
            _ => 16.0,
        })
        .collect()
}

/// The chronology as an XLSX workbook with one sheet, "Chronology".
pub fn to_xlsx(review: &Review, columns: Columns) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let rows: Vec<Vec<Value>> = entries(review, None)
        .into_iter()
        .map(|e| row(review, e, columns))
        .collect();
    write_sheet(
        &mut wb,
        "Chronology",
        &header(columns),
        &widths(columns),
        &rows,
    )?;
    wb.save_to_buffer()
}
