"""Transcript importers: one module per format, each yielding normalized turns and usage."""
