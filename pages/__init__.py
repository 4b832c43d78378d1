"""Streamlit pages: UI only. Each page calls services/ and renders what they return."""
