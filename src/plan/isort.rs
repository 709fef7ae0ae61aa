//! isort's order, as the fix's new imports follow it: its sections (the standard library's
//! modules make one), `import x` before `from x import y`, and imported members by type.

/// Standard-library top-level modules (CPython 3.13's `sys.stdlib_module_names`, public ones),
/// for isort's sections.
const STDLIB: &[&str] = &[
    "abc",
    "argparse",
    "array",
    "ast",
    "asyncio",
    "atexit",
    "base64",
    "bdb",
    "binascii",
    "bisect",
    "builtins",
    "bz2",
    "calendar",
    "cmath",
    "cmd",
    "code",
    "codecs",
    "codeop",
    "collections",
    "colorsys",
    "compileall",
    "concurrent",
    "configparser",
    "contextlib",
    "contextvars",
    "copy",
    "copyreg",
    "cProfile",
    "csv",
    "ctypes",
    "curses",
    "dataclasses",
    "datetime",
    "dbm",
    "decimal",
    "difflib",
    "dis",
    "doctest",
    "email",
    "encodings",
    "enum",
    "errno",
    "faulthandler",
    "fcntl",
    "filecmp",
    "fileinput",
    "fnmatch",
    "fractions",
    "ftplib",
    "functools",
    "gc",
    "getopt",
    "getpass",
    "gettext",
    "glob",
    "graphlib",
    "grp",
    "gzip",
    "hashlib",
    "heapq",
    "hmac",
    "html",
    "http",
    "imaplib",
    "importlib",
    "inspect",
    "io",
    "ipaddress",
    "itertools",
    "json",
    "keyword",
    "linecache",
    "locale",
    "logging",
    "lzma",
    "mailbox",
    "marshal",
    "math",
    "mimetypes",
    "mmap",
    "modulefinder",
    "multiprocessing",
    "netrc",
    "numbers",
    "operator",
    "optparse",
    "os",
    "pathlib",
    "pdb",
    "pickle",
    "pickletools",
    "pkgutil",
    "platform",
    "plistlib",
    "poplib",
    "posix",
    "pprint",
    "profile",
    "pstats",
    "pty",
    "pwd",
    "py_compile",
    "pyclbr",
    "pydoc",
    "queue",
    "quopri",
    "random",
    "re",
    "readline",
    "reprlib",
    "resource",
    "rlcompleter",
    "runpy",
    "sched",
    "secrets",
    "select",
    "selectors",
    "shelve",
    "shlex",
    "shutil",
    "signal",
    "site",
    "smtplib",
    "socket",
    "socketserver",
    "sqlite3",
    "ssl",
    "stat",
    "statistics",
    "string",
    "stringprep",
    "struct",
    "subprocess",
    "symtable",
    "sys",
    "sysconfig",
    "syslog",
    "tabnanny",
    "tarfile",
    "tempfile",
    "termios",
    "textwrap",
    "threading",
    "time",
    "timeit",
    "tkinter",
    "token",
    "tokenize",
    "tomllib",
    "trace",
    "traceback",
    "tracemalloc",
    "tty",
    "turtle",
    "types",
    "typing",
    "unicodedata",
    "unittest",
    "urllib",
    "uuid",
    "venv",
    "warnings",
    "wave",
    "weakref",
    "webbrowser",
    "winreg",
    "wsgiref",
    "xml",
    "xmlrpc",
    "zipapp",
    "zipfile",
    "zipimport",
    "zlib",
    "zoneinfo",
    "_thread",
    "__future__",
];

/// isort's sections, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Future,
    StandardLibrary,
    ThirdParty,
    FirstParty,
    Local,
}

pub fn section_of(module: &str) -> Section {
    if module.starts_with('.') {
        return Section::Local;
    }
    let top = module.split('.').next().unwrap_or(module);
    match top {
        "__future__" => Section::Future,
        _ if STDLIB.contains(&top) => Section::StandardLibrary,
        _ => Section::ThirdParty,
    }
}

/// An import the fix adds: `import asyncio`, or `from typing import Any, TypeVar`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewImport {
    pub module: String,
    /// Empty for `import module`.
    pub names: Vec<String>,
    pub section: Section,
    /// A trailing comment, such as a `noqa` for an import used only in a type comment.
    pub comment: Option<String>,
}

impl NewImport {
    pub fn module(module: &str) -> Self {
        NewImport {
            module: module.to_owned(),
            names: Vec::new(),
            section: section_of(module),
            comment: None,
        }
    }

    pub fn from(module: &str, names: &[&str], section: Section) -> Self {
        let mut names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        names.sort_by_key(|a| member_key(a));
        NewImport {
            module: module.to_owned(),
            names,
            section,
            comment: None,
        }
    }

    pub fn statement(&self) -> String {
        let statement = if self.names.is_empty() {
            format!("import {}", self.module)
        } else {
            format!("from {} import {}", self.module, self.names.join(", "))
        };
        match &self.comment {
            Some(comment) => format!("{statement}  # {comment}"),
            None => statement,
        }
    }

    /// isort's order within a section: `import x` before `from x import y`, then by module.
    pub fn key(&self) -> (bool, String, String) {
        (
            !self.names.is_empty(),
            self.module.to_lowercase(),
            self.module.clone(),
        )
    }
}

/// isort's `order-by-type` for imported members: CONSTANTS, then Classes, then functions.
pub(super) fn member_key(name: &str) -> (u8, String, String) {
    let kind = if name.len() > 1 && name.chars().all(|c| !c.is_lowercase()) {
        0
    } else if name.starts_with(|c: char| c.is_uppercase()) {
        1
    } else {
        2
    };
    (kind, name.to_lowercase(), name.to_owned())
}
