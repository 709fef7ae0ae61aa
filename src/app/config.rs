//! `config [SETTING]`: the settings of `[tool.undangle]` described from their list
//! (`settings::SETTINGS`), as ruff's `config` describes its own: every name with its first
//! sentence, or one setting whole; `--output-format json` for the documentation's generator.

use std::io::{self, BufWriter, Write};

use crate::app::cli::ConfigFormat;
use crate::app::console::eprintln;
use crate::app::run::{EXIT_ERROR, EXIT_OK};
use crate::settings::{SETTINGS, SettingDoc, setting};

pub fn run(name: Option<&str>, format: ConfigFormat) -> io::Result<u8> {
    let chosen: Vec<&SettingDoc> = match name {
        None => SETTINGS.iter().collect(),
        Some(name) => match setting(name) {
            Some(one) => vec![one],
            None => {
                let known: Vec<&str> = SETTINGS.iter().map(|s| s.name).collect();
                eprintln!(
                    "undangle: unknown setting `{name}`; the settings are: {}",
                    known.join(", ")
                );
                return Ok(EXIT_ERROR);
            }
        },
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let written = match (format, name) {
        (ConfigFormat::Json, None) => json(&chosen, &mut out),
        (ConfigFormat::Json, Some(_)) => json(&chosen[0], &mut out),
        (ConfigFormat::Text, None) => list(&chosen, &mut out),
        (ConfigFormat::Text, Some(_)) => describe(chosen[0], &mut out),
    };
    match written.and_then(|()| out.flush()) {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => Err(err),
        _ => Ok(EXIT_OK),
    }
}

fn json(value: &impl serde::Serialize, out: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// One line a setting: its name, then the first sentence of its documentation.
fn list(settings: &[&SettingDoc], out: &mut impl Write) -> io::Result<()> {
    let width = settings.iter().map(|s| s.name.len()).max().unwrap_or(0);
    for s in settings {
        let first = s
            .doc
            .split_once(". ")
            .map_or(s.doc, |(sentence, _)| sentence);
        let first = first.trim_end_matches('.');
        writeln!(out, "{:width$}  {first}.", s.name)?;
    }
    Ok(())
}

fn describe(s: &SettingDoc, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "{}\n", s.name)?;
    writeln!(out, "{}\n", s.doc)?;
    writeln!(out, "Type: {}", s.value_type)?;
    writeln!(out, "Default: {}", s.default)?;
    if let Some(flag) = s.flag {
        writeln!(out, "Flag: {flag}")?;
    }
    writeln!(out, "\nExample:\n{}", s.example)
}
