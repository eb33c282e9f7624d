"""Cell references as worksheet XML spells them."""

import pytest

from sheets_sync.backends.xlsx_refs import column_of, split_reference


@pytest.mark.parametrize(
    ("reference", "column"), [("C12", 3), ("$C$12", 3), ("AA1", 27), ("XFD1048576", 16384)]
)
def test_column_of_agrees_with_split_reference(reference: str, column: int) -> None:
    assert column_of(reference) == column == split_reference(reference)[1]


@pytest.mark.parametrize("reference", ["12", "C", "$C$", "ABCD1", "Ж1", ""])
def test_column_of_refuses_what_is_not_a_reference_even_after_seeing_its_letters(
    reference: str,
) -> None:
    column_of("C7")  # the letters "C" are now known
    with pytest.raises(ValueError, match="not a cell reference"):
        column_of(reference)
