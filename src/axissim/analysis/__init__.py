"""Analyses that read scenarios and results: explanations, and later tipping points."""
