"""Exports of a whole workshop: one canonical document (document.py), one module per format."""
