//! The findings, recommendations and action-plan workspaces.

use super::{Action, ViewCtx, forms, pick, theme};
use crate::analysis::Severity;
use crate::model::{self, *};
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};
use jiff::civil::Date;

/// How the action plan is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// By id (the order actions were added).
    #[default]
    Id,
    /// By due date, undated last.
    Due,
    /// By owner's name, no owner last.
    Owner,
    /// By status, in the order of the work.
    Status,
    /// By recommendation.
    Recommendation,
}

/// Which owners the action plan shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OwnerFilter {
    /// Every action.
    #[default]
    All,
    /// Actions with no owner yet.
    Nobody,
    /// One agency's actions.
    Agency(AgencyId),
}

/// The action plan's filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Filter {
    /// Owner.
    pub owner: OwnerFilter,
    /// Status.
    pub status: Option<ActionStatus>,
    /// Only overdue actions.
    pub overdue_only: bool,
}

/// View state (never saved), shared by the three workspaces.
#[derive(Default)]
pub struct State {
    /// Action plan sort.
    pub sort: SortBy,
    /// Sort descending.
    pub descending: bool,
    /// Action plan filter.
    pub filter: Filter,
}

/// "Findings", "Learning points", "Lessons learned": the kind's word, capitalised.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// A left list and an editor beside it, each scrolling on its own.
fn two_columns(ui: &mut Ui, salt: &str, list: impl FnOnce(&mut Ui), editor: impl FnOnce(&mut Ui)) {
    egui::Panel::left((salt, "list_panel"))
        .resizable(true)
        .default_size(340.0)
        .size_range(220.0..=640.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt((salt, "list_scroll"))
                .auto_shrink(false)
                .show(ui, list);
        });
    egui::CentralPanel::no_frame().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt((salt, "editor_scroll"))
            .auto_shrink(false)
            .show(ui, |ui| {
                ui.add_space(4.0);
                editor(ui);
            });
    });
}

/// Findings.
pub fn show_findings(ui: &mut Ui, _state: &mut State, cx: &mut ViewCtx) {
    let review = cx.review;
    ui.horizontal_wrapped(|ui| {
        ui.heading(capitalised(review.details.kind.findings_word()));
        if ui
            .button("Add finding")
            .on_hover_text("Add a finding (an underlying pattern in the system)")
            .clicked()
        {
            let id = review.next_finding_id();
            cx.edit(Edit::Put(Item::Finding(Finding {
                id,
                headline: "Professionals tend to …".into(),
                category: None,
                in_this_case: String::new(),
                evidence_entries: Vec::new(),
                evidence_episodes: Vec::new(),
                evidence_factors: Vec::new(),
                not_one_off: String::new(),
                research: String::new(),
                why_it_matters: String::new(),
                questions: Vec::new(),
            })));
            cx.select(Key::Finding(id));
        }
    });
    ui.separator();
    let selected = match cx.selection.primary {
        Some(Key::Finding(id)) => Some(id),
        _ => None,
    };
    // Both closures need the context: the list only collects what was clicked.
    let mut clicked = None;
    let typologies = cx.typologies;
    two_columns(
        ui,
        "findings",
        |ui| {
            if review.findings.is_empty() {
                ui.label(format!("No {} yet.", review.details.kind.findings_word()));
            }
            for f in &review.findings {
                let headline = if f.headline.trim().is_empty() {
                    "Untitled"
                } else {
                    f.headline.as_str()
                };
                if ui
                    .add(egui::Button::selectable(selected == Some(f.id), headline).wrap())
                    .on_hover_text(f.id.to_string())
                    .clicked()
                {
                    clicked = Some(f.id);
                }
                let category = f
                    .category
                    .as_ref()
                    .map_or_else(|| "No category".into(), |c| pick::code_name(c, typologies));
                ui.label(
                    RichText::new(format!("{} · {category}", f.id))
                        .weak()
                        .small(),
                );
                ui.add_space(4.0);
            }
        },
        |ui| match selected.and_then(|id| review.finding(id)) {
            Some(f) => {
                ui.push_id(("finding_editor", f.id), |ui| forms::finding(ui, cx, f));
                let recs: Vec<&Recommendation> = review
                    .recommendations
                    .iter()
                    .filter(|r| r.findings.contains(&f.id))
                    .collect();
                if !recs.is_empty() {
                    ui.add_space(8.0);
                    ui.strong("Recommendations answering it");
                    for r in recs {
                        if ui
                            .link(format!("{} {}", r.id, short(&r.text, 80)))
                            .clicked()
                        {
                            cx.act(Action::Jump(Key::Recommendation(r.id)));
                        }
                    }
                }
            }
            None => {
                ui.label(format!(
                    "Select one of the {} on the left to edit it here.",
                    review.details.kind.findings_word()
                ));
            }
        },
    );
    if let Some(id) = clicked {
        cx.select(Key::Finding(id));
    }
}

/// At most `n` characters of a text, with an ellipsis when cut.
fn short(text: &str, n: usize) -> String {
    let mut s: String = text.chars().take(n).collect();
    if text.chars().count() > n {
        s.push('…');
    }
    s
}

/// Recommendations.
pub fn show_recommendations(ui: &mut Ui, _state: &mut State, cx: &mut ViewCtx) {
    let review = cx.review;
    ui.horizontal_wrapped(|ui| {
        ui.heading("Recommendations");
        if ui.button("Add recommendation").clicked() {
            let id = review.next_recommendation_id();
            cx.edit(Edit::Put(Item::Recommendation(Recommendation {
                id,
                text: "New recommendation".into(),
                findings: Vec::new(),
                addressee: String::new(),
            })));
            cx.select(Key::Recommendation(id));
        }
    });
    if review.details.kind.asks_questions() {
        ui.label(
            RichText::new(format!(
                "A {} usually puts questions to the board with each finding; recommendations are optional.",
                review.details.kind.name().to_lowercase()
            ))
            .weak(),
        );
    }
    ui.separator();
    let selected = match cx.selection.primary {
        Some(Key::Recommendation(id)) => Some(id),
        _ => None,
    };
    let mut clicked = None;
    two_columns(
        ui,
        "recommendations",
        |ui| {
            if review.recommendations.is_empty() {
                ui.label("No recommendations yet.");
            }
            for r in &review.recommendations {
                let text = if r.text.trim().is_empty() {
                    "Untitled".to_string()
                } else {
                    short(&r.text, 90)
                };
                if ui
                    .add(egui::Button::selectable(selected == Some(r.id), text).wrap())
                    .on_hover_text(r.id.to_string())
                    .clicked()
                {
                    clicked = Some(r.id);
                }
                let n = review
                    .actions
                    .iter()
                    .filter(|a| a.recommendation == r.id)
                    .count();
                let findings: Vec<String> = r.findings.iter().map(ToString::to_string).collect();
                ui.label(
                    RichText::new(format!(
                        "{} · {} · {}",
                        r.id,
                        if findings.is_empty() {
                            "answers no finding yet".into()
                        } else {
                            format!("answers {}", findings.join(", "))
                        },
                        plural(n, "action", "actions")
                    ))
                    .weak()
                    .small(),
                );
                ui.add_space(4.0);
            }
        },
        |ui| match selected.and_then(|id| review.recommendation(id)) {
            Some(r) => {
                ui.push_id(("recommendation_editor", r.id), |ui| {
                    forms::recommendation(ui, cx, r)
                });
            }
            None => {
                ui.label("Select a recommendation on the left to edit it here.");
            }
        },
    );
    if let Some(id) = clicked {
        cx.select(Key::Recommendation(id));
    }
}

/// Whether an action is overdue on `today`: due before it and neither complete nor withdrawn.
pub fn is_overdue(a: &model::Action, today: Date) -> bool {
    a.due.is_some_and(|d| d < today)
        && !matches!(a.status, ActionStatus::Complete | ActionStatus::Withdrawn)
}

/// Filter and sort the action plan: indices into `review.actions`.
pub fn action_rows(
    review: &Review,
    filter: &Filter,
    sort: SortBy,
    descending: bool,
    today: Date,
) -> Vec<usize> {
    let mut rows: Vec<usize> = review
        .actions
        .iter()
        .enumerate()
        .filter(|(_, a)| match filter.owner {
            OwnerFilter::All => true,
            OwnerFilter::Nobody => a.owner.is_none(),
            OwnerFilter::Agency(id) => a.owner == Some(id),
        })
        .filter(|(_, a)| filter.status.is_none_or(|s| a.status == s))
        .filter(|(_, a)| !filter.overdue_only || is_overdue(a, today))
        .map(|(i, _)| i)
        .collect();
    let actions = &review.actions;
    let owner = |i: usize| actions[i].owner.map(|o| review.agency_name(o));
    // `None` sorts first in Rust; put missing owners and dates last instead.
    match sort {
        SortBy::Id => {}
        SortBy::Due => rows.sort_by_key(|&i| (actions[i].due.is_none(), actions[i].due)),
        SortBy::Owner => rows.sort_by_cached_key(|&i| {
            let o = owner(i);
            (o.is_none(), o.map(|s| s.to_lowercase()))
        }),
        SortBy::Status => rows.sort_by_key(|&i| actions[i].status),
        SortBy::Recommendation => rows.sort_by_key(|&i| actions[i].recommendation),
    }
    if descending {
        rows.reverse();
    }
    rows
}

/// A date for people: "3 May 2025".
fn human_date(d: Date) -> String {
    format!(
        "{} {} {}",
        d.day(),
        model::date::month_name(d.month()),
        d.year()
    )
}

/// The action plan.
pub fn show_actions(ui: &mut Ui, state: &mut State, cx: &mut ViewCtx) {
    let review = cx.review;
    let today = jiff::Zoned::now().date();
    actions_toolbar(ui, cx);
    status_counts(ui, review, today);
    actions_filters(ui, state, review);
    ui.separator();
    let rows = action_rows(review, &state.filter, state.sort, state.descending, today);
    ui.label(
        RichText::new(format!(
            "{} of {}",
            rows.len(),
            plural(review.actions.len(), "action", "actions")
        ))
        .weak(),
    );
    actions_table(ui, state, cx, &rows, today);
}

fn actions_toolbar(ui: &mut Ui, cx: &mut ViewCtx) {
    let review = cx.review;
    ui.horizontal_wrapped(|ui| {
        ui.heading("Action plan");
        // The recommendation a new action delivers: the selected one, the one the selected
        // action delivers, or the first.
        let recommendation = match cx.selection.primary {
            Some(Key::Recommendation(id)) if review.recommendation(id).is_some() => Some(id),
            Some(Key::Action(id)) => find_by_id(&review.actions, id)
                .map(|a| a.recommendation)
                .filter(|r| review.recommendation(*r).is_some()),
            _ => None,
        }
        .or_else(|| review.recommendations.first().map(|r| r.id));
        let button = ui.add_enabled(recommendation.is_some(), egui::Button::new("Add action"));
        let button = match recommendation {
            Some(r) => button.on_hover_text(format!("Add an action delivering {r}")),
            None => button
                .on_disabled_hover_text("Add a recommendation first: every action delivers one"),
        };
        if button.clicked()
            && let Some(recommendation) = recommendation
        {
            let id = review.next_action_id();
            cx.edit(Edit::Put(Item::Action(model::Action {
                id,
                recommendation,
                text: "New action".into(),
                owner: None,
                due: None,
                success_measure: String::new(),
                status: ActionStatus::NotStarted,
                progress: Vec::new(),
            })));
            cx.select(Key::Action(id));
        }
    });
}

fn status_counts(ui: &mut Ui, review: &Review, today: Date) {
    ui.horizontal_wrapped(|ui| {
        for s in ActionStatus::ALL {
            let n = review.actions.iter().filter(|a| a.status == s).count();
            ui.label(format!("{}: {n}", s.label()));
            ui.separator();
        }
        let overdue = review
            .actions
            .iter()
            .filter(|a| is_overdue(a, today))
            .count();
        let text = RichText::new(format!("Overdue: {overdue}"));
        ui.label(if overdue > 0 {
            text.color(theme::severity(Severity::Warning)).strong()
        } else {
            text
        });
    });
}

fn actions_filters(ui: &mut Ui, state: &mut State, review: &Review) {
    ui.horizontal_wrapped(|ui| {
        let mut owners = vec![OwnerFilter::All, OwnerFilter::Nobody];
        owners.extend(review.agencies.iter().map(|a| OwnerFilter::Agency(a.id)));
        forms::choice(
            ui,
            "Filter by owner",
            &mut state.filter.owner,
            &owners,
            |o| match o {
                OwnerFilter::All => "All owners".into(),
                OwnerFilter::Nobody => "No owner yet".into(),
                OwnerFilter::Agency(id) => review.agency_name(id),
            },
        );
        let mut statuses = vec![None];
        statuses.extend(ActionStatus::ALL.iter().map(|s| Some(*s)));
        forms::choice(
            ui,
            "Filter by status",
            &mut state.filter.status,
            &statuses,
            |s| s.map_or_else(|| "Any status".into(), |s| s.label().into()),
        );
        ui.checkbox(&mut state.filter.overdue_only, "Overdue only")
            .on_hover_text("Due before today and neither complete nor withdrawn");
        if ui
            .add_enabled(
                state.filter != Filter::default(),
                egui::Button::new("Clear filters"),
            )
            .clicked()
        {
            state.filter = Filter::default();
        }
    });
}

fn actions_table(ui: &mut Ui, state: &mut State, cx: &mut ViewCtx, rows: &[usize], today: Date) {
    let review = cx.review;
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
    let mut clicked = None;
    let mut sort_by = None;
    TableBuilder::new(ui)
        .id_salt("action_plan_table")
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        // The two long texts share what the short columns leave.
        .column(Column::exact(44.0))
        .column(Column::remainder().at_least(120.0).clip(true))
        .column(Column::initial(120.0).at_least(60.0).clip(true))
        .column(Column::initial(150.0).at_least(60.0).clip(true))
        .column(Column::initial(110.0).at_least(60.0).clip(true))
        .column(Column::initial(90.0).at_least(60.0).clip(true))
        .column(Column::remainder().at_least(100.0).clip(true))
        .min_scrolled_height(0.0)
        .header(row_h, |mut h| {
            let columns = [
                ("Id", Some(SortBy::Id)),
                ("Action", None),
                ("Recommendation", Some(SortBy::Recommendation)),
                ("Owner", Some(SortBy::Owner)),
                ("Due", Some(SortBy::Due)),
                ("Status", Some(SortBy::Status)),
                ("Success measure", None),
            ];
            for (title, sort) in columns {
                h.col(|ui| match sort {
                    Some(s) => {
                        // The button keeps its plain title (tests and screen readers find it
                        // by name); the direction is a separate mark beside it.
                        let resp = ui
                            .add(egui::Button::new(RichText::new(title).strong()).frame(false))
                            .on_hover_text(format!("Sort by {}", title.to_lowercase()));
                        if resp.clicked() {
                            sort_by = Some(s);
                        }
                        if state.sort == s {
                            ui.label(if state.descending { "⏷" } else { "⏶" });
                        }
                    }
                    None => {
                        ui.strong(title);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(row_h, rows.len(), |mut row| {
                let Some(a) = rows.get(row.index()).and_then(|&i| review.actions.get(i)) else {
                    return;
                };
                row.set_selected(cx.selection.primary == Some(Key::Action(a.id)));
                action_row(&mut row, a, review, today);
                if row.response().clicked() {
                    clicked = Some(a.id);
                }
            });
        });
    if let Some(s) = sort_by {
        if state.sort == s {
            state.descending = !state.descending;
        } else {
            state.sort = s;
            state.descending = false;
        }
    }
    if let Some(id) = clicked {
        cx.select(Key::Action(id));
    }
}

fn cell(ui: &mut Ui, text: impl Into<egui::WidgetText>) -> egui::Response {
    ui.add(egui::Label::new(text).truncate().selectable(false))
}

fn action_row(row: &mut egui_extras::TableRow, a: &model::Action, review: &Review, today: Date) {
    let overdue = is_overdue(a, today);
    let warning = theme::severity(Severity::Warning);
    row.col(|ui| {
        cell(ui, RichText::new(a.id.to_string()).weak());
    });
    row.col(|ui| {
        cell(ui, &a.text);
    });
    row.col(|ui| {
        let text = review
            .recommendation(a.recommendation)
            .map_or_else(String::new, |r| r.text.clone());
        cell(ui, a.recommendation.to_string()).on_hover_text(text);
    });
    row.col(|ui| {
        cell(
            ui,
            a.owner
                .map_or_else(|| "No owner".into(), |o| review.agency_name(o)),
        );
    });
    row.col(|ui| {
        let text = a.due.map_or_else(|| "No date".into(), human_date);
        if overdue {
            cell(ui, RichText::new(text).color(warning).strong()).on_hover_text("Overdue");
        } else {
            cell(ui, text);
        }
    });
    row.col(|ui| {
        let text = RichText::new(a.status.label());
        cell(ui, if overdue { text.color(warning) } else { text });
    });
    row.col(|ui| {
        cell(ui, &a.success_measure);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(
        id: u32,
        rec: u32,
        owner: Option<u32>,
        due: Option<Date>,
        status: ActionStatus,
    ) -> model::Action {
        model::Action {
            id: ActionId(id),
            recommendation: RecommendationId(rec),
            text: format!("action {id}"),
            owner: owner.map(AgencyId),
            due,
            success_measure: String::new(),
            status,
            progress: Vec::new(),
        }
    }

    fn review() -> Review {
        let d = |m| Date::new(2025, m, 1).ok();
        let agency = |id, name: &str, sector| Agency {
            id: AgencyId(id),
            name: name.into(),
            short_name: String::new(),
            sector,
            import_columns: Default::default(),
        };
        Review {
            agencies: vec![
                agency(1, "Police", Sector::Police),
                agency(2, "Health", Sector::Health),
            ],
            actions: vec![
                action(1, 2, Some(1), d(6), ActionStatus::InProgress),
                action(2, 1, None, None, ActionStatus::NotStarted),
                action(3, 1, Some(2), d(1), ActionStatus::Complete),
                action(4, 3, Some(2), d(3), ActionStatus::NotStarted),
            ],
            ..Review::default()
        }
    }

    fn ids(r: &Review, rows: &[usize]) -> Vec<u32> {
        rows.iter().map(|&i| r.actions[i].id.0).collect()
    }

    #[test]
    fn overdue_ignores_done_and_undated() {
        let r = review();
        let today = Date::new(2025, 4, 1).expect("valid");
        let overdue: Vec<u32> = r
            .actions
            .iter()
            .filter(|a| is_overdue(a, today))
            .map(|a| a.id.0)
            .collect();
        assert_eq!(overdue, [4]);
        let f = Filter {
            overdue_only: true,
            ..Filter::default()
        };
        assert_eq!(ids(&r, &action_rows(&r, &f, SortBy::Id, false, today)), [4]);
    }

    #[test]
    fn sorts_put_missing_last() {
        let r = review();
        let today = Date::new(2025, 4, 1).expect("valid");
        let f = Filter::default();
        assert_eq!(
            ids(&r, &action_rows(&r, &f, SortBy::Due, false, today)),
            [3, 4, 1, 2]
        );
        assert_eq!(
            ids(&r, &action_rows(&r, &f, SortBy::Owner, false, today)),
            [3, 4, 1, 2]
        );
        assert_eq!(
            ids(&r, &action_rows(&r, &f, SortBy::Status, false, today)),
            [2, 4, 1, 3]
        );
        assert_eq!(
            ids(
                &r,
                &action_rows(&r, &f, SortBy::Recommendation, true, today)
            ),
            [4, 1, 3, 2]
        );
    }

    #[test]
    fn filters_by_owner_and_status() {
        let r = review();
        let today = Date::new(2025, 4, 1).expect("valid");
        let f = Filter {
            owner: OwnerFilter::Agency(AgencyId(2)),
            ..Filter::default()
        };
        assert_eq!(
            ids(&r, &action_rows(&r, &f, SortBy::Id, false, today)),
            [3, 4]
        );
        let f = Filter {
            owner: OwnerFilter::Nobody,
            ..Filter::default()
        };
        assert_eq!(ids(&r, &action_rows(&r, &f, SortBy::Id, false, today)), [2]);
        let f = Filter {
            status: Some(ActionStatus::NotStarted),
            ..Filter::default()
        };
        assert_eq!(
            ids(&r, &action_rows(&r, &f, SortBy::Id, false, today)),
            [2, 4]
        );
    }

    #[test]
    fn capitalises_the_kind_word() {
        assert_eq!(capitalised("learning points"), "Learning points");
        assert_eq!(capitalised(""), "");
    }

    mod ui {
        use super::super::super::{App, Selection, Workspace};
        use super::*;
        use egui_kittest::Harness;
        use egui_kittest::kittest::Queryable;

        fn harness(review: Review, workspace: Workspace) -> Harness<'static, App> {
            let mut app = App::with_review(review, None);
            app.workspace = workspace;
            Harness::builder()
                .with_size(egui::vec2(1400.0, 900.0))
                .build_ui_state(|ui, app: &mut App| app.show(ui), app)
        }

        #[test]
        fn add_finding_uses_the_kinds_word_and_selects_it() {
            let mut h = harness(
                Review::new(ReviewKind::ChildPracticeReview),
                Workspace::Findings,
            );
            h.run();
            h.get_by_label("Learning points");
            h.get_by_label("Add finding").click();
            h.run();
            let app = h.state();
            assert_eq!(app.doc.review.findings.len(), 1);
            assert_eq!(
                app.doc.review.findings[0].headline,
                "Professionals tend to …"
            );
            assert_eq!(app.selection.primary, Some(Key::Finding(FindingId(1))));
        }

        #[test]
        fn add_action_needs_a_recommendation_and_uses_the_selected_one() {
            let mut h = harness(Review::default(), Workspace::Actions);
            h.run();
            h.get_by_label("Add action").click();
            h.run();
            assert!(
                h.state().doc.review.actions.is_empty(),
                "disabled without recommendations"
            );
            h.state_mut().workspace = Workspace::Recommendations;
            h.run();
            h.get_by_label("Add recommendation").click();
            h.run();
            h.get_by_label("Add recommendation").click();
            h.run();
            assert_eq!(h.state().doc.review.recommendations.len(), 2);
            h.state_mut().selection = Selection::only(Key::Recommendation(RecommendationId(2)));
            h.state_mut().workspace = Workspace::Actions;
            h.run();
            h.get_by_label("Add action").click();
            h.run();
            let app = h.state();
            assert_eq!(app.doc.review.actions.len(), 1);
            assert_eq!(
                app.doc.review.actions[0].recommendation,
                RecommendationId(2)
            );
            assert_eq!(app.selection.primary, Some(Key::Action(ActionId(1))));
        }

        #[test]
        fn clicking_a_header_sorts_and_a_row_selects() {
            let mut r = review();
            r.recommendations = (1..=3)
                .map(|i| Recommendation {
                    id: RecommendationId(i),
                    text: format!("recommendation {i}"),
                    findings: Vec::new(),
                    addressee: String::new(),
                })
                .collect();
            let mut h = harness(r, Workspace::Actions);
            h.run();
            h.get_by_label("Due").click();
            h.run();
            h.get_by_label("action 3").click();
            h.run();
            assert_eq!(h.state().selection.primary, Some(Key::Action(ActionId(3))));
            h.get_by_label("Overdue only").click();
            h.run();
            // Every dated action in the fixture is due in 2025 and not all are done.
            assert!(
                h.query_by_label("action 3").is_none(),
                "a complete action is never overdue"
            );
        }
    }
}
