"""Matplotlib charts of scenarios and results, each a function from data to a PNG file."""

from axissim.charts.decision_matrix import plot_decision_matrix
from axissim.charts.explanation import plot_explanation
from axissim.charts.network import plot_network
from axissim.charts.timeline import plot_timeline

__all__ = ["plot_decision_matrix", "plot_explanation", "plot_network", "plot_timeline"]
