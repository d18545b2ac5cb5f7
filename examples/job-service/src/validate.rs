//! The [`Validator`] component: what is a job.

use axum::body::Bytes;
use orchestrator::AsyncComponent;

use crate::worker::Rejected;

/// A request body that is JSON, kept as the exact bytes that were posted (checked with
/// serde_json's `RawValue`, never re-serialized, so key order, duplicate keys and numbers beyond
/// `u64` or `f64` are kept). Parsed where the body arrives (the HTTP handler's task, many at
/// once), so that the orchestrator's `submit` only decides and queues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Json(Box<str>);

impl Json {
    /// The body, if it is JSON.
    ///
    /// # Errors
    /// [`Rejected::Invalid`] for a body that is not JSON.
    pub fn parse(body: Bytes) -> Result<Self, Rejected> {
        let _: &serde_json::value::RawValue = serde_json::from_slice(&body)
            .map_err(|error| Rejected::Invalid(format!("the body is not JSON: {error}")))?;
        // valid JSON is valid UTF-8; the bytes move into the string when the body is not shared
        let text = String::from_utf8(Vec::from(body)).map_err(|error| Rejected::Invalid(error.to_string()))?;
        Ok(Self(text.into_boxed_str()))
    }

    /// The JSON text, as posted.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.0
    }
}

/// Decides what is a job: one JSON object, kept as posted. It holds no resource: `init` and
/// `cleanup` do nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Validator;

impl AsyncComponent for Validator {}

impl Validator {
    /// The body as a job's payload.
    ///
    /// # Errors
    /// [`Rejected::Invalid`] for JSON that is not an object.
    pub fn validate(&self, body: Json) -> Result<Box<str>, Rejected> {
        if !body.0.trim_start().starts_with('{') {
            return Err(Rejected::Invalid("the body must be a JSON object".to_owned()));
        }
        Ok(body.0)
    }
}
