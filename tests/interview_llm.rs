//! Interview follow-ups and summaries end to end: `update` issues effects,
//! the real workers carry them out with the real OpenAI-compatible client
//! against a local server, and the actions they send come back through
//! `update`, as in the workshop's event loop (without a terminal). Also:
//! model output that is not usable asks nothing and the interview goes on,
//! and the offline default never asks.

mod support;

use std::sync::Arc;
use std::time::Duration;

use archcrit::workers::Workers;
use archcrit::workers::llm::config::{ApiKey, LlmConfig};
use archcrit::workers::llm::openai::OpenAiModel;
use archcrit::workers::llm::{ChatModel, install_crypto_provider};
use archcrit_app::{Action, Effect, Key, KeyCode, Services, Startup, State, update};
use archcrit_core::file::{load_str, to_yaml};
use archcrit_core::interview::FollowUpRequest;
use archcrit_core::model::Design;
use serde_json::{Value, json};
use support::fake_openai::*;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

/// The real client; `timeout` for the whole request and for silence.
fn model(url: &str, timeout: Duration) -> Arc<dyn ChatModel> {
    install_crypto_provider();
    let mut c = LlmConfig::local(url, "m");
    c.api_key = Some(ApiKey::new("sk-interview-secret"));
    c.request_timeout = timeout;
    c.idle_timeout = timeout;
    Arc::new(OpenAiModel::new(c).unwrap())
}

/// A model reply streamed in pieces a few characters long.
fn reply(text: &str) -> Reply {
    let chars: Vec<char> = text.chars().collect();
    let chunks: Vec<Value> = chars
        .chunks(7)
        .map(|c| text_chunk(&c.iter().collect::<String>(), None))
        .chain([finish_chunk("stop")])
        .collect();
    stream_of(&chunks)
}

/// The state, the workers and the channel they answer on: the event loop
/// minus the terminal.
struct Workshop {
    state: State,
    workers: Workers,
    actions: UnboundedReceiver<Action>,
}

impl Workshop {
    /// The workshop as `archcrit` starts it, with `model` (or offline).
    fn start(model: Option<Arc<dyn ChatModel>>) -> Workshop {
        let (tx, actions) = unbounded_channel();
        let (mut state, fx) = State::new(Startup::new(Design::new("Bookshop")), Services::builtin());
        // As the TUI's setup does: follow-ups exactly when there is a model.
        state.interviews.follow_ups = model.is_some();
        let workers = Workers::spawn(Services::builtin(), tx.clone()).with_interview_model(model, tx);
        workers.run(fx);
        let mut w = Workshop { state, workers, actions };
        w.act(Action::Resize { w: 160, h: 45 });
        w
    }

    fn act(&mut self, action: Action) -> Vec<Effect> {
        let fx = update(&mut self.state, action);
        let asked: Vec<Effect> = fx
            .iter()
            .filter(|e| matches!(e, Effect::InterviewFollowUps { .. } | Effect::InterviewSummary { .. }))
            .cloned()
            .collect();
        self.workers.run(fx);
        asked
    }

    fn press(&mut self, key: Key) -> Vec<Effect> {
        self.act(Action::Key(key))
    }

    /// Replaces whatever is in the answer box with `text` and sends it.
    fn answer(&mut self, text: &str) -> Vec<Effect> {
        self.press(Key::ctrl('u'));
        for c in text.chars() {
            self.press(Key::ch(c));
        }
        self.press(Key::plain(KeyCode::Enter))
    }

    /// Applies what the workers send, in order, until one matches `wanted`.
    async fn until(&mut self, wanted: impl Fn(&Action) -> bool) -> Action {
        loop {
            let action = tokio::time::timeout(Duration::from_secs(15), self.actions.recv())
                .await
                .expect("no answer from the workers")
                .expect("the workers are gone");
            let matched = wanted(&action);
            self.act(action.clone());
            if matched {
                return action;
            }
        }
    }

    /// The follow-ups the worker sent for the last answer (applied already).
    async fn follow_ups(&mut self) -> Vec<String> {
        match self.until(|a| matches!(a, Action::InterviewFollowUps { .. })).await {
            Action::InterviewFollowUps { questions, .. } => questions,
            _ => unreachable!(),
        }
    }

    /// Applies whatever arrives within `wait`; returns it.
    async fn drain(&mut self, wait: Duration) -> Vec<Action> {
        let mut got = Vec::new();
        while let Ok(Some(action)) = tokio::time::timeout(wait, self.actions.recv()).await {
            self.act(action.clone());
            got.push(action);
        }
        got
    }

    fn asking(&self) -> String {
        let iv = self.state.interviews.running.as_ref().expect("an interview is running");
        iv.current(self.state.doc.design()).expect("a question is current").id
    }

    fn ask_text(&self) -> String {
        let iv = self.state.interviews.running.as_ref().expect("an interview is running");
        iv.current(self.state.doc.design()).expect("a question is current").ask
    }

    /// Skips every question left; the interview closes.
    fn skip_to_the_end(&mut self) -> Vec<Effect> {
        let mut asked = Vec::new();
        for _ in 0..40 {
            if self.state.interviews.running.is_none() {
                return asked;
            }
            asked.extend(self.press(Key::ctrl('n')));
        }
        panic!("skipping did not end the interview");
    }
}

/// The user message of the `n`th request the server got.
fn user_message(server: &Server, n: usize) -> String {
    let bodies = server.record.bodies.lock().unwrap();
    bodies[n]["messages"][1]["content"].as_str().unwrap_or_default().to_string()
}

fn system_message(server: &Server, n: usize) -> String {
    let bodies = server.record.bodies.lock().unwrap();
    bodies[n]["messages"][0]["content"].as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_ups_are_asked_answered_saved_and_the_interview_summed_up() {
    let three = json!({"questions": [
        "Who buys: private readers or shops?",
        "Which countries do you sell to first?",
        "A third question nobody should see?"
    ]});
    let server = serve(vec![
        reply(&three.to_string()),
        reply(r#"{"questions": []}"#),
        reply(r#"{"questions": ["Is 1200 the peak or the average?"]}"#),
        reply(r#"{"questions": []}"#),
        reply(
            "The bookshop serves browsers through a gateway. Buyers are private readers in Germany. \
             The biggest open risk is the single app instance.",
        ),
    ])
    .await;
    let mut w = Workshop::start(Some(model(&server.url, Duration::from_secs(10))));
    w.act(Action::Command("interview new-system".into()));

    let asked = w.answer("Sells second-hand books");
    assert!(matches!(asked.as_slice(), [Effect::InterviewFollowUps { .. }]), "{asked:?}");
    assert_eq!(w.asking(), "clients", "the next question is there while the model thinks");
    let questions = w.follow_ups().await;
    assert_eq!(questions.len(), 2, "more than two follow-ups are cut to two: {questions:?}");
    assert_eq!(w.asking(), "purpose.follow-up-1");
    assert_eq!(w.ask_text(), "Who buys: private readers or shops?");
    let sent = user_message(&server, 0);
    assert!(sent.contains("Sells second-hand books") && sent.contains("Design:"), "{sent}");
    assert!(system_message(&server, 0).contains("JSON"));

    w.answer("Private readers");
    assert_eq!(w.ask_text(), "Which countries do you sell to first?");
    w.answer("Germany");
    assert_eq!(w.asking(), "clients", "after the follow-ups the script goes on");

    w.answer("browser");
    assert!(w.follow_ups().await.is_empty(), "the model had nothing to ask");
    assert_eq!(w.asking(), "peak_rps");
    assert!(w.state.doc.design().contains("web") && w.state.doc.design().contains("gateway"));

    // A follow-up that arrives while the next answer is being typed waits.
    w.answer("1200");
    assert_eq!(w.asking(), "read_write_ratio");
    w.press(Key::ch('9'));
    assert_eq!(w.follow_ups().await.len(), 1);
    assert_eq!(w.asking(), "read_write_ratio", "the question does not change under the person");
    assert_eq!(w.state.interviews.running.as_ref().unwrap().input.text(), "9", "typed text is kept");
    w.press(Key::plain(KeyCode::Enter));
    assert_eq!(w.state.doc.design().requirements().read_write_ratio, Some(9.0));
    assert_eq!(w.asking(), "peak_rps.follow-up-1", "asked once the answer is sent");
    assert!(w.follow_ups().await.is_empty());
    w.answer("The peak");
    assert_eq!(w.asking(), "stale_reads");

    let asked = w.skip_to_the_end();
    assert!(
        matches!(asked.as_slice(), [Effect::InterviewSummary { .. }]),
        "skips ask no follow-ups; the end asks for a summary: {asked:?}"
    );
    let offline = w.state.chat.lines.last().unwrap().text.clone();
    assert!(offline.contains("skipped"), "the offline count is there at once: {offline}");
    let Action::InterviewSummary { text } = w.until(|a| matches!(a, Action::InterviewSummary { .. })).await else {
        unreachable!()
    };
    assert!(text.starts_with("The bookshop serves browsers") && text.ends_with("single app instance."), "{text}");
    assert_eq!(w.state.chat.lines.last().unwrap().text, text, "the summary is shown in the persona's panel");
    let summary_request = user_message(&server, 4);
    for said in ["Who buys: private readers or shops? -> Private readers", "-> Germany", "-> The peak", "(skipped)"] {
        assert!(summary_request.contains(said), "the summary sees the follow-ups: {summary_request}");
    }
    assert_eq!(server.hits(), 5, "no request for skipped questions");

    // The follow-ups travel with the design, under `interview:`.
    let yaml = to_yaml(w.state.doc.design());
    assert!(yaml.contains("interview:") && yaml.contains("purpose.follow-up-2"), "{yaml}");
    let reopened = load_str(&yaml, "bookshop.yaml").unwrap();
    let entries: Vec<(&str, &str, &str)> =
        reopened.interview().iter().take(7).map(|e| (e.question.as_str(), e.ask.as_str(), e.answer.as_str())).collect();
    assert_eq!(entries[1], ("purpose.follow-up-1", "Who buys: private readers or shops?", "Private readers"));
    assert_eq!(entries[2], ("purpose.follow-up-2", "Which countries do you sell to first?", "Germany"));
    assert_eq!(entries[3].0, "clients");
    assert_eq!(entries[6], ("peak_rps.follow-up-1", "Is 1200 the peak or the average?", "The peak"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn model_output_that_is_not_usable_asks_nothing_and_the_interview_goes_on() {
    let oversized = json!({"questions": ["Is it fine? ".repeat(600)]}).to_string();
    let server = serve(vec![
        // Prose instead of JSON, however question-like.
        reply("Sure! Here are some questions:\n1. How many regions?\n2. Who owns the data?"),
        // An empty answer.
        stream_of(&[finish_chunk("stop")]),
        // Far more than two short questions.
        reply(&oversized),
        // Not a chat-completions chunk at all.
        Reply::Stream(vec![Piece::Bytes(0, b"data: {\"nonsense\": true}\n\n".to_vec())]),
        // Never answers: the follow-up request times out...
        Reply::Hang,
        // ...and so does the summary.
        Reply::Hang,
    ])
    .await;
    // Short, so a server that never answers is a quick timeout.
    let mut w = Workshop::start(Some(model(&server.url, Duration::from_millis(800))));
    w.act(Action::Command("interview new-system".into()));

    let steps = [
        ("Sells second-hand books", "clients"),
        ("browser", "peak_rps"),
        ("1200", "read_write_ratio"),
        ("1", "consistency"),
        ("strong", "datastore"),
    ];
    for (answer, next) in steps {
        w.answer(answer);
        assert_eq!(w.asking(), next);
        // Typing goes on while the model is asked; nothing it sends replaces it.
        for c in "draft".chars() {
            w.press(Key::ch(c));
        }
        assert!(w.follow_ups().await.is_empty(), "after {answer:?}: no follow-ups");
        assert_eq!(w.asking(), next, "after {answer:?}: the script goes on");
        assert_eq!(w.state.interviews.running.as_ref().unwrap().input.text(), "draft");
    }
    assert_eq!(server.hits(), 5);
    assert!(!w.state.doc.design().interview().iter().any(|e| e.question.contains(".follow-up-")));

    w.skip_to_the_end();
    let Action::InterviewSummary { text } = w.until(|a| matches!(a, Action::InterviewSummary { .. })).await else {
        unreachable!()
    };
    assert!(text.starts_with("(no summary from the model:") && text.contains("within"), "{text}");
    let lines: Vec<&str> = w.state.chat.lines.iter().map(|l| l.text.as_str()).collect();
    assert!(
        lines.iter().any(|l| l.contains("answered") && l.contains("skipped")),
        "the offline count stays: {lines:?}"
    );

    // The person can start another interview at once; the model is still asked.
    w.act(Action::Command("interview scaling".into()));
    assert!(w.state.interviews.running.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_offline_default_never_asks_follow_ups() {
    let mut w = Workshop::start(None);
    assert!(!w.state.interviews.follow_ups, "no model: follow-ups are off");
    w.act(Action::Command("interview new-system".into()));
    let mut asked = Vec::new();
    for answer in ["Sells second-hand books", "browser", "1200", "9", "yes"] {
        asked.extend(w.answer(answer));
    }
    asked.extend(w.skip_to_the_end());
    assert!(asked.is_empty(), "offline, no follow-ups or summary are requested: {asked:?}");

    // Even a follow-up effect reaching the worker asks nothing offline.
    let request = FollowUpRequest {
        script: "new-system".into(),
        question: "purpose".into(),
        ask: "What does it do?".into(),
        answer: "Sells books".into(),
        effects: vec![],
    };
    w.workers.run(vec![Effect::InterviewFollowUps { request, design: Box::new(w.state.doc.design().clone()) }]);
    let late = w.drain(Duration::from_millis(500)).await;
    assert!(
        !late.iter().any(|a| matches!(a, Action::InterviewFollowUps { .. } | Action::InterviewSummary { .. })),
        "{late:?}"
    );
    assert!(!w.state.doc.design().interview().iter().any(|e| e.question.contains(".follow-up-")));
    let summary = &w.state.chat.lines.last().unwrap().text;
    assert!(summary.contains("5 answered") && summary.contains("skipped"), "the offline count: {summary}");
}
