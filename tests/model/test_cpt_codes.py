"""cpt_codes() validates its arguments as Session does, and maps every CPT band edge."""

import pytest

from counselcore.errors import InvalidValueError
from counselcore.model import SessionKind, cpt_codes

IND, CRI = SessionKind.INDIVIDUAL, SessionKind.CRISIS


class TestCptCodes:
    @pytest.mark.parametrize(
        ("kind", "minutes", "codes"),
        [
            (IND, 1, ()),
            (IND, 15, ()),
            (IND, 16, ("90832",)),
            (IND, 37, ("90832",)),
            (IND, 38, ("90834",)),
            (IND, 52, ("90834",)),
            (IND, 53, ("90837",)),
            (CRI, 29, ("90832",)),
            (CRI, 30, ("90839",)),
            (CRI, 74, ("90839",)),
            (CRI, 75, ("90839", "90840")),
            (CRI, 104, ("90839", "90840")),
            (CRI, 105, ("90839", "90840", "90840")),
            (SessionKind.INTAKE, 90, ("90791",)),
            (IND, 960, ("90837",)),
        ],
    )
    def test_band_edges(self, kind, minutes, codes):
        """Each CPT time band starts and ends where AMA CPT puts it."""
        assert cpt_codes(kind, minutes) == codes

    @pytest.mark.parametrize(
        ("kind", "minutes", "path", "rule"),
        [
            (IND, -5, "duration_minutes", "structure.range"),
            (IND, 0, "duration_minutes", "structure.range"),
            (IND, 961, "duration_minutes", "structure.range"),
            (IND, 45.5, "duration_minutes", "structure.type"),
            (IND, "45", "duration_minutes", "structure.type"),
            (IND, True, "duration_minutes", "structure.type"),
            ("crisis", 45, "kind", "structure.type"),
            (None, 45, "kind", "structure.type"),
        ],
    )
    def test_bad_arguments_are_refused_like_session_refuses_them(self, kind, minutes, path, rule):
        """Regression: -5 gave (), 45.5 gave 90834, '45' a bare TypeError, 'crisis' was taken as a kind."""
        with pytest.raises(InvalidValueError) as info:
            cpt_codes(kind, minutes)

        assert info.value.paths == (path,)
        assert info.value.rules == (rule,)
