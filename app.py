"""Entry point: builds the navigation and runs the chosen page. Nothing else lives here."""

import streamlit as st

from guide.text import t
from guide.ui.state import set_up_session

set_up_session()  # first: the language of this run, which the titles below are written in
st.set_page_config(page_title=t("app.title"), page_icon="🧭", layout="wide")

PAGES = {
    t("app.sections.decide"): [
        st.Page("app_pages/questionnaire.py", title=t("app.pages.questionnaire"), icon="📝", default=True),
        st.Page("app_pages/recommendation.py", title=t("app.pages.recommendation"), icon="🧭"),
    ],
    t("app.sections.evidence"): [
        st.Page("app_pages/rules.py", title=t("app.pages.rules"), icon="📚"),
        st.Page("app_pages/benchmarks.py", title=t("app.pages.benchmarks"), icon="⏱️"),
        st.Page("app_pages/claims.py", title=t("app.pages.claims"), icon="🔬"),
        st.Page("app_pages/deployment.py", title=t("app.pages.deployment"), icon="📦"),
    ],
    t("app.sections.team"): [
        st.Page("app_pages/team.py", title=t("app.pages.team"), icon="👥"),
        st.Page("app_pages/team_dashboard.py", title=t("app.pages.team_dashboard"), icon="📊"),
        st.Page("app_pages/projector.py", title=t("app.pages.projector"), icon="📽️"),
    ],
    t("app.sections.about"): [
        st.Page("app_pages/about.py", title=t("app.pages.about"), icon="ℹ️"),
    ],
}

st.navigation(PAGES).run()
