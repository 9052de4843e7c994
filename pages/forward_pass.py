"""Under construction in this session."""

import streamlit as st

st.title("forward_pass")
