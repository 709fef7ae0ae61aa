"""Runs the package."""
