"""The decision core: questions, answers, rules and the engine that turns answers into a ranked, explained
recommendation. Pure: it reads its YAML data and imports nothing outside guide.decision except guide.errors,
guide.text, guide.settings and guide.userfile. Measured facts enter as plain values (guide.decision.facts)."""
