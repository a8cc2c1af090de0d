"""Shared text rules, below every content package: comparison keys (folding, normalising), French
articles and noun codes, French numbers, slugs, Markdown table cells and content errors.

Nothing here imports another package of Parlez."""
