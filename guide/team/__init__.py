"""Team and workshop sessions: many people answer, the lead sees the aggregate. Stored through guide.store."""
