"""`manage.py check --deploy`: a production server seals letters with a real key."""

from django.conf import settings
from django.core.checks import Warning, register

MIN_KEY_LENGTH = 32


@register(deploy=True)
def letter_seal_keys(app_configs, **kwargs):
    keys = settings.LETTER_SEAL_KEYS
    if not keys or "dev" in keys:
        return [
            Warning(
                "LETTER_SEAL_KEYS is not set: signed letters are sealed with a key derived from SECRET_KEY.",
                hint="Set LETTER_SEAL_KEYS=<id>:<at least 32 random characters> (README, Production).",
                id="letters.W001",
            )
        ]
    short = [key_id for key_id, secret in keys.items() if len(secret) < MIN_KEY_LENGTH]
    if short:
        return [
            Warning(
                f"Letter seal key(s) {', '.join(short)} are shorter than {MIN_KEY_LENGTH} characters.",
                hint="Use a long random secret, e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'.",
                id="letters.W002",
            )
        ]
    return []
