"""The package keeps its code in `_impl/`; `api/` re-exports it."""
