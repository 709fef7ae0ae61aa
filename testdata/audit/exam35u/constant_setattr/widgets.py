from functools import partial


def text_view(html, text):
    """Sets the buffer's `text` only: `load_assets` stays the class's."""
    html.load_assets()
    return {
        "value": lambda x: setattr(text.buffer, "text", str(x)),
        "rows": partial(setattr, text.window, "height"),
    }
