//! National collation (issue 6) on real files: a generated corpus of review files and
//! typology returns written into a temporary folder, collated by the library and by the
//! real binary. Every expected count is computed here, independently, from the generated
//! reviews themselves (not from returns, not from the collation's output).

use scr_workbench::collate::{
    self, Collation, End, Filter, Input, Key, Options, Progress, Role, crosswalk, tables,
};
use scr_workbench::export::typology_return as tr;
use scr_workbench::model::*;
use scr_workbench::{store, synth};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A code as the test names it: typology, version, code.
type C = (String, String, String);

/// One count as the test computes it: items and the references of the reviews.
#[derive(Debug, Default, PartialEq, Eq, Clone)]
struct Count {
    items: u64,
    reviews: BTreeSet<String>,
}

impl Count {
    fn add(&mut self, reference: &str, n: u64) {
        self.items += n;
        self.reviews.insert(reference.to_string());
    }
}

/// Everything the test expects, by its own keys.
#[derive(Debug, Default)]
struct Expected {
    reviews: Count,
    by_year: BTreeMap<Option<i16>, Count>,
    by_kind: BTreeMap<ReviewKind, Count>,
    codes: BTreeMap<(Role, C), Count>,
    code_year: BTreeMap<(Role, C, Option<i16>), Count>,
    code_kind: BTreeMap<(Role, C, ReviewKind), Count>,
    code_sector: BTreeMap<(Role, C, Option<Sector>), Count>,
    pairs: BTreeMap<(C, C), Count>,
    /// (from, to, mitigates): `None` is the outcome.
    links: BTreeMap<(Option<C>, Option<C>, bool), Count>,
    uncoded_links: Count,
    unmapped: BTreeMap<C, Count>,
    unknown: BTreeMap<C, Count>,
}

const SIZE: synth::Size = synth::Size {
    entries: 30,
    agencies: 8,
    episodes: 3,
    factors: 15,
    links: 20,
    findings: 4,
    actions: 3,
};

/// The generated corpus: (review, reference it is known by, written as a return?).
fn corpus(n: u64) -> Vec<(Review, String, bool)> {
    (1..=n)
        .map(|i| {
            let mut r = synth::corpus_review(SIZE, i);
            // A few reviews without a commissioning date: the year then comes from the
            // end of the period; one with no dates at all has no year.
            if i % 7 == 0 {
                r.details.commissioned = None;
            }
            if i == 11 {
                r.details.commissioned = None;
                r.details.period_end = None;
                r.details.period_start = None;
            }
            // Some factors without evidence: their sector is "not attributed".
            if i % 4 == 0 {
                for f in r.factors.iter_mut().step_by(3) {
                    f.evidence_entries.clear();
                }
            }
            // A code that is not in its typology (counted as written, and reported).
            if i % 5 == 0
                && let Some(f) = r.factors.iter_mut().find(|f| !f.codes.is_empty())
            {
                f.codes[0].code = "LT9.9".into();
            }
            let as_return = i % 3 == 0;
            let folder = if i % 2 == 0 { "even" } else { "odd/deeper" };
            let reference = if as_return {
                format!("{folder}/return-{i:03}.json")
            } else {
                r.details.reference.clone()
            };
            (r, reference, as_return)
        })
        .collect()
}

/// Write the corpus as real files into `dir`.
fn write_corpus(dir: &Path, corpus: &[(Review, String, bool)]) {
    let typs = store::typologies::builtin();
    for (i, (r, reference, as_return)) in corpus.iter().enumerate() {
        let path = if *as_return {
            dir.join(reference)
        } else {
            let folder = if (i + 1) % 2 == 0 {
                "even"
            } else {
                "odd/deeper"
            };
            dir.join(folder)
                .join(format!("review-{:03}.scr.ron", i + 1))
        };
        std::fs::create_dir_all(path.parent().expect("has a folder")).expect("folder");
        let bytes = if *as_return {
            tr::to_json(&tr::build(r, &typs, tr::Options::default())).into_bytes()
        } else {
            store::to_ron(r).into_bytes()
        };
        std::fs::write(&path, bytes).expect("written");
    }
}

/// The crosswalk's map, read from the shipped file by the test's own reading of its
/// `("FROM", "TO")` lines.
fn shipped_crosswalk_map() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(crosswalk_path()).expect("shipped crosswalk");
    text.lines()
        .filter_map(|l| {
            let l = l.trim().strip_prefix("(\"")?;
            let (from, rest) = l.split_once("\", \"")?;
            let to = rest.strip_suffix("\"),")?;
            Some((from.to_string(), to.to_string()))
        })
        .collect()
}

fn crosswalk_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/crosswalks/lt-patterns-2008-to-lt-findings-2012.ron")
}

/// Compute the expected counts from the reviews. With `map`, lt-patterns 2008.1 codes are
/// translated to lt-findings 2012.1 (unmapped ones kept and noted).
fn expect(
    corpus: &[(Review, String, bool)],
    map: Option<&BTreeMap<String, String>>,
    keep: &dyn Fn(&Review) -> bool,
) -> Expected {
    let mut e = Expected::default();
    for (r, reference, _) in corpus.iter().filter(|(r, _, _)| keep(r)) {
        let d = &r.details;
        let year = d
            .commissioned
            .or(d.period_end)
            .or(d.period_start)
            .map(|x| x.year());
        let version = |t: &str| {
            d.typologies
                .iter()
                .find(|x| x.id == t)
                .map(|x| x.version.clone())
                .expect("listed")
        };
        let mut unmapped_here: Vec<C> = Vec::new();
        let typs = store::typologies::builtin();
        let mut unknown_here: Vec<C> = Vec::new();
        let mut translate = |c: &Code, note: bool| -> C {
            let v = version(&c.typology);
            if let Some(map) = map
                && c.typology == "lt-patterns"
                && v == "2008.1"
            {
                return match map.get(&c.code) {
                    Some(to) => ("lt-findings".into(), "2012.1".into(), to.clone()),
                    None => {
                        let orig = (c.typology.clone(), v, c.code.clone());
                        if note {
                            unmapped_here.push(orig.clone());
                        }
                        orig
                    }
                };
            }
            (c.typology.clone(), v, c.code.clone())
        };
        e.reviews.add(reference, 1);
        e.by_year.entry(year).or_default().add(reference, 1);
        e.by_kind.entry(d.kind).or_default().add(reference, 1);
        let sector_of_entry = |id: &EventId| {
            let entry = r.chronology.iter().find(|x| x.id == *id)?;
            r.agencies
                .iter()
                .find(|a| a.id == entry.agency)
                .map(|a| a.sector)
        };
        let sectors = |entries: &[EventId], episodes: &[EpisodeId]| -> BTreeSet<Sector> {
            let mut ids: Vec<EventId> = entries.to_vec();
            for ep in &r.episodes {
                if episodes.contains(&ep.id) {
                    ids.extend(ep.entries.iter().copied());
                }
            }
            ids.iter().filter_map(sector_of_entry).collect()
        };
        let mut all: BTreeSet<C> = BTreeSet::new();
        let mut items: Vec<(Role, BTreeSet<C>, BTreeSet<Sector>)> = Vec::new();
        for f in &r.factors {
            if f.codes.is_empty() {
                continue;
            }
            let codes: BTreeSet<C> = f.codes.iter().map(|c| translate(c, true)).collect();
            for c in &codes {
                let known = typs
                    .iter()
                    .find(|t| t.id == c.0 && t.version == c.1)
                    .expect("a built-in typology");
                if known.find(&c.2).is_none() {
                    unknown_here.push(c.clone());
                }
            }
            items.push((
                Role::Factor,
                codes,
                sectors(&f.evidence_entries, &f.evidence_episodes),
            ));
        }
        for f in &r.findings {
            let Some(c) = &f.category else { continue };
            let mut s = sectors(&f.evidence_entries, &f.evidence_episodes);
            for fid in &f.evidence_factors {
                if let Some(factor) = r.factors.iter().find(|x| x.id == *fid) {
                    s.extend(sectors(&factor.evidence_entries, &factor.evidence_episodes));
                }
            }
            items.push((Role::Finding, BTreeSet::from([translate(c, true)]), s));
        }
        for (role, codes, secs) in &items {
            let secs: Vec<Option<Sector>> = if secs.is_empty() {
                vec![None]
            } else {
                secs.iter().copied().map(Some).collect()
            };
            for c in codes {
                all.insert(c.clone());
                e.codes
                    .entry((*role, c.clone()))
                    .or_default()
                    .add(reference, 1);
                e.code_year
                    .entry((*role, c.clone(), year))
                    .or_default()
                    .add(reference, 1);
                e.code_kind
                    .entry((*role, c.clone(), d.kind))
                    .or_default()
                    .add(reference, 1);
                for s in &secs {
                    e.code_sector
                        .entry((*role, c.clone(), *s))
                        .or_default()
                        .add(reference, 1);
                }
            }
        }
        for u in unmapped_here {
            e.unmapped.entry(u).or_default().add(reference, 1);
        }
        for u in unknown_here {
            e.unknown.entry(u).or_default().add(reference, 1);
        }
        let all: Vec<C> = all.into_iter().collect();
        for i in 0..all.len() {
            for j in i + 1..all.len() {
                e.pairs
                    .entry((all[i].clone(), all[j].clone()))
                    .or_default()
                    .add(reference, 1);
            }
        }
        for l in &r.links {
            let end = |n: Node| -> Vec<Option<C>> {
                match n {
                    Node::Outcome => vec![None],
                    Node::Factor(id) => r
                        .factors
                        .iter()
                        .find(|f| f.id == id)
                        .map(|f| {
                            f.codes
                                .iter()
                                .map(|c| Some(translate_pure(c, &version(&c.typology), map)))
                                .collect::<BTreeSet<_>>()
                                .into_iter()
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            };
            let (from, to) = (end(l.from), end(l.to));
            if from.is_empty() || to.is_empty() {
                e.uncoded_links.add(reference, 1);
                continue;
            }
            let mut pairs = BTreeSet::new();
            for a in &from {
                for b in &to {
                    pairs.insert((a.clone(), b.clone()));
                }
            }
            for (a, b) in pairs {
                e.links
                    .entry((a, b, l.kind == LinkKind::Mitigates))
                    .or_default()
                    .add(reference, 1);
            }
        }
    }
    e
}

/// The translation without noting unmapped codes (for link ends).
fn translate_pure(c: &Code, version: &str, map: Option<&BTreeMap<String, String>>) -> C {
    if let Some(map) = map
        && c.typology == "lt-patterns"
        && version == "2008.1"
        && let Some(to) = map.get(&c.code)
    {
        return ("lt-findings".into(), "2012.1".into(), to.clone());
    }
    (c.typology.clone(), version.to_string(), c.code.clone())
}

/// The collation's count for a key, as the test's `Count`.
fn got(c: &Collation, key: &Key) -> Count {
    c.cell(key).map_or_else(Count::default, |cell| Count {
        items: cell.items,
        reviews: c.references(cell).into_iter().map(String::from).collect(),
    })
}

fn code_id(c: &Collation, code: &C) -> u32 {
    c.codes
        .iter()
        .position(|x| (&x.typology, &x.version, &x.code) == (&code.0, &code.1, &code.2))
        .unwrap_or_else(|| panic!("{code:?} was not counted")) as u32
}

/// Compare every expected count with the collation, and check it has nothing more.
fn check(c: &Collation, e: &Expected) {
    assert_eq!(got(c, &Key::Reviews), e.reviews);
    assert_eq!(c.reviews.len(), e.reviews.reviews.len());
    for (y, n) in &e.by_year {
        assert_eq!(&got(c, &Key::Year(*y)), n, "year {y:?}");
    }
    for (k, n) in &e.by_kind {
        assert_eq!(&got(c, &Key::Kind(*k)), n, "kind {k:?}");
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for ((role, code), n) in &e.codes {
        let id = code_id(c, code);
        assert_eq!(&got(c, &Key::Code(*role, id)), n, "{role:?} {code:?}");
        *seen.entry("code").or_default() += 1;
    }
    for ((role, code, y), n) in &e.code_year {
        let id = code_id(c, code);
        assert_eq!(
            &got(c, &Key::CodeYear(*role, id, *y)),
            n,
            "{role:?} {code:?} {y:?}"
        );
        *seen.entry("code_year").or_default() += 1;
    }
    for ((role, code, k), n) in &e.code_kind {
        let id = code_id(c, code);
        assert_eq!(&got(c, &Key::CodeKind(*role, id, *k)), n);
        *seen.entry("code_kind").or_default() += 1;
    }
    for ((role, code, s), n) in &e.code_sector {
        let id = code_id(c, code);
        assert_eq!(
            &got(c, &Key::CodeSector(*role, id, *s)),
            n,
            "{role:?} {code:?} {s:?}"
        );
        *seen.entry("code_sector").or_default() += 1;
    }
    for ((a, b), n) in &e.pairs {
        let (x, y) = (code_id(c, a), code_id(c, b));
        assert_eq!(
            &got(c, &Key::Pair(x.min(y), x.max(y))),
            n,
            "{a:?} with {b:?}"
        );
        *seen.entry("pair").or_default() += 1;
    }
    let end = |x: &Option<C>| {
        x.as_ref()
            .map_or(End::Outcome, |code| End::Code(code_id(c, code)))
    };
    for ((a, b, mitigates), n) in &e.links {
        let kind = if *mitigates {
            LinkKind::Mitigates
        } else {
            LinkKind::ContributesTo
        };
        assert_eq!(
            &got(c, &Key::Link(end(a), end(b), kind)),
            n,
            "{a:?} -> {b:?} {kind:?}"
        );
        *seen.entry("link").or_default() += 1;
    }
    assert_eq!(got(c, &Key::UncodedLinks), e.uncoded_links);
    for (code, n) in &e.unmapped {
        let id = code_id(c, code);
        let found: Vec<Count> = c
            .cells
            .keys()
            .filter_map(|k| match k {
                Key::Unmapped(_, x) if *x == id => Some(got(c, k)),
                _ => None,
            })
            .collect();
        assert_eq!(found, vec![n.clone()], "unmapped {code:?}");
        *seen.entry("unmapped").or_default() += 1;
    }
    for (code, n) in &e.unknown {
        let id = code_id(c, code);
        assert_eq!(&got(c, &Key::UnknownCode(id)), n, "unknown {code:?}");
        *seen.entry("unknown").or_default() += 1;
    }
    // Nothing more than expected.
    let mut actual: BTreeMap<&str, usize> = BTreeMap::new();
    for k in c.cells.keys() {
        let name = match k {
            Key::Code(..) => "code",
            Key::CodeYear(..) => "code_year",
            Key::CodeKind(..) => "code_kind",
            Key::CodeSector(..) => "code_sector",
            Key::Pair(..) => "pair",
            Key::Link(..) => "link",
            Key::Unmapped(..) => "unmapped",
            Key::UnknownCode(..) => "unknown",
            _ => continue,
        };
        *actual.entry(name).or_default() += 1;
    }
    assert_eq!(actual, seen);
}

fn options(crosswalks: Vec<collate::Crosswalk>) -> Options {
    Options {
        typologies: store::typologies::builtin(),
        crosswalks,
        threads: 2,
        ..Options::default()
    }
}

fn run(dir: &Path, o: &Options) -> Collation {
    let (inputs, bad) = collate::find_inputs(&[dir.to_path_buf()], &[]);
    assert!(bad.is_empty(), "{bad:?}");
    collate::collate(&inputs, o, &Progress::default())
}

#[test]
fn every_count_of_a_generated_corpus_is_exact() {
    let dir = tempfile::tempdir().expect("temp");
    let corpus = corpus(45);
    write_corpus(dir.path(), &corpus);
    let c = run(dir.path(), &options(vec![]));
    assert!(c.skipped.is_empty(), "{:?}", c.skipped);
    assert_eq!(c.files, 45);
    let e = expect(&corpus, None, &|_| true);
    // The corpus exercises what it should.
    assert_eq!(e.reviews.reviews.len(), 45);
    assert!(e.by_year.contains_key(&None));
    assert!(e.code_sector.keys().any(|(_, _, s)| s.is_some()));
    assert!(e.code_sector.keys().any(|(_, _, s)| s.is_none()));
    assert!(!e.unknown.is_empty());
    assert!(e.links.keys().any(|(_, b, _)| b.is_none()));
    assert!(e.links.keys().any(|(_, _, mitigates)| *mitigates));
    assert!(e.uncoded_links.items > 0);
    assert!(e.codes.len() > 20, "{}", e.codes.len());
    check(&c, &e);
}

#[test]
fn one_thread_or_several_give_the_same_tables() {
    let dir = tempfile::tempdir().expect("temp");
    write_corpus(dir.path(), &corpus(30));
    let s = tables::Settings::default();
    let one = run(
        dir.path(),
        &Options {
            threads: 1,
            ..options(vec![])
        },
    );
    let three = run(
        dir.path(),
        &Options {
            threads: 3,
            ..options(vec![])
        },
    );
    assert_eq!(tables::to_json(&one, s), tables::to_json(&three, s));
}

#[test]
fn a_filter_counts_only_the_reviews_it_admits() {
    let dir = tempfile::tempdir().expect("temp");
    let corpus = corpus(45);
    write_corpus(dir.path(), &corpus);
    let filter = Filter {
        years: Some((2015, 2020)),
        kinds: BTreeSet::from([
            ReviewKind::LocalChildSafeguardingPracticeReview,
            ReviewKind::SeriousCaseReview,
        ]),
        sectors: BTreeSet::new(),
    };
    let c = run(
        dir.path(),
        &Options {
            filter: filter.clone(),
            ..options(vec![])
        },
    );
    let keep = |r: &Review| {
        let d = &r.details;
        let year = d.commissioned.or(d.period_end).or(d.period_start);
        year.is_some_and(|y| (2015..=2020).contains(&y.year())) && filter.kinds.contains(&d.kind)
    };
    let e = expect(&corpus, None, &keep);
    assert!(
        e.reviews.items > 3 && e.reviews.items < 40,
        "{}",
        e.reviews.items
    );
    assert_eq!(c.filtered_out, 45 - e.reviews.items as usize);
    check(&c, &e);
}

#[test]
fn the_shipped_crosswalk_counts_old_codes_with_new_ones_and_reports_the_unmapped() {
    let dir = tempfile::tempdir().expect("temp");
    let corpus = corpus(45);
    write_corpus(dir.path(), &corpus);
    let typs = store::typologies::builtin();
    let x = crosswalk::load(&crosswalk_path(), &typs).expect("the shipped crosswalk loads");
    let c = run(dir.path(), &options(vec![x]));
    let map = shipped_crosswalk_map();
    assert_eq!(map.len(), 34);
    let e = expect(&corpus, Some(&map), &|_| true);
    assert!(!e.unmapped.is_empty(), "the corpus uses LT5.5");
    check(&c, &e);
    // No lt-patterns code is counted except the unmapped one.
    let left: BTreeSet<&str> = c
        .codes
        .iter()
        .filter(|x| x.typology == "lt-patterns")
        .map(|x| x.code.as_str())
        .collect();
    assert_eq!(left, BTreeSet::from(["LT5.5", "LT9.9"]));
    let csv = tables::tables(&c)
        .into_iter()
        .find(|t| t.name == "unmapped_codes")
        .map(|t| tables::to_csv(&t, tables::Settings::default()))
        .expect("table");
    assert!(csv.contains("lt-patterns,2008.1,LT5.5,"), "{csv}");
}

/// A small review coded by hand.
fn hand_review(
    reference: &str,
    typology: (&str, &str),
    factors: &[&[&str]],
    finding: &str,
) -> Review {
    let mut r = Review::new(ReviewKind::SeriousCaseReview);
    r.details.reference = reference.into();
    r.details.commissioned = Some(jiff::civil::date(2016, 5, 1));
    r.details.typologies = vec![TypologyRef {
        id: typology.0.into(),
        version: typology.1.into(),
    }];
    r.factors = factors
        .iter()
        .enumerate()
        .map(|(i, codes)| Factor {
            id: FactorId(i as u32 + 1),
            title: format!("Factor {i}"),
            description: String::new(),
            polarity: Polarity::Hindering,
            level: Level::Team,
            codes: codes
                .iter()
                .map(|c| Code {
                    typology: typology.0.into(),
                    code: (*c).into(),
                })
                .collect(),
            evidence_entries: vec![],
            evidence_episodes: vec![],
            position: Point::default(),
        })
        .collect();
    r.findings = vec![Finding {
        id: FindingId(1),
        headline: "Professionals tend to".into(),
        category: Some(Code {
            typology: typology.0.into(),
            code: finding.into(),
        }),
        in_this_case: String::new(),
        evidence_entries: vec![],
        evidence_episodes: vec![],
        evidence_factors: vec![],
        not_one_off: String::new(),
        research: String::new(),
        why_it_matters: String::new(),
        questions: vec![],
    }];
    r
}

#[test]
fn a_crosswalk_by_hand_two_old_codes_to_one_counted_once_per_factor() {
    let dir = tempfile::tempdir().expect("temp");
    let old = hand_review(
        "OLD-1",
        ("lt-patterns", "2008.1"),
        &[&["LT2.3", "LT2.4"], &["LT5.5"], &["LT2.1"]],
        "LT6",
    );
    let new = hand_review(
        "NEW-1",
        ("lt-findings", "2012.1"),
        &[&["LTF6.2"], &["LTF6.1"]],
        "LTF3",
    );
    store::save(&old, &dir.path().join("old.scr.ron")).expect("saved");
    store::save(&new, &dir.path().join("new.scr.ron")).expect("saved");
    let typs = store::typologies::builtin();
    let x = crosswalk::load(&crosswalk_path(), &typs).expect("loads");
    let c = run(dir.path(), &options(vec![x]));
    let id = |t: &str, v: &str, code: &str| code_id(&c, &(t.into(), v.into(), code.into()));
    let refs = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    let f = "lt-findings";
    // LT2.3 and LT2.4 both become LTF6.2: one factor, counted once; plus NEW-1's.
    let n = got(&c, &Key::Code(Role::Factor, id(f, "2012.1", "LTF6.2")));
    assert_eq!((n.items, n.reviews), (2, refs(&["OLD-1", "NEW-1"])));
    let n = got(&c, &Key::Code(Role::Factor, id(f, "2012.1", "LTF6.1")));
    assert_eq!((n.items, n.reviews), (2, refs(&["OLD-1", "NEW-1"])));
    let n = got(&c, &Key::Code(Role::Finding, id(f, "2012.1", "LTF3")));
    assert_eq!((n.items, n.reviews), (2, refs(&["OLD-1", "NEW-1"])));
    // LT5.5 has no equivalent: counted as itself and reported.
    let lt55 = id("lt-patterns", "2008.1", "LT5.5");
    let n = got(&c, &Key::Code(Role::Factor, lt55));
    assert_eq!((n.items, n.reviews), (1, refs(&["OLD-1"])));
    let n = got(&c, &Key::Unmapped(0, lt55));
    assert_eq!((n.items, n.reviews), (1, refs(&["OLD-1"])));
    assert_eq!(c.codes.len(), 4, "{:?}", c.codes);
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_scr-workbench"))
}

fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn cli_skips_a_corrupt_file_and_an_unknown_typology_with_exit_three() {
    let dir = tempfile::tempdir().expect("temp");
    let input = dir.path().join("in");
    let corpus = corpus(6);
    write_corpus(&input, &corpus);
    // A review cut short, a JSON file that is no return, a review coded with a typology
    // nobody knows.
    let full = store::to_ron(&corpus[0].0);
    std::fs::write(input.join("cut.scr.ron"), &full[..full.len() / 2]).expect("write");
    std::fs::write(input.join("junk.json"), "{\"schema\": 3").expect("write");
    let mut odd = hand_review("ODD-1", ("home-grown", "1"), &[&["HG1"]], "HG2");
    odd.details.title = "Odd".into();
    store::save(&odd, &input.join("home-grown.scr.ron")).expect("saved");
    let out = dir.path().join("out");
    let o = bin()
        .args(["collate", "-o"])
        .arg(&out)
        .arg(&input)
        .args(["--date", "2026-01-02"])
        .output()
        .expect("runs");
    let t = text(&o);
    assert_eq!(o.status.code(), Some(3), "{t}");
    assert!(
        t.contains("collated 6 reviews from 9 files (3 skipped)"),
        "{t}"
    );
    let line = |name: &str| {
        t.lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not reported: {t}"))
            .to_string()
    };
    assert!(
        line("cut.scr.ron").contains("not a valid review: line "),
        "{t}"
    );
    assert!(
        line("junk.json").contains("not a valid typology return"),
        "{t}"
    );
    assert!(
        line("home-grown.scr.ron").contains("unknown typology \"home-grown\" version \"1\""),
        "{t}"
    );
    // The rest were counted and every output written.
    for name in [
        "collation.json",
        "briefing.pdf",
        "codes.csv",
        "skipped.csv",
        "review_index.csv",
    ] {
        assert!(out.join(name).is_file(), "{name} missing");
    }
    let skipped = std::fs::read_to_string(out.join("skipped.csv")).expect("csv");
    assert_eq!(skipped.lines().count(), 4, "{skipped}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("collation.json")).expect("json"))
            .expect("valid json");
    assert_eq!(json["totals"]["reviews"], 6);
    assert_eq!(json["totals"]["skipped"], 3);

    // Without the bad files: exit 0, also with the output inside the folder read, written
    // twice (its own JSON is not read back as a return), named relative to the folder.
    for bad in ["cut.scr.ron", "junk.json", "home-grown.scr.ron"] {
        std::fs::remove_file(input.join(bad)).expect("removed");
    }
    for _ in 0..2 {
        let o = bin()
            .current_dir(&input)
            .args(["collate", "-o", "./results", "."])
            .output()
            .expect("runs");
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        assert!(
            text(&o).contains("collated 6 reviews from 6 files"),
            "{}",
            text(&o)
        );
    }
    // Another run's output is not a return: read from elsewhere, it is reported.
    let o = bin()
        .args(["collate", "--format", "json", "-o"])
        .arg(&out)
        .arg(&input)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(text(&o).contains("collation.json: not a typology return"));
    std::fs::remove_dir_all(input.join("results")).expect("removed");
    let o = bin()
        .args(["collate", "-o"])
        .arg(&out)
        .arg(&input)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("dir");
    let o = bin()
        .args(["collate", "-o"])
        .arg(&out)
        .arg(&empty)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let cw = dir.path().join("bad-crosswalk.ron");
    std::fs::write(&cw, "(crosswalk_version: 1, name: \"x\"").expect("write");
    let o = bin()
        .args(["collate", "-o"])
        .arg(&out)
        .arg(&input)
        .arg("--crosswalk")
        .arg(&cw)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("bad-crosswalk.ron:1:"), "{}", text(&o));
}

#[test]
fn suppression_hides_small_counts_and_every_list_of_reviews() {
    let dir = tempfile::tempdir().expect("temp");
    let corpus = corpus(12);
    write_corpus(&dir.path().join("in"), &corpus);
    let out = dir.path().join("out");
    let o = bin()
        .args(["collate", "--suppress-below", "5", "-o"])
        .arg(&out)
        .arg(dir.path().join("in"))
        .args(["--date", "2026-01-02"])
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(!out.join("review_index.csv").exists());
    let codes = std::fs::read_to_string(out.join("codes_by_year.csv")).expect("csv");
    assert!(!codes.contains("review_numbers"));
    // Every row shows its counts only when they come from 5 reviews or more.
    let mut hidden = 0;
    for line in codes.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let (count, reviews) = (cells[cells.len() - 2], cells[cells.len() - 1]);
        if reviews == "<5" {
            assert_eq!(count, "<5");
            hidden += 1;
        } else {
            assert!(reviews.parse::<u64>().expect("a number") >= 5, "{line}");
        }
    }
    assert!(hidden > 0, "{codes}");
    let json = std::fs::read_to_string(out.join("collation.json")).expect("json");
    assert!(!json.contains("review_numbers") && !json.contains("review_index"));
    assert!(json.contains("\"suppressed\": true"));
    for (_, reference, _) in &corpus {
        assert!(!json.contains(reference.as_str()), "{reference} published");
    }
}

/// Sentences of a text longer than a few words.
fn sentences(text: &str) -> Vec<String> {
    text.split(['.', '?', '!', ';', '\n'])
        .map(str::trim)
        .filter(|s| s.split_whitespace().count() >= 4)
        .map(String::from)
        .collect()
}

#[test]
fn the_sample_return_holds_no_name_date_of_birth_or_narrative() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample_path = root.join("reviews/sample.scr.ron");
    let review = store::load(&sample_path).expect("sample");
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("sample.json");
    let o = bin()
        .args(["export", "return"])
        .arg(&sample_path)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let json = std::fs::read_to_string(&out).expect("written");
    let lower = json.to_lowercase();
    let ret = tr::from_json(json.as_bytes()).expect("a valid return");

    // Names: whole and every part of three letters or more.
    let mut names = 0;
    for p in &review.people {
        for name in &p.real_names {
            for part in std::iter::once(name.as_str()).chain(name.split([' ', '-'])) {
                if part.chars().count() >= 3 {
                    names += 1;
                    assert!(
                        !lower.contains(&part.to_lowercase()),
                        "the name of {} is in the return",
                        p.label
                    );
                }
            }
        }
        for a in &p.addresses {
            assert!(!json.contains(a.as_str()));
        }
    }
    assert!(names > 10);
    for p in &review.panel {
        assert!(!json.contains(p.name.as_str()));
    }
    // Dates of birth, in every written form; and no full date at all.
    let mut births = 0;
    for p in &review.people {
        if let Some(d) = p.date_of_birth {
            births += 1;
            for form in scr_workbench::export::leak::date_forms(d) {
                assert!(!json.contains(&form), "a date of birth ({form})");
            }
        }
    }
    assert!(births >= 5);
    let bytes = json.as_bytes();
    for w in bytes.windows(7) {
        let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
        assert!(
            !(digits(&w[..4]) && w[4] == b'-' && digits(&w[5..7])),
            "a date finer than the year: {}",
            String::from_utf8_lossy(w)
        );
    }
    // Narrative: no sentence of any text the review holds.
    let d = &review.details;
    let mut texts: Vec<&str> = vec![
        &d.title,
        &d.reason,
        &d.parallel_processes,
        &d.family_involvement,
        &d.public_case_summary,
        &review.outcome.title,
    ];
    texts.extend(d.terms_of_reference.iter().map(String::as_str));
    for e in &review.chronology {
        texts.extend([
            e.summary.as_str(),
            &e.detail,
            &e.outcome,
            &e.comment,
            &e.source,
        ]);
    }
    for e in &review.episodes {
        texts.extend([
            e.title.as_str(),
            &e.what_happened,
            &e.why_it_made_sense,
            &e.practitioners_views,
        ]);
    }
    for f in &review.factors {
        texts.extend([f.title.as_str(), &f.description]);
    }
    for f in &review.findings {
        texts.extend([
            f.headline.as_str(),
            &f.in_this_case,
            &f.not_one_off,
            &f.research,
            &f.why_it_matters,
        ]);
        texts.extend(f.questions.iter().map(String::as_str));
    }
    for l in &review.links {
        texts.push(&l.note);
    }
    let all: Vec<String> = texts.iter().flat_map(|t| sentences(t)).collect();
    assert!(all.len() > 500, "{}", all.len());
    for s in &all {
        assert!(!json.contains(s.as_str()), "narrative in the return: {s}");
    }
    for f in &review.factors {
        assert!(!json.contains(f.title.as_str()));
    }
    // And it holds what it should.
    assert_eq!(ret.review.year, Some(2023));
    assert_eq!(ret.review.age_band, tr::AgeBand::OneToFive);
    assert_eq!(ret.review.board, None);
    assert_eq!(
        ret.factors.len(),
        review
            .factors
            .iter()
            .filter(|f| !f.codes.is_empty())
            .count()
    );
    assert_eq!(ret.links.len(), review.links.len());
    assert!(
        scr_workbench::export::pipeline::leak_check(
            &review,
            scr_workbench::export::pipeline::Published::Return(&ret)
        )
        .is_empty()
    );
}

#[test]
fn a_return_with_a_name_in_its_reference_is_refused() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut review = store::load(&root.join("reviews/sample.scr.ron")).expect("sample");
    review.details.reference = "Review of Bethany C".into();
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("named.scr.ron");
    store::save(&review, &path).expect("saved");
    let out = dir.path().join("named.json");
    let o = bin()
        .args(["export", "return", "--reference"])
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(!out.exists());
    // Collated, the same review is skipped, and the reason does not repeat the name.
    let c = collate::collate(
        &[Input {
            path,
            name: "named.scr.ron".into(),
        }],
        &options(vec![]),
        &Progress::default(),
    );
    assert_eq!(c.reviews.len(), 0);
    assert_eq!(c.skipped.len(), 1);
    assert!(c.skipped[0].reason.contains("confidential identifier"));
    assert!(!c.skipped[0].reason.contains("Bethany"));
}

#[test]
fn the_briefing_pdf_shows_the_top_codes_and_names_no_review() {
    let dir = tempfile::tempdir().expect("temp");
    let corpus = corpus(20);
    write_corpus(&dir.path().join("in"), &corpus);
    let out = dir.path().join("out");
    let o = bin()
        .args(["collate", "--format", "pdf", "-o"])
        .arg(&out)
        .arg(dir.path().join("in"))
        .args(["--date", "2026-01-02"])
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        !out.join("codes.csv").exists(),
        "only the PDF was asked for"
    );
    let pdf = out.join("briefing.pdf");
    let t = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils; scripts/install-deps.sh)");
    assert!(t.status.success());
    let t = String::from_utf8_lossy(&t.stdout).to_string();
    for heading in [
        "The reviews counted",
        "Most frequent codes among contributory factors",
        "Most frequent codes among findings",
        "Trends over time",
        "The aggregate causal map",
        "Codes found together",
    ] {
        assert!(t.contains(heading), "{heading} missing");
    }
    assert!(t.contains("20 reviews counted from 20 files"));
    // The factor code in most reviews, with its counts, in the table under the chart.
    let e = expect(&corpus, None, &|_| true);
    let ((_, top), n) = e
        .codes
        .iter()
        .filter(|((r, _), _)| *r == Role::Factor)
        .max_by(|a, b| a.1.reviews.len().cmp(&b.1.reviews.len()).then(b.0.cmp(a.0)))
        .expect("codes");
    let row = t
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("{} ", top.2)) && l.contains(&top.0))
        .unwrap_or_else(|| panic!("no table row for {top:?}"));
    let numbers: Vec<&str> = row.split_whitespace().rev().take(2).collect();
    assert_eq!(
        numbers,
        [n.reviews.len().to_string(), n.items.to_string()],
        "{row}"
    );
    // No review is named.
    for (_, reference, _) in &corpus {
        assert!(
            !t.contains(reference.as_str()),
            "{reference} in the briefing"
        );
    }
}
