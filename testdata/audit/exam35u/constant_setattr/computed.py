def any_view(view, attr, value):
    """A computed name may be `refresh`: the redraw's task stays unknown."""
    if view.refresh:
        setattr(view, attr, value)
