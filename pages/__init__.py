"""The app's pages: one package per navigation entry (see ui/navigation.py), pages/<url_path>/page.py.

Beside each package lies a two-line pages/<url_path>.py. Streamlit (1.67) takes a ``pages/`` folder
beside app.py for its legacy multipage folder until the first ``st.navigation`` call of the server's
life: a deep link that is a fresh server's first request is looked up among ``pages/*.py`` by file
name. Without that file the lesson opens under a "Page not found" dialog; with it, the file reruns
the request through app.py, whose navigation runs the lesson. A test checks every Entry has one.
"""
