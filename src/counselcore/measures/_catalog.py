"""The immutable instrument registry, `InstrumentCatalog`, and the built-in catalog."""

from collections.abc import Iterator

from attrs import evolve, frozen

from counselcore._internal.checks import check_identifier, check_instance, check_instances
from counselcore.errors import DuplicateInstrumentError, UnknownInstrumentError
from counselcore.measures._builtin import (
    AUDIT,
    AUDIT_C,
    DAST_10,
    GAD_2,
    GAD_7,
    PC_PTSD_5,
    PCL_5,
    PHQ_2,
    PHQ_8,
    PHQ_9,
    WSAS,
)
from counselcore.measures._cssrs import CSSRS_SCREENER
from counselcore.measures._instrument import Instrument

__all__ = ["BUILTIN_INSTRUMENTS", "InstrumentCatalog"]


@frozen(kw_only=True, cache_hash=True)
class InstrumentCatalog:
    """
    An immutable, ordered set of instruments with unique ids.

    It follows the modality `counselcore.modalities.Catalog`'s conventions: keyword-only
    construction, iteration in registration order, `register` refuses a duplicate id,
    `replace` swaps one explicitly, `get` raises a `LookupError` subclass, and every change
    returns a new catalog.

    Example:
        >>> from attrs import evolve
        >>> len(BUILTIN_INSTRUMENTS), "gad-7" in BUILTIN_INSTRUMENTS
        (12, True)
        >>> BUILTIN_INSTRUMENTS.get("phq-9").item_count
        9
        >>> ours = BUILTIN_INSTRUMENTS.register(evolve(PHQ_9, id="phq-9-local"))
        >>> [i.id for i in ours][-1], len(BUILTIN_INSTRUMENTS)
        ('phq-9-local', 12)
    """

    instruments: tuple[Instrument, ...] = ()

    def __attrs_post_init__(self) -> None:
        check_instances(self.instruments, Instrument, ("instruments",))
        seen: set[str] = set()
        for index, instrument in enumerate(self.instruments):
            if instrument.id in seen:
                raise DuplicateInstrumentError(instrument.id, path=("instruments", index, "id"))
            seen.add(instrument.id)

    def __iter__(self) -> Iterator[Instrument]:
        return iter(self.instruments)

    def __len__(self) -> int:
        return len(self.instruments)

    def __contains__(self, instrument_id: object) -> bool:
        return any(instrument.id == instrument_id for instrument in self.instruments)

    @property
    def ids(self) -> frozenset[str]:
        """
        The instrument ids in this catalog.

        Example:
            >>> "wsas" in BUILTIN_INSTRUMENTS.ids
            True
        """
        return frozenset(instrument.id for instrument in self.instruments)

    @property
    def known_risk_flags(self) -> frozenset[str]:
        """
        Every risk flag an instrument of this catalog can raise (the known set of flags).

        Example:
            >>> sorted(BUILTIN_INSTRUMENTS.known_risk_flags)
            ['risk.suicidal_ideation']
        """
        return frozenset(
            flag for instrument in self.instruments for flag in instrument.possible_risk_flags
        )

    def get(self, instrument_id: str) -> Instrument:
        """
        Return the instrument with id *instrument_id*.

        Raises:
            counselcore.errors.UnknownInstrumentError: If the catalog holds no such instrument
                (a `LookupError`).

        Example:
            >>> BUILTIN_INSTRUMENTS.get("wsas").total_range
            (0, 40)
            >>> BUILTIN_INSTRUMENTS.get("phq-10")
            Traceback (most recent call last):
            ...
            counselcore.errors.UnknownInstrumentError: no instrument with id 'phq-10' in this catalog
        """
        for instrument in self.instruments:
            if instrument.id == instrument_id:
                return instrument
        raise UnknownInstrumentError(str(instrument_id))

    def get_by_loinc(self, code: str) -> Instrument:
        """
        Return the first instrument whose verified LOINC panel or total code is *code*.

        Only codes the instrument definitions hold are found; unverified codes are None there.

        Raises:
            counselcore.errors.UnknownInstrumentError: If no instrument carries the code
                (``key="LOINC code"``).
            counselcore.errors.InvalidValueError: If *code* is not an identifier string.

        Example:
            >>> BUILTIN_INSTRUMENTS.get_by_loinc("44261-6").id
            'phq-9'
            >>> BUILTIN_INSTRUMENTS.get_by_loinc("75626-2").id
            'audit-c'
        """
        check_identifier(code, ("code",))
        for instrument in self.instruments:
            if code in (instrument.loinc_panel, instrument.loinc_total):
                return instrument
        raise UnknownInstrumentError(code, key="LOINC code")

    def register(self, instrument: Instrument) -> "InstrumentCatalog":
        """
        Return a new catalog with *instrument* added at the end.

        Raises:
            counselcore.errors.DuplicateInstrumentError: If the catalog already holds its id.

        Example:
            >>> BUILTIN_INSTRUMENTS.register(PHQ_9)
            Traceback (most recent call last):
            ...
            counselcore.errors.DuplicateInstrumentError: 1 structural problem: instruments[12].id:
            instrument id 'phq-9' is already in the catalog [structure.id-unique]
        """
        check_instance(instrument, Instrument, ("instrument",))
        if instrument.id in self:
            raise DuplicateInstrumentError(instrument.id, path=("instruments", len(self), "id"))
        return evolve(self, instruments=(*self.instruments, instrument))

    def replace(self, instrument: Instrument) -> "InstrumentCatalog":
        """
        Return a new catalog where the instrument with *instrument*'s id is swapped for it.

        Raises:
            counselcore.errors.UnknownInstrumentError: If the catalog holds no such id.

        Example:
            >>> local = PCL_5.with_threshold("provisional-ptsd-cut-score", 31)
            >>> ours = BUILTIN_INSTRUMENTS.replace(local)
            >>> ours.get("pcl-5").threshold("provisional-ptsd-cut-score").at_least
            31
            >>> [i.id for i in ours] == [i.id for i in BUILTIN_INSTRUMENTS]
            True
        """
        check_instance(instrument, Instrument, ("instrument",))
        self.get(instrument.id)
        return evolve(
            self,
            instruments=tuple(instrument if x.id == instrument.id else x for x in self.instruments),
        )

    def without(self, *instrument_ids: str) -> "InstrumentCatalog":
        """
        Return a new catalog without the named instruments (each must exist).

        Raises:
            counselcore.errors.UnknownInstrumentError: If a named id is not in the catalog.

        Example:
            >>> "audit" in BUILTIN_INSTRUMENTS.without("audit", "audit-c")
            False
        """
        for instrument_id in instrument_ids:
            self.get(instrument_id)
        return evolve(
            self, instruments=tuple(x for x in self.instruments if x.id not in instrument_ids)
        )


#: The instruments counselcore ships, in the order of the instrument overview in the docs.
BUILTIN_INSTRUMENTS = InstrumentCatalog(
    instruments=(
        PHQ_9,
        PHQ_8,
        PHQ_2,
        GAD_7,
        GAD_2,
        PCL_5,
        PC_PTSD_5,
        AUDIT,
        AUDIT_C,
        DAST_10,
        CSSRS_SCREENER,
        WSAS,
    )
)
