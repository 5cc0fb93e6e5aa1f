//! The data subject's rights (GDPR Arts. 12–21): the register of requests with its
//! deadlines, rectification under a request, and the subject-access bundle.

pub mod access;
pub mod deadline;
pub mod model;
pub mod requests;
pub(crate) mod sql;
