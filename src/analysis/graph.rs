//! The contributory-factor graph as a petgraph `StableDiGraph`, and the algorithms over it:
//! cycles, roots, paths to the outcome, reach, orphans, layers for layout.

use crate::model::*;
use petgraph::Direction;
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use petgraph::visit::NodeIndexable;
use std::collections::HashMap;

/// The most paths [`FactorGraph::paths_to_outcome`] enumerates from one factor: counting
/// every path explodes on dense graphs.
pub const PATH_CAP: usize = 200;

/// The factor graph built from a review, with the id <-> index mapping.
pub struct FactorGraph {
    /// The graph: node weights are the document's nodes, edge weights the link ids.
    pub graph: StableDiGraph<Node, LinkId>,
    index: HashMap<Node, NodeIndex>,
    /// The outcome's index.
    pub outcome: NodeIndex,
}

/// Paths from one factor to the outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// Each path, factor first, outcome last.
    pub paths: Vec<Vec<Node>>,
    /// True when there were more than [`PATH_CAP`] and the list was cut.
    pub capped: bool,
}

/// A factor's reach: how many nodes it leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reach {
    /// The factor.
    pub factor: FactorId,
    /// Factors (and the outcome) reachable from it.
    pub reaches: usize,
    /// Whether the outcome is among them.
    pub reaches_outcome: bool,
}

impl FactorGraph {
    /// Build the graph. Links to missing factors are left out (the integrity check reports them).
    pub fn build(review: &Review) -> FactorGraph {
        let mut graph = StableDiGraph::with_capacity(review.factors.len() + 1, review.links.len());
        let mut index = HashMap::with_capacity(review.factors.len() + 1);
        let outcome = graph.add_node(Node::Outcome);
        index.insert(Node::Outcome, outcome);
        for f in &review.factors {
            let n = Node::Factor(f.id);
            index.insert(n, graph.add_node(n));
        }
        for l in &review.links {
            if let (Some(&a), Some(&b)) = (index.get(&l.from), index.get(&l.to)) {
                graph.add_edge(a, b, l.id);
            }
        }
        FactorGraph {
            graph,
            index,
            outcome,
        }
    }

    /// The index of a node.
    pub fn index(&self, node: Node) -> Option<NodeIndex> {
        self.index.get(&node).copied()
    }

    fn node(&self, i: NodeIndex) -> Node {
        self.graph.node_weight(i).copied().unwrap_or(Node::Outcome)
    }

    /// Every cycle, as the factors in one strongly connected component (sorted by id),
    /// plus factors linked to themselves. Cycles are sorted for reproducible output.
    pub fn cycles(&self) -> Vec<Vec<FactorId>> {
        let mut out: Vec<Vec<FactorId>> = petgraph::algo::tarjan_scc(&self.graph)
            .into_iter()
            .filter(|scc| {
                scc.len() > 1 || scc.first().is_some_and(|&n| self.graph.contains_edge(n, n))
            })
            .map(|scc| {
                let mut ids: Vec<FactorId> = scc
                    .into_iter()
                    .filter_map(|i| match self.node(i) {
                        Node::Factor(id) => Some(id),
                        Node::Outcome => None,
                    })
                    .collect();
                ids.sort();
                ids
            })
            .filter(|c| !c.is_empty())
            .collect();
        out.sort();
        out
    }

    /// Factors with no incoming links that do lead somewhere: where the causal story starts.
    pub fn roots(&self) -> Vec<FactorId> {
        let mut out: Vec<FactorId> = self
            .graph
            .node_indices()
            .filter(|&i| {
                self.graph
                    .neighbors_directed(i, Direction::Incoming)
                    .next()
                    .is_none()
                    && self
                        .graph
                        .neighbors_directed(i, Direction::Outgoing)
                        .next()
                        .is_some()
            })
            .filter_map(|i| match self.node(i) {
                Node::Factor(id) => Some(id),
                Node::Outcome => None,
            })
            .collect();
        out.sort();
        out
    }

    /// Factors with no links at all.
    pub fn orphans(&self) -> Vec<FactorId> {
        let mut out: Vec<FactorId> = self
            .graph
            .node_indices()
            .filter(|&i| self.graph.neighbors_undirected(i).next().is_none())
            .filter_map(|i| match self.node(i) {
                Node::Factor(id) => Some(id),
                Node::Outcome => None,
            })
            .collect();
        out.sort();
        out
    }

    /// Every simple path from a factor to the outcome, at most [`PATH_CAP`].
    pub fn paths_to_outcome(&self, from: FactorId) -> Paths {
        let Some(start) = self.index(Node::Factor(from)) else {
            return Paths {
                paths: Vec::new(),
                capped: false,
            };
        };
        let mut iter = petgraph::algo::all_simple_paths::<Vec<NodeIndex>, _, std::hash::RandomState>(
            &self.graph,
            start,
            self.outcome,
            0,
            None,
        );
        let mut paths = Vec::new();
        let mut capped = false;
        for p in iter.by_ref() {
            if paths.len() == PATH_CAP {
                capped = true;
                break;
            }
            paths.push(p.into_iter().map(|i| self.node(i)).collect());
        }
        Paths { paths, capped }
    }

    /// For every factor, how many nodes it reaches, most first (ties by id). Computed once
    /// over the condensation (strongly connected components), with bit sets, so it stays
    /// fast on thousands of factors.
    pub fn reach_ranking(&self) -> Vec<Reach> {
        let sccs = petgraph::algo::tarjan_scc(&self.graph); // reverse topological order
        let n = sccs.len();
        let mut comp_of: HashMap<NodeIndex, usize> =
            HashMap::with_capacity(self.graph.node_count());
        for (c, scc) in sccs.iter().enumerate() {
            for &i in scc {
                comp_of.insert(i, c);
            }
        }
        let words = n.div_ceil(64);
        let mut bits = vec![0u64; n * words];
        // Components come sinks first, so every successor is done before its predecessors.
        for (c, scc) in sccs.iter().enumerate() {
            for &i in scc {
                for j in self.graph.neighbors_directed(i, Direction::Outgoing) {
                    let Some(&d) = comp_of.get(&j) else { continue };
                    if d != c {
                        let (lo, hi) = bits.split_at_mut(c.max(d) * words);
                        let (dst, src) = if c < d {
                            (&mut lo[c * words..c * words + words], &hi[..words])
                        } else {
                            (&mut hi[..words], &lo[d * words..d * words + words])
                        };
                        for (x, y) in dst.iter_mut().zip(src) {
                            *x |= *y;
                        }
                        bits[c * words + d / 64] |= 1 << (d % 64);
                    }
                }
            }
        }
        let outcome_comp = comp_of.get(&self.outcome).copied().unwrap_or(0);
        let mut out: Vec<Reach> = Vec::with_capacity(self.graph.node_count());
        for (c, scc) in sccs.iter().enumerate() {
            let row = &bits[c * words..c * words + words];
            // Nodes reached: the sizes of reached components, plus the rest of its own
            // component when it is a cycle.
            let mut reached = 0;
            for (w, &word) in row.iter().enumerate() {
                let mut word = word;
                while word != 0 {
                    let d = w * 64 + word.trailing_zeros() as usize;
                    reached += sccs.get(d).map_or(0, Vec::len);
                    word &= word - 1;
                }
            }
            if scc.len() > 1 {
                reached += scc.len() - 1;
            }
            let reaches_outcome = row[outcome_comp / 64] & (1 << (outcome_comp % 64)) != 0;
            for &i in scc {
                if let Node::Factor(id) = self.node(i) {
                    out.push(Reach {
                        factor: id,
                        reaches: reached,
                        reaches_outcome,
                    });
                }
            }
        }
        out.sort_by(|a, b| b.reaches.cmp(&a.reaches).then(a.factor.cmp(&b.factor)));
        out
    }

    /// Factors that do not lead to the outcome by any path.
    pub fn not_reaching_outcome(&self) -> Vec<FactorId> {
        let mut seen = vec![false; self.graph.node_bound()];
        let mut stack = vec![self.outcome];
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i.index()], true) {
                continue;
            }
            stack.extend(self.graph.neighbors_directed(i, Direction::Incoming));
        }
        let mut out: Vec<FactorId> = self
            .graph
            .node_indices()
            .filter(|i| !seen[i.index()])
            .filter_map(|i| match self.node(i) {
                Node::Factor(id) => Some(id),
                Node::Outcome => None,
            })
            .collect();
        out.sort();
        out
    }

    /// Layers for a layered layout towards the outcome: the outcome is layer 0, each
    /// factor sits one layer above the deepest of its successors' layers... counted as
    /// the longest path to a sink on the condensation, so cycles share a layer.
    pub fn layers(&self) -> HashMap<Node, usize> {
        let sccs = petgraph::algo::tarjan_scc(&self.graph);
        let mut comp_of: HashMap<NodeIndex, usize> = HashMap::new();
        for (c, scc) in sccs.iter().enumerate() {
            for &i in scc {
                comp_of.insert(i, c);
            }
        }
        let mut layer = vec![0usize; sccs.len()];
        for (c, scc) in sccs.iter().enumerate() {
            let mut best = 0;
            for &i in scc {
                for j in self.graph.neighbors_directed(i, Direction::Outgoing) {
                    if let Some(&d) = comp_of.get(&j)
                        && d != c
                    {
                        best = best.max(layer[d] + 1);
                    }
                }
            }
            layer[c] = best;
        }
        sccs.iter()
            .enumerate()
            .flat_map(|(c, scc)| scc.iter().map(move |&i| (i, c)))
            .map(|(i, c)| (self.node(i), layer[c]))
            .collect()
    }
}

/// The category of a factor: its first code's top-level category, by index in its
/// typology, and the category's name.
pub fn category_of(typologies: &[Typology], f: &Factor) -> Option<(String, usize, String)> {
    let code = f.codes.first()?;
    let t = typologies.iter().find(|t| t.id == code.typology)?;
    let top = t.top_level_of(&code.code)?;
    let n = t.codes.iter().position(|c| c.code == top.code)?;
    Some((t.id.clone(), n, top.name.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn factor(id: u32) -> Factor {
        Factor {
            id: FactorId(id),
            title: format!("factor {id}"),
            description: String::new(),
            polarity: Polarity::Hindering,
            level: Level::Team,
            codes: vec![],
            evidence_entries: vec![],
            evidence_episodes: vec![],
            position: Point::default(),
        }
    }

    fn review(n: u32, links: &[(u32, u32)]) -> Review {
        Review {
            factors: (1..=n).map(factor).collect(),
            links: links
                .iter()
                .enumerate()
                .map(|(i, &(a, b))| FactorLink {
                    id: LinkId(i as u32 + 1),
                    from: Node::Factor(FactorId(a)),
                    to: if b == 0 {
                        Node::Outcome
                    } else {
                        Node::Factor(FactorId(b))
                    },
                    kind: LinkKind::ContributesTo,
                    note: String::new(),
                })
                .collect(),
            ..Review::default()
        }
    }

    #[test]
    fn cycle_found_and_named() {
        let g = FactorGraph::build(&review(5, &[(1, 2), (2, 3), (3, 1), (3, 0), (4, 0)]));
        assert_eq!(
            g.cycles(),
            vec![vec![FactorId(1), FactorId(2), FactorId(3)]]
        );
    }

    #[test]
    fn roots_orphans_and_paths() {
        // 1 -> 2 -> outcome, 1 -> 3 -> outcome, 4 alone, 5 -> 3
        let g = FactorGraph::build(&review(5, &[(1, 2), (2, 0), (1, 3), (3, 0), (5, 3)]));
        assert_eq!(g.roots(), vec![FactorId(1), FactorId(5)]);
        assert_eq!(g.orphans(), vec![FactorId(4)]);
        let p = g.paths_to_outcome(FactorId(1));
        assert_eq!(p.paths.len(), 2);
        assert!(!p.capped);
        assert!(
            p.paths
                .iter()
                .all(|p| p.first() == Some(&Node::Factor(FactorId(1)))
                    && p.last() == Some(&Node::Outcome))
        );
        assert_eq!(g.not_reaching_outcome(), vec![FactorId(4)]);
    }

    #[test]
    fn reach_ranking_counts_descendants() {
        let g = FactorGraph::build(&review(5, &[(1, 2), (2, 0), (1, 3), (3, 0), (5, 3)]));
        let r = g.reach_ranking();
        assert_eq!(r[0].factor, FactorId(1));
        assert_eq!(r[0].reaches, 3); // 2, 3, outcome
        let five = r
            .iter()
            .find(|x| x.factor == FactorId(5))
            .expect("5 ranked");
        assert_eq!(five.reaches, 2);
        assert!(five.reaches_outcome);
        let four = r
            .iter()
            .find(|x| x.factor == FactorId(4))
            .expect("4 ranked");
        assert_eq!((four.reaches, four.reaches_outcome), (0, false));
    }

    #[test]
    fn reach_inside_a_cycle() {
        let g = FactorGraph::build(&review(3, &[(1, 2), (2, 1), (2, 3)]));
        let r = g.reach_ranking();
        let one = r.iter().find(|x| x.factor == FactorId(1)).expect("ranked");
        assert_eq!(one.reaches, 2); // 2 and 3
    }

    #[test]
    fn paths_are_capped_on_dense_graphs() {
        // A ladder of 20 layers of 2 nodes, fully connected between layers: 2^20 paths.
        let mut links = vec![];
        for layer in 0..19u32 {
            for a in 0..2u32 {
                for b in 0..2u32 {
                    links.push((layer * 2 + a + 1, (layer + 1) * 2 + b + 1));
                }
            }
        }
        links.push((39, 0));
        links.push((40, 0));
        let g = FactorGraph::build(&review(40, &links));
        let p = g.paths_to_outcome(FactorId(1));
        assert!(p.capped);
        assert_eq!(p.paths.len(), PATH_CAP);
    }

    #[test]
    fn layers_lead_to_outcome() {
        let g = FactorGraph::build(&review(3, &[(1, 2), (2, 0), (3, 0)]));
        let l = g.layers();
        assert_eq!(l[&Node::Outcome], 0);
        assert_eq!(l[&Node::Factor(FactorId(2))], 1);
        assert_eq!(l[&Node::Factor(FactorId(1))], 2);
    }
}
