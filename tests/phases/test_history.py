"""CaseHistory: a chart as a value."""

import datetime as dt

import pytest

from counselcore.errors import InvalidValueError
from counselcore.model import ClientRef
from counselcore.phases import CaseHistory, CrisisBegan, LapseReported

D = dt.date(2025, 3, 5)


class TestCaseHistory:
    def test_events_need_not_be_in_date_order(self) -> None:
        """The constructor keeps events as given; replay reports order problems."""
        events = (CrisisBegan(on=D), LapseReported(on=D - dt.timedelta(days=3)))

        assert CaseHistory(client=ClientRef("c-1"), events=events).events == events

    def test_repr_hides_the_client_and_the_payloads(self) -> None:
        """Only the number of events is shown."""
        history = CaseHistory(client=ClientRef("mrn-secret"), events=(CrisisBegan(on=D),))

        assert repr(history) == "CaseHistory(<1 events>)"

    @pytest.mark.parametrize(
        ("kwargs", "where"),
        [
            ({"client": "c-1"}, "client"),
            ({"events": [CrisisBegan(on=D)]}, "events"),
            ({"events": (CrisisBegan(on=D), "lapse")}, "events[1]"),
            ({"events": ({"kind": "crisis-began"},)}, "events[0]"),
        ],
    )
    def test_wrong_types_are_refused(self, kwargs: dict[str, object], where: str) -> None:
        """A plain id, a list or a non-event is refused with its path."""
        arguments: dict[str, object] = {"client": ClientRef("c-1"), **kwargs}

        with pytest.raises(InvalidValueError) as info:
            CaseHistory(**arguments)  # type: ignore[arg-type]

        assert info.value.paths == (where,)
        assert info.value.rules == ("structure.type",)
