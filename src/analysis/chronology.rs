//! The chronology over time: ordering with uncertain dates, gaps in contact, and when the
//! child was seen and their views sought.

use crate::model::*;
use jiff::civil::Date;
use std::collections::BTreeMap;

/// Indices into `review.chronology` in chronological order: by date (uncertain dates by
/// their anchor, see [`EventDate::sort_key`]), then time, then sequence, then id.
pub fn order(review: &Review) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..review.chronology.len()).collect();
    let c = &review.chronology;
    idx.sort_by(|&a, &b| compare(&c[a], &c[b]));
    idx
}

/// The chronological comparison of two entries.
pub fn compare(a: &ChronologyEntry, b: &ChronologyEntry) -> std::cmp::Ordering {
    a.date
        .sort_key()
        .cmp(&b.date.sort_key())
        .then(a.time.cmp(&b.time))
        .then(a.sequence.cmp(&b.sequence))
        .then(a.id.cmp(&b.id))
}

/// A stretch with no recorded contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// The agency, or `None` for a gap across all agencies.
    pub agency: Option<AgencyId>,
    /// Last entry before the gap.
    pub after: EventId,
    /// First entry after the gap.
    pub before: EventId,
    /// Days between them (latest possible day of the first to earliest of the second).
    pub days: i32,
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: Date, b: Date) -> i32 {
    a.until((jiff::Unit::Day, b)).map_or(0, |s| s.get_days())
}

/// Gaps longer than `min_days` between consecutive entries, overall (`agency: None`)
/// and within each agency. Uses the latest possible day of the earlier entry and the
/// earliest of the later one, so uncertain dates never invent a gap.
pub fn gaps(review: &Review, min_days: i32) -> Vec<Gap> {
    let order = order(review);
    let c = &review.chronology;
    let mut out = Vec::new();
    let mut scan = |agency: Option<AgencyId>, items: &[usize]| {
        let mut latest: Option<(Date, EventId)> = None;
        for &i in items {
            let e = &c[i];
            if let Some((end, id)) = latest {
                let d = days_between(end, e.date.earliest());
                if d > min_days {
                    out.push(Gap {
                        agency,
                        after: id,
                        before: e.id,
                        days: d,
                    });
                }
            }
            let end = e.date.latest();
            latest = Some(match latest {
                Some((prev, pid)) if prev >= end => (prev, pid),
                _ => (end, e.id),
            });
        }
    };
    scan(None, &order);
    let mut by_agency: BTreeMap<AgencyId, Vec<usize>> = BTreeMap::new();
    for &i in &order {
        by_agency.entry(c[i].agency).or_default().push(i);
    }
    for (a, items) in by_agency {
        scan(Some(a), &items);
    }
    out
}

/// Counts of contacts where the child was seen and views sought.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SeenCounts {
    /// Entries.
    pub entries: usize,
    /// Child seen: yes.
    pub seen: usize,
    /// Child seen: no.
    pub not_seen: usize,
    /// Views sought: yes.
    pub views_sought: usize,
    /// Views sought: no.
    pub views_not_sought: usize,
}

impl SeenCounts {
    fn add(&mut self, e: &ChronologyEntry) {
        self.entries += 1;
        match e.child_seen {
            Tri::Yes => self.seen += 1,
            Tri::No => self.not_seen += 1,
            Tri::Unknown => {}
        }
        match e.views_sought {
            Tri::Yes => self.views_sought += 1,
            Tri::No => self.views_not_sought += 1,
            Tri::Unknown => {}
        }
    }
}

/// Child seen / views sought per agency.
pub fn seen_by_agency(review: &Review) -> BTreeMap<AgencyId, SeenCounts> {
    let mut out: BTreeMap<AgencyId, SeenCounts> = BTreeMap::new();
    for e in &review.chronology {
        out.entry(e.agency).or_default().add(e);
    }
    out
}

/// The length of a period for [`seen_by_period`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Calendar months.
    Month,
    /// Quarters (Jan-Mar...).
    Quarter,
    /// Calendar years.
    Year,
}

/// Child seen / views sought per period, keyed by the period's first day (by each
/// entry's anchor date).
pub fn seen_by_period(review: &Review, period: Period) -> BTreeMap<Date, SeenCounts> {
    let mut out: BTreeMap<Date, SeenCounts> = BTreeMap::new();
    for e in &review.chronology {
        let d = e.date.anchor();
        let month = match period {
            Period::Month => d.month(),
            Period::Quarter => (d.month() - 1) / 3 * 3 + 1,
            Period::Year => 1,
        };
        let key = Date::new(d.year(), month, 1).unwrap_or(d);
        out.entry(key).or_default().add(e);
    }
    out
}

/// The first and last possible day of the chronology.
pub fn span(review: &Review) -> Option<(Date, Date)> {
    let first = review.chronology.iter().map(|e| e.date.earliest()).min()?;
    let last = review.chronology.iter().map(|e| e.date.latest()).max()?;
    Some((first, last))
}

/// The first and last day of an episode: its own start and end where set, otherwise
/// the earliest and latest possible day of its entries. None when it has neither.
pub fn episode_span(review: &Review, episode: &Episode) -> Option<(Date, Date)> {
    let entries = || episode.entries.iter().filter_map(|id| review.entry(*id));
    let first = episode
        .start
        .map(|d| d.earliest())
        .or_else(|| entries().map(|e| e.date.earliest()).min())?;
    let last = episode
        .end
        .map(|d| d.latest())
        .or_else(|| entries().map(|e| e.date.latest()).max())
        .unwrap_or(first);
    Some((first.min(last), last.max(first)))
}

/// The factors at work in an episode: those whose evidence names the episode or one of
/// its chronology entries (the entries are what the episode holds; its period only
/// describes them), in id order.
pub fn factors_in<'a>(review: &'a Review, episode: &Episode) -> Vec<&'a Factor> {
    review
        .factors
        .iter()
        .filter(|f| {
            f.evidence_episodes.contains(&episode.id)
                || f.evidence_entries
                    .iter()
                    .any(|e| episode.entries.contains(e))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_factor_resting_on_an_entry_of_an_episode_is_at_work_in_it() {
        let factor = |id: u32, entries: Vec<EventId>, episodes: Vec<EpisodeId>| Factor {
            id: FactorId(id),
            title: String::new(),
            description: String::new(),
            polarity: Polarity::Hindering,
            level: Level::Team,
            codes: vec![],
            evidence_entries: entries,
            evidence_episodes: episodes,
            position: Point::default(),
        };
        let r = Review {
            factors: vec![
                factor(1, vec![EventId(7)], vec![]),
                factor(2, vec![EventId(8)], vec![]),
                factor(3, vec![], vec![EpisodeId(1)]),
            ],
            ..Review::default()
        };
        let ep = Episode {
            id: EpisodeId(1),
            title: String::new(),
            start: None,
            end: None,
            entries: vec![EventId(6), EventId(7)],
            appraisal: Appraisal::NotAppraised,
            what_happened: String::new(),
            why_it_made_sense: String::new(),
            practitioners_views: String::new(),
        };
        let ids: Vec<u32> = factors_in(&r, &ep).iter().map(|f| f.id.0).collect();
        assert_eq!(ids, [1, 3]);
    }

    fn entry(id: u32, agency: u32, date: &str, seen: Tri) -> ChronologyEntry {
        ChronologyEntry {
            source: "notes".into(),
            child_seen: seen,
            ..ChronologyEntry::new(EventId(id), date.parse().expect("date"), AgencyId(agency))
        }
    }

    #[test]
    fn order_uses_date_then_sequence() {
        let mut r = Review {
            chronology: vec![
                entry(1, 1, "2016-05", Tri::Yes),
                entry(2, 1, "2016-05-01", Tri::Yes),
                entry(3, 1, "before 2016-05-01", Tri::Yes),
                entry(4, 2, "2016-05-01", Tri::Yes),
            ],
            ..Review::default()
        };
        r.chronology[1].sequence = 2;
        r.chronology[3].sequence = 1;
        let ids: Vec<u32> = order(&r)
            .into_iter()
            .map(|i| r.chronology[i].id.0)
            .collect();
        assert_eq!(ids, [3, 4, 2, 1]);
    }

    #[test]
    fn gaps_found_overall_and_per_agency() {
        let r = Review {
            chronology: vec![
                entry(1, 1, "2016-01-01", Tri::Yes),
                entry(2, 2, "2016-02-01", Tri::Yes),
                entry(3, 1, "2016-06-01", Tri::Yes),
            ],
            ..Review::default()
        };
        let g = gaps(&r, 60);
        assert!(g.contains(&Gap {
            agency: None,
            after: EventId(2),
            before: EventId(3),
            days: 121
        }));
        assert!(g.contains(&Gap {
            agency: Some(AgencyId(1)),
            after: EventId(1),
            before: EventId(3),
            days: 152
        }));
        assert_eq!(g.len(), 2);
    }

    #[test]
    fn uncertain_dates_do_not_invent_gaps() {
        let r = Review {
            chronology: vec![
                entry(1, 1, "2016", Tri::Yes),
                entry(2, 1, "2016-12-20", Tri::Yes),
            ],
            ..Review::default()
        };
        assert!(gaps(&r, 30).is_empty());
    }

    #[test]
    fn seen_counts() {
        let r = Review {
            chronology: vec![
                entry(1, 1, "2016-01-01", Tri::Yes),
                entry(2, 1, "2016-01-20", Tri::No),
                entry(3, 2, "2016-04-01", Tri::Unknown),
            ],
            ..Review::default()
        };
        let a = seen_by_agency(&r);
        assert_eq!(a[&AgencyId(1)].seen, 1);
        assert_eq!(a[&AgencyId(1)].not_seen, 1);
        assert_eq!(a[&AgencyId(2)].entries, 1);
        let q = seen_by_period(&r, Period::Quarter);
        assert_eq!(q.len(), 2);
        assert_eq!(q[&Date::constant(2016, 1, 1)].entries, 2);
    }
}
