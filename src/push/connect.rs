//! A client of the AnkiConnect protocol (version 6): one JSON request per
//! action, `{"action", "version", "params", "key"}`, answered by
//! `{"result", "error"}`. Plain HTTP, as Anki listens on localhost.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// What can go wrong talking to Anki.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("nothing answers at {url} ({reason})")]
    Unreachable { url: String, reason: String },
    #[error("AnkiConnect at {url} refused `{action}`: {message}")]
    Refused { url: String, action: String, message: String },
    #[error("{url} does not answer as AnkiConnect does (`{action}`: {reason})")]
    NotAnkiConnect { url: String, action: String, reason: String },
}

/// A running Anki's AnkiConnect endpoint.
#[derive(Debug)]
pub struct Client {
    url: String,
    key: Option<String>,
}

impl Client {
    pub fn new(url: &str, key: Option<&str>) -> Self {
        Self { url: url.to_owned(), key: key.map(str::to_owned) }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Sends `action` and returns its result.
    pub fn call<T: DeserializeOwned>(&self, action: &str, params: Value) -> Result<T, ConnectError> {
        let mut request = serde_json::Map::new();
        request.insert("action".into(), action.into());
        request.insert("version".into(), 6.into());
        request.insert("params".into(), params);
        if let Some(key) = &self.key {
            request.insert("key".into(), key.as_str().into());
        }
        let not_connect =
            |reason: String| ConnectError::NotAnkiConnect { url: self.url.clone(), action: action.to_owned(), reason };
        let response = minreq::post(self.url.as_str())
            .with_timeout(timeout(action))
            .with_header("Content-Type", "application/json")
            .with_body(Value::Object(request).to_string())
            .send()
            .map_err(|e| ConnectError::Unreachable { url: self.url.clone(), reason: e.to_string() })?;
        let status = response.status_code;
        let body = String::from_utf8_lossy(response.as_bytes());
        let answer: Value =
            serde_json::from_str(&body).map_err(|_| not_connect(format!("HTTP {status}: {}", excerpt(&body))))?;
        match answer.get("error") {
            Some(Value::String(message)) => {
                return Err(ConnectError::Refused {
                    url: self.url.clone(),
                    action: action.to_owned(),
                    message: message.clone(),
                });
            }
            Some(Value::Null) => {}
            _ => return Err(not_connect(format!("HTTP {status}: {}", excerpt(&body)))),
        }
        let result = answer.get("result").cloned().unwrap_or(Value::Null);
        serde_json::from_value(result).map_err(|e| not_connect(e.to_string()))
    }
}

/// Seconds to wait for `action`'s answer: a port that takes the request and
/// never answers must not hang a push, but importing or syncing a big
/// collection takes minutes.
fn timeout(action: &str) -> u64 {
    match action {
        "version" => 10,
        "importPackage" | "sync" => 3600,
        _ => 600,
    }
}

fn excerpt(body: &str) -> String {
    crate::text::one_line(body.lines().next().unwrap_or(""), 120)
}
