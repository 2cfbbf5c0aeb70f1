"""Altair charts as pure functions of data: tested through chart.to_dict(), no browser needed."""
