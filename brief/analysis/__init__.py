"""Pure functions of a loaded brief: sourcing, the evidence matrix, changes since a version, the releasable cut.

Imports `model` and `input`; never renders or writes.
"""
