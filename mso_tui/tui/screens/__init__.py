"""One module per screen; app.py imports them lazily so start-up stays fast."""
