//! The simulated control plane: no terminal, no async runtime, no file I/O; a pure state machine
//! advanced by a virtual clock.

pub mod api;
pub mod behavior;
pub mod bootstrap;
pub mod cluster;
pub mod container;
pub mod controllers;
pub mod cron;
pub mod curl;
pub mod dns;
pub mod event_correlator;
pub mod event_record;
pub mod event_table;
pub mod images;
pub mod kubelet;
pub mod labels;
pub mod lru;
pub mod net;
pub mod object;
pub mod object_map;
pub mod operator;
pub mod pod;
pub mod pod_status;
pub mod podutil;
pub mod predicates;
pub mod quantity;
pub mod rng;
pub mod runtime;
pub mod scheduler;
pub mod score_tree;
pub mod shell;
pub mod shell_tools;
pub mod store;
pub mod taints;
#[cfg(test)]
mod tests;
#[cfg(test)]
pub mod testutil;
pub mod text_filters;
pub mod word;
