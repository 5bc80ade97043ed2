//! The analyzer: critiques the design off the UI thread. Requests are
//! latest-wins (a `watch` channel keeps only the newest) and debounced a
//! little so a burst of keys costs one critique; results carry the design
//! revision they describe.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::watch;

use archcrit_app::{Action, services::CritiqueFn};
use archcrit_core::model::Design;

/// Long enough to fold a key-repeat burst, short enough to feel live.
const DEBOUNCE: Duration = Duration::from_millis(12);

pub struct Analyzer {
    latest: watch::Sender<Option<Arc<Design>>>,
}

impl Analyzer {
    pub fn spawn(critique: CritiqueFn, actions: UnboundedSender<Action>) -> Analyzer {
        let (latest, mut rx) = watch::channel::<Option<Arc<Design>>>(None);
        tokio::spawn(async move {
            while rx.changed().await.is_ok() {
                tokio::time::sleep(DEBOUNCE).await;
                let Some(design) = rx.borrow_and_update().clone() else { continue };
                let revision = design.revision();
                let result = tokio::task::spawn_blocking(move || critique(&design)).await;
                let action = match result {
                    Ok(report) => Action::CritiqueReady { revision, report: Box::new(report) },
                    Err(e) => Action::CritiqueFailed { revision, message: join_failure(e) },
                };
                if actions.send(action).is_err() {
                    break;
                }
            }
        });
        Analyzer { latest }
    }

    pub fn request(&self, design: Arc<Design>) {
        let _ = self.latest.send(Some(design));
    }
}

/// What a critic task that did not return says: its panic message when it
/// panicked (a `&str` or `String` payload), else why it was stopped.
pub fn join_failure(e: tokio::task::JoinError) -> String {
    if !e.is_panic() {
        return e.to_string();
    }
    let payload = e.into_panic();
    match payload.downcast_ref::<&str>() {
        Some(text) => (*text).to_string(),
        None => match payload.downcast_ref::<String>() {
            Some(text) => text.clone(),
            None => "it panicked without a message".to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use archcrit_core::critic::Report;

    fn panicking_critic(_: &Design) -> Report {
        panic!("rule R9 divided by zero")
    }

    #[tokio::test]
    async fn a_panicking_critic_is_reported_as_the_critic_failing() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let analyzer = Analyzer::spawn(panicking_critic, tx);
        let design = Arc::new(Design::new("t"));
        analyzer.request(design.clone());
        match rx.recv().await {
            Some(Action::CritiqueFailed { revision, message }) => {
                assert_eq!(revision, design.revision());
                assert_eq!(message, "rule R9 divided by zero");
            }
            other => panic!("expected CritiqueFailed, got {other:?}"),
        }
    }
}
