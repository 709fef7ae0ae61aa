//! The protocol's framing (`Content-Length` headers, then a JSON body), read so that a malformed
//! header or body is reported and skipped instead of ending the server.

use std::io::{self, BufRead};

use lsp_server::Message;

/// One read from the client.
pub(crate) enum Incoming {
    Message(Message),
    /// A header or body that is not the protocol's: what was wrong, to log.
    Malformed(String),
    /// Standard input closed.
    End,
}

/// A body larger than this is not read into memory (no document is that large).
const MAX_BODY: usize = 1 << 30;

/// Reads the next message.
pub(crate) fn read(input: &mut impl BufRead) -> io::Result<Incoming> {
    let mut size = None;
    let mut malformed = None;
    let mut line = String::new();
    loop {
        line.clear();
        // Header lines are ASCII; invalid UTF-8 in one is a malformed header, not the end.
        let mut bytes = Vec::new();
        if input.read_until(b'\n', &mut bytes)? == 0 {
            return Ok(Incoming::End);
        }
        line.push_str(&String::from_utf8_lossy(&bytes));
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if size.is_some() || malformed.is_some() {
                break;
            }
            continue; // blank lines between messages
        }
        match header.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("Content-Length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) if n <= MAX_BODY => size = Some(n),
                    _ => malformed = Some(format!("bad header {header:?}")),
                }
            }
            Some(_) => {} // Content-Type and others
            None => malformed = Some(format!("bad header {header:?}")),
        }
    }
    let Some(size) = size else {
        let problem = malformed.unwrap_or_else(|| "no Content-Length".to_owned());
        return Ok(Incoming::Malformed(problem));
    };
    let mut body = vec![0; size];
    input.read_exact(&mut body)?;
    Ok(match serde_json::from_slice::<Message>(&body) {
        Ok(message) => Incoming::Message(message),
        Err(err) => Incoming::Malformed(format!("not a JSON-RPC message: {err}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8]) -> Vec<String> {
        let mut input = bytes;
        let mut seen = Vec::new();
        loop {
            match read(&mut input).unwrap() {
                Incoming::End => return seen,
                Incoming::Malformed(_) => seen.push("malformed".to_owned()),
                Incoming::Message(Message::Notification(n)) => seen.push(n.method),
                Incoming::Message(_) => seen.push("other".to_owned()),
            }
        }
    }

    #[test]
    fn a_bad_message_is_skipped() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let stream = format!(
            "Content-Length: 5\r\n\r\n{{oops\r\nContent-Length: {}\r\n\r\n{good}",
            good.len()
        );
        assert_eq!(read_all(stream.as_bytes()), ["malformed", "initialized"]);
    }
}
