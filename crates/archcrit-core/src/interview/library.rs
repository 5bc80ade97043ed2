//! The scripts archcrit knows: the built-ins embedded from
//! assets/interviews, overridden or extended by `*.yaml` files in a
//! directory (a file whose `id` matches a built-in replaces it).

use std::fs;
use std::path::Path;
use std::sync::Arc;

use super::load::load_script;
use super::script::Script;
use crate::file::LoadError;
use crate::model::closest;

/// (file name, text) of every shipped script.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("new-system.yaml", include_str!("../../../../assets/interviews/new-system.yaml")),
    ("production-readiness.yaml", include_str!("../../../../assets/interviews/production-readiness.yaml")),
    ("scaling.yaml", include_str!("../../../../assets/interviews/scaling.yaml")),
];

#[derive(Debug, Clone, Default)]
pub struct Library {
    scripts: Vec<Arc<Script>>,
}

impl Library {
    /// The shipped scripts (an error here is a packaging bug; tests load them all).
    pub fn built_in() -> Result<Library, LoadError> {
        let mut library = Library::default();
        for (name, text) in BUILT_IN {
            library.insert(load_script(text, &format!("assets/interviews/{name} (built-in)"))?);
        }
        Ok(library)
    }

    /// Adds every `*.yaml` / `*.yml` script in `dir`, in name order. A
    /// missing directory adds nothing; a bad script is an error.
    pub fn with_dir(mut self, dir: &Path) -> Result<Library, LoadError> {
        let Ok(read) = fs::read_dir(dir) else { return Ok(self) };
        let mut paths: Vec<_> = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
            .collect();
        paths.sort();
        for path in paths {
            self.insert(load_script_path(&path)?);
        }
        Ok(self)
    }

    fn insert(&mut self, script: Script) {
        match self.scripts.iter_mut().find(|s| s.id == script.id) {
            Some(slot) => *slot = Arc::new(script),
            None => self.scripts.push(Arc::new(script)),
        }
    }

    pub fn scripts(&self) -> &[Arc<Script>] {
        &self.scripts
    }

    pub fn get(&self, id: &str) -> Option<Arc<Script>> {
        self.scripts.iter().find(|s| s.id == id).cloned()
    }

    /// A script by id, or a message naming the closest id and all of them.
    pub fn find(&self, id: &str) -> Result<Arc<Script>, String> {
        self.get(id).ok_or_else(|| {
            let mut msg = format!("no interview script `{id}`");
            if let Some(s) = closest(id, self.scripts.iter().map(|s| s.id.as_str())) {
                msg.push_str(&format!(" (did you mean `{s}`?)"));
            }
            let ids: Vec<&str> = self.scripts.iter().map(|s| s.id.as_str()).collect();
            msg.push_str(&format!("; scripts: {}", ids.join(", ")));
            msg
        })
    }
}

/// Reads one script file.
pub fn load_script_path(path: &Path) -> Result<Script, LoadError> {
    let origin = path.display().to_string();
    let text = crate::file::read_text_limited(path, crate::file::MAX_FILE_BYTES)
        .map_err(|e| LoadError::new(&origin, format!("cannot read the script: {e}")))?;
    load_script(&text, &origin)
}
