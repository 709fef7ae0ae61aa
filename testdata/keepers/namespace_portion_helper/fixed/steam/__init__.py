"""A client whose ext/ folder has no __init__.py."""
