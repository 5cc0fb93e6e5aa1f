//! Behaviour of the core, through its public API, on real SQLCipher files.

mod at_rest;
mod audit;
mod fixture;
mod people;
mod search;
mod support;
mod vault;
