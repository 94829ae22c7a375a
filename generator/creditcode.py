"""Unified social credit code (统一社会信用代码, GB 32100-2015) check character."""

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def check_character(first17: str) -> str:
    """Return the 18th character for the first 17 characters of a code.

    Raises ValueError when a character is outside the code's alphabet.
    """
    if len(first17) != 17:
        raise ValueError(f"expected 17 characters, got {len(first17)}")
    total = 0
    for char, weight in zip(first17, WEIGHTS, strict=True):
        value = ALPHABET.find(char)
        if value < 0:
            raise ValueError(f"character {char!r} is not allowed")
        total += value * weight
    return ALPHABET[(31 - total % 31) % 31]


def is_valid(code: str) -> bool:
    """True when ``code`` has 18 characters and a correct check character."""
    if len(code) != 18:
        return False
    try:
        return check_character(code[:17]) == code[17]
    except ValueError:
        return False
