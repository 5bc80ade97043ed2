//! The interview session: which question comes next, answering, skipping,
//! going back, follow-ups and resuming from a transcript. It never owns or
//! mutates the design: every method reads `&Design` and hands back `Edit`s
//! for the caller (the TUI's `update`, the headless runner) to apply.

use std::collections::VecDeque;
use std::sync::Arc;

use super::answer::{AnswerValue, BadAnswer, QuestionType};
use super::clock::{self, Clock};
use super::condition::Answers;
use super::effects::{self, Planned};
use super::followup::{FollowUpRequest, MAX_FOLLOW_UPS, SummaryRequest};
use super::patterns::{PatternFn, critic_patterns};
use super::script::{Question, Script};
use crate::model::{Design, Edit, FieldValue, TranscriptEntry};

/// Marks a follow-up's id in the transcript: `peak_rps.follow-up-1`.
pub const FOLLOW_UP_MARK: &str = ".follow-up-";

/// What to show for the question being asked.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionView {
    pub script: String,
    /// The question's id (`peak_rps.follow-up-1` for a follow-up).
    pub id: String,
    pub ask: String,
    pub why: Option<String>,
    pub ty: QuestionType,
    /// What the design already holds, as an answer to confirm; an empty
    /// answer accepts it.
    pub prefill: Option<String>,
    /// Progress: this is question `number` of about `total` (conditions on
    /// later answers can still change the total).
    pub number: usize,
    pub total: usize,
    pub follow_up: bool,
}

impl QuestionView {
    /// Checks typed text the way `Session::answer` will (for live validation).
    pub fn check(&self, text: &str) -> Result<AnswerValue, BadAnswer> {
        match (&self.prefill, text.trim().is_empty()) {
            (Some(p), true) => self.ty.validate(p),
            _ => self.ty.validate(text),
        }
    }
}

/// An accepted answer: apply `edit` (one undoable Batch) to the design the
/// answer was given against.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerOutcome {
    pub edit: Edit,
    /// The transcript entry `edit` records.
    pub entry: TranscriptEntry,
    /// Effects that did nothing, and why.
    pub notes: Vec<String>,
    /// Indices of the question's effects whose condition held.
    pub fired: Vec<usize>,
    /// Present after a scripted answer that allows follow-ups: hand it to
    /// an LLM and pass what it asks to `Session::offer_follow_ups`.
    pub follow_up: Option<FollowUpRequest>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnswerError {
    #[error("the interview is over: there is no question to answer")]
    Finished,
    /// The text is not a valid answer; ask again.
    #[error("{question}: {message}")]
    Invalid { question: String, message: String },
    /// The answer is valid but the design cannot take its effects.
    #[error("{question}: the answer cannot be applied: {message}")]
    Rejected { question: String, message: String },
}

impl AnswerError {
    pub fn question(&self) -> Option<&str> {
        match self {
            AnswerError::Finished => None,
            AnswerError::Invalid { question, .. } | AnswerError::Rejected { question, .. } => Some(question),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum StepKind {
    Scripted,
    FollowUp(String),
}

#[derive(Debug, Clone, PartialEq)]
struct Step {
    /// Index of the scripted question (for a follow-up, its parent).
    question: usize,
    kind: StepKind,
    /// Undoes the step; `None` for resumed steps that cannot be undone.
    undo: Option<Edit>,
}

/// One run of one script. Cheap to clone; the script is shared.
#[derive(Debug, Clone)]
pub struct Session {
    script: Arc<Script>,
    answers: Answers,
    steps: Vec<Step>,
    /// The first scripted question not yet considered.
    next: usize,
    /// Follow-ups offered and not yet asked, with the index of the scripted
    /// question each follows up.
    queued: VecDeque<(usize, String)>,
    clock: Clock,
    patterns: PatternFn,
}

impl Session {
    /// A fresh run from the first question.
    pub fn start(script: Arc<Script>) -> Session {
        Session {
            script,
            answers: Answers::new(),
            steps: Vec::new(),
            next: 0,
            queued: VecDeque::new(),
            clock: clock::now,
            patterns: critic_patterns,
        }
    }

    /// Continues the latest run of this script recorded in the design's
    /// transcript (a fresh start when there is none). Resumed answers count
    /// for conditions; going back over them forgets their transcript entry
    /// but leaves their effects in the design.
    pub fn resume(script: Arc<Script>, design: &Design) -> Session {
        let mut session = Session::start(script);
        let transcript = design.interview();
        let run = latest_run(&session.script, transcript);
        // Only entries at the very end of the transcript can be forgotten
        // with ForgetLastAnswer.
        let at_tail =
            run.last().is_some_and(|(i, _)| *i + 1 == transcript.len()) && run.windows(2).all(|w| w[0].0 + 1 == w[1].0);
        for (_, entry) in run {
            let undo = at_tail.then_some(Edit::ForgetLastAnswer);
            if let Some((parent, _)) = entry.question.split_once(FOLLOW_UP_MARK) {
                let Some(question) = session.script.position(parent) else { continue };
                session.steps.push(Step { question, kind: StepKind::FollowUp(entry.ask.clone()), undo });
                continue;
            }
            let Some(question) = session.script.position(&entry.question) else { continue };
            let value = session.script.questions[question].ty.validate(&entry.answer).ok();
            session.answers.insert(entry.question.clone(), value);
            session.steps.push(Step { question, kind: StepKind::Scripted, undo });
            session.next = question + 1;
        }
        session
    }

    /// Resumes an unfinished run, or starts a new one.
    pub fn resume_or_start(script: Arc<Script>, design: &Design) -> Session {
        let resumed = Session::resume(script.clone(), design);
        if !resumed.steps.is_empty() && resumed.is_finished(design) { Session::start(script) } else { resumed }
    }

    /// Uses another clock for transcript times (tests, replays).
    pub fn with_clock(mut self, clock: Clock) -> Session {
        self.clock = clock;
        self
    }

    /// Uses another source of pattern transformations.
    pub fn with_patterns(mut self, patterns: PatternFn) -> Session {
        self.patterns = patterns;
        self
    }

    pub fn script(&self) -> &Script {
        &self.script
    }

    /// Answers given so far (`None` = skipped), by question id.
    pub fn answers(&self) -> &Answers {
        &self.answers
    }

    /// Number of answered or skipped steps, follow-ups included.
    pub fn steps(&self) -> usize {
        self.steps.len()
    }

    pub fn is_finished(&self, design: &Design) -> bool {
        self.current(design).is_none()
    }

    fn eligible(&self, q: &Question, design: &Design) -> bool {
        q.when.as_ref().is_none_or(|c| c.eval(&self.answers, None, design))
    }

    fn next_question(&self, design: &Design) -> Option<usize> {
        (self.next..self.script.questions.len()).find(|i| self.eligible(&self.script.questions[*i], design))
    }

    /// The question to ask now, or `None` when the interview is over.
    pub fn current(&self, design: &Design) -> Option<QuestionView> {
        let answered = self.steps.iter().filter(|s| s.kind == StepKind::Scripted).count();
        let remaining = self.script.questions[self.next.min(self.script.questions.len())..]
            .iter()
            .filter(|q| self.eligible(q, design))
            .count();
        if let Some((parent, ask)) = self.queued.front() {
            let parent_question = &self.script.questions[*parent];
            let said = match self.answers.get(&parent_question.id) {
                Some(Some(value)) => format!("you answered “{value}” to: {}", parent_question.ask),
                _ => format!("about: {}", parent_question.ask),
            };
            return Some(QuestionView {
                script: self.script.id.clone(),
                id: format!("{}{FOLLOW_UP_MARK}{}", parent_question.id, self.follow_ups_of(*parent) + 1),
                ask: ask.clone(),
                why: Some(said),
                ty: QuestionType::Text,
                prefill: None,
                number: self.number_of(*parent),
                total: answered + remaining,
                follow_up: true,
            });
        }
        let i = self.next_question(design)?;
        let q = &self.script.questions[i];
        let prefill =
            q.bind.as_ref().and_then(|t| t.read(design)).map(|v| answer_text(&v)).filter(|t| q.ty.validate(t).is_ok());
        Some(QuestionView {
            script: self.script.id.clone(),
            id: q.id.clone(),
            ask: q.ask.clone(),
            why: q.why.clone(),
            ty: q.ty.clone(),
            prefill,
            number: answered + 1,
            total: answered + remaining,
            follow_up: false,
        })
    }

    /// Follow-ups of scripted question `parent` already answered or skipped.
    fn follow_ups_of(&self, parent: usize) -> usize {
        self.steps.iter().filter(|s| s.question == parent && matches!(s.kind, StepKind::FollowUp(_))).count()
    }

    /// Where scripted question `parent` came in this run (1-based), for
    /// "follow-up to question n".
    fn number_of(&self, parent: usize) -> usize {
        let scripted = self.steps.iter().filter(|s| s.kind == StepKind::Scripted);
        let before = scripted.take_while(|s| s.question != parent).count();
        before + 1
    }

    fn entry(&self, question: String, ask: String, answer: String, effects: Vec<String>) -> TranscriptEntry {
        TranscriptEntry {
            script: self.script.id.clone(),
            question,
            ask,
            answer,
            time: (self.clock)(),
            effects,
            extra: Default::default(),
        }
    }

    /// Answers the current question. An empty answer accepts the pre-fill.
    pub fn answer(&mut self, design: &Design, text: &str) -> Result<AnswerOutcome, AnswerError> {
        let view = self.current(design).ok_or(AnswerError::Finished)?;
        let value =
            view.check(text).map_err(|e| AnswerError::Invalid { question: view.id.clone(), message: e.to_string() })?;
        if view.follow_up
            && let Some((parent, _)) = self.queued.pop_front()
        {
            let entry = self.entry(view.id.clone(), view.ask.clone(), value.to_string(), Vec::new());
            return Ok(self.record(entry, parent, StepKind::FollowUp(view.ask), Planned::default(), None));
        }
        let i = self.next_question(design).ok_or(AnswerError::Finished)?;
        let question = &self.script.questions[i];
        let mut answers = self.answers.clone();
        answers.insert(question.id.clone(), Some(value.clone()));
        let mut work = design.clone();
        let mut planned = effects::plan(question, &value, &answers, &mut work, self.patterns)
            .map_err(|message| AnswerError::Rejected { question: question.id.clone(), message })?;
        if planned.edits.is_empty() && planned.notes.is_empty() {
            planned.notes.push(self.why_nothing_changed(i));
        }
        let described: Vec<String> = planned.edits.iter().map(describe).collect();
        let entry = self.entry(question.id.clone(), question.ask.clone(), value.to_string(), described.clone());
        let follow_up = question.follow_ups.then(|| FollowUpRequest {
            script: self.script.id.clone(),
            question: question.id.clone(),
            ask: question.ask.clone(),
            answer: value.to_string(),
            effects: described,
        });
        self.answers = answers;
        self.next = i + 1;
        self.queued.clear();
        Ok(self.record(entry, i, StepKind::Scripted, planned, follow_up))
    }

    /// Why an answer changed nothing in the design: later questions ask by
    /// it, or it is only recorded in the transcript.
    fn why_nothing_changed(&self, question: usize) -> String {
        let id = self.script.questions[question].id.as_str();
        let names_it = |c: &Option<super::condition::Condition>| {
            c.as_ref().is_some_and(|c| c.answer_tests().iter().any(|(q, _)| *q == Some(id)))
        };
        let later: Vec<&str> = self.script.questions[question + 1..]
            .iter()
            .filter(|q| names_it(&q.when) || q.effects.iter().any(|e| names_it(&e.when)))
            .map(|q| q.id.as_str())
            .collect();
        match later.as_slice() {
            [] => "recorded in the transcript: this answer changes nothing in the design".to_string(),
            [one] => format!("recorded: it decides what `{one}` asks or does"),
            more => format!(
                "recorded: it decides what {} ask or do",
                more.iter().map(|q| format!("`{q}`")).collect::<Vec<_>>().join(", ")
            ),
        }
    }

    fn record(
        &mut self,
        entry: TranscriptEntry,
        question: usize,
        kind: StepKind,
        planned: Planned,
        follow_up: Option<FollowUpRequest>,
    ) -> AnswerOutcome {
        let Planned { mut edits, inverses, notes, fired } = planned;
        let label = format!("interview {}: {}", self.script.id, entry.question);
        edits.push(Edit::RecordAnswer { entry: entry.clone() });
        let mut undo = vec![Edit::ForgetLastAnswer];
        undo.extend(inverses.into_iter().rev());
        self.steps.push(Step {
            question,
            kind,
            undo: Some(Edit::Batch { label: format!("undo {label}"), edits: undo }),
        });
        AnswerOutcome { edit: Edit::Batch { label, edits }, entry, notes, fired, follow_up }
    }

    /// Skips the current question: recorded with an empty answer, no effects.
    pub fn skip(&mut self, design: &Design) -> Result<AnswerOutcome, AnswerError> {
        let view = self.current(design).ok_or(AnswerError::Finished)?;
        let entry = self.entry(view.id.clone(), view.ask.clone(), String::new(), Vec::new());
        if view.follow_up
            && let Some((parent, _)) = self.queued.pop_front()
        {
            return Ok(self.record(entry, parent, StepKind::FollowUp(view.ask), Planned::default(), None));
        }
        let i = self.next_question(design).ok_or(AnswerError::Finished)?;
        self.answers.insert(view.id.clone(), None);
        self.next = i + 1;
        self.queued.clear();
        Ok(self.record(entry, i, StepKind::Scripted, Planned::default(), None))
    }

    /// Whether `back` has a step it can undo.
    pub fn can_go_back(&self) -> bool {
        self.steps.last().is_some_and(|s| s.undo.is_some())
    }

    /// Steps back one answer: returns the edit that undoes it (apply it to
    /// the design), and that question becomes current again.
    pub fn back(&mut self) -> Option<Edit> {
        if !self.can_go_back() {
            return None;
        }
        let step = self.steps.pop()?;
        match step.kind {
            StepKind::Scripted => {
                let id = &self.script.questions[step.question].id;
                self.answers.remove(id);
                self.next = step.question;
                self.queued.clear();
            }
            StepKind::FollowUp(ask) => self.queued.push_front((step.question, ask)),
        }
        step.undo
    }

    /// Offers follow-up questions for the answer `request` describes; they
    /// are asked next. Accepted while that answer still stands in this run
    /// (not gone back over, not changed) and has had no follow-ups yet, and
    /// no other follow-ups wait to be asked; up to `MAX_FOLLOW_UPS` per
    /// answer. Returns how many were queued. The answer need not be the
    /// latest: follow-ups held back while the person typed the next answer
    /// are asked after it.
    pub fn offer_follow_ups(&mut self, request: &FollowUpRequest, questions: Vec<String>) -> usize {
        let Some(parent) = self.script.position(&request.question) else { return 0 };
        let stands = matches!(self.answers.get(&request.question), Some(Some(v)) if v.to_string() == request.answer);
        let fresh = request.script == self.script.id
            && self.queued.is_empty()
            && stands
            && self.steps.iter().any(|s| s.question == parent && s.kind == StepKind::Scripted)
            && self.follow_ups_of(parent) == 0;
        if !fresh {
            return 0;
        }
        self.queued.extend(
            questions
                .into_iter()
                .map(|q| q.trim().to_string())
                .filter(|q| !q.is_empty())
                .take(MAX_FOLLOW_UPS)
                .map(|q| (parent, q)),
        );
        self.queued.len()
    }

    /// Whether follow-ups offered earlier are waiting to be asked.
    pub fn has_queued_follow_ups(&self) -> bool {
        !self.queued.is_empty()
    }

    /// What a summariser needs once the interview is over: this run's entries.
    pub fn summary_request(&self, design: &Design) -> SummaryRequest {
        let n = self.steps.len().min(design.interview().len());
        let entries = design.interview()[design.interview().len() - n..]
            .iter()
            .filter(|e| e.script == self.script.id)
            .cloned()
            .collect();
        SummaryRequest { script: self.script.id.clone(), title: self.script.title.clone(), entries }
    }

    /// A one-line account of the run, for when no LLM summarises.
    pub fn offline_summary(&self, design: &Design) -> String {
        let request = self.summary_request(design);
        let skipped = request.entries.iter().filter(|e| e.answer.is_empty()).count();
        let changes: usize = request.entries.iter().map(|e| e.effects.len()).sum();
        format!(
            "{}: {} answered, {} skipped, {} change{} to the design",
            self.script.title,
            request.entries.len() - skipped,
            skipped,
            changes,
            if changes == 1 { "" } else { "s" }
        )
    }
}

/// An edit in words for the transcript; a batch (a pattern) names what it
/// did: "apply redundancy: set db.replicas = 2; set api.replicas = 2".
fn describe(edit: &Edit) -> String {
    fn leaves(edit: &Edit, out: &mut Vec<String>) {
        match edit {
            Edit::Batch { edits, .. } => edits.iter().for_each(|e| leaves(e, out)),
            other => out.push(other.describe()),
        }
    }
    match edit {
        Edit::Batch { label, .. } => {
            let mut parts = Vec::new();
            leaves(edit, &mut parts);
            format!("{label}: {}", parts.join("; "))
        }
        other => other.describe(),
    }
}

/// A design value written the way a person would answer.
fn answer_text(v: &FieldValue) -> String {
    match v {
        FieldValue::Flag(b) => if *b { "yes" } else { "no" }.to_string(),
        FieldValue::List(items) if items.is_empty() => super::answer::NONE_CHOICE.to_string(),
        FieldValue::List(items) => items.join(", "),
        other => other.to_string(),
    }
}

/// The entries (with their transcript positions) of the latest run of
/// `script`: a run restarts whenever a question comes up that is not after
/// the previous one.
fn latest_run<'a>(script: &Script, transcript: &'a [TranscriptEntry]) -> Vec<(usize, &'a TranscriptEntry)> {
    let mut run: Vec<(usize, &TranscriptEntry)> = Vec::new();
    let mut last: Option<usize> = None;
    for (i, entry) in transcript.iter().enumerate().filter(|(_, e)| e.script == script.id) {
        if entry.question.contains(FOLLOW_UP_MARK) {
            run.push((i, entry));
            continue;
        }
        let position = script.position(&entry.question);
        if let (Some(p), Some(l)) = (position, last)
            && p <= l
        {
            run.clear();
        }
        if position.is_some() {
            last = position;
        }
        run.push((i, entry));
    }
    run
}
