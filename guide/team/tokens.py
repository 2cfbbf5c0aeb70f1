"""Join codes and secret tokens. Codes are short and read aloud in a room, so they avoid look-alikes (0/O, 1/I/L);
they grant joining only. Tokens (admin, participant) are random, stored only as their SHA-256 and compared in
constant time, so the database never holds a usable token and a timing difference gives nothing away."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
CODE_PATTERN = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(text: str) -> str | None:
    """A typed code as stored (upper case; spaces and hyphens, as people write codes down, dropped), or None
    when it cannot be a code."""
    code = re.sub(r"[\s-]+", "", text or "").upper()
    return code if CODE_PATTERN.fullmatch(code) else None


def new_token() -> str:
    """32 URL-safe characters that never start with '-': `team show CODE --admin-token -x…` would read such a
    token as an option, and 1 token in 64 started that way (a test failed on it, now and then)."""
    while (token := secrets.token_urlsafe(24)).startswith("-"):
        pass
    return token


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: str | None, stored_hash: str) -> bool:
    return bool(token) and hmac.compare_digest(token_hash(token), stored_hash)
