"""Batches: many inputs, found in folders, built in order or in parallel, skipped when up to date."""
