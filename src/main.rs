//! The `scr-workbench` binary: a subcommand runs the command line, none (or a review's
//! path) opens the GUI. This is the only place that knows both.

use clap::Parser;
use scr_workbench::cli;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    match args.command {
        Some(command) => cli::run(command, &mut std::io::stdout(), &mut std::io::stderr()),
        None => open_gui(args.file),
    }
}

#[cfg(feature = "gui")]
fn open_gui(file: Option<PathBuf>) -> ExitCode {
    match scr_workbench::ui::run(file) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("scr-workbench: cannot open the window: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_gui(_file: Option<PathBuf>) -> ExitCode {
    eprintln!(
        "scr-workbench: this build has no GUI (the `gui` feature is off). \
         Rebuild with default features, or use a subcommand: see --help."
    );
    ExitCode::from(2)
}
