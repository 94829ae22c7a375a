import pytest

from generator import creditcode


def test_weights_are_powers_of_three_mod_31():
    assert creditcode.WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def test_standard_example_is_valid():
    # The worked example printed in GB 32100-2015.
    assert creditcode.is_valid("91350100M000100Y43")


def test_wrong_check_character_is_invalid():
    assert not creditcode.is_valid("91350100M000100Y44")


def test_letters_outside_the_alphabet_are_invalid():
    for letter in "IOSVZ":
        assert not creditcode.is_valid("91350100M000100Y4" + letter)
        assert not creditcode.is_valid(letter + "1350100M000100Y43")


def test_wrong_length_is_invalid():
    assert not creditcode.is_valid("91350100M000100Y4")
    assert not creditcode.is_valid("91350100M000100Y433")


@pytest.mark.parametrize(
    "first17, check",
    [
        # Worked by hand with GB 32100-2015's values (0-9, A=10 … Y=30, no I O S V Z) and weights 3^i mod 31:
        # 9·1 + 1·3 + 2·9 + 2·27 + 0·19 + 1·26 + 0·16 + 4·17 + 0 … + 1·28 = 206; 206 mod 31 = 20; 31 − 20 = 11 → B
        ("91220104000000001", "B"),
        # 1 + 6 + 18 + 54 + 80 + 29 + 50 + 39 + 32 + 120 + 60 + 210 + 224 = 923; 923 mod 31 = 24; 31 − 24 = 7
        ("12220000412345678", "7"),
        # Y=30, M=21, A=10: 30 + 3 + 18 + 54 + 130 + 128 + 17 + 420 + 290 = 1090; 1090 mod 31 = 5; 31 − 5 = 26 → T
        ("Y1220581MA0000000", "T"),
        # the example of the standard: 1640 mod 31 = 28; 31 − 28 = 3
        ("91350100M000100Y4", "3"),
        # a sum divisible by 31 gives 31, which the standard writes as 0
        ("00000000000000000", "0"),
    ],
)
def test_check_character_worked_by_hand(first17, check):
    assert creditcode.check_character(first17) == check
    assert creditcode.is_valid(first17 + check)
