"""Handoff generation: extractive (default), LLM, rendering and metrics. No Textual here."""
