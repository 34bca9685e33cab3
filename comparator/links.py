"""Checkout deep links and meeting links, built from the catalogue's templates.

Every value is percent-encoded and the filled URL must keep the template's https host, so no id
in the data or the page URL can turn a "Choose" button into a link elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote, urlsplit

from core.catalogue import Catalogue, pick

_PLACEHOLDER = re.compile(r"\{(plan|addons|period|lang)\}")


def _https_netloc(url: str) -> str:
    """Return the host part of an https URL.

    Raises:
        ValueError: if the URL is not https or has no host.
    """
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError(f"Link must be an absolute https URL, got {url!r}")
    return parts.netloc


def checkout_url(
    catalogue: Catalogue,
    plan_id: str,
    addon_ids: Iterable[str],
    lang: str,
    period: str = "year",
) -> str:
    """Fill the checkout template for one plan.

    Args:
        catalogue: Source of the template and of the add-ons' order and applicability.
        plan_id: The plan to buy.
        addon_ids: Chosen add-ons; unknown ones and those not applicable to the plan are left
            out, the rest are joined with ``,`` in catalogue order.
        lang: Language of the checkout pages.
        period: Billing period.

    Returns:
        The checkout URL with every value encoded by ``quote(value, safe="")``.

    Raises:
        ValueError: if the plan is unknown, or the template or the filled URL is not https on
            the template's own host.
    """
    if catalogue.plan(plan_id) is None:
        raise ValueError(f"Unknown plan {plan_id!r}")
    template = catalogue.checkout_template
    host = _https_netloc(template)
    wanted = set(addon_ids)
    addons = ",".join(a.id for a in catalogue.addons if a.id in wanted and a.applies(plan_id))
    values = {"plan": plan_id, "addons": addons, "period": period, "lang": lang}
    # One pass, so a value can never be filled in again as if it were a placeholder.
    url = _PLACEHOLDER.sub(lambda m: quote(values[m.group(1)], safe=""), template)
    if _https_netloc(url) != host:
        raise ValueError(f"Checkout link {url!r} leaves the checkout host {host!r}")
    return url


def meeting_url(catalogue: Catalogue, lang: str) -> str:
    """Return the meeting-booking URL for the language.

    Raises:
        ValueError: if it is not an https URL.
    """
    url = pick(catalogue.meeting, lang)
    _https_netloc(url)
    return url


def action_url(
    catalogue: Catalogue,
    plan_id: str,
    addon_ids: Iterable[str],
    lang: str,
    period: str = "year",
) -> tuple[str, str]:
    """Return where a plan's button leads, as ``(kind, url)``.

    ``kind`` is ``"checkout"`` for self-service plans and ``"meeting"`` for the others
    (Enterprise), which are only sold after a conversation.

    Raises:
        ValueError: as :func:`checkout_url`.
    """
    plan = catalogue.plan(plan_id)
    if plan is None:
        raise ValueError(f"Unknown plan {plan_id!r}")
    if not plan.self_service:
        return "meeting", meeting_url(catalogue, lang)
    return "checkout", checkout_url(catalogue, plan_id, addon_ids, lang, period)
