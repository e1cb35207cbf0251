//! The kubectl layer: argument parsing, verbs and printers, over the simulated cluster.

pub mod duration;
pub mod printers;
pub mod table;
