"""A package whose task factories are called from its other modules."""
