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
//! | [`cli`] | everything but ui | egui |
//! | `ui` (feature `gui`) | everything | (nothing depends on ui) |

pub mod analysis;
pub mod cli;
pub mod export;
pub mod import;
pub mod model;
pub mod palette;
pub mod store;
pub mod synth;

#[cfg(feature = "gui")]
pub mod ui;
