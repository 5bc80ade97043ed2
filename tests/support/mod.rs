//! Helpers shared by integration tests.

pub mod fake_openai;
pub mod workshop;
