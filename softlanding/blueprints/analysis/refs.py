"""Opaque references for the texts of the workspace, so no page, anchor, form or redirect carries an id.

Ids grow with the order of answering, so an answer's id would tell who answered when. A reference is
the (kind, id) of a text run through a keyed permutation: a four-round Feistel network over 128 bits
whose round function is HMAC-SHA256 keyed from SECRET_KEY and a purpose salt. Being a permutation it
cannot collide; being keyed, it says nothing about the id or the order of answering. Seven zero bytes
inside the block authenticate it: a made-up or old integer reference decodes to garbage and is refused
(a 404), and resolving one is arithmetic, not a lookup.
"""

import base64
import binascii
import functools
import hashlib
import hmac

from flask import current_app

from softlanding.core.errors import NotFound

SALT = b"softlanding analysis text reference v1"
KIND_BYTE = {"answer": 1, "closing": 2, "turn": 3, "checkin": 4}
KIND_OF_BYTE = {v: k for k, v in KIND_BYTE.items()}
ROUNDS = 4
PAD = bytes(7)
LENGTH = 26  # 16 bytes in lower-case base32, without padding


def _key() -> bytes:
    return _derived_key(str(current_app.config["SECRET_KEY"]))


@functools.lru_cache(maxsize=8)
def _derived_key(secret: str) -> bytes:
    return hmac.new(secret.encode(), SALT, hashlib.sha256).digest()


def _round(key: bytes, n: int, half: bytes) -> bytes:
    return hmac.new(key, bytes([n]) + half, hashlib.sha256).digest()[:8]


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def encode(kind: str, item_id: int) -> str:
    """The reference of a text: 26 characters from a-z and 2-7."""
    if kind not in KIND_BYTE or not 0 <= item_id < 2 ** 64:
        raise ValueError("not a text of the workspace")
    return _encode(_key(), kind, item_id)


# A pure function of the key and the text: a page encodes 25 or more, the same ones on every view.
@functools.lru_cache(maxsize=50_000)
def _encode(key: bytes, kind: str, item_id: int) -> str:
    block = bytes([KIND_BYTE[kind]]) + item_id.to_bytes(8, "big") + PAD
    left, right = block[:8], block[8:]
    for n in range(ROUNDS):
        left, right = right, _xor(left, _round(key, n, right))
    return base64.b32encode(left + right).decode().rstrip("=").lower()


def decode(ref: str) -> tuple[str, int]:
    """(kind, id) of a reference, or NotFound for anything that is not one this server made."""
    if not isinstance(ref, str) or len(ref) != LENGTH:
        raise NotFound("That text does not exist.")
    try:
        raw = base64.b32decode(ref.upper() + "======")
    except (binascii.Error, ValueError):
        raise NotFound("That text does not exist.") from None
    # 26 base32 letters carry 130 bits for a 128-bit block: the last letter's two spare bits must be zero,
    # or two addresses (the real one and a neighbour) would open the same text.
    if base64.b32encode(raw).decode().rstrip("=").lower() != ref:
        raise NotFound("That text does not exist.")
    key = _key()
    left, right = raw[:8], raw[8:]
    for n in reversed(range(ROUNDS)):
        left, right = _xor(right, _round(key, n, left)), left
    block = left + right
    if block[9:] != PAD or block[0] not in KIND_OF_BYTE:
        raise NotFound("That text does not exist.")
    return KIND_OF_BYTE[block[0]], int.from_bytes(block[1:9], "big")


def decode_as(ref: str, kind: str) -> int:
    """The id of a reference that must be of one kind (a sample holds survey answers only), else NotFound."""
    found, item_id = decode(ref)
    if found != kind:
        raise NotFound("That text does not exist.")
    return item_id
