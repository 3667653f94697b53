"""Adalet: turns leaked state records into evidence that holds up, and evidence into accountability."""

__version__ = "0.1.0"
