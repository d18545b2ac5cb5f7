//! The [`Validator`] component: what is a job.

use axum::body::Bytes;
use orchestrator::AsyncComponent;

use crate::worker::Rejected;

/// Decides what is a job: one JSON object, kept as the exact bytes that were posted (checked
/// with serde_json's `RawValue`, never re-serialized, so key order, duplicate keys and numbers
/// beyond `u64` or `f64` are kept). It holds no resource: `init` and `cleanup` do nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Validator;

impl AsyncComponent for Validator {}

impl Validator {
    /// The body as a job's payload.
    ///
    /// # Errors
    /// [`Rejected::Invalid`] for a body that is not one JSON object.
    pub fn validate(&self, body: Bytes) -> Result<Box<str>, Rejected> {
        let raw: &serde_json::value::RawValue = serde_json::from_slice(&body)
            .map_err(|error| Rejected::Invalid(format!("the body is not JSON: {error}")))?;
        if !raw.get().starts_with('{') {
            return Err(Rejected::Invalid("the body must be a JSON object".to_owned()));
        }
        // valid JSON is valid UTF-8; the bytes move into the string when the body is not shared
        let text = String::from_utf8(Vec::from(body)).map_err(|error| Rejected::Invalid(error.to_string()))?;
        Ok(text.into_boxed_str())
    }
}
