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


def test_check_character_round_trip():
    for first17 in ("91220104000000001", "12220000412345678", "Y1220581MA0000000"):
        code = first17 + creditcode.check_character(first17)
        assert creditcode.is_valid(code)
