//! scr-workbench: a workbench for serious case reviews and child safeguarding practice
//! reviews, built around the systems method.
//!
//! The layers, and which may use which (checked by `tests/layering.rs`):
//!
//! | module | may use | never uses |
//! |---|---|---|
//! | [`model`] | std, serde, jiff, petgraph | egui, files, ron, clap |
//! | [`analysis`] | model | files, ui, cli |
//! | [`store`] | model | ui, cli |
//! | [`import`] | model | ui, cli, export |
//! | [`export`] | model, analysis, palette, store (the fingerprint), import (time text) | ui, cli, paths |
//! | [`collate`] | model, analysis, store, export | ui, cli |
//! | [`cli`] | everything but ui | egui |
//! | `ui` (feature `gui`) | everything | (nothing depends on ui) |
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
