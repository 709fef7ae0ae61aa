//! `undangle server`: the Language Server Protocol (3.17) over standard input and output, one
//! message at a time on one thread. Diagnostics are `check`'s findings, code actions are `fix`'s
//! edits (see [`actions`]); nothing a client sends ends the server but `exit`.

mod actions;
mod diagnostics;
mod document;
mod handlers;
mod state;
mod transport;

use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use serde_json::{Value, json};

use crate::app::server::document::Encoding;
use crate::app::server::state::{State, uri_to_path};
use crate::app::server::transport::Incoming;

/// Serves until `exit`; the exit code is 0 after `shutdown`, 1 without (as the protocol says).
pub fn serve() -> io::Result<u8> {
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let stdout = io::stdout();
    let mut output = stdout.lock();
    let mut server = Server {
        state: None,
        shut_down: false,
        out: Vec::new(),
        client: Value::Null,
    };
    loop {
        let message = match transport::read(&mut input)? {
            Incoming::End => return Ok(1),
            Incoming::Malformed(problem) => {
                server.log(&format!("undangle: malformed message ignored: {problem}"));
                server.flush(&mut output)?;
                continue;
            }
            Incoming::Message(message) => message,
        };
        if matches!(&message, Message::Notification(n) if n.method == "exit") {
            server.flush(&mut output)?;
            return Ok(if server.shut_down { 0 } else { 1 });
        }
        server.handle(message);
        server.flush(&mut output)?;
        server.catch_up();
    }
}

struct Server {
    /// `None` until `initialize`.
    state: Option<State>,
    shut_down: bool,
    /// Messages to write once the current one is handled.
    out: Vec<Message>,
    /// The client's capabilities.
    client: Value,
}

/// The id of the server's `workspace/configuration` requests.
const CONFIGURATION: &str = "undangle/configuration";

impl Server {
    fn flush(&mut self, output: &mut impl Write) -> io::Result<()> {
        for message in self.out.drain(..) {
            message.write(output)?;
        }
        output.flush()
    }

    fn log(&mut self, message: &str) {
        let params = json!({"type": 2, "message": message});
        self.notify("window/logMessage", params);
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.out
            .push(Notification::new(method.to_owned(), params).into());
    }

    /// Work the last answer did not need, done once it is written (see [`State::catch_up`]).
    fn catch_up(&mut self) {
        if let Some(state) = self.state.as_mut()
            && catch_unwind(AssertUnwindSafe(|| state.catch_up())).is_err()
        {
            self.log("undangle: internal error parsing a document again");
        }
    }

    fn handle(&mut self, message: Message) {
        match message {
            Message::Request(request) => self.request(request),
            Message::Notification(notification) => {
                let method = notification.method.clone();
                let handled = catch_unwind(AssertUnwindSafe(|| self.notification(notification)));
                if handled.is_err() {
                    self.log(&format!("undangle: internal error handling {method}"));
                }
            }
            Message::Response(response) => {
                // The client's settings, asked for after `initialized` and on every change.
                let asked = RequestId::from(CONFIGURATION.to_owned());
                if let (true, Some(state), Some(result)) = (
                    response.id == asked,
                    self.state.as_mut(),
                    response.response_result.ok(),
                ) && let Some(options) = result.get(0).filter(|o| o.is_object())
                    && state.configure(options)
                {
                    self.out.extend(handlers::republish_all(state));
                }
            }
        }
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        let method = request.method.clone();
        let answer = catch_unwind(AssertUnwindSafe(|| self.answer(request)));
        let response = match answer {
            Ok(Ok(result)) => Response::new_ok(id, result),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                format!("internal error in undangle while answering {method}"),
            ),
        };
        self.out.push(response.into());
    }

    fn answer(&mut self, request: Request) -> Result<Value, (ErrorCode, String)> {
        if request.method == "initialize" {
            return Ok(self.initialize(&request.params));
        }
        // A hook for the tests: a panic in a handler must not end the server.
        if std::env::var_os("UNDANGLE_SERVER_PANIC_ON").is_some_and(|m| m == *request.method) {
            panic!("UNDANGLE_SERVER_PANIC_ON={}", request.method);
        }
        if request.method == "shutdown" {
            self.shut_down = true;
            return Ok(Value::Null);
        }
        let Some(state) = self.state.as_mut() else {
            let message = "the server is not initialized".to_owned();
            return Err((ErrorCode::ServerNotInitialized, message));
        };
        handlers::request(state, &request.method, request.params)
    }

    fn notification(&mut self, notification: Notification) {
        if self.state.is_none() {
            return; // before `initialize`, notifications are dropped (the protocol says so)
        }
        match notification.method.as_str() {
            "initialized" => {
                self.watch_settings();
                self.ask_configuration();
            }
            "workspace/didChangeConfiguration" => self.ask_configuration(),
            _ => {}
        }
        let Some(state) = self.state.as_mut() else {
            return;
        };
        let published = handlers::notification(state, &notification.method, notification.params);
        match published {
            Ok(messages) => self.out.extend(messages),
            Err(problem) => self.log(&format!("undangle: {}: {problem}", notification.method)),
        }
    }

    /// Asks the client to announce changes to settings files, when it can be asked.
    fn watch_settings(&mut self) {
        let dynamic = self
            .client
            .pointer("/workspace/didChangeWatchedFiles/dynamicRegistration");
        if dynamic != Some(&Value::Bool(true)) {
            return;
        }
        let watchers: Vec<Value> = ["**/pyproject.toml", "**/undangle.toml"]
            .iter()
            .map(|glob| json!({"globPattern": glob}))
            .collect();
        let params = json!({"registrations": [{
            "id": "undangle/settings-files",
            "method": "workspace/didChangeWatchedFiles",
            "registerOptions": {"watchers": watchers},
        }]});
        let id = RequestId::from("undangle/register".to_owned());
        let request = Request::new(id, "client/registerCapability".to_owned(), params);
        self.out.push(request.into());
    }

    /// Asks for the `undangle` section of the client's settings, when the client has them.
    fn ask_configuration(&mut self) {
        if self.client.pointer("/workspace/configuration") != Some(&Value::Bool(true)) {
            return;
        }
        let params = json!({"items": [{"section": "undangle"}]});
        let id = RequestId::from(CONFIGURATION.to_owned());
        let request = Request::new(id, "workspace/configuration".to_owned(), params);
        self.out.push(request.into());
    }

    /// The capabilities, and the state built from the client's: encoding, roots, options.
    fn initialize(&mut self, params: &Value) -> Value {
        let offered = params
            .pointer("/capabilities/general/positionEncodings")
            .and_then(Value::as_array)
            .is_some_and(|list| list.iter().any(|e| e == "utf-8"));
        let encoding = if offered {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        let mut roots: Vec<_> = params
            .get("workspaceFolders")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|f| f.get("uri").and_then(Value::as_str).and_then(uri_to_path))
            .collect();
        if roots.is_empty()
            && let Some(root) = params
                .get("rootUri")
                .and_then(Value::as_str)
                .and_then(uri_to_path)
        {
            roots.push(root);
        }
        self.client = params.get("capabilities").cloned().unwrap_or_default();
        let options = params.get("initializationOptions");
        let mut state = State::new(encoding, roots, options);
        // Edits are left to `codeAction/resolve` only for a client that resolves them and keeps
        // an action's `data` until then.
        let code_action = self.client.pointer("/textDocument/codeAction");
        let resolves_edit = code_action
            .and_then(|c| c.pointer("/resolveSupport/properties"))
            .and_then(Value::as_array)
            .is_some_and(|p| p.iter().any(|p| p == "edit"));
        let keeps_data = code_action.and_then(|c| c.get("dataSupport")) == Some(&Value::Bool(true));
        state.lazy_edits = resolves_edit && keeps_data;
        self.state = Some(state);
        json!({
            "capabilities": handlers::capabilities(encoding),
            "serverInfo": {"name": "undangle", "version": env!("CARGO_PKG_VERSION")},
        })
    }
}
