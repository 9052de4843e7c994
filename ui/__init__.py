"""Streamlit side of Backprop Lab: lesson state, the shared sidebar, figures, rendering helpers."""
