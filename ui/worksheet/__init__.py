"""Worksheets and their answer keys as PDF (issue 28): what a sheet holds (``sheet``), the lessons' LaTeX
as Typst math (``tex``), the PDF (``typeset``), the worked example's sheets (``worked``) and the page's
block (``block``, the only module here that imports Streamlit). docs/worksheets.md says why Typst."""
