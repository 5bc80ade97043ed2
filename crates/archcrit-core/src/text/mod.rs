//! Text that came from outside archcrit (files, imports, environment, models).

pub mod inert;
