"""
The one exception family: every error counselcore raises derives from `CounselcoreError`.

Messages name field paths and rule ids, never clinical free text or identifiers.
Each exception keeps what it reports as attributes, so programs need not parse text.
"""

from collections.abc import Iterable

from counselcore._internal.words import with_article
from counselcore.violations import Path, Severity, Violation

__all__ = [
    "CounselcoreError",
    "DuplicateInstrumentError",
    "DuplicateModalityError",
    "InvalidValueError",
    "RulesFailedError",
    "SchemaVersionError",
    "TransitionRefusedError",
    "UnknownEventError",
    "UnknownInstrumentError",
    "UnknownModalityError",
    "UnknownRuleError",
    "UnknownSubscaleError",
    "UnknownThresholdError",
    "UnsupportedTypeError",
    "ValidationError",
]

#: How many violations an error message spells out; all are kept on the exception.
_SHOWN = 5


class CounselcoreError(Exception):
    """Base class of every error counselcore raises."""


class ValidationError(CounselcoreError, ValueError):
    """
    Input is structurally invalid; *violations* say where and which rule.

    Example:
        >>> from counselcore.violations import Violation
        >>> err = ValidationError(
        ...     [Violation(rule="structure.required", path=("goals", 0, "goal_id"), message="is required")]
        ... )
        >>> str(err)
        '1 structural problem: goals[0].goal_id: is required [structure.required]'
        >>> err.paths
        ('goals[0].goal_id',)
    """

    violations: tuple[Violation, ...]

    def __init__(self, violations: Iterable[Violation]) -> None:
        self.violations = tuple(violations)
        count = len(self.violations)
        noun = "problem" if count == 1 else "problems"
        shown = "; ".join(str(v) for v in self.violations[:_SHOWN])
        more = f"; and {count - _SHOWN} more" if count > _SHOWN else ""
        message = f"{count} structural {noun}: {shown}{more}"
        super().__init__(message)

    @property
    def paths(self) -> tuple[str, ...]:
        """The rendered path of each violation, in order."""
        return tuple(v.where for v in self.violations)

    @property
    def rules(self) -> tuple[str, ...]:
        """The rule id of each violation, in order."""
        return tuple(v.rule for v in self.violations)


class InvalidValueError(ValidationError):
    """
    A constructor refused a value; the one violation says which field and rule.

    Example:
        >>> err = InvalidValueError(("duration_minutes",), "structure.range", "must be at least 1")
        >>> err.violations[0].where, err.violations[0].rule
        ('duration_minutes', 'structure.range')
    """

    def __init__(
        self,
        path: Path,
        rule: str,
        message: str,
        *,
        evidence: tuple[tuple[str, str | int | float | bool | None], ...] = (),
    ) -> None:
        super().__init__(
            [
                Violation(
                    rule=rule,
                    path=path,
                    message=message,
                    severity=Severity.ERROR,
                    evidence=evidence,
                )
            ]
        )


class SchemaVersionError(ValidationError):
    """A serialized document names a schema version or type this release cannot read."""


class UnknownRuleError(CounselcoreError, LookupError):
    """
    A rule set was asked for a rule id it does not hold.

    Example:
        >>> str(UnknownRuleError("plan.no-such-rule"))
        "no rule with id 'plan.no-such-rule' in this rule set"
    """

    def __init__(self, rule_id: str) -> None:
        self.rule_id = rule_id
        message = f"no rule with id {rule_id!r} in this rule set"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class RulesFailedError(CounselcoreError):
    """
    Raised by `Report.raise_if_failed` when a report holds error-severity violations.

    *violations* are the error-severity ones, in report order.
    """

    def __init__(self, violations: Iterable[Violation]) -> None:
        self.violations = tuple(violations)
        shown = "; ".join(str(v) for v in self.violations[:_SHOWN])
        message = f"{len(self.violations)} rule violation(s): {shown}"
        super().__init__(message)


class UnsupportedTypeError(CounselcoreError, TypeError):
    """
    A function was given a type it does not handle (for example `to_dict` on a plain dict).

    *cls* is the type given; *argument* and *expected*, when set, name the parameter and the
    type it takes.

    Example:
        >>> str(UnsupportedTypeError(dict))
        'dict is not a counselcore record type'
        >>> from counselcore.phases import PhasePolicy
        >>> str(UnsupportedTypeError(dict, argument="policy", expected=PhasePolicy))
        'policy must be a PhasePolicy, not a dict'
    """

    def __init__(
        self, cls: type, *, argument: str | None = None, expected: type | None = None
    ) -> None:
        self.cls = cls
        self.argument = argument
        self.expected = expected
        if argument is None or expected is None:
            message = f"{cls.__name__} is not a counselcore record type"
        else:
            message = (
                f"{argument} must be {with_article(expected.__name__)}, "
                f"not {with_article(cls.__name__)}"
            )
        super().__init__(message)


class UnknownInstrumentError(CounselcoreError, LookupError):
    """
    An instrument catalog was asked for an instrument id (or LOINC code) it does not hold.

    *key* says what was looked up: ``"id"`` or ``"LOINC code"``; *instrument_id* holds the
    value asked for.

    Example:
        >>> str(UnknownInstrumentError("phq-10"))
        "no instrument with id 'phq-10' in this catalog"
        >>> str(UnknownInstrumentError("00000-0", key="LOINC code"))
        "no instrument with LOINC code '00000-0' in this catalog"
    """

    def __init__(self, instrument_id: str, *, key: str = "id") -> None:
        self.instrument_id = instrument_id
        self.key = key
        message = f"no instrument with {key} {instrument_id!r} in this catalog"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownModalityError(CounselcoreError, LookupError):
    """
    A modality catalog was asked for a modality id it does not hold.

    Example:
        >>> err = UnknownModalityError("act")
        >>> str(err), err.modality_id
        ("no modality with id 'act' in this catalog", 'act')
        >>> isinstance(err, LookupError)
        True
    """

    def __init__(self, modality_id: str) -> None:
        self.modality_id = modality_id
        message = f"no modality with id {modality_id!r} in this catalog"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class DuplicateModalityError(InvalidValueError):
    """
    A modality catalog would hold two modalities with the same id.

    It is a `ValidationError` (rule ``structure.id-unique``) whose path points at the repeated id.

    Example:
        >>> err = DuplicateModalityError("cbt", path=("modalities", 4, "id"))
        >>> err.modality_id, err.rules, err.paths
        ('cbt', ('structure.id-unique',), ('modalities[4].id',))
        >>> isinstance(err, ValueError)
        True
    """

    def __init__(self, modality_id: str, *, path: Path = ("id",)) -> None:
        self.modality_id = modality_id
        super().__init__(
            path,
            "structure.id-unique",
            f"modality id {modality_id!r} is already in the catalog",
            evidence=(("modality", modality_id),),
        )


class DuplicateInstrumentError(InvalidValueError):
    """
    An instrument catalog would hold two instruments with the same id.

    It is a `ValidationError` (rule ``structure.id-unique``) whose path points at the repeated id.

    Example:
        >>> err = DuplicateInstrumentError("phq-9", path=("instruments", 12, "id"))
        >>> err.instrument_id, err.rules, err.paths
        ('phq-9', ('structure.id-unique',), ('instruments[12].id',))
    """

    def __init__(self, instrument_id: str, *, path: Path = ("id",)) -> None:
        self.instrument_id = instrument_id
        super().__init__(
            path,
            "structure.id-unique",
            f"instrument id {instrument_id!r} is already in the catalog",
            evidence=(("instrument", instrument_id),),
        )


class UnknownThresholdError(CounselcoreError, KeyError):
    """
    An instrument was asked for a threshold name it does not define.

    It is a `KeyError`, so code that caught the bare `KeyError` raised before keeps working.

    Example:
        >>> err = UnknownThresholdError("phq-9", "remission")
        >>> str(err), err.instrument_id, err.name
        ("instrument 'phq-9' has no threshold named 'remission'", 'phq-9', 'remission')
        >>> isinstance(err, KeyError)
        True
    """

    def __init__(self, instrument_id: str, name: str) -> None:
        self.instrument_id = instrument_id
        self.name = name
        message = f"instrument {instrument_id!r} has no threshold named {name!r}"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownSubscaleError(CounselcoreError, KeyError):
    """
    An administration was asked for a sub-score it does not hold.

    Sub-scales are left out when the instrument has none or an item was prorated. It is a
    `KeyError`, so code that caught the bare `KeyError` raised before keeps working.

    Example:
        >>> err = UnknownSubscaleError("phq-9", "harm")
        >>> str(err), err.subscale
        ("this phq-9 administration has no sub-score 'harm'", 'harm')
    """

    def __init__(self, instrument_id: str, subscale: str) -> None:
        self.instrument_id = instrument_id
        self.subscale = subscale
        message = f"this {instrument_id} administration has no sub-score {subscale!r}"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownEventError(CounselcoreError, TypeError):
    """
    The phase machine was given something that is not a phase event.

    *index* is the item's position in a replayed history, or None for a single transition.

    Example:
        >>> str(UnknownEventError(dict, index=3))
        'dict is not a phase event (history index 3)'
    """

    def __init__(self, value_type: type, index: int | None = None) -> None:
        self.value_type = value_type
        self.index = index
        where = "" if index is None else f" (history index {index})"
        message = f"{value_type.__name__} is not a phase event{where}"
        super().__init__(message)


class TransitionRefusedError(CounselcoreError):
    """
    Raised by `counselcore.phases.Outcome.unwrap` when the transition was refused.

    *violations* are the error-severity violations that refused it, in order.

    Example:
        >>> from counselcore.violations import Violation
        >>> err = TransitionRefusedError(
        ...     [Violation(rule="phases.review-due", path=("on",), message="no review is due yet")]
        ... )
        >>> str(err)
        'transition refused: on: no review is due yet [phases.review-due]'
    """

    def __init__(self, violations: Iterable[Violation]) -> None:
        self.violations = tuple(violations)
        shown = "; ".join(str(v) for v in self.violations[:_SHOWN])
        message = f"transition refused: {shown}"
        super().__init__(message)
