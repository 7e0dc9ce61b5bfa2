"""Reading the built warehouse for people: the shared figure queries and locale formatting
(used by the dashboard in dashboard/ and by the report generator `python -m reporting`)."""
