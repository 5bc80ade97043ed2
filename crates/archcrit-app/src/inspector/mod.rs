//! The inspector: the rows it shows for a component or a link (`rows`),
//! its keys (`keys`), and links named, opened and edited (`link`).

mod keys;
mod link;
pub mod rows;

pub(crate) use keys::key;
pub(crate) use link::{find_link, open_link, set_link, set_link_field};
