"""Pieces of the extractive generator: text helpers, tool activity, conversation, carry-forward."""
