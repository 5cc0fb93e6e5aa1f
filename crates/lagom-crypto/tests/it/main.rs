//! Behaviour of the key envelope through the crate's public API.

mod envelope;
