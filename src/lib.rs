//! scr-workbench: a workbench for serious case reviews and child safeguarding practice
//! reviews, built around the systems method.
//!
//! The layers, what each may use and where things sit are in `ARCHITECTURE.md`, whose
//! rules table `tests/layering.rs` reads and enforces.
//!
//! Every export, from the command line or the GUI, goes through
//! [`export::pipeline::produce`], which holds the leak gate; `main.rs` alone decides
//! between the command line (a subcommand) and the GUI (none).

pub mod analysis;
pub mod cli;
pub mod collate;
pub mod export;
pub mod import;
pub mod model;
pub mod palette;
pub mod store;
pub mod synth;

#[cfg(feature = "gui")]
pub mod ui;
