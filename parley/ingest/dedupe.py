"""Exact and near-duplicate detection: normalised-text hashes, MinHash and LSH bands.

A MinHash signature of word 3-shingles estimates the Jaccard similarity of two
reports; LSH splits the signature into bands so that the candidates for a new
report are found with one indexed SQL query over ``lsh_bands`` instead of a
scan of the corpus. Hashes are stable across processes (fixed multipliers and seeds),
so signatures stored by one run are comparable with those of the next.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np

NUM_PERM = 128
BANDS = 32  # 32 bands of 4 rows: pairs with Jaccard >= 0.5 meet in some band with p > 0.87
ROWS = NUM_PERM // BANDS
SHINGLE = 3
_rng = np.random.default_rng(20240603)
# Odd multipliers make each x -> a*x + b (mod 2**32) a permutation of the 32-bit hashes.
_A = (_rng.integers(0, 2**31, size=NUM_PERM, dtype=np.uint64) * 2 + 1).astype(np.uint32)
_B = _rng.integers(0, 2**32, size=NUM_PERM, dtype=np.uint64).astype(np.uint32)
# Multipliers combining the token hashes of a shingle into one 32-bit value.
_MIX = np.array([1, 0x9E3779B1, 0x85EBCA77], dtype=np.uint64)
_WORD = re.compile(r"\w+")
# For ASCII text, \w is [A-Za-z0-9_]: mapping every other ASCII character to a space and
# splitting gives the same words as ``_WORD.findall`` several times faster.
_ASCII_NON_WORD = str.maketrans({chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")})
_POWERS = np.cumprod(np.full(64, 0x100000001B3, dtype=np.uint64))
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def normalize(text: str) -> str:
    """Text as compared for exact duplicates: NFKC, plain quotes, lower case, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    return " ".join(text.split())


def text_sha256(text: str) -> str:
    """SHA-256 of the normalised ``text``: equal for copies that differ only in spacing or case."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


def split_words(text: str) -> list[str]:
    """The words (``\\w+`` runs) of ``text``; ASCII text takes a faster path with the same result."""
    return text.translate(_ASCII_NON_WORD).split() if text.isascii() else _WORD.findall(text)


def token_hashes(words: list[str]) -> np.ndarray:
    """A 32-bit hash per word, computed for all words at once.

    The words become rows of UTF-32 code points and each row is hashed as a
    polynomial with fixed odd multipliers, so the values are the same in
    every process (unlike ``hash(str)``, which is salted per process).
    """
    codes = np.array(words).view(np.uint32).reshape(len(words), -1).astype(np.uint64)
    powers = _POWERS[: codes.shape[1]] if codes.shape[1] <= len(_POWERS) else _powers(codes.shape[1])
    mixed = (codes * powers).sum(axis=1) * np.uint64(0x9E3779B97F4A7C15)  # wraps mod 2**64 on purpose
    return mixed >> np.uint64(32)


def _powers(n: int) -> np.ndarray:
    return np.cumprod(np.full(n, 0x100000001B3, dtype=np.uint64))


def shingle_hashes(text: str, k: int = SHINGLE) -> np.ndarray:
    """The distinct 32-bit hashes of the word ``k``-shingles of ``text``."""
    words = split_words(normalize(text))
    if not words:
        return np.zeros(0, dtype=np.uint32)
    tokens = token_hashes(words)
    if len(tokens) < k:
        return np.unique(tokens).astype(np.uint32)
    mixed = sum(tokens[i : len(tokens) - k + 1 + i] * _MIX[i] for i in range(k))
    return np.unique((mixed >> np.uint64(16)) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def minhash(text: str) -> np.ndarray:
    """The MinHash signature of ``text``: ``NUM_PERM`` uint32 values."""
    hashes = shingle_hashes(text)
    if hashes.size == 0:
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    permuted = hashes[:, None] * _A[None, :] + _B[None, :]  # wraps mod 2**32 on purpose
    return permuted.min(axis=0)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard similarity estimated from two MinHash signatures."""
    return float(np.mean(a == b))


def bands(signature: np.ndarray) -> list[str]:
    """The LSH bucket of each band: the band's rows as hex (``BANDS`` strings of 32 characters)."""
    rows = signature.astype(">u4").reshape(BANDS, ROWS)
    return [row.tobytes().hex() for row in rows]


def to_bytes(signature: np.ndarray) -> bytes:
    """A signature as stored in ``Report.minhash``."""
    return signature.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    """A signature read back from ``Report.minhash``."""
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)
