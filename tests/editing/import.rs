//! Imports that cannot land on the wrong agency, and no invented dates: File > Import
//! chronology… driven as a person does, on real CSV files with an organisation column.

use super::*;
use egui_kittest::kittest::NodeT;

/// A review with a police force and a school, no chronology, opened from a file.
fn open_two_agencies() -> (Harness<'static, App>, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp");
    let mut r = Review::default();
    r.details.title = "Review of Child R".into();
    for (id, name, short, sector) in [
        (1, "Northshire Police", "Police", Sector::Police),
        (2, "Riverside School", "School", Sector::Education),
    ] {
        r.agencies.push(Agency {
            id: AgencyId(id),
            name: name.into(),
            short_name: short.into(),
            sector,
            import_columns: Default::default(),
        });
    }
    let path = dir.path().join("child-r.scr.ron");
    scr_workbench::store::save(&r, &path).expect("saved");
    let mut app = App::new(None, None);
    app.recovery_dir = dir.path().join("recovery");
    app.open_path(&path);
    (harness_with(app), dir)
}

/// A CSV file in the test's folder.
fn write_csv(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("written");
    path
}

/// The police force's chronology: its own name in the Organisation column.
const POLICE: &str = "Date,Organisation,Source,Details\n\
    03/03/2019,Northshire Police,Police log,Call to the home about shouting.\n\
    05/03/2019,Northshire Police,Police log,Officers attended; children asleep.\n\
    09/03/2019,Northshire Police,Police log,Referral sent to the MASH.\n\
    12/03/2019,Northshire Police,Police log,Strategy discussion attended.\n";

/// The school's chronology.
const SCHOOL: &str = "Date,Organisation,Source,Details\n\
    04/03/2019,Riverside School,Register,Absent without explanation.\n\
    06/03/2019,Riverside School,Pastoral log,Arrived late and hungry.\n\
    07/03/2019,Riverside School,Pastoral log,Bruise on the arm noted.\n\
    11/03/2019,Riverside School,Safeguarding log,Designated lead told.\n";

/// Step until the dialog's background check is done (bounded).
fn settle(h: &mut Harness<App>) {
    for _ in 0..3000 {
        h.run_steps(1);
        if h.query_by_label("Import progress").is_none() {
            h.run_steps(2);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the import check did not finish");
}

/// Open the import dialog on a file, as File > Import chronology… does.
fn open_import(h: &mut Harness<App>, file: &Path) {
    h.state_mut().import_file(file);
    h.run_steps(2);
    settle(h);
}

/// Choose an agency from the dialog's agency list by hand.
fn choose_agency(h: &mut Harness<App>, name: &str) {
    h.get_by_label("Agency the file comes from").click();
    h.run_steps(2);
    // The last button: the open list (the Overview lists the agencies too, and the
    // preview of the file may show the name).
    h.query_all_by_role_and_label(egui::accesskit::Role::Button, name)
        .last()
        .expect("the agency in the open list")
        .click();
    h.run_steps(2);
    settle(h);
}

/// The ids of the entries of an agency.
fn entries_of(h: &Harness<'static, App>, agency: u32) -> Vec<EventId> {
    review(h)
        .chronology
        .iter()
        .filter(|e| e.agency == AgencyId(agency))
        .map(|e| e.id)
        .collect()
}

#[test]
fn two_files_in_a_row_each_start_with_no_agency_and_land_on_their_own() {
    let (mut h, dir) = open_two_agencies();
    let police = write_csv(&dir, "police-chronology.csv", POLICE);
    let school = write_csv(&dir, "school-chronology.csv", SCHOOL);
    // The first file, its agency chosen by hand.
    open_import(&mut h, &police);
    choose_agency(&mut h, "Northshire Police");
    h.get_by_label("Import 4 entries").click();
    h.run_steps(3);
    assert_eq!(entries_of(&h, 1).len(), 4);
    // The second file starts with no agency chosen ...
    open_import(&mut h, &school);
    assert!(
        h.query_by_label("Choose the agency to check the file.")
            .is_some(),
        "the second file starts with no agency chosen"
    );
    assert!(h.query_by_label_contains("Import 4 entries").is_none());
    // ... and suggests the one its own Organisation column names, for one click.
    assert!(
        h.query_by_label_contains("Organisation column names Riverside School on 4 of its 4 rows")
            .is_some()
    );
    h.get_by_label("Use suggested agency: Riverside School")
        .click();
    h.run_steps(2);
    settle(&mut h);
    h.get_by_label("Import 4 entries").click();
    h.run_steps(3);
    let r = review(&h);
    assert_eq!(entries_of(&h, 2).len(), 4, "the school's entries");
    assert_eq!(entries_of(&h, 1).len(), 4, "the police entries untouched");
    let police_text: Vec<&str> = r
        .chronology
        .iter()
        .filter(|e| e.agency == AgencyId(1))
        .map(|e| e.source.as_str())
        .collect();
    assert_eq!(police_text, ["Police log"; 4]);
}

#[test]
fn a_file_named_for_the_police_is_suggested_for_the_police() {
    // No organisation column: the file name says whose it is.
    let (mut h, dir) = open_two_agencies();
    let police = write_csv(
        &dir,
        "police-chronology.csv",
        "Date,Source,Details\n03/03/2019,Police log,Call to the home.\n",
    );
    open_import(&mut h, &police);
    assert!(h.query_by_label_contains("file name").is_some());
    h.get_by_label("Use suggested agency: Northshire Police")
        .click();
    h.run_steps(2);
    settle(&mut h);
    h.get_by_label("Import 1 entries").click();
    h.run_steps(3);
    assert_eq!(entries_of(&h, 1).len(), 1);
}

#[test]
fn an_import_that_would_change_most_of_an_agencys_entries_asks_first() {
    let (mut h, dir) = open_two_agencies();
    let school = write_csv(&dir, "school-chronology.csv", SCHOOL);
    // The police file without its organisation column: nothing in it names the police.
    let police = write_csv(
        &dir,
        "export-2019.csv",
        &POLICE
            .replace(",Northshire Police", "")
            .replace(",Organisation", ""),
    );
    open_import(&mut h, &school);
    choose_agency(&mut h, "Riverside School");
    h.get_by_label("Import 4 entries").click();
    h.run_steps(3);
    let before = review(&h).clone();
    // The police file, into the school by mistake.
    open_import(&mut h, &police);
    choose_agency(&mut h, "Riverside School");
    assert!(
        h.query_by_label(
            "This would change 4 of the 4 entries Riverside School already has. Is this the right agency?"
        )
        .is_some(),
        "the question is asked in words"
    );
    let import = h.get_by_label("Import 0 entries");
    assert!(
        import.accesskit_node().is_disabled(),
        "not before an answer"
    );
    import.click();
    h.run_steps(3);
    assert_eq!(review(&h), &before, "nothing changed");
    // Answered: the import may go ahead.
    h.get_by_label("Yes, import into Riverside School").click();
    h.run_steps(2);
    assert!(
        !h.get_by_label("Import 0 entries")
            .accesskit_node()
            .is_disabled()
    );
    // Another agency: the answer does not carry over.
    choose_agency(&mut h, "Northshire Police");
    assert!(h.query_by_label_contains("This would change").is_none());
}

#[test]
fn a_file_whose_organisation_column_names_another_agency_is_flagged() {
    let (mut h, dir) = open_two_agencies();
    let police = write_csv(&dir, "chronology.csv", POLICE);
    open_import(&mut h, &police);
    choose_agency(&mut h, "Riverside School");
    assert!(
        h.query_by_label(
            "The file's Organisation column names Northshire Police on 4 of its 4 rows, not Riverside School. Is this the right agency?"
        )
        .is_some(),
        "the other agency is named in words"
    );
    assert!(
        h.get_by_label("Import 4 entries")
            .accesskit_node()
            .is_disabled()
    );
    // The file's own agency: nothing to flag.
    choose_agency(&mut h, "Northshire Police");
    assert!(
        h.query_by_label_contains("Is this the right agency?")
            .is_none()
    );
    assert!(
        !h.get_by_label("Import 4 entries")
            .accesskit_node()
            .is_disabled()
    );
}

#[test]
fn an_undated_row_imported_flagged_gets_an_uncertain_span_and_stays_in_checks() {
    let (mut h, dir) = open_two_agencies();
    let police = write_csv(
        &dir,
        "police.csv",
        "Date,Organisation,Source,Details\n\
         03/03/2019,Northshire Police,Police log,Call to the home.\n\
         ,Northshire Police,Police log,Neighbour called again.\n\
         09/03/2019,Northshire Police,Police log,Referral sent to the MASH.\n",
    );
    open_import(&mut h, &police);
    choose_agency(&mut h, "Northshire Police");
    assert!(
        h.query_by_label_contains("need a decision before importing")
            .is_some()
    );
    h.get_by_label("Flag all for checking").click();
    h.run_steps(2);
    settle(&mut h);
    h.get_by_label("Import 3 entries").click();
    h.run_steps(3);
    let undated = review(&h)
        .chronology
        .iter()
        .find(|e| e.provenance.as_ref().is_some_and(|p| p.row == 3))
        .expect("row 3 imported")
        .clone();
    assert_eq!(
        undated.date.to_string(),
        "2019-03-03..2019-03-09",
        "between the rows around it, not the day before"
    );
    assert!(
        undated.comment.contains(
            "row 3: no date; dated between the rows around it (3 March 2019 to 9 March 2019)"
        ),
        "{}",
        undated.comment
    );
    assert!(undated.flags.contains(&Flag::NeedsChecking));
    // The table shows the span, not a day.
    go(&mut h, "Chronology");
    assert!(
        h.query_by_label("3 March 2019 to 9 March 2019").is_some(),
        "the table shows the uncertain span"
    );
    // Checks lists it, and jumps to it.
    h.get_by_label_contains("Checks (").click();
    h.run_steps(3);
    let listed = format!("{} (flags): needs checking: row 3: no date", undated.id);
    h.get_by_label_contains(&listed).click();
    h.run_steps(3);
    assert_eq!(h.state().selection.primary, Some(Key::Entry(undated.id)));
}
