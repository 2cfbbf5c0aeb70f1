"""Reports: one view model of a decision (guide.reports.model), rendered as Markdown, HTML and CLI text, and the
charts every view shares."""
