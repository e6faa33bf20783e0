"""Reusable widgets of the mso app."""
