//! The domain: pure, synchronous code that knows designs and nothing about
//! terminals, tasks or networks. Everything above it is an adapter.

pub mod calibrate;
pub mod critic;
pub mod diff;
pub mod examples;
pub mod exchange;
pub mod file;
pub mod interview;
pub mod layout;
pub mod model;
pub mod persona;
pub mod seeded;
pub mod synth;
pub mod tech;
pub mod text;
pub mod whatif;
