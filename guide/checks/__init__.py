"""Checks of the rule set as a whole: worked examples, the sweep over every answer combination, lint-rules."""
