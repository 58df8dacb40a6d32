"""The input stage: a YAML file on disk, with each value's position, becomes a validated Brief.

The only stage where raw dictionaries exist. Imports `errors`, `gate` and `model`.
"""
