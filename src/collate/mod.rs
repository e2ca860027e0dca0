//! National collation (issue 6): counts of typology codes across many reviews, read from
//! any mix of review files (`.scr.ron`, turned into their typology return in memory) and
//! typology returns (`.json`, see [`crate::export::typology_return`]).
//!
//! What is counted (the README's "National collation" has the same list for users):
//! - each code among factors and among findings: the number of items (factors, findings)
//!   carrying it and the number of reviews; the same by year, by kind of review and by the
//!   sector of the agencies whose records evidence the item ("not attributed" when none);
//! - co-occurrence: the reviews in which two codes both appear (factors and findings);
//! - the aggregate causal map: how many links, and in how many reviews, go from a factor
//!   coded X to a factor coded Y (or to the outcome), by kind of link;
//! - reviews by year, kind, age band and sector involved.
//!
//! Every count keeps the list of reviews behind it (drill-down). Codes are mapped through
//! crosswalks first; a code a crosswalk does not map is counted under its own code and
//! listed as unmapped. A file that cannot be read, is not valid, or uses a typology that
//! is not known is skipped and listed with the reason; the rest are still counted.
//!
//! Scale: files are read and reduced one at a time by a few worker threads, each into its
//! own partial counts, merged at the end. No review is held after it has been counted, so
//! memory grows only with the number of distinct counts and the drill-down lists (four
//! bytes per review per count it is part of).

pub mod briefing;
pub mod charts;
pub mod crosswalk;
pub mod tables;

pub use crosswalk::Crosswalk;

use crate::export::pipeline;
use crate::export::typology_return::{self as tr, AgeBand, TypologyReturn};
use crate::model::*;
use crate::store::LoadError;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Where a code was used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// On a contributory factor.
    Factor,
    /// As a finding's category.
    Finding,
}

impl Role {
    /// Both roles.
    pub const ALL: [Role; 2] = [Role::Factor, Role::Finding];

    /// Name in tables.
    pub fn name(self) -> &'static str {
        match self {
            Role::Factor => "factor",
            Role::Finding => "finding",
        }
    }

    /// Plural for people.
    pub fn plural(self) -> &'static str {
        match self {
            Role::Factor => "factors",
            Role::Finding => "findings",
        }
    }
}

/// One end of a link in the aggregate causal map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum End {
    /// A code (an index into [`Collation::codes`]).
    Code(u32),
    /// The outcome.
    Outcome,
}

/// What a count is of. Code numbers index [`Collation::codes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// Every review counted.
    Reviews,
    /// Reviews of a year (`None`: no year).
    Year(Option<i16>),
    /// Reviews of a kind.
    Kind(ReviewKind),
    /// Reviews by the subject's age band.
    AgeBand(AgeBand),
    /// Reviews in which an agency of a sector was involved.
    Sector(Sector),
    /// A code in a role.
    Code(Role, u32),
    /// A code in a role, in reviews of a year.
    CodeYear(Role, u32, Option<i16>),
    /// A code in a role, in reviews of a kind.
    CodeKind(Role, u32, ReviewKind),
    /// A code in a role, on items evidenced by a sector (`None`: not attributed).
    CodeSector(Role, u32, Option<Sector>),
    /// Two codes (the smaller number first) in the same review.
    Pair(u32, u32),
    /// Links from one code to another (or the outcome).
    Link(End, End, LinkKind),
    /// Links with an end that is a factor without codes (not in the causal map).
    UncodedLinks,
    /// A code (its number) that a crosswalk (its index) does not map.
    Unmapped(u16, u32),
    /// A code that is not in its typology.
    UnknownCode(u32),
}

/// A count and the reviews behind it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    /// Items counted: factors, findings, links; for review-level keys, reviews.
    pub items: u64,
    /// The reviews behind the count, as indices into [`Collation::reviews`], ascending.
    pub reviews: Vec<u32>,
}

impl Cell {
    fn add(&mut self, review: u32, n: u64) {
        self.items += n;
        if self.reviews.last() != Some(&review) {
            self.reviews.push(review);
        }
    }
}

/// A code as counted (after crosswalks).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CodeInfo {
    /// Typology id.
    pub typology: String,
    /// Typology version.
    pub version: String,
    /// The code.
    pub code: String,
    /// Its name in the typology ("" when the typology or code is not known).
    pub name: String,
}

impl CodeInfo {
    /// "LT2.1 Demand outstripping capacity", or the code alone.
    pub fn label(&self) -> String {
        if self.name.is_empty() {
            self.code.clone()
        } else {
            format!("{} {}", self.code, self.name)
        }
    }
}

/// A review that was counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewInfo {
    /// How the national body finds it: the review's reference, else the file's name.
    pub reference: String,
    /// The file, relative to the folder it was found in.
    pub file: String,
    /// Kind.
    pub kind: ReviewKind,
    /// Year.
    pub year: Option<i16>,
    /// The subject's age band.
    pub age_band: AgeBand,
    /// Sectors involved.
    pub sectors: Vec<Sector>,
}

/// A file that was not counted, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file.
    pub file: PathBuf,
    /// Why (never containing case content).
    pub reason: String,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.reason)
    }
}

/// Which reviews to count. Empty sets mean all.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    /// First and last year, inclusive (reviews without a year are left out when set).
    pub years: Option<(i16, i16)>,
    /// Kinds of review.
    pub kinds: BTreeSet<ReviewKind>,
    /// Reviews in which an agency of one of these sectors was involved.
    pub sectors: BTreeSet<Sector>,
}

impl Filter {
    /// Whether a review passes.
    pub fn admits(&self, ret: &TypologyReturn) -> bool {
        let year_ok = match (self.years, ret.review.year) {
            (None, _) => true,
            (Some((a, b)), Some(y)) => a <= y && y <= b,
            (Some(_), None) => false,
        };
        year_ok
            && (self.kinds.is_empty() || self.kinds.contains(&ret.review.kind))
            && (self.sectors.is_empty()
                || ret
                    .sectors
                    .iter()
                    .any(|s| s.agencies > 0 && self.sectors.contains(&s.sector)))
    }

    /// True when it admits everything.
    pub fn is_empty(&self) -> bool {
        self.years.is_none() && self.kinds.is_empty() && self.sectors.is_empty()
    }
}

/// How to collate.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The typologies known: a code's typology (id and version) must be one of these or
    /// the source of a crosswalk.
    pub typologies: Vec<Typology>,
    /// Crosswalks, applied in turn (a code may pass through several).
    pub crosswalks: Vec<Crosswalk>,
    /// Count every code as its top-level category.
    pub top_level: bool,
    /// Which reviews to count.
    pub filter: Filter,
    /// Worker threads (0: one per core).
    pub threads: usize,
}

/// Progress, shared with whoever started the collation (the GUI's progress bar).
#[derive(Debug, Default)]
pub struct Progress {
    /// Files to read.
    pub total: AtomicUsize,
    /// Files read so far.
    pub done: AtomicUsize,
    /// Set to stop early; the collation then says it was cancelled.
    pub cancel: AtomicBool,
}

/// A file to read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    /// Where it is.
    pub path: PathBuf,
    /// Its path relative to the folder it was found in (its reference when a return).
    pub name: String,
}

/// The result of a collation.
#[derive(Debug, Clone, Default)]
pub struct Collation {
    /// The codes counted, sorted by typology, version and code.
    pub codes: Vec<CodeInfo>,
    /// Every count.
    pub cells: HashMap<Key, Cell>,
    /// The reviews counted, in file order.
    pub reviews: Vec<ReviewInfo>,
    /// Files not counted, in file order.
    pub skipped: Vec<Skipped>,
    /// Files found.
    pub files: usize,
    /// Reviews read but left out by the filter.
    pub filtered_out: usize,
    /// The crosswalks applied (names), in order.
    pub crosswalks: Vec<String>,
    /// Whether codes were counted as their top-level categories.
    pub top_level: bool,
    /// The filter applied.
    pub filter: Filter,
    /// Stopped before every file was read.
    pub cancelled: bool,
}

impl Collation {
    /// A count, if any.
    pub fn cell(&self, key: &Key) -> Option<&Cell> {
        self.cells.get(key)
    }

    /// The references of the reviews behind a count.
    pub fn references(&self, cell: &Cell) -> Vec<&str> {
        cell.reviews
            .iter()
            .filter_map(|&i| self.reviews.get(i as usize))
            .map(|r| r.reference.as_str())
            .collect()
    }

    /// A code by number.
    pub fn code(&self, id: u32) -> Option<&CodeInfo> {
        self.codes.get(id as usize)
    }

    /// Reviews counted.
    pub fn review_count(&self) -> usize {
        self.reviews.len()
    }

    /// Links with an uncoded end.
    pub fn uncoded_links(&self) -> u64 {
        self.cell(&Key::UncodedLinks).map_or(0, |c| c.items)
    }
}

/// Find review files (`*.scr.ron`) and returns (`*.json`) in folders, recursively, in
/// path order. A path that is a file is taken whatever its name. Hidden files and
/// folders (starting with `.`) and folders under `exclude` (compared as real paths) are
/// left out. A folder that
/// cannot be read is reported.
pub fn find_inputs(roots: &[PathBuf], exclude: &[PathBuf]) -> (Vec<Input>, Vec<Skipped>) {
    fn wanted(name: &str) -> bool {
        !name.starts_with('.') && (name.ends_with(".scr.ron") || name.ends_with(".json"))
    }
    fn walk(
        dir: &Path,
        root: &Path,
        exclude: &[PathBuf],
        out: &mut Vec<Input>,
        bad: &mut Vec<Skipped>,
    ) {
        // Compare real paths, so that `-o out` excludes `./out` as well.
        let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if exclude.iter().any(|e| real.starts_with(e)) {
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                bad.push(Skipped {
                    file: dir.to_path_buf(),
                    reason: format!("cannot read the folder: {e}"),
                });
                return;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                walk(&path, root, exclude, out, bad);
            } else if wanted(&name) {
                let rel = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(Input { path, name: rel });
            }
        }
    }
    let exclude: Vec<PathBuf> = exclude
        .iter()
        .map(|e| std::fs::canonicalize(e).unwrap_or_else(|_| e.clone()))
        .collect();
    let exclude = exclude.as_slice();
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for root in roots {
        if root.is_file() {
            let name = root
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            out.push(Input {
                path: root.clone(),
                name,
            });
        } else if root.is_dir() {
            walk(root, root, exclude, &mut out, &mut bad);
        } else {
            bad.push(Skipped {
                file: root.clone(),
                reason: "no such file or folder".to_string(),
            });
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.path == b.path);
    (out, bad)
}

/// What the workers share, read-only.
struct Context<'a> {
    options: &'a Options,
    known: HashMap<(&'a str, &'a str), &'a Typology>,
    crosswalk_from: HashMap<(&'a str, &'a str), usize>,
}

impl<'a> Context<'a> {
    fn new(options: &'a Options) -> Context<'a> {
        Context {
            options,
            known: options
                .typologies
                .iter()
                .map(|t| ((t.id.as_str(), t.version.as_str()), t))
                .collect(),
            crosswalk_from: options
                .crosswalks
                .iter()
                .enumerate()
                .rev()
                .map(|(i, x)| ((x.from.id.as_str(), x.from.version.as_str()), i))
                .collect(),
        }
    }
}

/// A code after crosswalks: its local number, and what to report about it.
#[derive(Debug, Clone, Copy)]
struct Mapped {
    id: u32,
    /// The crosswalk that did not map it, and the original code's local number.
    unmapped: Option<(u16, u32)>,
    /// The code is not in its (known) typology.
    unknown: bool,
}

/// One worker's counts; code numbers are its own until the merge.
#[derive(Default)]
struct Partial {
    ids: HashMap<(String, String, String), u32>,
    codes: Vec<(String, String, String)>,
    memo: HashMap<String, Mapped>,
    cells: HashMap<Key, Cell>,
    reviews: Vec<(u32, ReviewInfo)>,
    skipped: Vec<(u32, Skipped)>,
    filtered_out: usize,
}

/// A review's codes after mapping, ready to count.
struct Prepared {
    factors: Vec<(Vec<Mapped>, Vec<Option<Sector>>)>,
    findings: Vec<(Vec<Mapped>, Vec<Option<Sector>>)>,
    links: Vec<(Vec<End>, Vec<End>, LinkKind)>,
}

impl Partial {
    fn intern(&mut self, typology: &str, version: &str, code: &str) -> u32 {
        let key = (typology.to_string(), version.to_string(), code.to_string());
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = self.codes.len() as u32;
        self.codes.push(key.clone());
        self.ids.insert(key, id);
        id
    }

    /// Map one code through the crosswalks (memoised).
    fn map(
        &mut self,
        ctx: &Context,
        versions: &HashMap<&str, &str>,
        code: &Code,
    ) -> Result<Mapped, String> {
        let Some(&version) = versions.get(code.typology.as_str()) else {
            return Err(format!(
                "a code uses the typology \"{}\", which the file does not list",
                code.typology
            ));
        };
        let memo_key = format!("{}\u{1f}{version}\u{1f}{}", code.typology, code.code);
        if let Some(m) = self.memo.get(&memo_key) {
            return Ok(*m);
        }
        let (mut typ, mut ver, mut c) = (
            code.typology.clone(),
            version.to_string(),
            code.code.clone(),
        );
        if !ctx.known.contains_key(&(typ.as_str(), ver.as_str()))
            && !ctx
                .crosswalk_from
                .contains_key(&(typ.as_str(), ver.as_str()))
        {
            return Err(format!(
                "unknown typology \"{typ}\" version \"{ver}\" (not built in, not in --typologies, no crosswalk from it)"
            ));
        }
        let mut unmapped = None;
        // Each crosswalk at most once, so a cycle of crosswalks cannot loop.
        let mut used = BTreeSet::new();
        while let Some(&i) = ctx.crosswalk_from.get(&(typ.as_str(), ver.as_str())) {
            if !used.insert(i) {
                break;
            }
            let x = &ctx.options.crosswalks[i];
            match x.map.get(&c) {
                Some(target) => {
                    typ = x.to.id.clone();
                    ver = x.to.version.clone();
                    c = target.clone();
                }
                None => {
                    let orig = self.intern(&typ, &ver, &c);
                    unmapped = Some((i as u16, orig));
                    break;
                }
            }
        }
        let mut unknown = false;
        if let Some(t) = ctx.known.get(&(typ.as_str(), ver.as_str())) {
            match t.find(&c) {
                None => unknown = true,
                Some(_) if ctx.options.top_level => {
                    if let Some(top) = t.top_level_of(&c) {
                        c = top.code.clone();
                    }
                }
                Some(_) => {}
            }
        }
        let mapped = Mapped {
            id: self.intern(&typ, &ver, &c),
            unmapped,
            unknown,
        };
        self.memo.insert(memo_key, mapped);
        Ok(mapped)
    }

    /// Map every code of a return; an error skips the whole file.
    fn prepare(&mut self, ctx: &Context, ret: &TypologyReturn) -> Result<Prepared, String> {
        let versions: HashMap<&str, &str> = ret
            .typologies
            .iter()
            .map(|t| (t.id.as_str(), t.version.as_str()))
            .collect();
        let codes = |p: &mut Partial, list: &[Code]| -> Result<Vec<Mapped>, String> {
            let mut out: Vec<Mapped> = Vec::with_capacity(list.len());
            for c in list {
                let m = p.map(ctx, &versions, c)?;
                if !out.iter().any(|o| o.id == m.id) {
                    out.push(m);
                }
            }
            Ok(out)
        };
        let sectors = |list: &[Sector]| -> Vec<Option<Sector>> {
            let mut s: Vec<Option<Sector>> = list.iter().copied().map(Some).collect();
            s.sort();
            s.dedup();
            if s.is_empty() {
                s.push(None);
            }
            s
        };
        let mut factors = Vec::with_capacity(ret.factors.len());
        for f in &ret.factors {
            factors.push((codes(self, &f.codes)?, sectors(&f.sectors)));
        }
        let mut findings = Vec::with_capacity(ret.findings.len());
        for f in &ret.findings {
            findings.push((codes(self, &f.codes)?, sectors(&f.sectors)));
        }
        let mut links = Vec::with_capacity(ret.links.len());
        for l in &ret.links {
            let end = |p: &mut Partial, list: &[Code], outcome: bool| -> Result<Vec<End>, String> {
                let mut ends: Vec<End> = codes(p, list)?.iter().map(|m| End::Code(m.id)).collect();
                if outcome {
                    ends.push(End::Outcome);
                }
                Ok(ends)
            };
            let from = end(self, &l.from, l.from_outcome)?;
            let to = end(self, &l.to, l.to_outcome)?;
            links.push((from, to, l.kind));
        }
        Ok(Prepared {
            factors,
            findings,
            links,
        })
    }

    fn add(&mut self, key: Key, review: u32, n: u64) {
        self.cells.entry(key).or_default().add(review, n);
    }

    /// Count one review (`idx`: its place in the input list).
    fn count(&mut self, idx: u32, ret: &TypologyReturn, p: &Prepared) {
        let r = &ret.review;
        self.add(Key::Reviews, idx, 1);
        self.add(Key::Year(r.year), idx, 1);
        self.add(Key::Kind(r.kind), idx, 1);
        self.add(Key::AgeBand(r.age_band), idx, 1);
        for s in &ret.sectors {
            if s.agencies > 0 {
                self.add(Key::Sector(s.sector), idx, 1);
            }
        }
        let mut all = BTreeSet::new();
        for (role, items) in [(Role::Factor, &p.factors), (Role::Finding, &p.findings)] {
            for (codes, sectors) in items {
                for m in codes {
                    let c = m.id;
                    all.insert(c);
                    self.add(Key::Code(role, c), idx, 1);
                    self.add(Key::CodeYear(role, c, r.year), idx, 1);
                    self.add(Key::CodeKind(role, c, r.kind), idx, 1);
                    for s in sectors {
                        self.add(Key::CodeSector(role, c, *s), idx, 1);
                    }
                    if let Some((x, orig)) = m.unmapped {
                        self.add(Key::Unmapped(x, orig), idx, 1);
                    }
                    if m.unknown {
                        self.add(Key::UnknownCode(c), idx, 1);
                    }
                }
            }
        }
        let all: Vec<u32> = all.into_iter().collect();
        for (i, &a) in all.iter().enumerate() {
            for &b in &all[i + 1..] {
                self.add(Key::Pair(a, b), idx, 1);
            }
        }
        let mut pairs = Vec::new();
        for (from, to, kind) in &p.links {
            if from.is_empty() || to.is_empty() {
                self.add(Key::UncodedLinks, idx, 1);
                continue;
            }
            pairs.clear();
            for &a in from {
                for &b in to {
                    pairs.push((a, b));
                }
            }
            pairs.sort();
            pairs.dedup();
            for &(a, b) in &pairs {
                self.add(Key::Link(a, b, *kind), idx, 1);
            }
        }
    }

    /// Read, check and count one file.
    fn take(&mut self, idx: u32, input: &Input, ctx: &Context) {
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            read_input(input, &ctx.options.typologies)
        }))
        .unwrap_or_else(|_| Err("an internal error while reading it (please report)".into()));
        let result = read.and_then(|(ret, reference)| {
            let prepared = self.prepare(ctx, &ret)?;
            Ok((ret, reference, prepared))
        });
        let (ret, reference, prepared) = match result {
            Ok(x) => x,
            Err(reason) => {
                self.skipped.push((
                    idx,
                    Skipped {
                        file: input.path.clone(),
                        reason,
                    },
                ));
                return;
            }
        };
        if !ctx.options.filter.admits(&ret) {
            self.filtered_out += 1;
            return;
        }
        self.count(idx, &ret, &prepared);
        self.reviews.push((
            idx,
            ReviewInfo {
                reference,
                file: input.name.clone(),
                kind: ret.review.kind,
                year: ret.review.year,
                age_band: ret.review.age_band,
                sectors: ret
                    .sectors
                    .iter()
                    .filter(|s| s.agencies > 0)
                    .map(|s| s.sector)
                    .collect(),
            },
        ));
    }
}

/// Read one file as a return, with the reference it is known by. A review file is turned
/// into its return, which must pass the review's leak check.
pub fn read_input(
    input: &Input,
    typologies: &[Typology],
) -> Result<(TypologyReturn, String), String> {
    let bytes = std::fs::read(&input.path).map_err(|e| format!("cannot read the file: {e}"))?;
    if input.name.ends_with(".json") {
        let ret = tr::from_json(&bytes).map_err(|e| match e {
            tr::ReadError::Invalid { .. } => format!("not a valid typology return: {e}"),
            e => e.to_string(),
        })?;
        return Ok((ret, input.name.clone()));
    }
    let review = crate::store::from_bytes(&bytes, &input.path).map_err(|e| match e {
        LoadError::Syntax {
            line, col, message, ..
        } => format!("not a valid review: line {line}, column {col}: {message}"),
        LoadError::NotText { line, col, .. } => {
            format!("not a valid review: not text (invalid UTF-8 at line {line}, column {col})")
        }
        LoadError::Version { message, .. } => format!("not a valid review: {message}"),
        LoadError::Io { source, .. } => format!("cannot read the file: {source}"),
        LoadError::Encrypted { .. } | LoadError::WrongPassphrase { .. } => {
            "encrypted: a national body collates typology returns, not encrypted reviews (export the return with `scr-workbench export return`)".to_string()
        }
        LoadError::Damaged { message, .. } => format!("cannot read the file: {message}"),
    })?;
    let options = tr::Options {
        board: false,
        reference: true,
    };
    let ret = pipeline::typology_return(&review, typologies, options).map_err(|e| {
        let hits = e.hits();
        match hits.first() {
            // Say where and what kind, never the text found.
            Some(h) => format!(
                "its return would carry a confidential identifier ({} at {}); {} in all",
                h.kind.label(),
                h.location,
                hits.len()
            ),
            None => e.to_string(),
        }
    })?;
    let reference = ret
        .review
        .reference
        .clone()
        .unwrap_or_else(|| input.name.clone());
    Ok((ret, reference))
}

/// Collate files. Never fails: a file that cannot be counted is listed in
/// [`Collation::skipped`].
pub fn collate(inputs: &[Input], options: &Options, progress: &Progress) -> Collation {
    let ctx = Context::new(options);
    progress.total.store(inputs.len(), Ordering::Relaxed);
    let next = AtomicUsize::new(0);
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    }
    .clamp(1, inputs.len().max(1));
    let work = || {
        let mut p = Partial::default();
        loop {
            if progress.cancel.load(Ordering::Relaxed) {
                break;
            }
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(input) = inputs.get(i) else { break };
            p.take(i as u32, input, &ctx);
            progress.done.fetch_add(1, Ordering::Relaxed);
        }
        p
    };
    let mut failed = false;
    let partials: Vec<Partial> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
        handles
            .into_iter()
            .filter_map(|h| match h.join() {
                Ok(p) => Some(p),
                Err(_) => {
                    failed = true;
                    None
                }
            })
            .collect()
    });
    let mut c = merge(partials, &ctx);
    c.files = inputs.len();
    c.cancelled = progress.cancel.load(Ordering::Relaxed);
    if failed {
        c.skipped.push(Skipped {
            file: PathBuf::from("(collation)"),
            reason: "a worker thread failed; the counts are incomplete (please report)".into(),
        });
    }
    c
}

/// Merge the workers' counts: one numbering of codes (sorted) and of reviews (file order).
fn merge(partials: Vec<Partial>, ctx: &Context) -> Collation {
    let all: BTreeSet<&(String, String, String)> =
        partials.iter().flat_map(|p| p.codes.iter()).collect();
    let global: BTreeMap<&(String, String, String), u32> = all
        .iter()
        .enumerate()
        .map(|(i, k)| (*k, i as u32))
        .collect();
    let codes: Vec<CodeInfo> = all
        .iter()
        .map(|(typology, version, code)| CodeInfo {
            typology: typology.clone(),
            version: version.clone(),
            code: code.clone(),
            name: ctx
                .known
                .get(&(typology.as_str(), version.as_str()))
                .and_then(|t| t.find(code))
                .map(|n| n.name.clone())
                .unwrap_or_default(),
        })
        .collect();

    let mut reviews: Vec<(u32, ReviewInfo)> = Vec::new();
    let mut skipped: Vec<(u32, Skipped)> = Vec::new();
    let mut filtered_out = 0;
    let remaps: Vec<Vec<u32>> = partials
        .iter()
        .map(|p| p.codes.iter().map(|k| global[k]).collect())
        .collect();
    let mut bodies = Vec::with_capacity(partials.len());
    for p in partials {
        reviews.extend(p.reviews);
        skipped.extend(p.skipped);
        filtered_out += p.filtered_out;
        bodies.push(p.cells);
    }
    reviews.sort_by_key(|(i, _)| *i);
    skipped.sort_by_key(|(i, _)| *i);
    let number: HashMap<u32, u32> = reviews
        .iter()
        .enumerate()
        .map(|(n, (i, _))| (*i, n as u32))
        .collect();

    let mut cells: HashMap<Key, Cell> = HashMap::new();
    for (cells_of, map) in bodies.into_iter().zip(&remaps) {
        let m = |id: u32| map.get(id as usize).copied().unwrap_or(id);
        let e = |end: End| match end {
            End::Code(id) => End::Code(m(id)),
            End::Outcome => End::Outcome,
        };
        for (key, cell) in cells_of {
            let key = match key {
                Key::Code(r, c) => Key::Code(r, m(c)),
                Key::CodeYear(r, c, y) => Key::CodeYear(r, m(c), y),
                Key::CodeKind(r, c, k) => Key::CodeKind(r, m(c), k),
                Key::CodeSector(r, c, s) => Key::CodeSector(r, m(c), s),
                Key::Pair(a, b) => Key::Pair(m(a).min(m(b)), m(a).max(m(b))),
                Key::Link(a, b, k) => Key::Link(e(a), e(b), k),
                Key::Unmapped(x, c) => Key::Unmapped(x, m(c)),
                Key::UnknownCode(c) => Key::UnknownCode(m(c)),
                k => k,
            };
            let target = cells.entry(key).or_default();
            target.items += cell.items;
            target
                .reviews
                .extend(cell.reviews.iter().filter_map(|i| number.get(i).copied()));
        }
    }
    for cell in cells.values_mut() {
        cell.reviews.sort_unstable();
        cell.reviews.dedup();
    }
    Collation {
        codes,
        cells,
        reviews: reviews.into_iter().map(|(_, r)| r).collect(),
        skipped: skipped.into_iter().map(|(_, s)| s).collect(),
        files: 0,
        filtered_out,
        crosswalks: ctx
            .options
            .crosswalks
            .iter()
            .map(|x| x.name.clone())
            .collect(),
        top_level: ctx.options.top_level,
        filter: ctx.options.filter.clone(),
        cancelled: false,
    }
}
