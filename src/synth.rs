//! Synthetic reviews of any size, for benchmarks and tests. Deterministic for a seed;
//! every reference resolves and the factor graph is a DAG leading to the outcome.

use crate::model::*;
use jiff::civil::Date;
use std::collections::BTreeSet;

/// Sizes of a synthetic review.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    /// Chronology entries.
    pub entries: usize,
    /// Agencies.
    pub agencies: usize,
    /// Episodes.
    pub episodes: usize,
    /// Factors.
    pub factors: usize,
    /// Links between factors (plus one link to the outcome for each last-layer factor).
    pub links: usize,
    /// Findings.
    pub findings: usize,
    /// Actions.
    pub actions: usize,
}

impl Size {
    /// The benchmark size of issue 2: 50,000 entries, 5,000 factors, 10,000 links.
    pub const LARGE: Size = Size {
        entries: 50_000,
        agencies: 40,
        episodes: 20,
        factors: 5_000,
        links: 10_000,
        findings: 15,
        actions: 30,
    };

    /// A typical review.
    pub const TYPICAL: Size = Size {
        entries: 500,
        agencies: 12,
        episodes: 8,
        factors: 60,
        links: 90,
        findings: 6,
        actions: 15,
    };
}

/// A small deterministic generator (xorshift), so no dependency is needed for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const WORDS: [&str; 24] = [
    "visit",
    "contact",
    "referral",
    "mother",
    "school",
    "nursery",
    "concern",
    "injury",
    "bruise",
    "strategy",
    "discussion",
    "assessment",
    "plan",
    "review",
    "attended",
    "appointment",
    "missed",
    "telephone",
    "letter",
    "health",
    "police",
    "housing",
    "report",
    "child",
];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::from("Child A");
    for _ in 0..words {
        s.push(' ');
        s.push_str(WORDS[rng.below(WORDS.len())]);
    }
    s.push('.');
    s
}

/// The Learning Together pattern codes the factors and findings of [`review`] carry.
const CODES: [&str; 6] = ["LT1", "LT2", "LT3", "LT4", "LT5", "LT6"];

/// Generate a review. The same size and seed give the same review.
pub fn review(size: Size, seed: u64) -> Review {
    let mut rng = Rng(seed.max(1));
    let mut r = Review::new(ReviewKind::LocalChildSafeguardingPracticeReview);
    r.details.title = format!("Synthetic review {seed}");
    r.details.reference = format!("SYN-{seed}");
    r.details.board = "Synthetic Safeguarding Partnership".into();
    r.details.terms_of_reference = vec!["How did agencies work together?".into()];
    r.details.typologies = vec![TypologyRef {
        id: "lt-patterns".into(),
        version: "2008.1".into(),
    }];
    r.agencies = agencies(size);
    r.people = people();
    r.panel = panel();
    r.chronology = chronology(size, &mut rng);
    r.episodes = episodes(size, &mut rng);
    // Factors in layers; links only go from a layer to a later one, so the graph is a DAG.
    let layers = 8usize;
    let per_layer = size.factors.div_ceil(layers).max(1);
    r.factors = factors(size, per_layer, &mut rng);
    r.links = links(size, per_layer, &mut rng);
    r.outcome.position = Point {
        x: (per_layer * 90) as f32,
        y: (layers * 120) as f32,
    };
    r.findings = findings(size, &mut rng);
    r.recommendations = recommendations(size, &r.findings, &mut rng);
    r.actions = actions(size, r.recommendations.len(), &mut rng);
    r.normalise();
    r
}

/// One agency per sector in turn, at least one.
fn agencies(size: Size) -> Vec<Agency> {
    let sectors = Sector::ALL;
    (0..size.agencies.max(1))
        .map(|i| Agency {
            id: AgencyId(i as u32 + 1),
            name: format!("Agency {}", i + 1),
            short_name: format!("AG{}", i + 1),
            sector: sectors[i % sectors.len()],
            import_columns: Default::default(),
        })
        .collect()
}

/// The subject child and the mother.
fn people() -> Vec<Person> {
    vec![
        Person {
            id: PersonId(1),
            label: "Child A".into(),
            real_names: vec!["Synthetic Child".into()],
            date_of_birth: Some(Date::constant(2015, 3, 4)),
            addresses: vec![],
            role: PersonRole::Subject,
            relationship: "Subject".into(),
            agency: None,
        },
        Person {
            id: PersonId(2),
            label: "Mother".into(),
            real_names: vec!["Synthetic Parent".into()],
            date_of_birth: None,
            addresses: vec![],
            role: PersonRole::Family,
            relationship: "Mother".into(),
            agency: None,
        },
    ]
}

/// An independent chair (author, lead reviewer) and the board chair.
fn panel() -> Vec<PanelMember> {
    vec![
        PanelMember {
            id: PanelMemberId(1),
            name: "Independent Chair".into(),
            role: "Independent chair".into(),
            organisation: "Independent".into(),
            agency: None,
            independent: true,
            duties: BTreeSet::from([Duty::PanelChair, Duty::Author, Duty::LeadReviewer]),
        },
        PanelMember {
            id: PanelMemberId(2),
            name: "Board Chair".into(),
            role: "Chair".into(),
            organisation: "Partnership".into(),
            agency: None,
            independent: true,
            duties: BTreeSet::from([Duty::BoardChair]),
        },
    ]
}

/// Entries spread over four years from 2014, a few with uncertain dates and flags.
fn chronology(size: Size, rng: &mut Rng) -> Vec<ChronologyEntry> {
    let start = Date::constant(2014, 1, 1);
    let days = 365 * 4;
    (0..size.entries)
        .map(|i| {
            let day = start
                .checked_add(jiff::Span::new().days((i * days / size.entries.max(1)) as i64))
                .unwrap_or(start);
            let date = match rng.below(20) {
                0 => EventDate::On(DatePoint::Month {
                    year: day.year(),
                    month: day.month(),
                }),
                1 => EventDate::About(DatePoint::Day(day)),
                _ => EventDate::On(DatePoint::Day(day)),
            };
            let seen = [Tri::Yes, Tri::No, Tri::Unknown][rng.below(3)];
            let mut flags = BTreeSet::new();
            if rng.below(25) == 0 {
                flags.insert(Flag::MissedOpportunity);
            }
            if rng.below(30) == 0 {
                flags.insert(Flag::GoodPractice);
            }
            ChronologyEntry {
                id: EventId(i as u32 + 1),
                sequence: (i % 3) as u32,
                date,
                time: None,
                agency: AgencyId(rng.below(size.agencies.max(1)) as u32 + 1),
                source: "Case notes".into(),
                event_type: ["Home visit", "Phone call", "Appointment", "Referral"][rng.below(4)]
                    .into(),
                present: vec![PersonId(1)],
                child_seen: seen,
                views_sought: if seen == Tri::Yes {
                    Tri::Yes
                } else {
                    Tri::Unknown
                },
                summary: sentence(rng, 12),
                detail: sentence(rng, 20),
                outcome: sentence(rng, 5),
                comment: String::new(),
                flags,
                provenance: None,
            }
        })
        .collect()
}

/// Episodes of ten entries each, spread over the chronology.
fn episodes(size: Size, rng: &mut Rng) -> Vec<Episode> {
    (0..size.episodes)
        .map(|i| {
            let first = i * size.entries / size.episodes.max(1);
            let entries = (first..(first + 10).min(size.entries))
                .map(|e| EventId(e as u32 + 1))
                .collect();
            Episode {
                id: EpisodeId(i as u32 + 1),
                title: format!("Episode {}", i + 1),
                start: None,
                end: None,
                entries,
                appraisal: [
                    Appraisal::Good,
                    Appraisal::AsExpected,
                    Appraisal::Problematic,
                ][i % 3],
                what_happened: sentence(rng, 30),
                why_it_made_sense: sentence(rng, 30),
                practitioners_views: sentence(rng, 20),
            }
        })
        .collect()
}

/// Factors in layers of `per_layer`, each with one code and one piece of evidence.
fn factors(size: Size, per_layer: usize, rng: &mut Rng) -> Vec<Factor> {
    (0..size.factors)
        .map(|i| Factor {
            id: FactorId(i as u32 + 1),
            title: format!("Factor {}", i + 1),
            description: sentence(rng, 10),
            polarity: if rng.below(5) == 0 {
                Polarity::Supporting
            } else {
                Polarity::Hindering
            },
            level: Level::ALL[rng.below(Level::ALL.len())],
            codes: vec![Code {
                typology: "lt-patterns".into(),
                code: CODES[rng.below(CODES.len())].into(),
            }],
            evidence_entries: if size.entries > 0 {
                vec![EventId(rng.below(size.entries) as u32 + 1)]
            } else {
                vec![]
            },
            evidence_episodes: vec![],
            position: Point {
                x: ((i % per_layer) * 180) as f32,
                y: ((i / per_layer) * 120) as f32,
            },
        })
        .collect()
}

/// Links from each layer to later ones only (so the graph is a DAG), and from the last
/// layer to the outcome.
fn links(size: Size, per_layer: usize, rng: &mut Rng) -> Vec<FactorLink> {
    let mut seen_links = BTreeSet::new();
    let mut links = Vec::new();
    let layer_of = |i: usize| i / per_layer;
    let mut tries = 0;
    while links.len() < size.links && tries < size.links * 20 && size.factors > per_layer {
        tries += 1;
        let a = rng.below(size.factors);
        let b = rng.below(size.factors);
        if layer_of(a) >= layer_of(b) || !seen_links.insert((a, b)) {
            continue;
        }
        links.push((
            Node::Factor(FactorId(a as u32 + 1)),
            Node::Factor(FactorId(b as u32 + 1)),
        ));
    }
    for i in 0..size.factors {
        if layer_of(i) + 1 >= size.factors.div_ceil(per_layer) {
            links.push((Node::Factor(FactorId(i as u32 + 1)), Node::Outcome));
        }
    }
    links
        .into_iter()
        .enumerate()
        .map(|(i, (from, to))| FactorLink {
            id: LinkId(i as u32 + 1),
            from,
            to,
            kind: LinkKind::ContributesTo,
            note: String::new(),
        })
        .collect()
}

/// One finding per code in turn (none without entries to evidence them).
fn findings(size: Size, rng: &mut Rng) -> Vec<Finding> {
    (0..size.findings)
        .map(|i| Finding {
            id: FindingId(i as u32 + 1),
            headline: format!("Professionals tend to {}", sentence(rng, 6)),
            category: Some(Code {
                typology: "lt-patterns".into(),
                code: CODES[i % CODES.len()].into(),
            }),
            in_this_case: sentence(rng, 30),
            evidence_entries: vec![EventId(1)],
            evidence_episodes: vec![],
            evidence_factors: if size.factors > 0 {
                vec![FactorId(1)]
            } else {
                vec![]
            },
            not_one_off: sentence(rng, 20),
            research: sentence(rng, 20),
            why_it_matters: sentence(rng, 20),
            questions: vec![sentence(rng, 10)],
        })
        .filter(|_| size.entries > 0)
        .collect()
}

/// One recommendation per finding, at least one.
fn recommendations(size: Size, findings: &[Finding], rng: &mut Rng) -> Vec<Recommendation> {
    let recs = size.findings.max(1);
    (0..recs)
        .map(|i| Recommendation {
            id: RecommendationId(i as u32 + 1),
            text: sentence(rng, 15),
            findings: findings.get(i).map(|f| vec![f.id]).unwrap_or_default(),
            addressee: "Safeguarding partners".into(),
        })
        .collect()
}

/// Actions spread over the recommendations, agencies and statuses.
fn actions(size: Size, recs: usize, rng: &mut Rng) -> Vec<Action> {
    (0..size.actions)
        .map(|i| Action {
            id: ActionId(i as u32 + 1),
            recommendation: RecommendationId((i % recs) as u32 + 1),
            text: sentence(rng, 12),
            owner: Some(AgencyId((i % size.agencies.max(1)) as u32 + 1)),
            due: Some(Date::constant(2025, 6, 30)),
            success_measure: sentence(rng, 8),
            status: ActionStatus::ALL[i % 4],
            progress: vec![],
        })
        .collect()
}

/// Factor codes of the generated corpus, most frequent first.
const CORPUS_FACTOR_CODES: [&str; 20] = [
    "LT6.2", "LT2.1", "LT4.3", "LT6.1", "LT5.1", "LT2.3", "LT5.4", "LT4.1", "LT1.2", "LT3.4",
    "LT5.5", "LT6.3", "LT4.4", "LT2.4", "LT5.3", "LT1.5", "LT3.1", "LT6.4", "LT2.5", "LT1.1",
];

/// National panel themes some factors carry as a second code.
const CORPUS_THEMES: [&str; 8] = [
    "NP1.1", "NP2.2", "NP3.1", "NP4.2", "NP5.2", "NP6.1", "NP3.3", "NP1.3",
];

/// Finding categories, most frequent first (two of the older scheme's top-level codes
/// among them, as older reviews were coded).
const CORPUS_FINDING_CODES: [(&str, &str); 10] = [
    ("lt-findings", "LTF3.2"),
    ("lt-findings", "LTF2.2"),
    ("lt-findings", "LTF4.3"),
    ("lt-findings", "LTF6.1"),
    ("lt-patterns", "LT6"),
    ("lt-findings", "LTF1.1"),
    ("lt-findings", "LTF3.4"),
    ("lt-patterns", "LT4"),
    ("lt-findings", "LTF5.2"),
    ("lt-findings", "LTF2.4"),
];

/// A review of a generated corpus for national collation: like [`review`], but the kind,
/// the year (2012 to 2024), the subject's age, the number of agencies and the codes vary
/// with the seed, codes are skewed so that some are far more frequent than others, and
/// factors carry zero, one or two codes (a sub-code of the Learning Together patterns, and
/// sometimes a national panel theme). Deterministic for a size and seed.
pub fn corpus_review(size: Size, seed: u64) -> Review {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let size = Size {
        agencies: 3 + rng.below(size.agencies.max(4) - 2),
        ..size
    };
    let mut r = review(size, seed);
    const KINDS: [ReviewKind; 8] = [
        ReviewKind::LocalChildSafeguardingPracticeReview,
        ReviewKind::LocalChildSafeguardingPracticeReview,
        ReviewKind::LocalChildSafeguardingPracticeReview,
        ReviewKind::SeriousCaseReview,
        ReviewKind::SeriousCaseReview,
        ReviewKind::RapidReview,
        ReviewKind::ChildPracticeReview,
        ReviewKind::LearningReview,
    ];
    r.details.kind = KINDS[rng.below(KINDS.len())];
    let year = 2012 + rng.below(13) as i16;
    let commissioned = Date::new(year, 1 + rng.below(12) as i8, 1 + rng.below(28) as i8)
        .unwrap_or(Date::constant(2020, 1, 1));
    let end = commissioned
        .checked_sub(jiff::Span::new().days(20 + rng.below(200) as i64))
        .unwrap_or(commissioned);
    r.details.commissioned = Some(commissioned);
    r.details.period_end = Some(end);
    r.details.period_start = end.checked_sub(jiff::Span::new().days(700)).ok();
    let age_days = rng.below(17 * 365) as i64;
    if let Some(p) = r.people.iter_mut().find(|p| p.role == PersonRole::Subject) {
        p.date_of_birth = end.checked_sub(jiff::Span::new().days(age_days)).ok();
    }
    r.details.typologies = [
        ("lt-findings", "2012.1"),
        ("lt-patterns", "2008.1"),
        ("national-panel-themes", "2021.1"),
    ]
    .map(|(id, version)| TypologyRef {
        id: id.into(),
        version: version.into(),
    })
    .to_vec();
    let skewed = |rng: &mut Rng, n: usize| rng.below(n).min(rng.below(n));
    // Each review draws on its own handful of codes: the first in the list are in most
    // reviews, the last in few; workforce pressure (LT2.1) grows over the years and
    // hearing the child (LT5.4) fades, so the trend has something to show.
    let n = CORPUS_FACTOR_CODES.len();
    let mut pool: Vec<&str> = Vec::new();
    for (i, code) in CORPUS_FACTOR_CODES.iter().enumerate() {
        let mut percent = 90 - 80 * i / (n - 1);
        let years = (year - 2012) as usize;
        if *code == "LT2.1" {
            percent = 20 + 6 * years;
        } else if *code == "LT5.4" {
            percent = 85 - 6 * years;
        }
        if rng.below(100) < percent {
            pool.push(code);
        }
    }
    if pool.is_empty() {
        pool.push(CORPUS_FACTOR_CODES[0]);
    }
    for f in &mut r.factors {
        f.codes.clear();
        if rng.below(10) == 0 {
            continue;
        }
        f.codes.push(Code {
            typology: "lt-patterns".into(),
            code: pool[rng.below(pool.len())].into(),
        });
        if rng.below(4) == 0 {
            f.codes.push(Code {
                typology: "national-panel-themes".into(),
                code: CORPUS_THEMES[skewed(&mut rng, CORPUS_THEMES.len())].into(),
            });
        }
    }
    for f in &mut r.findings {
        let (typology, code) = CORPUS_FINDING_CODES[skewed(&mut rng, CORPUS_FINDING_CODES.len())];
        f.category = Some(Code {
            typology: typology.into(),
            code: code.into(),
        });
    }
    // Some links mitigate.
    for l in &mut r.links {
        if rng.below(8) == 0 {
            l.kind = LinkKind::Mitigates;
        }
    }
    r.details.reference = format!("CORPUS-{seed:05}");
    r.normalise();
    r
}

/// The size of the corpus reviews in tests and the collation benchmark: about the size of
/// the sample review's coding (100 entries, 40 factors, 50 links, 5 findings).
pub const CORPUS: Size = Size {
    entries: 100,
    agencies: 12,
    episodes: 5,
    factors: 40,
    links: 50,
    findings: 5,
    actions: 10,
};
