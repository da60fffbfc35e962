"""No free text or client id from a resource reaches an import violation or error message."""

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counselcore.errors import ValidationError
from counselcore.examples import example_aftercare_plan, example_plan
from counselcore.fhir import (
    Imported,
    from_fhir_aftercare_plan,
    from_fhir_treatment_plan,
    to_fhir_aftercare_plan,
    to_fhir_treatment_plan,
)
from tests.fhir.test_robustness import _damaged, _paths
from tests.privacy import CLIENT_MARKER, MARKER, leaks, marked, violation_leaks

_PLAN = to_fhir_treatment_plan(marked(example_plan()))
_AFTERCARE = to_fhir_aftercare_plan(marked(example_aftercare_plan()), contact_details=True)


def _plan(resource: Any) -> Imported[Any]:
    return from_fhir_treatment_plan(resource, _PLAN[1:])


def _aftercare(resource: Any) -> Imported[Any]:
    return from_fhir_aftercare_plan(resource, _AFTERCARE[1:])


_CASES: list[tuple[dict[str, Any], Callable[[Any], Imported[Any]]]] = [
    (_PLAN[0], _plan),
    (_AFTERCARE[0], _aftercare),
]


class TestNoFreeTextLeaks:
    def test_marked_export_imports_without_leaks(self):
        """The marked records carry the marker into FHIR, and no violation shows it."""
        for resource, importer in _CASES:
            assert leaks(str(resource))

            result = importer(resource)

            assert not any(violation_leaks(v) for v in result.violations)

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def test_damaged_input_messages_hide_the_marker(self, data):
        """Errors and violations for damaged marked input name paths, never the text."""
        resource, importer = data.draw(st.sampled_from(_CASES), label="case")
        path = data.draw(st.sampled_from(_paths(resource)), label="path")
        junk = data.draw(
            st.sampled_from([MARKER, [MARKER], {"url": MARKER}, {MARKER: 1}, 7]), label="junk"
        )

        try:
            result = importer(_damaged(resource, path, junk, delete=False))
        except ValidationError as error:
            assert not leaks(str(error))
            assert not any(violation_leaks(v) for v in error.violations)
        else:
            assert not any(violation_leaks(v) for v in result.violations)


def test_links_repr_hides_the_client_id():
    """Found by the privacy sweep: Links showed the client id in its repr."""
    from counselcore.fhir import Links

    assert CLIENT_MARKER not in repr(Links(client=CLIENT_MARKER, scope="s"))
