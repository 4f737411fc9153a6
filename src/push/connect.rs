//! A client of the AnkiConnect protocol (version 6): one JSON request per
//! action, `{"action", "version", "params", "key"}`, answered by
//! `{"result", "error"}`. Plain HTTP, as Anki listens on localhost.

use std::time::Duration;

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
    agent: ureq::Agent,
}

impl Client {
    pub fn new(url: &str, key: Option<&str>) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(Duration::from_secs(5)))
            // AnkiConnect answers its errors with 200; anything else is
            // read as the body says.
            .http_status_as_error(false)
            .build();
        Self { url: url.to_owned(), key: key.map(str::to_owned), agent: config.into() }
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
        let unreachable = |reason: String| ConnectError::Unreachable { url: self.url.clone(), reason };
        let not_connect =
            |reason: String| ConnectError::NotAnkiConnect { url: self.url.clone(), action: action.to_owned(), reason };
        let mut response = self
            .agent
            .post(&self.url)
            .header("Content-Type", "application/json")
            .send(Value::Object(request).to_string())
            .map_err(|e| unreachable(e.to_string()))?;
        let status = response.status();
        let body = response
            .body_mut()
            .with_config()
            .limit(u64::MAX)
            .read_to_string()
            .map_err(|e| unreachable(e.to_string()))?;
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

fn excerpt(body: &str) -> String {
    let line = body.lines().next().unwrap_or("").trim();
    if line.chars().count() > 120 {
        format!("{}…", line.chars().take(120).collect::<String>())
    } else {
        line.to_owned()
    }
}
