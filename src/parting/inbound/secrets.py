"""The mailbox password at rest: encrypted with a key derived from the site's secret key
(PARTING_SECRET_KEY, or the one generated into PARTING_HOME)."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from parting.core.domain.errors import DomainError

PURPOSE = b"parting mailbox password"


class SecretLost(DomainError):
    """The stored password cannot be read (the secret key changed): connect again."""

    exit_code = 1


def _fernet() -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(
        str(settings.SECRET_KEY).encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal(password: str) -> str:
    return _fernet().encrypt(password.encode()).decode("ascii")


def unseal(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, ValueError):
        raise SecretLost(
            "the stored mailbox password cannot be read (the secret key changed): "
            "connect the mailbox again"
        ) from None
