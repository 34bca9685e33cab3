"""Hostile input: mutated catalogues, injected markup and comparator URLs with payloads."""
