"""
Item-level answers: an `Administration` as a QuestionnaireResponse (plus its total Observation), and back.

The response is re-scored on import with `counselcore.measures.administer`, so totals, bands
and risk flags always come from the instrument's definition, never from the sender.
"""

from typing import Any

from counselcore.errors import ValidationError
from counselcore.fhir._export import Links, to_fhir_observation
from counselcore.fhir._import import Imported, read_date, warning
from counselcore.fhir._reader import Node, refuse
from counselcore.fhir._vocabulary import BASE, LOINC, MODEL_VERSION, extension_url
from counselcore.measures import (
    BUILTIN_INSTRUMENTS,
    Administration,
    Instrument,
    InstrumentCatalog,
    Prorating,
    administer,
)
from counselcore.model import ClientRef
from counselcore.phases import MeasureRecorded
from counselcore.violations import Violation

__all__ = [
    "LOINC_FREQUENCY_ANSWERS",
    "from_fhir_questionnaire_response",
    "questionnaire_url",
    "to_fhir_administration",
]

Resource = dict[str, Any]

#: LOINC answer codes of the PHQ/GAD frequency list and the points each scores.
LOINC_FREQUENCY_ANSWERS = {"LA6568-5": 0, "LA6569-3": 1, "LA6570-1": 2, "LA6571-9": 3}


def questionnaire_url(instrument: Instrument) -> str:
    """
    Return the canonical of *instrument*'s form: LOINC's ``http://loinc.org/q/<panel>``, else ours.

    Example:
        >>> from counselcore.measures import PHQ_9, PCL_5
        >>> questionnaire_url(PHQ_9), questionnaire_url(PCL_5)
        ('http://loinc.org/q/44249-1', 'https://counselcore.dev/fhir/Questionnaire/pcl-5')
    """
    if instrument.loinc_panel:
        return f"{LOINC}/q/{instrument.loinc_panel}"
    return f"{BASE}/Questionnaire/{instrument.id}"


def to_fhir_administration(
    administration: Administration,
    client: ClientRef,
    *,
    links: Links | None = None,
    catalog: InstrumentCatalog = BUILTIN_INSTRUMENTS,
) -> list[Resource]:
    """
    Return the total-score Observation (``derivedFrom`` the response) and the QuestionnaireResponse.

    Items are keyed by their number on the form (``linkId`` ``"1"`` ...); a prorated missing
    item has no answer.

    Example:
        >>> import datetime as dt
        >>> from counselcore.measures import PHQ_9, administer
        >>> a = administer(PHQ_9, (1, 1, 1, 1, 1, 1, 1, 1, 0), on=dt.date(2024, 3, 4))
        >>> observation, response = to_fhir_administration(a, ClientRef("c-1"))
        >>> response["questionnaire"], response["item"][0], observation["valueQuantity"]["value"]
        ('http://loinc.org/q/44249-1', {'linkId': '1', 'answer': [{'valueInteger': 1}]}, 8)
    """
    links = links or Links(client=client.value, scope="administration")
    instrument = catalog.get(administration.instrument_id)
    day = administration.administered_on.isoformat()
    response: Resource = {
        "resourceType": "QuestionnaireResponse",
        "id": links.rid("response", administration.instrument_id, day),
        "extension": [{"url": extension_url("model-version"), "valueString": MODEL_VERSION}],
        "questionnaire": questionnaire_url(instrument),
        "status": "completed",
        "subject": {"reference": f"Patient/{client.value}"},
        "authored": day,
        "item": [
            {"linkId": str(number)}
            | ({} if answer is None else {"answer": [{"valueInteger": answer}]})
            for number, answer in enumerate(administration.responses, start=1)
        ],
    }
    measure = MeasureRecorded(
        on=administration.administered_on,
        instrument=administration.instrument_id,
        total=administration.total,
        risk_flags=frozenset(administration.risk_flags),
    )
    observation = to_fhir_observation(measure, client, links=links, catalog=catalog)
    observation["derivedFrom"] = [links.ref("QuestionnaireResponse", response["id"])]
    return [observation, response]


def _instrument(node: Node, catalog: InstrumentCatalog) -> Instrument:
    canonical = node.string("questionnaire", required=True) or ""
    url = canonical.split("|", 1)[0]
    for instrument in catalog:
        if questionnaire_url(instrument) == url:
            return instrument
    raise refuse(node.at("questionnaire"), "fhir.code-mapped", "is not a form counselcore knows")


def _answer(item: Node, found: list[Violation]) -> int | None:
    answers = item.children("answer")
    if not answers:
        return None
    first = answers[0]
    for extra in answers[1:]:
        found.append(warning("fhir.element-not-mapped", extra.path, "only one answer is scored"))
        extra.skip(*extra.data)
    if first.has("valueInteger"):
        value = first.number("valueInteger")
        if not isinstance(value, int):
            raise refuse(first.at("valueInteger"), "fhir.json-shape", "must be an integer")
        return value
    coding = first.child("valueCoding")
    if coding is not None:
        coding.skip("system", "display", "version", "userSelected")
        code = coding.string("code")
        if code in LOINC_FREQUENCY_ANSWERS:
            return LOINC_FREQUENCY_ANSWERS[code]
        raise refuse(
            coding.at("code"), "fhir.code-mapped", "is not an answer code counselcore scores"
        )
    raise refuse(first.path, "fhir.required", "needs valueInteger or a LOINC answer valueCoding")


def from_fhir_questionnaire_response(
    resource: Any,
    *,
    catalog: InstrumentCatalog = BUILTIN_INSTRUMENTS,
    prorating: Prorating | None = None,
) -> Imported[Administration]:
    """
    Read a QuestionnaireResponse to a known form and re-score it as an `Administration`.

    Items are matched by number (``linkId`` ``"1"`` ... or ``"/1"``); answers may be
    ``valueInteger`` or LOINC frequency answer codes (``LA6568-5`` ... ``LA6571-9``).

    Raises:
        counselcore.errors.ValidationError: If the form is unknown, an answer cannot be
            scored, or the answers do not fit the instrument (with the item's FHIR path).

    Example:
        >>> response = {"resourceType": "QuestionnaireResponse", "status": "completed",
        ...             "questionnaire": "http://loinc.org/q/69737-5", "authored": "2024-03-04",
        ...             "item": [{"linkId": str(n), "answer": [{"valueCoding": {"system": "http://loinc.org",
        ...                       "code": "LA6570-1"}}]} for n in range(1, 8)]}
        >>> a = from_fhir_questionnaire_response(response).value
        >>> a.instrument_id, a.total, a.band
        ('gad-7', 14, 'moderate')
    """
    node = Node.resource(resource, "QuestionnaireResponse")
    found: list[Violation] = []
    node.extensions(extension_url("model-version"))
    node.code("status", required=True)
    node.skip("subject")
    instrument = _instrument(node, catalog)
    on = read_date(node, "authored", required=True)
    responses: list[int | None] = [None] * instrument.item_count
    positions: dict[int, int] = {}
    for index, item in enumerate(node.children("item")):
        link = (item.string("linkId", required=True) or "").lstrip("/")
        item.skip("text", "definition")
        if not link.isdigit() or not 1 <= int(link) <= instrument.item_count:
            found.append(
                warning("fhir.element-not-mapped", item.path, "an item that is not on the form")
            )
            item.skip(*item.data)
            continue
        positions[int(link) - 1] = index
        responses[int(link) - 1] = _answer(item, found)
    if on is None:  # pragma: no cover - required
        raise AssertionError
    try:
        administration = administer(instrument, responses, on=on, prorating=prorating)
    except ValidationError as error:
        raise ValidationError(
            [
                Violation(
                    rule=v.rule,
                    path=_item_path(node, v.path, positions),
                    message=v.message,
                    evidence=v.evidence,
                )
                for v in error.violations
            ]
        ) from None
    return Imported(value=administration, violations=(*found, *node.leftovers()))


def _item_path(
    node: Node, path: tuple[str | int, ...], positions: dict[int, int]
) -> tuple[str | int, ...]:
    if len(path) >= 2 and path[0] == "responses" and isinstance(path[1], int):  # noqa: PLR2004
        index = positions.get(path[1])
        if index is not None:
            return node.at("item", index, "answer")
        return node.at("item")
    return node.at("item")
