"""Evidence: benchmark results turned into measured facts, the one statistical judgement, the article's claims
checked against results, which benchmark matches a team's answers, and the sources cited."""
