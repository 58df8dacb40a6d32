"""The tradecraft review: rules a reviewing editor applies, and the report of their findings.

Imports `model`, `input` and `analysis`; never renders or writes.
"""
