"""The reader's choice, kept in the page URL: ``?plans=starter,pro&addons=ticketing&diff=1``.

Support staff paste such links, so anything can arrive here. Every unknown or malformed value is
dropped and reported as a :class:`Notice`; parsing never raises. :func:`to_query` writes the
canonical form back so the browser can keep the address bar in step with the controls.

The parser accepts both the comma form (``plans=starter,pro``) and the repeated form
(``plans=starter&plans=pro``) that a plain HTML form submits without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote, unquote_plus

from core.catalogue import Catalogue

QUERY_KEYS = ("plans", "addons", "diff", "currency")
"""The query keys the comparator owns; the page keeps any other key (``utm_source`` ...)."""
MIN_PLANS = 2
MAX_PLANS = 4
MAX_NOTICES = 8
"""More notices than this are summed up in one, so a garbage link cannot flood the page."""
MAX_FIELDS = 64
"""Query fields beyond this are not read at all (defence against absurd links)."""
MAX_VALUE_SHOWN = 40
"""Offending values are shortened to this many characters in notices."""

_TRUE = frozenset({"1", "true", "on", "yes"})
_FALSE = frozenset({"", "0", "false", "off", "no"})


@dataclass(frozen=True)
class Notice:
    """A polite remark about a value of the link that was ignored or changed.

    Attributes:
        key: The message, ``comparator.notice_<key>`` in the word tables (``words/<lang>.yaml``).
        value: The offending value, shortened and made printable; escaped only when rendered.
        params: Extra placeholders of the message, as ``(name, value)`` pairs.
    """

    key: str
    value: str
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Selection:
    """What to compare.

    Attributes:
        plans: Plan ids, 2 to 4, in catalogue order.
        addons: Add-on ids in catalogue order, each applicable to at least one chosen plan.
        only_differences: Show only the feature rows whose values differ.
        currency: One of the catalogue's currencies.
        notices: Remarks about ignored parts of the link (not part of the selection's identity).
    """

    plans: tuple[str, ...]
    addons: tuple[str, ...] = ()
    only_differences: bool = False
    currency: str = ""
    notices: tuple[Notice, ...] = field(default=(), compare=False)


def shown(value: str) -> str:
    """Make an offending value safe to quote back: printable and short (escape it separately)."""
    text = "".join(ch if ch.isprintable() else "\ufffd" for ch in value[: MAX_VALUE_SHOWN + 1])
    return text if len(text) <= MAX_VALUE_SHOWN else text[:MAX_VALUE_SHOWN] + "…"


def default_plans(catalogue: Catalogue) -> tuple[str, ...]:
    """All plans if there are at most four, otherwise the first four."""
    return tuple(p.id for p in catalogue.plans[:MAX_PLANS])


def default_selection(catalogue: Catalogue) -> Selection:
    """The selection of a link without a query: default plans, no add-ons, every row."""
    return Selection(plans=default_plans(catalogue), currency=catalogue.default_currency)


def _decode(raw: str) -> str | None:
    """Percent-decode one query component; ``None`` for invalid UTF-8 such as ``%FF``."""
    try:
        return unquote_plus(raw, errors="strict")
    except UnicodeDecodeError:
        return None


def _fields(query: str, notices: list[Notice]) -> list[tuple[str, list[str]]]:
    """Split a query into ``(key, [values])``, values split on literal commas, then decoded."""
    query = query.partition("#")[0]
    query = query.removeprefix("?")
    fields: list[tuple[str, list[str]]] = []
    for part in query.split("&")[:MAX_FIELDS]:
        if not part:
            continue
        raw_key, _, raw_value = part.partition("=")
        key = _decode(raw_key)
        if key is None:
            notices.append(Notice("malformed", shown(part)))
            continue
        values: list[str] = []
        for piece in raw_value.split(","):
            value = _decode(piece)
            if value is None:
                notices.append(Notice("malformed", shown(piece)))
            else:
                values.append(value)
        fields.append((key.strip().lower(), values))
    return fields


def _pick_plans(
    catalogue: Catalogue, asked: list[str] | None, notices: list[Notice]
) -> tuple[str, ...]:
    """Keep known, distinct plans (first four asked), in catalogue order; fill up to two."""
    if asked is None:
        return default_plans(catalogue)
    known = {p.id for p in catalogue.plans}
    chosen: list[str] = []
    dropped: list[str] = []
    for value in asked:
        if value == "":
            continue
        if value not in known:
            notices.append(Notice("unknown_plan", shown(value)))
        elif value in chosen or value in dropped:
            notices.append(Notice("duplicate_plan", shown(value)))
        elif len(chosen) >= MAX_PLANS:
            dropped.append(value)
        else:
            chosen.append(value)
    if dropped:
        names = ", ".join(_plan_name(catalogue, p) for p in dropped)
        notices.append(Notice("too_many_plans", shown(names), (("max", str(MAX_PLANS)),)))
    if not chosen:
        # Nothing usable was asked for: the unknown values are reported already.
        return default_plans(catalogue)
    minimum = min(MIN_PLANS, len(catalogue.plans))
    if len(chosen) < minimum:
        added = _neighbours(catalogue, chosen, minimum - len(chosen))
        chosen.extend(added)
        names = ", ".join(_plan_name(catalogue, p) for p in added)
        notices.append(Notice("too_few_plans", shown(names), (("min", str(MIN_PLANS)),)))
    order = {p.id: i for i, p in enumerate(catalogue.plans)}
    return tuple(sorted(chosen, key=order.__getitem__))


def _plan_name(catalogue: Catalogue, plan_id: str) -> str:
    plan = catalogue.plan(plan_id)
    return plan.name if plan else plan_id


def _neighbours(catalogue: Catalogue, chosen: list[str], count: int) -> list[str]:
    """Pick the plans nearest in catalogue order to the chosen ones: the next one, else before.

    Comparing a plan with its neighbour is the comparison a reader most likely wanted.
    """
    ids = [p.id for p in catalogue.plans]
    anchor = ids.index(chosen[0])
    candidates = ids[anchor + 1 :] + ids[:anchor][::-1]
    return [p for p in candidates if p not in chosen][:count]


def _pick_addons(
    catalogue: Catalogue, asked: list[str], plans: tuple[str, ...], notices: list[Notice]
) -> tuple[str, ...]:
    """Keep known, distinct add-ons that apply to at least one chosen plan, catalogue order."""
    chosen: set[str] = set()
    for value in asked:
        if value == "":
            continue
        addon = catalogue.addon(value)
        if addon is None:
            notices.append(Notice("unknown_addon", shown(value)))
        elif value in chosen:
            notices.append(Notice("duplicate_addon", shown(value)))
        elif not any(addon.applies(p) for p in plans):
            notices.append(Notice("addon_not_applicable", shown(value)))
            chosen.add(value)  # reported once, even if repeated
        else:
            chosen.add(value)
    return tuple(
        a.id for a in catalogue.addons if a.id in chosen and any(a.applies(p) for p in plans)
    )


def _pick_diff(asked: list[str] | None, notices: list[Notice]) -> bool:
    """Read ``diff``: the last value wins; ``1``/``true``/``on``/``yes`` switch it on."""
    if not asked:
        return False
    value = asked[-1].strip().lower()
    if value in _TRUE:
        return True
    if value not in _FALSE:
        notices.append(Notice("bad_diff", shown(asked[-1])))
    return False


def _pick_currency(catalogue: Catalogue, asked: list[str] | None, notices: list[Notice]) -> str:
    """Read ``currency`` (case-insensitive); an unknown one falls back to the default."""
    default = catalogue.default_currency
    if not asked or not asked[-1]:
        return default
    value = asked[-1].strip().upper()
    if value in catalogue.currencies:
        return value
    notices.append(Notice("unknown_currency", shown(asked[-1]), (("currency", default),)))
    return default


def parse_query(catalogue: Catalogue, query: str) -> Selection:
    """Read a selection from a URL query; never raises, whatever the query holds.

    Args:
        catalogue: The catalogue the ids must exist in.
        query: The query string, with or without the leading ``?`` (a fragment is ignored).

    Returns:
        A valid selection. Ignored or changed values are listed in ``notices``. Unknown
        parameters (``utm_source`` and the like) are ignored silently.
    """
    notices: list[Notice] = []
    try:
        params: dict[str, list[str]] = {}
        for key, values in _fields(str(query), notices):
            params.setdefault(key, []).extend(values)
        plans = _pick_plans(catalogue, params.get("plans"), notices)
        addons = _pick_addons(catalogue, params.get("addons", []), plans, notices)
        diff = _pick_diff(params.get("diff"), notices)
        currency = _pick_currency(catalogue, params.get("currency"), notices)
    except (ValueError, TypeError, LookupError, AttributeError):
        # Not expected; a safety net because the browser must always get a comparison.
        notices.append(Notice("malformed", shown(str(query))))
        return _with_notices(default_selection(catalogue), notices)
    return _with_notices(Selection(plans, addons, diff, currency), notices)


def _with_notices(selection: Selection, notices: list[Notice]) -> Selection:
    """Attach notices, summing up the surplus in one ``more`` notice."""
    if len(notices) > MAX_NOTICES:
        extra = len(notices) - (MAX_NOTICES - 1)
        notices = [*notices[: MAX_NOTICES - 1], Notice("more", str(extra))]
    return Selection(
        selection.plans,
        selection.addons,
        selection.only_differences,
        selection.currency,
        tuple(notices),
    )


def to_query(selection: Selection, catalogue: Catalogue | None = None) -> str:
    """Write the canonical query (without ``?``) for a selection: the inverse of parse_query.

    ``plans`` always; ``addons`` when any; ``diff=1`` when on; ``currency`` when it is not the
    catalogue's default (always when no catalogue is given). Ids are percent-encoded and
    joined with a literal comma.
    """
    parts = ["plans=" + ",".join(quote(p, safe="") for p in selection.plans)]
    if selection.addons:
        parts.append("addons=" + ",".join(quote(a, safe="") for a in selection.addons))
    if selection.only_differences:
        parts.append("diff=1")
    if selection.currency and (
        catalogue is None or selection.currency != catalogue.default_currency
    ):
        parts.append("currency=" + quote(selection.currency, safe=""))
    return "&".join(parts)
