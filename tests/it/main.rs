//! The integration tests: one test binary (linked once, not once per file), one module per
//! area. Run one area with `cargo test --test it MODULE::`, e.g. `cargo test --test it cli::`.
//!
//! The tests share one process: none may change its environment or current directory (pass
//! them to the child `Command` instead) or write a fixed path outside its own temporary folder.

mod common;
mod pygen;

mod acceptance;
mod all_repos;
mod audit;
mod audit_exam35;
mod audit_exam35b_e;
mod audit_exam35c_i;
mod audit_exam35c_l;
mod audit_exam35d_fp;
mod audit_exam35d_m;
mod audit_exam35d_n;
mod audit_exam35d_s;
mod audit_exam35e_fp;
mod audit_exam35e_o;
mod audit_exam35e_p;
mod audit_exam35f;
mod audit_exam35f_r;
mod audit_exam35f_u;
mod audit_exam35g;
mod audit_exam35g_across;
mod audit_exam35g_fp;
mod audit_exam35h;
mod audit_exam35i;
mod audit_exam36h;
mod audit_fates;
mod audit_fields;
mod audit_first_step_awaits;
mod cli;
mod completions;
mod contracts;
mod detect_exam35b;
mod differential;
mod discovery;
mod docs;
mod explain;
mod factories;
mod faults;
mod fixtures;
mod formats;
mod fuzz;
mod helper_accept36;
mod helper_exam36h;
mod helper_exam36j;
mod helper_layout;
mod house;
mod integrations;
mod isort_sections;
mod keepers;
mod lint_clean;
mod minimum_python;
mod never35k;
mod never35m;
mod never35n;
mod never35p;
mod noqa_ruff;
mod notebooks;
mod packaging;
mod precommit;
mod properties;
mod pytest_plugin;
mod ruff_defaults;
mod rules;
mod runtime;
mod server;
mod stdin;
mod terminal;
mod unseen;
