//! Every design error of a file, not only the first. After one, the entry
//! it is about (a component, a link, a flow, a zone, a requirement) is
//! taken out of a copy of the text, its lines left blank so every line
//! keeps its number, and the copy is read again. An error that only
//! follows from an entry taken out (a link to a component taken out) is
//! not listed. A YAML syntax error, or an error with no entry to take out,
//! ends the list: past it nothing can be read reliably.

use super::LoadError;
use super::yaml::{self, Step};

/// At most this many errors are listed; the rest are counted.
pub(super) const LISTED: usize = 20;

/// Reads no further than this many errors (each is one more reading of
/// the file)...
const READINGS: usize = 100;

/// ...and no more than this many bytes in all, so a large hostile file
/// costs a few readings, not a hundred (docs/security.md).
const BUDGET: usize = 64 * 1024 * 1024;

/// `first`, with the file's other design errors found by `read` (one
/// reading of a text: its first error) in `more` and `unlisted`.
pub(super) fn collect(text: &str, mut first: LoadError, read: impl Fn(&str) -> Option<LoadError>) -> LoadError {
    let mut text = text.to_string();
    let mut out = TakenOut::default();
    // The last error as read from the text as it is now (its list
    // indices count the items still there).
    let mut last = first.clone();
    for _ in 0..READINGS.min(BUDGET / text.len().max(1)) {
        if !out.take(&mut text, &last) {
            break;
        }
        let Some(next) = read(&text) else { break };
        if next.line == last.line && next.message == last.message {
            break;
        }
        if !out.caused(&next) {
            list(&mut first, out.as_written(&next));
        }
        last = next;
    }
    first
}

/// What was taken out of the text so far.
#[derive(Default)]
struct TakenOut {
    /// Components left as a plain service under their id.
    components: Vec<String>,
    /// List items blanked: (list, index in the file as written).
    items: Vec<(String, usize)>,
}

impl TakenOut {
    /// Takes the entry `e` is about out of `text`; false when there is
    /// none that can be.
    fn take(&mut self, text: &mut String, e: &LoadError) -> bool {
        let Some(entry) = entry_of(e) else {
            // A duplicate id: the second entry, on the error's line, goes.
            let dup = e.message.starts_with("components: duplicate ");
            return e.line.filter(|_| dup).is_some_and(|line| blank_from(text, line, None));
        };
        // A component stays as a plain service under its id, so links
        // and flows naming it read as written and show their own mistakes.
        let stand_in = match entry.0.as_slice() {
            [Step::Key(top), Step::Key(id)] if top == "components" => {
                self.components.push(id.clone());
                crate::model::ComponentId::new(id.clone()).ok().map(|id| format!("{id}: {{kind: service}}"))
            }
            _ => None,
        };
        let item = match entry.0.as_slice() {
            [Step::Key(list), Step::Index(i)] => Some((list.clone(), self.written(list, *i))),
            _ => None,
        };
        let done = blank(text, &entry, stand_in.as_deref());
        if done {
            self.items.extend(item);
        }
        done
    }

    /// Index `i` of `list` in the text as it is now, in the file as written.
    fn written(&self, list: &str, i: usize) -> usize {
        let mut gone: Vec<usize> = self.items.iter().filter(|(l, _)| l == list).map(|(_, g)| *g).collect();
        gone.sort_unstable();
        gone.into_iter().fold(i, |at, g| if g <= at { at + 1 } else { at })
    }

    /// `e` with its path's list index as in the file as written.
    fn as_written(&self, e: &LoadError) -> LoadError {
        let mut e = e.clone();
        let Some((path, _)) = e.message.split_once(": ") else { return e };
        if let [Step::Key(list), Step::Index(i), ..] = yaml::Path::parse(path).0.as_slice() {
            let (now, then) = (format!("{list}[{i}]"), format!("{list}[{}]", self.written(list, *i)));
            e.message = e.message.replacen(&now, &then, 1);
        }
        e
    }

    /// Whether `e` is only that a link or flow names a component taken
    /// out (its own mistake was listed already).
    fn caused(&self, e: &LoadError) -> bool {
        e.message.contains("names a component that does not exist")
            && self
                .components
                .iter()
                .any(|id| ["from", "to", "via"].iter().any(|r| e.message.contains(&format!("`{r}: {id}`"))))
    }
}

/// Adds `next` to the errors listed, or counts it past `LISTED`.
fn list(first: &mut LoadError, next: LoadError) {
    let others = first.others_mut();
    if others.listed.len() + 1 < LISTED {
        others.listed.push(next);
    } else {
        others.unlisted += 1;
    }
}

/// The entry an error is about: the first two steps of the path its
/// message starts with (`components.api.replicas: ...` is about
/// `components.api`; `links[2].to: ...` about `links[2]`); `None` for a
/// YAML syntax error or an error about the file as a whole.
fn entry_of(e: &LoadError) -> Option<yaml::Path> {
    e.line?;
    let (path, _) = e.message.split_once(": ")?;
    if path.contains(' ') {
        return None;
    }
    let steps = yaml::Path::parse(path).0;
    let top = match steps.first()? {
        Step::Key(k) => k.as_str(),
        Step::Index(_) => return None,
    };
    let wanted = match top {
        "components" | "links" | "flows" | "zones" | "requirements" | "accepted" => 2,
        _ => return None,
    };
    (steps.len() >= wanted).then(|| yaml::Path(steps[..wanted].to_vec()))
}

/// Blanks the lines of `entry` in `text` (kept as empty lines), the first
/// one holding `stand_in` when given; false when the entry cannot be told
/// apart from its neighbours (written on its parent's line, flow style).
fn blank(text: &mut String, entry: &yaml::Path, stand_in: Option<&str>) -> bool {
    let positions = yaml::Positions::read(text);
    let (Some(place), Some(parent)) = (positions.place(entry), positions.place(&yaml::Path(entry.0[..1].to_vec())))
    else {
        return false;
    };
    let start = place.key.unwrap_or(place.value).0;
    start > parent.key.unwrap_or(parent.value).0 && blank_from(text, start, stand_in)
}

/// Blanks the entry whose first line is `start` (1-based): that line and
/// those after it indented deeper.
fn blank_from(text: &mut String, start: usize, stand_in: Option<&str>) -> bool {
    let lines: Vec<&str> = text.split('\n').collect();
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let Some(first) = lines.get(start - 1) else { return false };
    let own = indent(first);
    let end = (start..lines.len())
        .find(|i| {
            let t = lines[*i].trim();
            !t.is_empty() && !t.starts_with('#') && indent(lines[*i]) <= own
        })
        .unwrap_or(lines.len());
    let stand_in = stand_in.map(|s| format!("{}{s}", " ".repeat(own)));
    let out: Vec<&str> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| match (i + 1 == start, &stand_in) {
            (true, Some(s)) => s.as_str(),
            _ if i + 1 >= start && i < end => "",
            _ => l,
        })
        .collect();
    *text = out.join("\n");
    true
}
