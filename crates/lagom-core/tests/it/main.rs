//! Behaviour of the core, through its public API, on real SQLCipher files.

#![allow(clippy::unwrap_used)] // Tests: a panic is the failure report.

mod api;
mod at_rest;
mod audit;
mod audit_forgery;
mod audit_log;
mod backup;
mod consent;
mod contacts;
mod downloads;
mod duplicates;
mod erasure;
mod fixture;
mod gdpr_regressions;
mod gdpr_scenario;
mod hygiene;
mod import;
mod layering;
mod mail;
mod mass_edit;
mod notice;
mod organisations;
mod people;
mod people_list;
mod requests;
mod search;
mod search_index;
mod settings;
mod subject_access;
mod support;
mod suppression;
mod uploads;
mod vault;
mod words;
