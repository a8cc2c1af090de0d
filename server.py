"""The Parlez server: the Streamlit app (app.py) plus the sign-in cookie routes (web/session_routes.py).

``make run`` starts ``streamlit run server.py``; Streamlit finds the ``app`` below and serves app.py with
these routes beside its own. ``streamlit run app.py`` still works, but a sign-in then lasts only as long as
the browser tab.
"""

import streamlit as st

from web.session_routes import ROUTES

app = st.App("app.py", routes=ROUTES)
