"""Evaluation against gold, corpus scoring, group comparisons and the visual report."""
