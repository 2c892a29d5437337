"""The rule for a new HQ passphrase: refused when short or common, a warning when weak.

Our own short list and a few patterns, not a strength estimator: docs/threat-model.md says why.
Length is counted in characters (a Chinese passphrase of 12 characters is as long as an English
one of 12 letters), never in bytes.
"""

from __future__ import annotations

import string
import unicodedata

from outpost.errors import UsageError

MIN_CHARACTERS = 12
COMFORTABLE_CHARACTERS = 16

# Passphrases people pick first, folded (lower case; spaces, -, _ and . taken out). Each is 12
# characters or more: shorter ones are refused by length already.
_COMMON_PASSPHRASES = """
    correcthorsebatterystaple correcthorsebatterystaple1 trustno1trustno1 passwordpassword
    thequickbrownfoxjumpsoverthelazydog thequickbrownfox iloveyouforever iloveyouiloveyou
    letmeinletmein administrator administrator1 changemechangeme qwertyuiopasdfghjkl
    qwertyuiopasdfghjklzxcvbnm zaq12wsxcde3 1qaz2wsx3edc 1qaz2wsx3edc4rfv 1q2w3e4r5t6y
    1q2w3e4r5t6y7u8i 1q2w3e4r5t6y7u8i9o0p qazwsxedcrfv qwerasdfzxcv asdfghjklqwerty
    tobeornottobe tobeornottobethatisthequestion maytheforcebewithyou opensesameopensesame
    supercalifragilisticexpialidocious ihatemyjobihatemyjob iloveyoubaby whatever123456
    woaini1314520 woaini5201314 5201314woaini 1314520woaini wodemimashishenme woshinibaba
    woaiwojia123 zhongguo123456 iloveyouchina woaizhongguo woainiwoaini mimamimamima
    wodemimamima changeitchangeit defaultpassword mypasswordis mysecretpassword
    outpostoutpost outposthqpassphrase hqpassphrase hqpassword brigadepassword
"""
COMMON_PASSPHRASES = frozenset(_COMMON_PASSPHRASES.split())

# Words that stay common whatever digits or signs are put before or after them.
_COMMON_WORDS = """
    password passw0rd p@ssword p@ssw0rd passphrase iloveyou letmein welcome admin
    administrator qwerty qwertyuiop asdfghjkl abc abcd abcdef abcdefg monkey dragon football
    baseball sunshine princess master trustno1 woaini mima wodemima changeme secret default
    outpost hq brigade test testing login user root guest shadow superman batman
"""
COMMON_WORDS = frozenset(_COMMON_WORDS.split())

# Runs a keyboard or an alphabet gives without thinking, forwards and backwards.
SEQUENCES = (
    "01234567890123456789",
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
    "qwertyuiopasdfghjklzxcvbnm",
    "qwertyuiop[]asdfghjkl;'zxcvbnm,./",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/",
    "1q2w3e4r5t6y7u8i9o0p",
    "qazwsxedcrfvtgbyhnujmikolp",
)

_DROPPED = " \t-_."
_TRIMMED = string.digits + string.punctuation


def judge_passphrase(passphrase: bytes) -> str | None:
    """Refuse (UsageError, exit 2) a new HQ passphrase that is empty, shorter than 12
    characters or common; return the message key of a warning when it is weak, else None."""
    if not passphrase:
        raise UsageError("hq.empty_passphrase")
    try:
        text = unicodedata.normalize("NFC", passphrase.decode("utf-8"))
    except UnicodeDecodeError:
        raise UsageError("hq.passphrase_not_text") from None
    if len(text) < MIN_CHARACTERS:
        raise UsageError("hq.passphrase_short", count=len(text), least=MIN_CHARACTERS)
    if is_common(text):
        raise UsageError("hq.passphrase_common")
    if is_weak(text):
        return "hq.passphrase_weak"
    return None


def fold(text: str) -> str:
    """The passphrase as lists compare it: lower case, without spaces, -, _ and dots."""
    return "".join(ch for ch in text.casefold() if ch not in _DROPPED)


def is_common(text: str) -> bool:
    """True for a listed passphrase, a common word dressed in digits or signs, a short unit
    repeated, very few different characters, or a run along a keyboard or the alphabet."""
    folded = fold(text)
    if folded in COMMON_PASSPHRASES or folded.strip(_TRIMMED) in COMMON_WORDS:
        return True
    return _is_pattern(folded)


def _is_pattern(folded: str) -> bool:
    if len(set(folded)) < 4:
        return True
    for size in range(1, 7):
        if len(folded) % size == 0 and folded == folded[:size] * (len(folded) // size):
            return True
    return any(folded in run or folded in run[::-1] for run in SEQUENCES)


def is_weak(text: str) -> bool:
    """True for a passphrase that passed but is guessed sooner than it looks: under 16
    characters of one kind (only small letters, only digits …), or few different characters."""
    if len(set(text)) < 8:
        return True
    if len(text) >= COMFORTABLE_CHARACTERS:
        return False
    kinds = (string.ascii_lowercase, string.ascii_uppercase, string.digits)
    return any(all(ch in kind for ch in text) for kind in kinds)


__all__ = ["MIN_CHARACTERS", "fold", "is_common", "is_weak", "judge_passphrase"]
