//! What one file's import resolution needs, said once: the run's packages (whose re-exports an
//! import by name follows), the file, its import statements and its text. Built once per file
//! by [`super::factories::FactoryIndex::for_file`] and handed to each index that resolves the
//! file's imports (handlers, loop runners, module loops, singletons, keepers).

use std::path::Path;

use tree_sitter::Node;

use super::reexports::{Import, Packages};

/// One file's imports, as the project's indexes resolve them.
#[derive(Clone, Copy)]
pub struct FileImports<'a, 't> {
    /// The run's packages by their last name.
    pub packages: &'a Packages,
    /// The file (`None`: analysed alone).
    pub file: Option<&'a Path>,
    /// Its import statements.
    pub imports: &'a [Node<'t>],
    /// Its text.
    pub src: &'a str,
}

impl FileImports<'_, '_> {
    /// The modules of `modules` where the file's `from <dotted> import name` finds a name that
    /// `defines` accepts ([`super::reexports::defining`], seen from this file).
    pub fn defining<'m, M>(
        &self,
        modules: &'m [M],
        parts_of: impl Fn(&M) -> &[String],
        import: (usize, &str, &str),
        defines: impl Fn(&M, &Import) -> bool,
    ) -> Vec<(&'m M, String)> {
        super::reexports::defining(self.packages, modules, parts_of, self.file, import, defines)
    }
}
