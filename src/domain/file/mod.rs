//! Reading and writing design files (format 1): strict loading with
//! file:line errors, canonical and atomic saving.

pub mod yaml;
