//! The `scr-workbench` binary: a subcommand runs the command line, none opens the GUI.

fn main() -> std::process::ExitCode {
    scr_workbench::cli::main()
}
