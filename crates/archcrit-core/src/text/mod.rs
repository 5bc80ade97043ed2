//! Text that came from outside archcrit (files, imports, environment, models).

pub mod counted;
pub mod inert;

pub use counted::counted;
