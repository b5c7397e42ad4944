"""Extraction development set and its scorer."""
