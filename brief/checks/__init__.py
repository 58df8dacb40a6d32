"""Tradecraft checks: rules a reviewing editor would apply, run over a validated brief."""
