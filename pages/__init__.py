"""The app's pages: one package per navigation entry (see ui/navigation.py)."""
