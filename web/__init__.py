"""HTTP routes served beside the Streamlit app (see server.py)."""
