"""The training directory: francophone peace-operations training centres (content) and their sessions
(stored data): model, loader and validator of ``content/directory``, session checks and CSV, facet
filtering, iCalendar files, the offline gazetteer and language readiness. Pure: no Streamlit, no database."""
