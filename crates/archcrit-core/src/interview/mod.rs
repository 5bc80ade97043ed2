//! Guided design interviews: scripts as data (assets/interviews/*.yaml,
//! overridable from a directory), their loading and checking, and the
//! `Session` that runs one against a design. Pure and synchronous: no
//! terminal, no model calls; every change to a design is an `Edit` the
//! caller applies.
//!
//! # Driving a session (TUI and headless alike)
//! ```text
//! let script = Library::built_in()?.find("new-system")?;
//! let mut session = Session::resume_or_start(script, &design);
//! while let Some(view) = session.current(&design) {      // what to show:
//!     // view.ask, view.why, view.ty (choices, unit, min/max), view.prefill,
//!     // view.number of view.total, view.follow_up
//!     match session.answer(&design, &typed_text) {      // or session.skip(&design)
//!         Ok(outcome) => { design.apply(outcome.edit)?; /* push the inverse on the undo stack */ }
//!         Err(AnswerError::Invalid { message, .. }) => { /* show message, ask again */ }
//!         Err(e) => { /* Rejected: the design cannot take it; Finished */ }
//!     }
//! }
//! // session.back() -> Option<Edit>: apply it and the previous question is current again.
//! ```
//! `answer` and `skip` never change the session unless they succeed, and
//! the returned `Edit` is one `Batch` (effects + `RecordAnswer`), so one
//! undo removes an answer. `current` reads the design each time: conditions
//! on the design (`{lacks: cache}`) see edits made on the canvas between
//! questions. Quitting is just dropping the session; `Session::resume`
//! rebuilds it from the transcript stored in the design.
//!
//! Follow-ups (LLM only): after a scripted answer, `AnswerOutcome::follow_up`
//! is a request to hand to a model; pass the questions it returns to
//! `Session::offer_follow_ups` and they are asked next (text answers, no
//! effects, ids like `peak_rps.follow-up-1`), even if later questions were
//! answered meanwhile, as long as that answer still stands. Offline,
//! nothing is offered.

mod answer;
mod clock;
mod condition;
mod effects;
mod flows;
mod followup;
mod headless;
mod library;
mod load;
mod patterns;
mod script;
mod session;
mod target;

pub use answer::{AnswerValue, BadAnswer, NONE_CHOICE, QuestionType};
pub use clock::{Clock, rfc3339};
pub use condition::{Answers, Condition, Test};
pub use effects::{AnswerFieldError, Planned, answer_to_field};
pub use flows::{FlowOp, RequestType, request_types};
pub use followup::{FollowUpRequest, FollowUps, MAX_FOLLOW_UPS, Offline, SummaryRequest};
pub use headless::{AnswerMap, HeadlessRun, parse_answers, run};
pub use library::{BUILT_IN, Library, load_script_path};
pub use load::load_script;
pub use patterns::{PatternFn, critic_patterns};
pub use script::{Effect, EffectOp, Question, Script};
pub use session::{AnswerError, AnswerOutcome, FOLLOW_UP_MARK, QuestionView, Session};
pub use target::{Group, Selector, Target};
