//! Reading agency files into a grid of cells: CSV in any of the usual delimiters and
//! encodings, and Excel workbooks (.xlsx, .xls) sheet by sheet.

use super::ImportError;
use crate::model::time_text;
use jiff::civil::{Date, Time};
use std::path::Path;

/// One cell as the file holds it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    /// Nothing.
    #[default]
    Empty,
    /// Text.
    Text(String),
    /// A number (Excel keeps dates typed by hand in general cells as serial numbers).
    Number(f64),
    /// An Excel date cell (a date-formatted number), with its time when it has one.
    Date(Date, Option<Time>),
    /// An Excel time cell.
    Time(Time),
}

impl Cell {
    /// True when the cell holds nothing but spaces.
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, as a person would read it.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) => number_text(*n),
            Cell::Date(d, None) => d.to_string(),
            Cell::Date(d, Some(t)) => format!("{d} {}", time_text(*t)),
            Cell::Time(t) => time_text(*t),
        }
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One row of a sheet with its number in the file (1-based: the spreadsheet's row, or the
/// CSV line where the record starts).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// Row number as the user sees it.
    pub number: u32,
    /// Cells, left to right.
    pub cells: Vec<Cell>,
}

impl Row {
    /// True when every cell is empty.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }

    /// A cell by column, empty past the end.
    pub fn cell(&self, column: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.cells.get(column).unwrap_or(&EMPTY)
    }
}

/// A table read from a file: a CSV file or one sheet of a workbook.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    /// The sheet's name (workbooks only).
    pub name: Option<String>,
    /// Rows in file order, blank ones included.
    pub rows: Vec<Row>,
}

/// What was read, and how.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Loaded {
    /// The file name, no folder.
    pub file_name: String,
    /// Every sheet of a workbook, in workbook order (empty for CSV).
    pub sheets: Vec<String>,
    /// The table read.
    pub sheet: Sheet,
    /// How the file was read, for the report: "CSV, UTF-8, delimiter ';'", "Excel workbook".
    pub how: String,
}

/// The kind of file, from its extension or, failing that, its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Delimited text.
    Csv,
    /// An Excel workbook (.xlsx, .xlsm, .xls, .xlsb, .ods).
    Workbook,
}

/// Guess the kind of a file.
pub fn kind_of(name: &str, bytes: &[u8]) -> Kind {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("xlsx" | "xlsm" | "xls" | "xlsb" | "ods") => Kind::Workbook,
        Some("csv" | "tsv" | "txt") => Kind::Csv,
        _ if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) => {
            Kind::Workbook
        }
        _ => Kind::Csv,
    }
}

/// Read a file: a CSV, or one sheet of a workbook (the first when `sheet` is `None`).
pub fn read_path(path: &Path, sheet: Option<&str>) -> Result<Loaded, ImportError> {
    let bytes = std::fs::read(path).map_err(|e| ImportError::Io {
        file: path.display().to_string(),
        message: e.to_string(),
    })?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    read_bytes(&name, &bytes, sheet)
}

/// Read from bytes; `name` is the file name (its extension decides the kind).
pub fn read_bytes(name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Loaded, ImportError> {
    match kind_of(name, bytes) {
        Kind::Csv => {
            let (sheet, how) = read_csv(name, bytes)?;
            Ok(Loaded {
                file_name: name.to_string(),
                sheets: Vec::new(),
                sheet,
                how,
            })
        }
        Kind::Workbook => guarded(name, || read_workbook(name, bytes, sheet)),
    }
}

/// Run calamine on a workbook, a panic inside it becoming a message naming the file:
/// its own checks are not to be trusted on a damaged file (see [`super::cfb`], for the
/// ones known). The process survives, and with it the review open in the workbench.
fn guarded<T>(name: &str, read: impl FnOnce() -> Result<T, ImportError>) -> Result<T, ImportError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|_| {
        Err(ImportError::Read {
            file: name.to_string(),
            message: "the workbook is damaged: the spreadsheet reader failed on it (please report this, with the file if you can)".to_string(),
        })
    })
}

/// Decode text: UTF-8 (a byte-order mark dropped) or, when the bytes are not valid
/// UTF-8, Windows-1252 (what Excel on Windows writes as "CSV").
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(t) => (t.to_string(), "UTF-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(body);
            (text.into_owned(), "Windows-1252")
        }
    }
}

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The delimiter that splits the first records most consistently into most columns.
fn detect_delimiter(text: &str) -> u8 {
    let mut best = (0usize, b',');
    for d in DELIMITERS {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d)
            .from_reader(text.as_bytes());
        let mut counts: std::collections::BTreeMap<usize, usize> = Default::default();
        for record in reader.records().take(40).flatten() {
            let filled = record.iter().filter(|f| !f.trim().is_empty()).count();
            if filled > 0 {
                *counts.entry(record.len()).or_default() += 1;
            }
        }
        // Score: records sharing the most common width, times that width (one column
        // scores nothing: the delimiter split nothing).
        let score = counts
            .iter()
            .filter(|(width, _)| **width > 1)
            .map(|(width, n)| n * width)
            .max()
            .unwrap_or(0);
        if score > best.0 {
            best = (score, d);
        }
    }
    best.1
}

fn delimiter_name(d: u8) -> &'static str {
    match d {
        b',' => "comma",
        b';' => "semicolon",
        b'\t' => "tab",
        b'|' => "vertical bar",
        _ => "other",
    }
}

fn read_csv(name: &str, bytes: &[u8]) -> Result<(Sheet, String), ImportError> {
    let (text, encoding) = decode(bytes);
    let delimiter = detect_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // The reader's own line numbers count the blank lines it skips before a record as
    // the record's: count the lines to the record's first byte instead.
    let bytes = text.as_bytes();
    let (mut at, mut line) = (0usize, 1u64);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let start = record
                    .position()
                    .map_or(at, |p| usize::try_from(p.byte()).unwrap_or(at))
                    .clamp(at, bytes.len());
                line += bytes[at..start].iter().filter(|b| **b == b'\n').count() as u64;
                at = start;
                while let Some(b'\r' | b'\n') = bytes.get(at) {
                    if bytes[at] == b'\n' {
                        line += 1;
                    }
                    at += 1;
                }
                rows.push(Row {
                    number: u32::try_from(line).unwrap_or(u32::MAX),
                    cells: record
                        .iter()
                        .map(|f| {
                            if f.trim().is_empty() {
                                Cell::Empty
                            } else {
                                Cell::Text(f.to_string())
                            }
                        })
                        .collect(),
                });
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(ImportError::Read {
                    file: name.to_string(),
                    message: format!("line {line}: {e}"),
                });
            }
        }
    }
    let how = format!("CSV, {encoding}, {} delimited", delimiter_name(delimiter));
    Ok((Sheet { name: None, rows }, how))
}

/// The sheet names of a workbook, in order.
pub fn sheet_names(name: &str, bytes: &[u8]) -> Result<Vec<String>, ImportError> {
    use calamine::Reader;
    guarded(name, || Ok(open_workbook(name, bytes)?.sheet_names()))
}

fn open_workbook<'a>(
    name: &str,
    bytes: &'a [u8],
) -> Result<calamine::Sheets<std::io::Cursor<&'a [u8]>>, ImportError> {
    super::cfb::check(bytes).map_err(|m| ImportError::Read {
        file: name.to_string(),
        message: format!("the workbook is damaged: {m}"),
    })?;
    calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| {
        ImportError::Read {
            file: name.to_string(),
            message: format!("not a workbook Excel can open: {e}"),
        }
    })
}

fn read_workbook(name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Loaded, ImportError> {
    use calamine::Reader;
    let mut wb = open_workbook(name, bytes)?;
    let sheets = wb.sheet_names();
    let chosen = match sheet {
        Some(s) => sheets
            .iter()
            .find(|n| n.as_str() == s)
            .or_else(|| sheets.iter().find(|n| n.eq_ignore_ascii_case(s.trim())))
            .cloned()
            .ok_or_else(|| ImportError::NoSheet {
                file: name.to_string(),
                sheet: s.to_string(),
                sheets: sheets.clone(),
            })?,
        None => sheets.first().cloned().ok_or_else(|| ImportError::Read {
            file: name.to_string(),
            message: "the workbook has no sheets".to_string(),
        })?,
    };
    let read_error = |e: String| ImportError::Read {
        file: name.to_string(),
        message: format!("sheet \"{chosen}\": {e}"),
    };
    let cells = sheet_cells(&mut wb, &chosen).map_err(read_error)?;
    let rows = dense_rows(cells).map_err(read_error)?;
    Ok(Loaded {
        file_name: name.to_string(),
        sheets,
        sheet: Sheet {
            name: Some(chosen),
            rows,
        },
        how: "Excel workbook".to_string(),
    })
}

/// Most cells a sheet's table may span (rows from its first to its last used row, by
/// columns from A to its last used column), empty ones included: what an import holds in
/// memory. A chronology of 50,000 rows and 40 columns is 2 million.
pub const MOST_CELLS: u64 = 10_000_000;

/// The used cells of a sheet as (row, column, value), read one at a time where calamine
/// can (XLSX, XLSB) so that a stray value in a far corner costs one cell, not the whole
/// rectangle up to it. XLS (at most 65,536 by 256) and ODS are read as calamine's range.
fn sheet_cells<RS: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Sheets<RS>,
    sheet: &str,
) -> Result<Vec<(u32, u32, Cell)>, String> {
    use calamine::{Data, DataType, Reader, Sheets};
    let mut cells = Vec::new();
    let mut add = |(row, col): (u32, u32), value: Data| {
        if !value.is_empty() {
            cells.push((row, col, cell_of(&value)));
        }
    };
    match wb {
        Sheets::Xlsx(x) => {
            let mut reader = match x.worksheet_cells_reader(sheet) {
                Ok(r) => r,
                Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Vec::new()),
                Err(e) => return Err(e.to_string()),
            };
            while let Some(c) = reader.next_cell().map_err(|e| e.to_string())? {
                add(c.get_position(), Data::from(c.get_value().clone()));
            }
        }
        Sheets::Xlsb(x) => {
            let mut reader = x.worksheet_cells_reader(sheet).map_err(|e| e.to_string())?;
            while let Some(c) = reader.next_cell().map_err(|e| e.to_string())? {
                add(c.get_position(), Data::from(c.get_value().clone()));
            }
        }
        other => {
            let range = other.worksheet_range(sheet).map_err(|e| e.to_string())?;
            let (top, left) = range.start().unwrap_or((0, 0));
            for (r, c, value) in range.used_cells() {
                add((top + r as u32, left + c as u32), value.clone());
            }
        }
    }
    Ok(cells)
}

/// Lay used cells out as rows: every row from the first used one to the last, each as
/// wide as the widest (from column A), numbered as the user sees them. Refused when that
/// would be more than [`MOST_CELLS`], naming the farthest cell.
fn dense_rows(mut cells: Vec<(u32, u32, Cell)>) -> Result<Vec<Row>, String> {
    let Some(top) = cells.iter().map(|c| c.0).min() else {
        return Ok(Vec::new());
    };
    let bottom = cells.iter().map(|c| c.0).max().unwrap_or(top);
    let width = cells.iter().map(|c| c.1).max().unwrap_or(0) as usize + 1;
    let height = (bottom - top) as usize + 1;
    if height as u64 * width as u64 > MOST_CELLS {
        return Err(format!(
            "its used cells reach row {} and column {}: {height} rows by {width} columns, more than the {} million cells an import can hold; delete whatever is in the cells far from the chronology table and save it again",
            bottom + 1,
            super::column_letters(width - 1),
            MOST_CELLS / 1_000_000,
        ));
    }
    let mut rows: Vec<Row> = (0..height)
        .map(|i| Row {
            number: top.saturating_add(i as u32).saturating_add(1),
            cells: vec![Cell::Empty; width],
        })
        .collect();
    cells.sort_by_key(|c| (c.0, c.1));
    for (row, col, cell) in cells {
        rows[(row - top) as usize].cells[col as usize] = cell;
    }
    Ok(rows)
}

fn cell_of(d: &calamine::Data) -> Cell {
    use calamine::Data;
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            if s.trim().is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s.clone())
            }
        }
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "Yes" } else { "No" }.to_string()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
        Data::DateTime(dt) => {
            let v = dt.as_f64();
            if dt.is_duration() || (0.0..1.0).contains(&v) {
                return time_of_fraction(v).map_or(Cell::Number(v), Cell::Time);
            }
            let (y, m, d, h, min, s, _) = dt.to_ymd_hms_milli();
            match Date::new(y as i16, m as i8, d as i8) {
                Ok(date) => {
                    let time = (h, min, s) != (0, 0, 0);
                    Cell::Date(
                        date,
                        time.then(|| Time::new(h as i8, min as i8, s as i8, 0).ok())
                            .flatten(),
                    )
                }
                Err(_) => Cell::Number(v),
            }
        }
    }
}

/// The time of day of a fraction of a day (Excel's time cells), to the nearest second.
pub fn time_of_fraction(v: f64) -> Option<Time> {
    if !(0.0..1.0).contains(&v) {
        return None;
    }
    let secs = (v * 86_400.0).round() as i64;
    let secs = secs.min(86_399);
    Time::new(
        (secs / 3600) as i8,
        ((secs / 60) % 60) as i8,
        (secs % 60) as i8,
        0,
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_the_spreadsheet_reader_is_a_message_naming_the_file() {
        let e = guarded("agency.xls", || -> Result<(), ImportError> {
            panic!("index out of bounds (as calamine might)")
        })
        .expect_err("refused");
        let text = e.to_string();
        assert!(
            text.contains("agency.xls") && text.contains("the spreadsheet reader failed"),
            "{text}"
        );
    }

    #[test]
    fn delimiters_are_detected() {
        for (text, d) in [
            ("Date,Event\n1/2/2016,Visit\n", b','),
            ("Date;Event;Agency\n1/2/2016;Visit, with mum;X\n", b';'),
            ("Date\tEvent\n1/2/2016\tVisit\n", b'\t'),
            ("Date|Event\n1/2/2016|Visit\n", b'|'),
        ] {
            assert_eq!(detect_delimiter(text), d, "{text}");
        }
    }

    #[test]
    fn windows_1252_is_decoded_when_not_utf8() {
        let (t, enc) = decode(b"caf\xe9 \xa35");
        assert_eq!((t.as_str(), enc), ("café £5", "Windows-1252"));
        let (t, enc) = decode("\u{feff}café".as_bytes());
        assert_eq!((t.as_str(), enc), ("café", "UTF-8"));
    }

    #[test]
    fn csv_rows_keep_their_line_numbers() {
        let l = read_bytes(
            "x.csv",
            b"Title\n\nDate,Event\n1/2/2016,\"two\nlines\"\n3/2/2016,x\n",
            None,
        )
        .expect("reads");
        let numbers: Vec<u32> = l.sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 3, 4, 6]);
    }
}
