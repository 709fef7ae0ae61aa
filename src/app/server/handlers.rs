//! The methods the server answers: the document's life (open, change, save, close), pulled
//! diagnostics, code actions, and changed settings. Each returns what to send, or an error.

use lsp_server::{ErrorCode, Message, Notification};
use lsp_types::{
    CodeActionParams, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, DocumentDiagnosticParams,
    PublishDiagnosticsParams,
};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::app::server::actions;
use crate::app::server::diagnostics;
use crate::app::server::document::{Document, Encoding};
use crate::app::server::state::State;

type Answer = Result<Value, (ErrorCode, String)>;

pub(crate) fn capabilities(encoding: Encoding) -> Value {
    let encoding = match encoding {
        Encoding::Utf8 => "utf-8",
        Encoding::Utf16 => "utf-16",
    };
    json!({
        "positionEncoding": encoding,
        // Incremental changes; saves are announced (the workspace's factories are read again).
        "textDocumentSync": {"openClose": true, "change": 2, "save": {"includeText": false}},
        "diagnosticProvider": {
            "identifier": "undangle",
            "interFileDependencies": true,
            "workspaceDiagnostics": false,
        },
        "codeActionProvider": {
            "codeActionKinds": ["quickfix", actions::FIX_ALL],
            "resolveProvider": true,
        },
    })
}

fn params<P: DeserializeOwned>(value: Value) -> Result<P, String> {
    serde_json::from_value(value).map_err(|err| format!("invalid params: {err}"))
}

pub(crate) fn request(state: &mut State, method: &str, value: Value) -> Answer {
    let invalid = |message: String| (ErrorCode::InvalidParams, message);
    match method {
        "textDocument/diagnostic" => {
            let p: DocumentDiagnosticParams = params(value).map_err(invalid)?;
            let uri = p.text_document.uri.as_str();
            if !state.docs.contains_key(uri) {
                let message = format!("{uri} is not open");
                return Err((ErrorCode::InvalidParams, message));
            }
            let items = diagnostics_of(state, uri);
            Ok(json!({"kind": "full", "items": items}))
        }
        "textDocument/codeAction" => {
            let p: CodeActionParams = params(value).map_err(invalid)?;
            if !state.docs.contains_key(p.text_document.uri.as_str()) {
                return Ok(Value::Null);
            }
            Ok(json!(actions::code_actions(state, &p)))
        }
        "codeAction/resolve" => {
            let action: lsp_types::CodeAction = params(value).map_err(invalid)?;
            Ok(json!(actions::resolve(state, action)?))
        }
        _ => Err((
            ErrorCode::MethodNotFound,
            format!("undangle does not answer {method}"),
        )),
    }
}

/// Handles a notification; the diagnostics it publishes, if any.
pub(crate) fn notification(
    state: &mut State,
    method: &str,
    value: Value,
) -> Result<Vec<Message>, String> {
    let uri = match method {
        "textDocument/didOpen" => {
            let p: DidOpenTextDocumentParams = params(value)?;
            let doc = Document::new(p.text_document.text, p.text_document.version);
            let uri = p.text_document.uri.as_str().to_owned();
            state.docs.insert(uri.clone(), doc);
            uri
        }
        "textDocument/didChange" => {
            let p: DidChangeTextDocumentParams = params(value)?;
            let uri = p.text_document.uri.as_str().to_owned();
            let encoding = state.encoding;
            let Some(doc) = state.docs.get_mut(&uri) else {
                return Err(format!("{uri} changed but was never opened"));
            };
            for change in p.content_changes {
                doc.change(change.range, &change.text, encoding);
            }
            doc.version = p.text_document.version;
            uri
        }
        "textDocument/didSave" => {
            let p: DidSaveTextDocumentParams = params(value)?;
            state.refresh_factories();
            p.text_document.uri.as_str().to_owned()
        }
        "textDocument/didClose" => {
            let p: DidCloseTextDocumentParams = params(value)?;
            let uri = p.text_document.uri;
            state.docs.remove(uri.as_str());
            // The closed file's diagnostics are cleared.
            return Ok(vec![publish(uri, Vec::new(), None)]);
        }
        "workspace/didChangeWatchedFiles" => {
            state.reload_settings();
            return Ok(republish_all(state));
        }
        "workspace/didChangeConfiguration" => {
            // Settings of other tools (or none, when the client wants to be asked) change nothing.
            let ours = |s: &&Value| ["undangle", "strategy"].iter().any(|k| s.get(k).is_some());
            let changed = value
                .get("settings")
                .filter(ours)
                .is_some_and(|settings| state.configure(settings));
            return Ok(if changed {
                republish_all(state)
            } else {
                Vec::new()
            });
        }
        // `initialized`, `$/cancelRequest`, `$/setTrace` and anything unknown: nothing to do.
        _ => return Ok(Vec::new()),
    };
    Ok(republish(state, &uri).into_iter().collect())
}

fn diagnostics_of(state: &mut State, uri: &str) -> Vec<lsp_types::Diagnostic> {
    let encoding = state.encoding;
    let Some(analysed) = state.analyse(uri) else {
        return Vec::new();
    };
    state
        .docs
        .get(uri)
        .map(|doc| diagnostics::of(&analysed, doc, encoding))
        .unwrap_or_default()
}

/// The diagnostics of one open document, to push.
fn republish(state: &mut State, uri: &str) -> Option<Message> {
    let version = state.docs.get(uri)?.version;
    let items = diagnostics_of(state, uri);
    let uri = uri.parse().ok()?;
    Some(publish(uri, items, Some(version)))
}

pub(crate) fn republish_all(state: &mut State) -> Vec<Message> {
    let mut uris: Vec<String> = state.docs.keys().cloned().collect();
    uris.sort();
    uris.iter()
        .filter_map(|uri| republish(state, uri))
        .collect()
}

fn publish(
    uri: lsp_types::Uri,
    items: Vec<lsp_types::Diagnostic>,
    version: Option<i32>,
) -> Message {
    let params = PublishDiagnosticsParams::new(uri, items, version);
    Notification::new(
        "textDocument/publishDiagnostics".to_owned(),
        serde_json::to_value(params).unwrap_or_default(),
    )
    .into()
}
