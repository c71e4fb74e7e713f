"""Matplotlib charts of scenarios and results, each a function from data to a PNG file."""
