//! The domain functions `update` calls that other parts of the crate
//! provide (the critic and its pattern transformations), and the one
//! question it asks the file system (does a file exist, before saving over
//! it), passed in as plain function pointers so tests can hand in their own.

use std::path::Path;

use archcrit_core::critic::patterns::PatternError;
use archcrit_core::critic::{Finding, Report};
use archcrit_core::model::{Design, Edit};

pub type CritiqueFn = fn(&Design) -> Report;
pub type TransformFn = fn(&Design, &str, &Finding) -> Result<Edit, PatternError>;
pub type ExistsFn = fn(&Path) -> bool;

#[derive(Clone, Copy)]
pub struct Services {
    pub critique: CritiqueFn,
    pub transform: TransformFn,
    /// Whether a file is there already (saving to another name asks first).
    pub exists: ExistsFn,
}

impl Services {
    /// The real critic and pattern library.
    pub fn builtin() -> Services {
        Services {
            critique: archcrit_core::critic::critique,
            transform: archcrit_core::critic::patterns::transform,
            exists,
        }
    }
}

fn exists(path: &Path) -> bool {
    path.exists()
}
