"""Pilot tests of the screens."""
