"""The render stage: a brief and a template set become one HTML document, in the brief's language.

Imports the stages before it; writers never see the model, only what this stage renders.
"""
