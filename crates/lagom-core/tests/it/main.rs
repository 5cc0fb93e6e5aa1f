//! Behaviour of the core, through its public API, on real SQLCipher files.

#![allow(clippy::unwrap_used)] // Tests: a panic is the failure report.

mod api;
mod at_rest;
mod audit;
mod fixture;
mod import;
mod people;
mod search;
mod support;
mod vault;
