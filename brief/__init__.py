"""brief: turn an assessment written in YAML into a policy brief, in PDF and DOCX from one template."""

__version__ = "0.1.0"
