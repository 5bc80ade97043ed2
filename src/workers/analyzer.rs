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
                    Err(e) => Action::FileUnreadable { message: format!("the critic failed: {e}") },
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
