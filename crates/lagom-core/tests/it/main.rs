//! Behaviour of the core, through its public API, on real SQLCipher files.

#![allow(clippy::unwrap_used)] // Tests: a panic is the failure report.

mod api;
mod at_rest;
mod audit;
mod audit_log;
mod fixture;
mod import;
mod organisations;
mod people;
mod people_list;
mod search;
mod settings;
mod support;
mod uploads;
mod vault;
