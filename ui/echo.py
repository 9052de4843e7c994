"""What a visitor typed or uploaded, shown back: cut short and escaped, so it reads as plain text.

Streamlit's alerts, captions and Markdown draw links, images, HTML-like tags, LaTeX ($…$), colour
directives (:red[…]) and icons (:material/…:); Plotly's titles and labels draw <a href>, <img>-free
tags and entities. A message that quotes a file name, a CSV cell or a typed field (the core cuts the
quote short) passes through here before any of them.
"""

import html
import re

_MARKDOWN = re.compile(
    r"([\\`*_{}\[\]()<>#+\-.!|~$:&])"
)  # CommonMark's escapable ASCII, and $ : for Streamlit


def markdown(text) -> str:
    """``text`` escaped for st.markdown / st.warning / st.error / st.caption: shown as typed."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def plotly(text) -> str:
    """``text`` escaped for a Plotly title, axis title or label: tags and entities shown as typed."""
    return html.escape(str(text), quote=False)
