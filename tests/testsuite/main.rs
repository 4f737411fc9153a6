//! cardsmith's integration tests, as a user sees the tool: guides in, cards
//! and messages out. One binary; each module covers one area.

mod util;
mod watch;

mod cli;
mod contrast;
mod corpus;
mod fences;
mod guide;
mod identity;
mod json;
mod languages;
mod media;
mod preview;
mod properties;
mod push;
mod quality;
mod regenerate;
mod robustness;
mod rules;
mod shapes;
mod shell;
mod structure;
