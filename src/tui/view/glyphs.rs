//! Line and box glyphs live in the domain (the text export draws with them
//! too); the views keep reaching them by this path.

pub use archcrit_core::layout::glyphs::*;
