//! The collation as tables, and those tables as CSV and JSON (bytes; the caller writes
//! them). Every row is one count of [`Collation::cells`] with the reviews behind it.
//!
//! Small-count suppression for publication: with `suppress_below: Some(n)`, a row whose
//! count of reviews is between 1 and n - 1 shows "<n" (CSV) or `null` with
//! `"suppressed": true` (JSON) instead of its counts, and no output lists reviews (no
//! review numbers, no index of references, no file names of skipped files).

use super::{Cell, CodeInfo, Collation, End, Key, Role};
use crate::export::typology_return::AgeBand;
use crate::model::{LinkKind, ReviewKind, Sector};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value, json};

/// The schema's name in the JSON output.
pub const SCHEMA: &str = "scr-workbench/collation";

/// The JSON output's schema version.
pub const SCHEMA_VERSION: u32 = 1;

/// How the tables are published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Settings {
    /// Suppress counts of fewer than this many reviews (and every list of reviews).
    pub suppress_below: Option<u64>,
}

impl Settings {
    /// Whether a count of `reviews` reviews is suppressed.
    pub fn suppressed(&self, reviews: usize) -> bool {
        self.suppress_below
            .is_some_and(|n| reviews > 0 && (reviews as u64) < n)
    }

    /// A count as published: the number, or "<n".
    pub fn show(&self, value: u64, reviews: usize) -> String {
        match self.suppress_below {
            Some(n) if self.suppressed(reviews) => format!("<{n}"),
            _ => value.to_string(),
        }
    }

    /// Whether review lists may be published.
    pub fn lists_reviews(&self) -> bool {
        self.suppress_below.is_none()
    }
}

/// A table of counts.
#[derive(Debug, Clone, PartialEq)]
pub struct DataTable {
    /// File stem and JSON name, e.g. `codes_by_year`.
    pub name: &'static str,
    /// What it shows.
    pub title: &'static str,
    /// Names of the columns that say what a row counts.
    pub keys: Vec<&'static str>,
    /// Names of the count columns (the last is always `reviews`).
    pub counts: Vec<&'static str>,
    /// Rows.
    pub rows: Vec<DataRow>,
}

/// One row: what it counts, the counts, the reviews behind them.
#[derive(Debug, Clone, PartialEq)]
pub struct DataRow {
    /// The count it shows.
    pub key: Key,
    /// Values of the key columns.
    pub keys: Vec<String>,
    /// Values of the count columns.
    pub counts: Vec<u64>,
    /// The reviews behind it (indices into [`Collation::reviews`]).
    pub reviews: Vec<u32>,
}

/// A year as written in tables.
pub fn year_name(y: Option<i16>) -> String {
    y.map_or_else(|| "not known".to_string(), |y| y.to_string())
}

/// A sector as written in tables.
pub fn sector_name(s: Option<Sector>) -> &'static str {
    s.map_or("Not attributed", Sector::label)
}

fn code_cols(c: Option<&CodeInfo>) -> [String; 4] {
    match c {
        Some(c) => [
            c.typology.clone(),
            c.version.clone(),
            c.code.clone(),
            c.name.clone(),
        ],
        None => Default::default(),
    }
}

fn end_cols(c: &Collation, e: End) -> [String; 3] {
    match e {
        End::Code(id) => {
            let [t, v, code, _] = code_cols(c.code(id));
            [t, v, code]
        }
        End::Outcome => ["outcome".into(), String::new(), "outcome".into()],
    }
}

fn link_kind_name(k: LinkKind) -> &'static str {
    match k {
        LinkKind::ContributesTo => "contributes to",
        LinkKind::Mitigates => "mitigates",
    }
}

fn row(key: Key, keys: Vec<String>, cell: &Cell, with_items: bool) -> DataRow {
    let reviews = cell.reviews.len() as u64;
    DataRow {
        key,
        keys,
        counts: if with_items {
            vec![cell.items, reviews]
        } else {
            vec![reviews]
        },
        reviews: cell.reviews.clone(),
    }
}

/// What a code table's row shows: the role, the code, the extra key column's value and
/// its place in order.
type Pick<'a> = &'a dyn Fn(&Key) -> Option<(Role, u32, Option<String>, i64)>;

/// A table of one code count per row. Codes are numbered in typology, version and code
/// order, so sorting by number sorts by code. The overall table puts the codes found in
/// most reviews first.
fn code_table(
    c: &Collation,
    cells: &[(&Key, &Cell)],
    name: &'static str,
    title: &'static str,
    extra: Option<&'static str>,
    pick: Pick,
) -> DataTable {
    let mut rows: Vec<((Role, i64, u32, i64), DataRow)> = cells
        .iter()
        .filter_map(|(k, cell)| {
            let (role, id, value, order) = pick(k)?;
            let popular = if extra.is_none() {
                -(cell.reviews.len() as i64)
            } else {
                0
            };
            let mut keys = vec![role.name().to_string()];
            keys.extend(code_cols(c.code(id)));
            keys.extend(value);
            Some(((role, popular, id, order), row(**k, keys, cell, true)))
        })
        .collect();
    rows.sort_by_key(|r| r.0);
    let mut keys = vec!["role", "typology", "version", "code", "name"];
    keys.extend(extra);
    DataTable {
        name,
        title,
        keys,
        counts: vec!["count", "reviews"],
        rows: rows.into_iter().map(|(_, r)| r).collect(),
    }
}

/// Every table of a collation, in output order.
pub fn tables(c: &Collation) -> Vec<DataTable> {
    let cells: Vec<(&Key, &Cell)> = c.cells.iter().collect();
    let mut out = vec![reviews_table(&cells)];
    out.extend(code_tables(c, &cells));
    out.push(co_occurrence_table(c, &cells));
    out.push(causal_links_table(c, &cells));
    out.push(unmapped_codes_table(c, &cells));
    out.push(unknown_codes_table(c, &cells));
    out
}

/// Reviews by year, kind, age band, sector.
fn reviews_table(cells: &[(&Key, &Cell)]) -> DataTable {
    let mut rows: Vec<(u8, i64, DataRow)> = Vec::new();
    for (k, cell) in cells {
        let (dim, order, value) = match **k {
            Key::Reviews => (0u8, 0i64, "all".to_string()),
            Key::Year(y) => (1, y.map_or(i64::MAX, i64::from), year_name(y)),
            Key::Kind(kind) => (
                2,
                ReviewKind::ALL.iter().position(|x| *x == kind).unwrap_or(0) as i64,
                kind.name().to_string(),
            ),
            Key::AgeBand(b) => (
                3,
                AgeBand::ALL.iter().position(|x| *x == b).unwrap_or(0) as i64,
                b.label().to_string(),
            ),
            Key::Sector(s) => (
                4,
                Sector::ALL.iter().position(|x| *x == s).unwrap_or(0) as i64,
                s.label().to_string(),
            ),
            _ => continue,
        };
        let dimension = ["all", "year", "kind", "age band", "sector involved"][dim as usize];
        rows.push((
            dim,
            order,
            row(**k, vec![dimension.to_string(), value], cell, false),
        ));
    }
    rows.sort_by_key(|(d, o, _)| (*d, *o));
    DataTable {
        name: "reviews",
        title: "Reviews counted, by year, kind, age band and sector involved",
        keys: vec!["dimension", "value"],
        counts: vec!["reviews"],
        rows: rows.into_iter().map(|(_, _, r)| r).collect(),
    }
}

/// Codes, overall and by year, kind, sector.
fn code_tables(c: &Collation, cells: &[(&Key, &Cell)]) -> [DataTable; 4] {
    [
        code_table(
            c,
            cells,
            "codes",
            "Codes among factors and findings: items coded and reviews",
            None,
            &|k| match *k {
                Key::Code(r, id) => Some((r, id, None, 0)),
                _ => None,
            },
        ),
        code_table(
            c,
            cells,
            "codes_by_year",
            "Codes by year of review",
            Some("year"),
            &|k| match *k {
                Key::CodeYear(r, id, y) => {
                    Some((r, id, Some(year_name(y)), y.map_or(i64::MAX, i64::from)))
                }
                _ => None,
            },
        ),
        code_table(
            c,
            cells,
            "codes_by_kind",
            "Codes by kind of review",
            Some("kind"),
            &|k| match *k {
                Key::CodeKind(r, id, kind) => Some((
                    r,
                    id,
                    Some(kind.name().to_string()),
                    ReviewKind::ALL.iter().position(|x| *x == kind).unwrap_or(0) as i64,
                )),
                _ => None,
            },
        ),
        code_table(
            c,
            cells,
            "codes_by_sector",
            "Codes by the sector of the agencies whose records evidence the item",
            Some("sector"),
            &|k| match *k {
                Key::CodeSector(r, id, s) => Some((
                    r,
                    id,
                    Some(sector_name(s).to_string()),
                    s.and_then(|s| Sector::ALL.iter().position(|x| *x == s))
                        .map_or(i64::MAX, |p| p as i64),
                )),
                _ => None,
            },
        ),
    ]
}

/// Co-occurrence.
fn co_occurrence_table(c: &Collation, cells: &[(&Key, &Cell)]) -> DataTable {
    let mut rows: Vec<DataRow> = cells
        .iter()
        .filter_map(|(k, cell)| match **k {
            Key::Pair(a, b) => {
                let mut keys: Vec<String> = Vec::new();
                let [t, v, code, _] = code_cols(c.code(a));
                keys.extend([t, v, code]);
                let [t, v, code, _] = code_cols(c.code(b));
                keys.extend([t, v, code]);
                Some(row(**k, keys, cell, false))
            }
            _ => None,
        })
        .collect();
    rows.sort_by(|a, b| b.counts.cmp(&a.counts).then(a.keys.cmp(&b.keys)));
    DataTable {
        name: "co_occurrence",
        title: "Codes found together in the same review",
        keys: vec![
            "typology_a",
            "version_a",
            "code_a",
            "typology_b",
            "version_b",
            "code_b",
        ],
        counts: vec!["reviews"],
        rows,
    }
}

/// The aggregate causal map.
fn causal_links_table(c: &Collation, cells: &[(&Key, &Cell)]) -> DataTable {
    let mut rows: Vec<DataRow> = cells
        .iter()
        .filter_map(|(k, cell)| match **k {
            Key::Link(a, b, kind) => {
                let mut keys: Vec<String> = Vec::new();
                keys.extend(end_cols(c, a));
                keys.extend(end_cols(c, b));
                keys.push(link_kind_name(kind).to_string());
                Some(row(**k, keys, cell, true))
            }
            _ => None,
        })
        .collect();
    rows.sort_by(|a, b| b.counts.cmp(&a.counts).then(a.keys.cmp(&b.keys)));
    DataTable {
        name: "causal_links",
        title: "The aggregate causal map: links from factors coded X to factors coded Y",
        keys: vec![
            "from_typology",
            "from_version",
            "from_code",
            "to_typology",
            "to_version",
            "to_code",
            "kind",
        ],
        counts: vec!["links", "reviews"],
        rows,
    }
}

/// What crosswalks did not map.
fn unmapped_codes_table(c: &Collation, cells: &[(&Key, &Cell)]) -> DataTable {
    let mut rows: Vec<DataRow> = cells
        .iter()
        .filter_map(|(k, cell)| match **k {
            Key::Unmapped(x, id) => {
                let mut keys = vec![c.crosswalks.get(x as usize).cloned().unwrap_or_default()];
                let [t, v, code, _] = code_cols(c.code(id));
                keys.extend([t, v, code]);
                Some(row(**k, keys, cell, true))
            }
            _ => None,
        })
        .collect();
    rows.sort_by(|a, b| a.keys.cmp(&b.keys));
    DataTable {
        name: "unmapped_codes",
        title: "Codes a crosswalk does not map (counted under their own code)",
        keys: vec!["crosswalk", "typology", "version", "code"],
        counts: vec!["count", "reviews"],
        rows,
    }
}

/// Codes not in their typology.
fn unknown_codes_table(c: &Collation, cells: &[(&Key, &Cell)]) -> DataTable {
    let mut rows: Vec<DataRow> = cells
        .iter()
        .filter_map(|(k, cell)| match **k {
            Key::UnknownCode(id) => {
                let [t, v, code, _] = code_cols(c.code(id));
                Some(row(**k, vec![t, v, code], cell, true))
            }
            _ => None,
        })
        .collect();
    rows.sort_by(|a, b| a.keys.cmp(&b.keys));
    DataTable {
        name: "unknown_codes",
        title: "Codes that are not in their typology (counted as written)",
        keys: vec!["typology", "version", "code"],
        counts: vec!["count", "reviews"],
        rows,
    }
}

/// Quote a CSV field when it needs it (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_line(fields: impl IntoIterator<Item = String>) -> String {
    let mut line = fields
        .into_iter()
        .map(|f| csv_field(&f))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// A table as CSV: a header row, then one row per count. Without suppression the last
/// column, `review_numbers`, lists the reviews behind the count (numbers in
/// `review_index.csv`), separated by spaces.
pub fn to_csv(t: &DataTable, s: Settings) -> String {
    let mut header: Vec<String> = t
        .keys
        .iter()
        .chain(&t.counts)
        .map(|x| x.to_string())
        .collect();
    if s.lists_reviews() {
        header.push("review_numbers".into());
    }
    let mut out = csv_line(header);
    for r in &t.rows {
        let n = r.reviews.len();
        let mut fields = r.keys.clone();
        fields.extend(r.counts.iter().map(|v| s.show(*v, n)));
        if s.lists_reviews() {
            fields.push(
                r.reviews
                    .iter()
                    .map(|i| (i + 1).to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
        out.push_str(&csv_line(fields));
    }
    out
}

/// The index of reviews (number, reference, file, kind, year, age band, sectors) as
/// CSV; `None` when suppression is on (a publication lists no reviews).
pub fn review_index_csv(c: &Collation, s: Settings) -> Option<String> {
    if !s.lists_reviews() {
        return None;
    }
    let mut out = csv_line(
        [
            "number",
            "reference",
            "file",
            "kind",
            "year",
            "age_band",
            "sectors",
        ]
        .map(String::from),
    );
    for (i, r) in c.reviews.iter().enumerate() {
        out.push_str(&csv_line([
            (i + 1).to_string(),
            r.reference.clone(),
            r.file.clone(),
            r.kind.name().to_string(),
            year_name(r.year),
            r.age_band.label().to_string(),
            r.sectors
                .iter()
                .map(|s| s.label())
                .collect::<Vec<_>>()
                .join("; "),
        ]));
    }
    Some(out)
}

/// The files skipped and why, as CSV; with suppression, the reasons without file names.
pub fn skipped_csv(c: &Collation, s: Settings) -> String {
    let mut out = csv_line(["file", "reason"].map(String::from));
    for k in &c.skipped {
        let file = if s.lists_reviews() {
            k.file.display().to_string()
        } else {
            String::new()
        };
        out.push_str(&csv_line([file, k.reason.clone()]));
    }
    out
}

/// Totals of a collation, as written in the JSON and the briefing.
pub fn totals(c: &Collation) -> Value {
    json!({
        "files": c.files,
        "reviews": c.reviews.len(),
        "skipped": c.skipped.len(),
        "filtered_out": c.filtered_out,
        "links_with_an_uncoded_end": c.uncoded_links(),
        "cancelled": c.cancelled,
    })
}

/// The whole collation as one JSON document (schema [`SCHEMA`], version
/// [`SCHEMA_VERSION`]; described in the README). Objects' keys are in alphabetical order.
///
/// Serialised straight from the tables, without building a JSON tree first: with ten
/// thousand reviews the drill-down lists hold millions of numbers, which as
/// `serde_json::Value`s took several times the memory of the text.
pub fn to_json(c: &Collation, s: Settings) -> String {
    let tables = tables(c);
    let doc = JsonDoc {
        c,
        s,
        tables: &tables,
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// The document, as a map with its keys in alphabetical order.
struct JsonDoc<'a> {
    c: &'a Collation,
    s: Settings,
    tables: &'a [DataTable],
}

impl Serialize for JsonDoc<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let (c, s) = (self.c, self.s);
        let f = &c.filter;
        let mut m = ser.serialize_map(None)?;
        m.serialize_entry(
            "generator",
            &format!("scr-workbench {}", env!("CARGO_PKG_VERSION")),
        )?;
        m.serialize_entry(
            "options",
            &json!({
                "crosswalks": c.crosswalks,
                "top_level": c.top_level,
                "suppress_below": s.suppress_below,
                "filter": {
                    "years": f.years.map(|(a, b)| [a, b]),
                    "kinds": f.kinds.iter().map(|k| k.name()).collect::<Vec<_>>(),
                    "sectors": f.sectors.iter().map(|s| s.label()).collect::<Vec<_>>(),
                },
            }),
        )?;
        if s.lists_reviews() {
            m.serialize_entry(
                "review_index",
                &Each(|| {
                    c.reviews.iter().enumerate().map(|(i, r)| {
                        json!({
                            "number": i + 1,
                            "reference": r.reference,
                            "file": r.file,
                            "kind": r.kind.name(),
                            "year": r.year,
                            "age_band": r.age_band.label(),
                            "sectors": r.sectors.iter().map(|s| s.label()).collect::<Vec<_>>(),
                        })
                    })
                }),
            )?;
        }
        m.serialize_entry("schema", SCHEMA)?;
        m.serialize_entry("schema_version", &SCHEMA_VERSION)?;
        m.serialize_entry(
            "skipped",
            &Each(|| {
                c.skipped.iter().map(move |k| {
                    if s.lists_reviews() {
                        json!({"file": k.file.display().to_string(), "reason": k.reason})
                    } else {
                        json!({"reason": k.reason})
                    }
                })
            }),
        )?;
        let mut tables: Vec<&DataTable> = self.tables.iter().collect();
        tables.sort_by_key(|t| t.name);
        m.serialize_entry("tables", &JsonTables { tables, s })?;
        m.serialize_entry("totals", &totals(c))?;
        m.end()
    }
}

/// A sequence made by an iterator each time it is serialised.
struct Each<F>(F);

impl<F, I> Serialize for Each<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_seq((self.0)())
    }
}

/// `"tables": {name: [row, ...], ...}`, by name.
struct JsonTables<'a> {
    tables: Vec<&'a DataTable>,
    s: Settings,
}

impl Serialize for JsonTables<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut m = ser.serialize_map(Some(self.tables.len()))?;
        for t in &self.tables {
            // A row's columns by name: its keys, its counts, the review numbers and the
            // suppression mark.
            let mut columns: Vec<(&str, Column)> = t
                .keys
                .iter()
                .enumerate()
                .map(|(i, k)| (*k, Column::Key(i)))
                .chain(
                    t.counts
                        .iter()
                        .enumerate()
                        .map(|(i, k)| (*k, Column::Count(i))),
                )
                .chain([
                    ("review_numbers", Column::ReviewNumbers),
                    ("suppressed", Column::Suppressed),
                ])
                .collect();
            columns.sort_by_key(|(name, _)| *name);
            let rows = Each(|| {
                t.rows.iter().map(|row| JsonRow {
                    row,
                    columns: &columns,
                    s: self.s,
                })
            });
            m.serialize_entry(t.name, &rows)?;
        }
        m.end()
    }
}

#[derive(Clone, Copy)]
enum Column {
    Key(usize),
    Count(usize),
    ReviewNumbers,
    Suppressed,
}

/// One row as an object: a suppressed row has `null` counts, `"suppressed": true` and no
/// review numbers; review numbers only when lists may be published.
struct JsonRow<'a> {
    row: &'a DataRow,
    columns: &'a [(&'a str, Column)],
    s: Settings,
}

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let r = self.row;
        let hidden = self.s.suppressed(r.reviews.len());
        let mut m = ser.serialize_map(None)?;
        for (name, column) in self.columns {
            match *column {
                Column::Key(i) => m.serialize_entry(name, &r.keys.get(i))?,
                Column::Count(i) => {
                    m.serialize_entry(name, &r.counts.get(i).filter(|_| !hidden))?
                }
                Column::ReviewNumbers if self.s.lists_reviews() => {
                    m.serialize_entry(name, &Each(|| r.reviews.iter().map(|i| u64::from(*i) + 1)))?
                }
                Column::Suppressed if hidden => m.serialize_entry(name, &true)?,
                Column::ReviewNumbers | Column::Suppressed => {}
            }
        }
        m.end()
    }
}
