"""The shared structural checks the record packages build on."""

from collections.abc import Callable

import pytest

from counselcore._internal.checks import (
    check_bool,
    check_distinct,
    check_instance,
    check_instances,
    check_optional_bool,
    check_optional_instance,
    to_tuple,
)
from counselcore.errors import InvalidValueError
from counselcore.model import ClientRef


def refused(check: Callable[..., None], *args: object) -> bool:
    """Whether *check* refuses *args* with InvalidValueError."""
    try:
        check(*args)
    except InvalidValueError:
        return True
    return False


class TestCheckBool:
    @pytest.mark.parametrize("value", [True, False])
    def test_accepts_a_bool(self, value):
        """True and False pass."""
        accepted = not refused(check_bool, value, ("flag",))

        assert accepted
        assert not refused(check_optional_bool, None, ("flag",))

    @pytest.mark.parametrize("value", [0, 1, "true", None])
    def test_refuses_look_alikes(self, value):
        """0, 1, a string and None are refused at the path with structure.type."""
        with pytest.raises(InvalidValueError) as info:
            check_bool(value, ("flag",))

        assert info.value.rules == ("structure.type",)
        assert info.value.paths == ("flag",)


class TestCheckInstance:
    def test_names_the_expected_type_not_the_value(self):
        """The message says which type was expected and never echoes the value."""
        with pytest.raises(InvalidValueError) as info:
            check_instance("mrn-secret", ClientRef, ("client",))

        assert info.value.paths == ("client",)
        assert "must be a ClientRef" in str(info.value)
        assert "mrn-secret" not in str(info.value)

    def test_optional_accepts_none_only_as_absence(self):
        """None passes the optional check; a wrong type still fails."""
        absent = refused(check_optional_instance, None, ClientRef, ("client",))

        assert not absent
        assert refused(check_optional_instance, "c-1", ClientRef, ("client",))

    def test_a_bad_item_is_named_by_its_index(self):
        """check_instances reports the first wrong item at (*path, index)."""
        with pytest.raises(InvalidValueError) as info:
            check_instances((ClientRef("a"), "b"), ClientRef, ("clients",))

        assert info.value.paths == ("clients[1]",)

    def test_a_list_is_not_a_tuple(self):
        """Collections on records are tuples: a list is refused at the collection's path."""
        with pytest.raises(InvalidValueError) as info:
            check_instances([ClientRef("a")], ClientRef, ("clients",))

        assert info.value.paths == ("clients",)


class TestCheckDistinct:
    def test_reports_the_repeat_at_its_own_index(self):
        """The second use of a value is the one reported."""
        with pytest.raises(InvalidValueError) as info:
            check_distinct((3, 1, 3), ("items",))

        assert info.value.paths == ("items[2]",)
        assert info.value.rules == ("structure.id-unique",)

    def test_accepts_distinct_values(self):
        """Distinct values pass."""
        assert not refused(check_distinct, (1, 2, 3), ("items",))
        assert not refused(check_distinct, (), ("items",))


class TestToTuple:
    @pytest.mark.parametrize("values", [[1, 2], (1, 2), iter([1, 2])])
    def test_materializes_iterables(self, values):
        """Lists, tuples and iterators become tuples."""
        assert to_tuple(values, ("values",)) == (1, 2)

    @pytest.mark.parametrize("values", [None, "ab", b"ab", {"a": 1}, 3, True])
    def test_refuses_strings_mappings_and_scalars(self, values):
        """A string, bytes, a mapping or a scalar is a slip, refused with structure.type."""
        with pytest.raises(InvalidValueError) as info:
            to_tuple(values, ("values",))

        assert info.value.paths == ("values",)
        assert info.value.rules == ("structure.type",)
