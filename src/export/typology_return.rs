//! The typology return: from one review, an anonymised, machine-readable summary of how it
//! was coded, for national collation (issue 6). JSON, with a versioned schema documented in
//! the README ("Typology returns").
//!
//! What goes in: the review's kind, a year (never a finer date), optionally the board and
//! the board's reference (only when asked), the subject's age band (computed here from the
//! date of birth; the date itself never leaves), how many agencies of each sector were
//! involved, every coded factor (codes, polarity, level, the sectors of the agencies whose
//! records evidence it), every coded finding (codes, sectors), every link of the factor
//! graph expressed from codes to codes, and counts.
//!
//! What never goes in: text written about the case (titles, descriptions, summaries,
//! notes), names, dates, ids. Factors and findings are listed in id order but carry no id.
//! Before a return is written, the export pipeline's leak check
//! ([`super::pipeline::leak_check`], through `leak_hits_with`) runs the review's leak
//! checker over every string of it that comes from the review (see [`strings`]); any
//! hit blocks the return.

use super::leak::{Checker, Hit, Location};
use crate::model::*;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The schema's name, written in every return as `schema`.
pub const SCHEMA: &str = "scr-workbench/typology-return";

/// The schema version this build writes and the newest it reads.
pub const SCHEMA_VERSION: u32 = 1;

/// A typology return (schema version 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypologyReturn {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The schema version, [`SCHEMA_VERSION`] when written by this build.
    pub schema_version: u32,
    /// What wrote it ("scr-workbench 0.1.0").
    #[serde(default)]
    pub generator: String,
    /// The review as a whole.
    pub review: ReviewFacts,
    /// The typologies (id and version) the codes come from.
    pub typologies: Vec<TypologyRef>,
    /// Agencies involved, counted by sector.
    pub sectors: Vec<SectorCount>,
    /// Every factor with at least one code, in the review's order.
    pub factors: Vec<CodedFactor>,
    /// Every finding with a category, in the review's order.
    pub findings: Vec<CodedFinding>,
    /// Every link of the factor graph, from codes to codes.
    pub links: Vec<CodeLink>,
    /// Counts.
    pub counts: Counts,
}

/// The review as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewFacts {
    /// The kind of review (`"LocalChildSafeguardingPracticeReview"`, ...).
    pub kind: ReviewKind,
    /// The year, from the review's dates; `null` when it has none.
    pub year: Option<i16>,
    /// Which date the year comes from.
    pub year_basis: Option<YearBasis>,
    /// The subject's age band at the end of the period under review.
    pub age_band: AgeBand,
    /// The commissioning board, only when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub board: Option<String>,
    /// The board's reference for the review, only when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// Which of the review's dates gives its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum YearBasis {
    /// The date the review was commissioned.
    Commissioned,
    /// The end of the period under review (usually the incident).
    PeriodEnd,
    /// The start of the period under review.
    PeriodStart,
}

/// The subject's age, in the bands national reports use.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum AgeBand {
    /// Under one year.
    UnderOne,
    /// One to five years.
    OneToFive,
    /// Six to ten years.
    SixToTen,
    /// Eleven to fifteen years.
    ElevenToFifteen,
    /// Sixteen or seventeen.
    SixteenToSeventeen,
    /// Eighteen or over (adult reviews).
    Adult,
    /// No date of birth, or no date to measure to.
    #[default]
    Unknown,
}

impl AgeBand {
    /// Every band, youngest first.
    pub const ALL: [AgeBand; 7] = [
        AgeBand::UnderOne,
        AgeBand::OneToFive,
        AgeBand::SixToTen,
        AgeBand::ElevenToFifteen,
        AgeBand::SixteenToSeventeen,
        AgeBand::Adult,
        AgeBand::Unknown,
    ];

    /// The band of someone born on `birth` at the date `at`.
    pub fn at(birth: Date, at: Date) -> AgeBand {
        if at < birth {
            return AgeBand::Unknown;
        }
        let mut years = i32::from(at.year()) - i32::from(birth.year());
        if (at.month(), at.day()) < (birth.month(), birth.day()) {
            years -= 1;
        }
        match years {
            ..1 => AgeBand::UnderOne,
            1..=5 => AgeBand::OneToFive,
            6..=10 => AgeBand::SixToTen,
            11..=15 => AgeBand::ElevenToFifteen,
            16..=17 => AgeBand::SixteenToSeventeen,
            _ => AgeBand::Adult,
        }
    }

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            AgeBand::UnderOne => "Under 1",
            AgeBand::OneToFive => "1 to 5",
            AgeBand::SixToTen => "6 to 10",
            AgeBand::ElevenToFifteen => "11 to 15",
            AgeBand::SixteenToSeventeen => "16 to 17",
            AgeBand::Adult => "18 and over",
            AgeBand::Unknown => "Not known",
        }
    }
}

/// How many agencies of a sector were involved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectorCount {
    /// The sector.
    pub sector: Sector,
    /// Agencies of that sector in the review.
    pub agencies: u32,
}

/// A coded factor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodedFactor {
    /// Its typology codes (at least one).
    pub codes: Vec<Code>,
    /// Makes safe practice more or less likely.
    pub polarity: Polarity,
    /// The level of the system.
    pub level: Level,
    /// Sectors of the agencies whose chronology entries evidence it (directly or through
    /// its episodes); empty when it has no such evidence.
    pub sectors: Vec<Sector>,
}

/// A coded finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodedFinding {
    /// Its typology category (one code).
    pub codes: Vec<Code>,
    /// Sectors of the agencies its evidence involves: its entries, its episodes' entries
    /// and its factors' sectors.
    pub sectors: Vec<Sector>,
}

/// A link of the factor graph, from the codes of one end to the codes of the other. An
/// end that is a factor without codes has an empty list; an end that is the outcome has
/// an empty list and its `*_outcome` flag set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeLink {
    /// Codes of the factor it starts from.
    pub from: Vec<Code>,
    /// It starts from the outcome.
    #[serde(default)]
    pub from_outcome: bool,
    /// Codes of the factor it leads to.
    pub to: Vec<Code>,
    /// It leads to the outcome.
    #[serde(default)]
    pub to_outcome: bool,
    /// Contributes to or mitigates.
    pub kind: LinkKind,
}

/// Counts of the review's contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// Chronology entries.
    pub entries: u32,
    /// Entries where the child was seen.
    pub child_seen: u32,
    /// Entries where the child's views were sought.
    pub views_sought: u32,
    /// Entries flagged as missed opportunities.
    pub missed_opportunities: u32,
    /// Entries flagged as good practice.
    pub good_practice: u32,
    /// Agencies.
    pub agencies: u32,
    /// Key practice episodes.
    pub episodes: u32,
    /// Factors, coded or not.
    pub factors: u32,
    /// Factors with at least one code (those listed).
    pub coded_factors: u32,
    /// Factors that make safe practice less likely.
    pub hindering_factors: u32,
    /// Factors that make safe practice more likely.
    pub supporting_factors: u32,
    /// Links of the factor graph (all listed).
    pub links: u32,
    /// Findings, categorised or not.
    pub findings: u32,
    /// Findings with a category (those listed).
    pub coded_findings: u32,
    /// Recommendations.
    pub recommendations: u32,
    /// Actions in the action plan.
    pub actions: u32,
}

/// What to include beyond the anonymous minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Include the commissioning board's name.
    pub board: bool,
    /// Include the board's reference for the review.
    pub reference: bool,
}

/// The year of a review and where it comes from: the commissioning date, else the end of
/// the period under review, else its start.
pub fn year_of(d: &ReviewDetails) -> Option<(i16, YearBasis)> {
    d.commissioned
        .map(|x| (x.year(), YearBasis::Commissioned))
        .or(d.period_end.map(|x| (x.year(), YearBasis::PeriodEnd)))
        .or(d.period_start.map(|x| (x.year(), YearBasis::PeriodStart)))
}

/// The subject's age band at the end of the period under review (else at commissioning).
pub fn age_band_of(review: &Review) -> AgeBand {
    let birth = review
        .people
        .iter()
        .filter(|p| p.role == PersonRole::Subject)
        .find_map(|p| p.date_of_birth);
    let at = review.details.period_end.or(review.details.commissioned);
    match (birth, at) {
        (Some(b), Some(a)) => AgeBand::at(b, a),
        _ => AgeBand::Unknown,
    }
}

/// Sectors evidenced by chronology entries and episodes.
fn sectors_of(review: &Review, entries: &[EventId], episodes: &[EpisodeId]) -> BTreeSet<Sector> {
    let sector = |e: EventId| {
        review
            .entry(e)
            .and_then(|e| review.agency(e.agency))
            .map(|a| a.sector)
    };
    let via_episodes = episodes
        .iter()
        .filter_map(|id| review.episode(*id))
        .flat_map(|ep| ep.entries.iter().copied());
    entries
        .iter()
        .copied()
        .chain(via_episodes)
        .filter_map(sector)
        .collect()
}

/// Codes without repeats, in order.
fn unique(codes: &[Code]) -> Vec<Code> {
    let mut out = codes.to_vec();
    out.sort();
    out.dedup();
    out
}

/// Build the return of a review. `typologies` gives the version of a typology a code
/// uses when the review does not list it among its typologies.
pub fn build(review: &Review, typologies: &[Typology], options: Options) -> TypologyReturn {
    let d = &review.details;
    let year = year_of(d);

    let used = typologies_used(review, typologies);

    let mut by_sector: BTreeMap<Sector, u32> = BTreeMap::new();
    for a in &review.agencies {
        *by_sector.entry(a.sector).or_default() += 1;
    }

    let factor_sectors: BTreeMap<FactorId, BTreeSet<Sector>> = review
        .factors
        .iter()
        .map(|f| {
            (
                f.id,
                sectors_of(review, &f.evidence_entries, &f.evidence_episodes),
            )
        })
        .collect();
    let factors = coded_factors(review, &factor_sectors);
    let findings = coded_findings(review, &factor_sectors);
    let links = code_links(review);

    let counts = counts(review, factors.len(), findings.len());

    let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    TypologyReturn {
        schema: SCHEMA.to_string(),
        schema_version: SCHEMA_VERSION,
        generator: format!("scr-workbench {}", env!("CARGO_PKG_VERSION")),
        review: ReviewFacts {
            kind: d.kind,
            year: year.map(|(y, _)| y),
            year_basis: year.map(|(_, b)| b),
            age_band: age_band_of(review),
            board: if options.board {
                nonempty(&d.board)
            } else {
                None
            },
            reference: if options.reference {
                nonempty(&d.reference)
            } else {
                None
            },
        },
        typologies: used
            .into_iter()
            .map(|(id, version)| TypologyRef { id, version })
            .collect(),
        sectors: by_sector
            .into_iter()
            .map(|(sector, agencies)| SectorCount { sector, agencies })
            .collect(),
        factors,
        findings,
        links,
        counts,
    }
}

/// The typologies the review lists, plus any a code uses without it being listed (at
/// the one installed version, or "unknown").
fn typologies_used(review: &Review, typologies: &[Typology]) -> BTreeMap<String, String> {
    let d = &review.details;
    let mut used: BTreeMap<String, String> = d
        .typologies
        .iter()
        .map(|t| (t.id.clone(), t.version.clone()))
        .collect();
    let codes = review
        .factors
        .iter()
        .flat_map(|f| f.codes.iter())
        .chain(review.findings.iter().filter_map(|f| f.category.as_ref()));
    for c in codes {
        used.entry(c.typology.clone()).or_insert_with(|| {
            let versions: Vec<&Typology> =
                typologies.iter().filter(|t| t.id == c.typology).collect();
            match versions.as_slice() {
                [one] => one.version.clone(),
                _ => "unknown".to_string(),
            }
        });
    }
    used
}

/// The factors that carry codes: their codes, polarity, level and the sectors whose
/// records evidence them.
fn coded_factors(
    review: &Review,
    factor_sectors: &BTreeMap<FactorId, BTreeSet<Sector>>,
) -> Vec<CodedFactor> {
    review
        .factors
        .iter()
        .filter(|f| !f.codes.is_empty())
        .map(|f| CodedFactor {
            codes: unique(&f.codes),
            polarity: f.polarity,
            level: f.level,
            sectors: factor_sectors
                .get(&f.id)
                .map(|s| s.iter().copied().collect())
                .unwrap_or_default(),
        })
        .collect()
}

/// The findings that have a category: the code and the sectors behind their evidence
/// (entries, episodes and factors).
fn coded_findings(
    review: &Review,
    factor_sectors: &BTreeMap<FactorId, BTreeSet<Sector>>,
) -> Vec<CodedFinding> {
    review
        .findings
        .iter()
        .filter_map(|f| {
            let code = f.category.clone()?;
            let mut sectors = sectors_of(review, &f.evidence_entries, &f.evidence_episodes);
            for id in &f.evidence_factors {
                if let Some(s) = factor_sectors.get(id) {
                    sectors.extend(s.iter().copied());
                }
            }
            Some(CodedFinding {
                codes: vec![code],
                sectors: sectors.into_iter().collect(),
            })
        })
        .collect()
}

/// Every link, as the codes at its two ends.
fn code_links(review: &Review) -> Vec<CodeLink> {
    let codes_of = |n: Node| match n {
        Node::Factor(id) => review
            .factor(id)
            .map(|f| unique(&f.codes))
            .unwrap_or_default(),
        Node::Outcome => Vec::new(),
    };
    review
        .links
        .iter()
        .map(|l| CodeLink {
            from: codes_of(l.from),
            from_outcome: l.from == Node::Outcome,
            to: codes_of(l.to),
            to_outcome: l.to == Node::Outcome,
            kind: l.kind,
        })
        .collect()
}

/// The review's counts; `coded_factors` and `coded_findings` are the lengths of the
/// return's lists.
fn counts(review: &Review, coded_factors: usize, coded_findings: usize) -> Counts {
    let entries_with = |f: &dyn Fn(&ChronologyEntry) -> bool| {
        review.chronology.iter().filter(|e| f(e)).count() as u32
    };
    Counts {
        entries: review.chronology.len() as u32,
        child_seen: entries_with(&|e| e.child_seen == Tri::Yes),
        views_sought: entries_with(&|e| e.views_sought == Tri::Yes),
        missed_opportunities: entries_with(&|e| e.flags.contains(&Flag::MissedOpportunity)),
        good_practice: entries_with(&|e| e.flags.contains(&Flag::GoodPractice)),
        agencies: review.agencies.len() as u32,
        episodes: review.episodes.len() as u32,
        factors: review.factors.len() as u32,
        coded_factors: coded_factors as u32,
        hindering_factors: review
            .factors
            .iter()
            .filter(|f| f.polarity == Polarity::Hindering)
            .count() as u32,
        supporting_factors: review
            .factors
            .iter()
            .filter(|f| f.polarity == Polarity::Supporting)
            .count() as u32,
        links: review.links.len() as u32,
        findings: review.findings.len() as u32,
        coded_findings: coded_findings as u32,
        recommendations: review.recommendations.len() as u32,
        actions: review.actions.len() as u32,
    }
}

/// Every string of a return that comes from the review, with its place as a JSON path:
/// the board, the reference, typology ids and versions, and every code. The rest of a
/// return is the schema's own vocabulary (field names and the names of its fixed values:
/// kinds, sectors, polarity, level, age band), the same for every review, so it cannot
/// carry anything of the case; scanning it would only block a review whose family name
/// happens to be "Child" or "Health".
pub fn strings(ret: &TypologyReturn) -> Vec<(Location, &str)> {
    let mut out = Vec::new();
    visit(ret, &mut |path, text| {
        out.push((
            Location {
                section: "Typology return".to_string(),
                object: path(),
                field: String::new(),
            },
            text,
        ))
    });
    out
}

/// Call `f` with every string of [`strings`] and a function that makes its path (only
/// called when needed: the collation scans thousands of returns).
fn visit<'a>(ret: &'a TypologyReturn, f: &mut dyn FnMut(&dyn Fn() -> String, &'a str)) {
    if let Some(b) = &ret.review.board {
        f(&|| "$.review.board".into(), b);
    }
    if let Some(r) = &ret.review.reference {
        f(&|| "$.review.reference".into(), r);
    }
    f(&|| "$.generator".into(), &ret.generator);
    for (i, t) in ret.typologies.iter().enumerate() {
        f(&|| format!("$.typologies[{i}].id"), &t.id);
        f(&|| format!("$.typologies[{i}].version"), &t.version);
    }
    let mut codes = |list: &'a [Code], path: &dyn Fn() -> String| {
        for (j, c) in list.iter().enumerate() {
            f(&|| format!("{}[{j}].typology", path()), &c.typology);
            f(&|| format!("{}[{j}].code", path()), &c.code);
        }
    };
    for (i, x) in ret.factors.iter().enumerate() {
        codes(&x.codes, &|| format!("$.factors[{i}].codes"));
    }
    for (i, x) in ret.findings.iter().enumerate() {
        codes(&x.codes, &|| format!("$.findings[{i}].codes"));
    }
    for (i, l) in ret.links.iter().enumerate() {
        codes(&l.from, &|| format!("$.links[{i}].from"));
        codes(&l.to, &|| format!("$.links[{i}].to"));
    }
}

/// The review's confidential identifiers (in `checker`) found anywhere in its return;
/// the leak check of a return, run only by [`super::pipeline::leak_check`]. A return
/// repeats the same few strings (typology ids, codes) hundreds of times: each distinct
/// string is scanned once and its hits reported at every place it stands.
pub(super) fn leak_hits_with(checker: &Checker, ret: &TypologyReturn) -> Vec<Hit> {
    let mut distinct: std::collections::HashSet<&str> = std::collections::HashSet::new();
    visit(ret, &mut |_, text| {
        distinct.insert(text);
    });
    let loc = |object: String| Location {
        section: "Typology return".to_string(),
        object,
        field: String::new(),
    };
    let mut hits = Vec::new();
    for text in distinct {
        let found = checker.scan_all([(loc(String::new()), text)]);
        if found.is_empty() {
            continue;
        }
        visit(ret, &mut |path, t| {
            if t == text {
                for hit in &found {
                    hits.push(Hit {
                        location: loc(path()),
                        ..hit.clone()
                    });
                }
            }
        });
    }
    hits.sort();
    hits
}

/// The return as pretty-printed JSON, ending with a newline.
pub fn to_json(ret: &TypologyReturn) -> String {
    let mut s = serde_json::to_string_pretty(ret).unwrap_or_default();
    s.push('\n');
    s
}

/// Why a return file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Not JSON, or not the shape of a return.
    #[error("{line}:{column}: {message}")]
    Invalid {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was wrong.
        message: String,
    },
    /// Not a typology return at all.
    #[error("not a typology return (`schema` is \"{0}\", expected \"{SCHEMA}\")")]
    NotAReturn(String),
    /// A schema version this build does not know.
    #[error(
        "schema version {0} was written by a newer scr-workbench; this one reads up to {SCHEMA_VERSION}"
    )]
    Newer(u32),
}

/// Read a return from JSON bytes, checking its schema and version.
pub fn from_json(bytes: &[u8]) -> Result<TypologyReturn, ReadError> {
    // Look at the header first, so a newer or foreign file gets the right message
    // rather than a complaint about a field this version does not know.
    #[derive(Deserialize)]
    struct Header {
        #[serde(default)]
        schema: String,
        #[serde(default)]
        schema_version: u32,
    }
    let invalid = |e: serde_json::Error| ReadError::Invalid {
        line: e.line().max(1),
        column: e.column().max(1),
        message: e.to_string(),
    };
    let header: Header = serde_json::from_slice(bytes).map_err(invalid)?;
    if header.schema != SCHEMA {
        return Err(ReadError::NotAReturn(header.schema));
    }
    if header.schema_version > SCHEMA_VERSION {
        return Err(ReadError::Newer(header.schema_version));
    }
    serde_json::from_slice(bytes).map_err(invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_bands_at_birthdays() {
        let b = Date::constant(2020, 1, 14);
        assert_eq!(
            AgeBand::at(b, Date::constant(2021, 1, 13)),
            AgeBand::UnderOne
        );
        assert_eq!(
            AgeBand::at(b, Date::constant(2021, 1, 14)),
            AgeBand::OneToFive
        );
        assert_eq!(
            AgeBand::at(b, Date::constant(2026, 1, 13)),
            AgeBand::OneToFive
        );
        assert_eq!(
            AgeBand::at(b, Date::constant(2026, 1, 14)),
            AgeBand::SixToTen
        );
        assert_eq!(
            AgeBand::at(b, Date::constant(2037, 12, 31)),
            AgeBand::SixteenToSeventeen
        );
        assert_eq!(AgeBand::at(b, Date::constant(2038, 1, 14)), AgeBand::Adult);
        assert_eq!(AgeBand::at(b, Date::constant(2019, 1, 1)), AgeBand::Unknown);
    }

    #[test]
    fn round_trip_and_header_checks() {
        let review = crate::synth::review(crate::synth::Size::TYPICAL, 3);
        let ret = build(&review, &[], Options::default());
        let json = to_json(&ret);
        assert_eq!(from_json(json.as_bytes()), Ok(ret.clone()));
        let foreign = json.replace(SCHEMA, "something-else");
        assert!(matches!(
            from_json(foreign.as_bytes()),
            Err(ReadError::NotAReturn(_))
        ));
        let newer = json.replace("\"schema_version\": 1", "\"schema_version\": 9");
        assert_eq!(from_json(newer.as_bytes()), Err(ReadError::Newer(9)));
        let extra = json.replacen("\"review\": {", "\"review\": {\n    \"name\": \"x\",", 1);
        assert!(matches!(
            from_json(extra.as_bytes()),
            Err(ReadError::Invalid { .. })
        ));
    }

    fn leak_hits(review: &Review, ret: &TypologyReturn) -> Vec<Hit> {
        crate::export::pipeline::leak_check(review, crate::export::pipeline::Published::Return(ret))
    }

    #[test]
    fn board_only_when_asked_and_leak_check_sees_it() {
        let mut review = crate::synth::review(crate::synth::Size::TYPICAL, 3);
        review.details.board = "Calder Partnership".into();
        review.people[0].real_names = vec!["Ann Calder".into()];
        let plain = build(&review, &[], Options::default());
        assert_eq!(plain.review.board, None);
        assert!(leak_hits(&review, &plain).is_empty());
        let with = build(
            &review,
            &[],
            Options {
                board: true,
                reference: true,
            },
        );
        let hits = leak_hits(&review, &with);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].location.object, "$.review.board");
    }
}
