def more_view(view, loader):
    """Binds `fetch_more` itself: the scroll's task stays unknown."""
    if view.fetch_more is not loader:
        setattr(view, "fetch_more", loader)
