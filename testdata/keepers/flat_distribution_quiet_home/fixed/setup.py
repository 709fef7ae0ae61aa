from setuptools import setup

setup(
    name="flat",
    # Two top-level modules, no package: no `_background.py` would be installed.
    py_modules=["core", "high"],
)
