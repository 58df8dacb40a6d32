"""Absorbing a reviewed DOCX: a reviewer's edits and comments carried back into the input they came from."""
