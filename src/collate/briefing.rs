//! The PDF briefing of a collation: what was read, the most frequent codes among factors
//! and findings (bar charts and tables), the trend per year, the aggregate causal map,
//! codes found together, and what could not be counted. Built as a
//! [`Report`](crate::export::report::Report) for the PDF backend; it names no review and
//! no file (the tables are the place for drill-down).

use super::charts::{self, Trend};
use super::tables::{Settings, sector_name, year_name};
use super::{Collation, Key, Role};
use crate::export::report::{Block, Report, Table};
use crate::export::typology_return::AgeBand;
use crate::model::{ReviewKind, Sector, plural};

/// How many codes the bar charts and tables show.
const TOP: usize = 15;

fn table(header: &[&str], widths: &[f32], rows: Vec<Vec<String>>) -> Block {
    Block::Table(Table {
        header: header.iter().map(|h| h.to_string()).collect(),
        widths: widths.to_vec(),
        rows: rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| (format!("row {}", i + 1), r))
            .collect(),
    })
}

/// Build the briefing.
pub fn build(c: &Collation, s: Settings) -> Report {
    let mut r = Report::new("National collation of typology-coded reviews", false);
    r.subtitle = vec![
        "Briefing".to_string(),
        format!(
            "{} counted from {}",
            plural(c.reviews.len(), "review", "reviews"),
            plural(c.files, "file", "files")
        ),
    ];
    if let Some(n) = s.suppress_below {
        r.subtitle
            .push(format!("Counts from fewer than {n} reviews are suppressed"));
    }

    about(&mut r, c, s);
    reviews_counted(&mut r, c, s);
    for role in Role::ALL {
        top_codes(&mut r, c, s, role);
    }
    trends(&mut r, c, s);
    aggregate_map(&mut r, c, s);
    codes_together(&mut r, c, s);
    codes_as_written(&mut r, c, s);
    r
}

/// "About this briefing": the method, and notes on crosswalks, the top level, the
/// filter, suppression, skipped files and a stopped collation.
fn about(r: &mut Report, c: &Collation, s: Settings) {
    r.section("About this briefing");
    r.para(
        "Each review's typology return (the codes its reviewer gave to contributory factors and findings, and the links between factors) was read and counted. Returns carry no names, no narrative and no dates finer than the year, so nothing in this briefing identifies a child or a family. A code is counted once per factor or finding that carries it; \"reviews\" is the number of different reviews in which it appears.",
        "",
        "method",
    );
    let mut notes = Vec::new();
    if c.crosswalks.is_empty() {
        notes.push("No crosswalk was applied: codes of different typologies and versions are counted separately.".to_string());
    } else {
        notes.push(format!(
            "Crosswalks applied, so that older codes are counted with newer ones: {}.",
            c.crosswalks.join("; ")
        ));
    }
    if c.top_level {
        notes.push("Codes are counted as their top-level categories.".to_string());
    }
    if !c.filter.is_empty() {
        let f = &c.filter;
        let mut parts = Vec::new();
        if let Some((a, b)) = f.years {
            parts.push(format!("years {a} to {b}"));
        }
        if !f.kinds.is_empty() {
            parts.push(format!(
                "kinds: {}",
                f.kinds
                    .iter()
                    .map(|k| k.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !f.sectors.is_empty() {
            parts.push(format!(
                "sectors involved: {}",
                f.sectors
                    .iter()
                    .map(|s| s.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        notes.push(format!(
            "Only reviews matching {} are counted ({} left out).",
            parts.join("; "),
            c.filtered_out
        ));
    }
    if let Some(n) = s.suppress_below {
        notes.push(format!("Any count that comes from fewer than {n} reviews is shown as \"<{n}\" and left out of the charts, so that no single review can be picked out."));
    }
    if !c.skipped.is_empty() {
        notes.push(format!(
            "{} could not be counted (unreadable, not valid, or coded with a typology that is not known); the collation's skipped list gives each with its reason.",
            plural(c.skipped.len(), "file", "files")
        ));
    }
    if c.cancelled {
        notes.push(
            "The collation was stopped before every file was read: the counts are incomplete."
                .to_string(),
        );
    }
    r.push(Block::List(notes), "", "notes");
}

/// "The reviews counted": by kind, age band and sector, and per year.
fn reviews_counted(r: &mut Report, c: &Collation, s: Settings) {
    r.section("The reviews counted");
    let count = |key: Key| {
        let n = c.cell(&key).map_or(0, |x| x.reviews.len());
        s.show(n as u64, n)
    };
    let mut rows = Vec::new();
    for k in ReviewKind::ALL {
        if c.cell(&Key::Kind(k)).is_some() {
            rows.push(vec![
                "Kind".to_string(),
                k.name().to_string(),
                count(Key::Kind(k)),
            ]);
        }
    }
    for b in AgeBand::ALL {
        if c.cell(&Key::AgeBand(b)).is_some() {
            rows.push(vec![
                "Age of the subject".to_string(),
                b.label().to_string(),
                count(Key::AgeBand(b)),
            ]);
        }
    }
    for sector in Sector::ALL {
        if c.cell(&Key::Sector(sector)).is_some() {
            rows.push(vec![
                "Sector involved".to_string(),
                sector_name(Some(sector)).to_string(),
                count(Key::Sector(sector)),
            ]);
        }
    }
    r.push(
        table(&["Dimension", "Value", "Reviews"], &[1.2, 2.4, 0.8], rows),
        "",
        "reviews",
    );
    let trend = charts::trend(c, Role::Factor, None, 0, s);
    if !trend.years.is_empty() {
        r.push(
            Block::Figure(charts::trend_figure(
                &trend,
                "Reviews counted per year (by the year the review was commissioned)",
            )),
            "",
            "reviews per year",
        );
    }
    let no_year = c.cell(&Key::Year(None)).map_or(0, |x| x.reviews.len());
    if no_year > 0 {
        r.para(
            &format!(
                "{} no year and are not on the chart.",
                if no_year == 1 {
                    "1 review has".to_string()
                } else {
                    format!("{} reviews have", s.show(no_year as u64, no_year))
                }
            ),
            "",
            "no year",
        );
    }
}

/// "Most frequent codes among ..." for one role: a bar chart and its table.
fn top_codes(r: &mut Report, c: &Collation, s: Settings, role: Role) {
    let title = match role {
        Role::Factor => "Most frequent codes among contributory factors",
        Role::Finding => "Most frequent codes among findings",
    };
    r.section(title);
    let bars = charts::top_codes(c, role, None, TOP, s);
    if bars.is_empty() {
        r.para(
            &format!("No coded {} were counted.", role.plural()),
            "",
            "none",
        );
        return;
    }
    r.push(
        Block::Figure(charts::bars_figure(
            &bars,
            &format!(
                "The {} codes found in most reviews among {}",
                bars.len(),
                role.plural()
            ),
            "reviews",
        )),
        "",
        "chart",
    );
    let heading = match role {
        Role::Factor => "Factors",
        Role::Finding => "Findings",
    };
    let rows = bars
        .iter()
        .map(|b| {
            let typ = c
                .code(b.code)
                .map(|i| i.typology.clone())
                .unwrap_or_default();
            vec![
                b.label.clone(),
                b.name.clone(),
                typ,
                b.items.to_string(),
                b.reviews.to_string(),
            ]
        })
        .collect();
    r.push(
        table(
            &["Code", "Name", "Typology", heading, "Reviews"],
            &[0.8, 3.0, 1.5, 0.8, 0.8],
            rows,
        ),
        "",
        "table",
    );
}

/// "Trends over time": the five most frequent factor codes, per year.
fn trends(r: &mut Report, c: &Collation, s: Settings) {
    r.section("Trends over time");
    let trend: Trend = charts::trend(c, Role::Factor, None, 5, s);
    if trend.years.len() < 2 {
        r.para(
            "The reviews counted cover fewer than two years: there is no trend to show.",
            "",
            "none",
        );
    } else {
        r.para(
            "For the five codes found in most reviews among contributory factors: the number of reviews of each year in which the code appears, against all reviews of that year.",
            "",
            "intro",
        );
        r.push(
            Block::Figure(charts::trend_figure(
                &trend,
                "Reviews per year with each of the five most frequent factor codes",
            )),
            "",
            "chart",
        );
        let mut header = vec!["Year".to_string(), "All reviews".to_string()];
        header.extend(
            trend
                .series
                .iter()
                .map(|x| c.code(x.code).map(|i| i.code.clone()).unwrap_or_default()),
        );
        let show = |v: Option<u64>| {
            v.map_or_else(
                || format!("<{}", s.suppress_below.unwrap_or(0)),
                |v| v.to_string(),
            )
        };
        let rows: Vec<Vec<String>> = trend
            .years
            .iter()
            .enumerate()
            .map(|(i, y)| {
                let mut row = vec![year_name(Some(*y)), show(trend.reviews[i])];
                row.extend(trend.series.iter().map(|x| show(x.values[i])));
                row
            })
            .collect();
        let widths = vec![1.0; header.len()];
        let h: Vec<&str> = header.iter().map(String::as_str).collect();
        r.push(table(&h, &widths, rows), "", "trend table");
    }
}

/// "The aggregate causal map": the most linked codes and the most frequent links.
fn aggregate_map(r: &mut Report, c: &Collation, s: Settings) {
    r.section("The aggregate causal map");
    let map = charts::causal_map(c, None, 12, 24, s);
    if map.nodes.is_empty() {
        r.para("No links between coded factors were counted.", "", "none");
    } else {
        r.para(
            &format!(
                "How often, across all reviews, a factor coded with one {} code was linked by the reviewer as contributing to (grey, solid) or mitigating (green, dashed) a factor coded with another. The thicker and darker the arrow, the more links (from the fewest to the most among those drawn). Each box gives the code's links straight to the outcome and to factors with the same code.",
                map.typology
            ),
            "",
            "intro",
        );
        r.push(
            Block::Figure(charts::map_figure(
                &map,
                &format!(
                    "Links between the {} most linked codes of {}{}",
                    map.nodes.len(),
                    map.typology,
                    if map.left_off > 0 {
                        format!(
                            " ({} other links not drawn; all are in causal_links.csv)",
                            map.left_off
                        )
                    } else {
                        String::new()
                    }
                ),
            )),
            "",
            "map",
        );
        let rows = map
            .edges
            .iter()
            .take(TOP)
            .map(|e| {
                let (a, b) = (&map.nodes[e.from], &map.nodes[e.to]);
                vec![
                    format!("{} {}", a.label, a.name),
                    e.kind.label().to_string(),
                    format!("{} {}", b.label, b.name),
                    e.links.to_string(),
                    e.reviews.to_string(),
                ]
            })
            .collect();
        r.push(
            table(
                &["From", "", "To", "Links", "Reviews"],
                &[2.5, 1.2, 2.5, 0.6, 0.7],
                rows,
            ),
            "",
            "links",
        );
    }
    let uncoded = c.uncoded_links();
    if uncoded > 0 {
        r.para(
            &format!(
                "{uncoded} links had an end that is a factor without codes; they are counted in the totals but cannot be on the map."
            ),
            "",
            "uncoded",
        );
    }
}

/// "Codes found together": the pairs of codes found in the same review most often.
fn codes_together(r: &mut Report, c: &Collation, s: Settings) {
    r.section("Codes found together");
    let mut pairs: Vec<(u32, u32, usize)> = c
        .cells
        .iter()
        .filter_map(|(k, cell)| match k {
            Key::Pair(a, b) if !s.suppressed(cell.reviews.len()) => {
                Some((*a, *b, cell.reviews.len()))
            }
            _ => None,
        })
        .collect();
    pairs.sort_by(|x, y| y.2.cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    if pairs.is_empty() {
        r.para("No two codes were found in the same review.", "", "none");
    } else {
        r.para(
            "The pairs of codes found in the same review (among its factors and findings) most often.",
            "",
            "intro",
        );
        let name = |id: u32| {
            c.code(id)
                .map(|i| format!("{} ({})", i.label(), i.typology))
                .unwrap_or_default()
        };
        let rows = pairs
            .iter()
            .take(TOP)
            .map(|(a, b, n)| vec![name(*a), name(*b), n.to_string()])
            .collect();
        r.push(
            table(&["Code", "Found with", "Reviews"], &[3.0, 3.0, 0.8], rows),
            "",
            "pairs",
        );
    }
}

/// "Codes counted as written" (only when there are any): codes no crosswalk mapped and
/// codes their typology does not have.
fn codes_as_written(r: &mut Report, c: &Collation, s: Settings) {
    let unmapped: Vec<(u16, u32, u64, usize)> = c
        .cells
        .iter()
        .filter_map(|(k, cell)| match k {
            Key::Unmapped(x, id) => Some((*x, *id, cell.items, cell.reviews.len())),
            _ => None,
        })
        .collect();
    let unknown: Vec<(u32, u64, usize)> = c
        .cells
        .iter()
        .filter_map(|(k, cell)| match k {
            Key::UnknownCode(id) => Some((*id, cell.items, cell.reviews.len())),
            _ => None,
        })
        .collect();
    if !unmapped.is_empty() || !unknown.is_empty() {
        r.section("Codes counted as written");
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut unmapped = unmapped;
        unmapped.sort();
        for (x, id, items, n) in unmapped {
            let info = c.code(id);
            rows.push(vec![
                info.map(|i| format!("{} {}", i.typology, i.code))
                    .unwrap_or_default(),
                format!(
                    "not mapped by \"{}\"",
                    c.crosswalks.get(x as usize).cloned().unwrap_or_default()
                ),
                s.show(items, n),
                s.show(n as u64, n),
            ]);
        }
        let mut unknown = unknown;
        unknown.sort();
        for (id, items, n) in unknown {
            let info = c.code(id);
            rows.push(vec![
                info.map(|i| format!("{} {} ({})", i.typology, i.code, i.version))
                    .unwrap_or_default(),
                "not a code of its typology".to_string(),
                s.show(items, n),
                s.show(n as u64, n),
            ]);
        }
        r.para(
            "These codes could not be translated or found; they are counted under their own code, not dropped.",
            "",
            "intro",
        );
        r.push(
            table(
                &["Code", "Why", "Items", "Reviews"],
                &[2.0, 3.2, 0.7, 0.7],
                rows,
            ),
            "",
            "unmapped",
        );
    }
}
