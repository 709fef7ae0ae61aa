"""A package whose modules start tasks: they share one helper."""
