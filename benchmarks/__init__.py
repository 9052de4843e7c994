"""Speed figures, each as a ratio against a plain baseline timed in the same run (see core.py)."""
