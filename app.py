"""Entry point: builds the navigation and runs the chosen page. Nothing else lives here."""

import streamlit as st

from guide.ui.state import set_up_session

st.set_page_config(page_title="PyTorch or TensorFlow? A decision guide", page_icon="🧭", layout="wide")

PAGES = {
    "Decide": [
        st.Page("app_pages/questionnaire.py", title="Questionnaire", icon="📝", default=True),
        st.Page("app_pages/recommendation.py", title="Recommendation", icon="🧭"),
    ],
    "Evidence": [
        st.Page("app_pages/rules.py", title="Rules & what-if", icon="📚"),
        st.Page("app_pages/benchmarks.py", title="Live benchmarks", icon="⏱️"),
        st.Page("app_pages/claims.py", title="Claims checked", icon="🔬"),
        st.Page("app_pages/deployment.py", title="Deployment", icon="📦"),
    ],
    "About": [
        st.Page("app_pages/about.py", title="About & method", icon="ℹ️"),
    ],
}

page = st.navigation(PAGES)
set_up_session()
page.run()
