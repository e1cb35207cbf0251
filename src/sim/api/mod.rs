//! The simulated API server: defaults, admission, validation, errors, and the write path.

pub mod admission;
pub mod defaults;
pub mod errors;
pub mod server;
pub mod validation;
