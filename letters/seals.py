"""Seals for signed letters: an HMAC-SHA256 under a key the database never holds.

A SHA-256 of the content proves nothing against someone who can write to the database: they
change the letter and compute a new hash. An HMAC needs the key, which lives only in the
process environment (`LETTER_SEAL_KEYS`), so a letter changed in the database no longer
verifies. Each seal records the id of the key that made it, so keys can be rotated: the first
key in `LETTER_SEAL_KEYS` seals new signatures, the others still verify old ones (README,
"Rotating the letter seal key").

Letters signed before seals existed carry only the plain SHA-256 (`seal_key_id` empty); they
still verify by that hash (`letters/models.py: Letter.signature_verifies`).

Sources: HIPAA Security Rule 45 CFR 164.312(c)(1)-(2) (integrity; a mechanism to corroborate
that ePHI has not been altered) and 164.312(d); RFC 2104 (HMAC), FIPS 180-4 (SHA-256).
"""

import hashlib
import hmac

from django.conf import settings

from palliative.errors import DomainError


class SealKeyMissing(DomainError):
    """The key a letter was sealed with is not configured, so the letter cannot be verified."""


def current_key_id() -> str:
    return next(iter(settings.LETTER_SEAL_KEYS))


def seal(content: bytes, *, key_id: str | None = None) -> tuple[str, str]:
    """(key id, hex HMAC-SHA256 of `content`) under the current key, or `key_id` if given."""
    key_id = key_id or current_key_id()
    return key_id, hmac.new(_key(key_id), content, hashlib.sha256).hexdigest()


def verifies(content: bytes, *, key_id: str, value: str) -> bool:
    """Whether `value` is the seal of `content` under `key_id` (constant-time comparison)."""
    return hmac.compare_digest(seal(content, key_id=key_id)[1], value)


def _key(key_id: str) -> bytes:
    try:
        return settings.LETTER_SEAL_KEYS[key_id].encode()
    except KeyError:
        raise SealKeyMissing(
            f"The letter seal key “{key_id}” is not configured on this server, so signed letters sealed "
            "with it cannot be verified. Tell the practice administrator (LETTER_SEAL_KEYS)."
        ) from None
