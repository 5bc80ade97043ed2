//! Background work on tokio tasks: the persona agent and its LLM client.
//! Workers report results as small owned events; they never touch the
//! terminal and never panic on a failure (it becomes an event).

pub mod agent;
pub mod llm;
