"""Accessible HTML for the comparator: the form controls, the notices and the table.

The build calls this to put a complete, JavaScript-free comparison in the page; the browser calls
the same functions through Pyodide when the reader changes the selection. Output is
deterministic, and every catalogue text, link value and URL passes through ``html.escape``.

Class names the page script relies on: ``comparator`` (wrapper; ``data-lang``, ``data-keys``
and the ``data-text-*`` progress messages), ``comparator__controls`` (the form, shown only when
JavaScript runs), ``comparator__progress`` (the script's progress line, likewise),
``comparator__notices`` (``role="status"``, its content is replaced), ``comparator__table`` (its
content, :func:`render_result`, is replaced).
"""

from __future__ import annotations

from dataclasses import replace
from html import escape

from core.catalogue import Catalogue, pick
from core.money import format_money, format_percent
from core.values import Shown, sample_kinds
from core.words import Words

from .comparison import Cell, Comparison, PlanColumn, compare
from .selection import MAX_PLANS, MIN_PLANS, QUERY_KEYS, Notice, Selection, to_query

PROGRESS_STATES = ("loading", "pending", "save-data", "ready", "failed")
"""The page script's progress messages, each in a ``data-text-<state>`` attribute."""
NA = " comparator__addon--na"
"""Extra class of an add-on cell when the add-on cannot be bought with that plan."""


def sample_mark(words: Words) -> str:
    """The mark after a value no source confirms: a visible, printed ``*`` that a screen reader
    hears as the word ``sample.mark``; the notice explains it. The one mark of the site: the
    articles' quotes and blocks use it too."""
    return (
        '<sup class="hc-sample-mark"><span aria-hidden="true">&#42;</span>'
        f'<span class="hc-sr-only"> ({_e(words("sample.mark"))})</span></sup>'
    )


def _m(text: str, words: Words) -> str:
    """Escape a value for HTML, with the sample mark after it when it shows a sample."""
    marked = isinstance(text, Shown) and text.is_sample
    return _e(text) + (sample_mark(words) if marked else "")


def _e(text: str) -> str:
    """Escape text for an HTML element or a double-quoted attribute."""
    return escape(text, quote=True)


def _caption(comparison: Comparison, words: Words) -> str:
    key = "caption_differences" if comparison.only_differences else "caption"
    return words("comparator." + key, product=comparison.product_name)


REC = " comparator__rec"
"""Extra class of every cell in the recommended plan's column (outlined, so it stands out)."""


def _plan_header(plan: PlanColumn, words: Words) -> str:
    classes = "comparator__plan" + (REC if plan.recommended else "")
    return (
        f'<th scope="col" class="{classes}" data-plan="{_e(plan.plan_id)}">'
        f'<span class="comparator__plan-name">{_m(plan.name, words)}</span>'
        f"{_badge(plan, words)}</th>"
    )


def _price_and_button(plan: PlanColumn, words: Words, part: str) -> tuple[str, str]:
    """A plan's yearly price (with the chosen add-ons), per month, and its button.

    ``part`` starts the class names of the price's parts: ``comparator__offer`` in the table,
    ``comparator__card`` in the plan cards, so each can be read and styled apart.
    """
    per_year = words("comparator.per_year")
    if plan.total_yearly is None:
        price = f'<span class="{part}-price">{_m(plan.total_text, words)}</span>'
    else:
        price = (
            f'<span class="{part}-price">{_m(plan.total_text, words)}</span> '
            f'<span class="{part}-unit">{_e(per_year)}</span>'
            f'<span class="{part}-monthly">{_m(plan.monthly_text, words)} '
            f"{_e(words('comparator.per_month'))}</span>"
        )
    button = (
        f'<a class="md-button{" md-button--primary" if plan.recommended else ""}"'
        f' data-plan="{_e(plan.plan_id)}" data-kind="{_e(plan.action_kind)}"'
        f' href="{_e(plan.action_url)}">{_e(plan.action_text)}</a>'
    )
    return price, button


def _offer(plan: PlanColumn, words: Words) -> str:
    """The top of a plan's column: the yearly price (with the chosen add-ons), per month, button.

    The same figures as the total rows below, so the button's checkout and the price agree.
    """
    rec = REC if plan.recommended else ""
    price, button = _price_and_button(plan, words, "comparator__offer")
    return f'<td class="comparator__offer{rec}">{price}{button}</td>'


def _badge(plan: PlanColumn, words: Words) -> str:
    if not plan.recommended:
        return ""
    return f' <span class="comparator__badge">{_e(words("comparator.recommended"))}</span>'


def render_cards(comparison: Comparison) -> str:
    """Each plan's name, summary, price and button as a card: what a phone shows above the table.

    The stylesheet shows these cards instead of the table's price row and summary row on a
    narrow screen (so every plan's price and button is in view without sideways scrolling) and
    hides them on a wide one: a reader, or a screen reader, meets one of the two, never both.
    The figures and buttons are those of the table's price row.
    """
    words = comparison.words
    with_addons = bool(comparison.addons)
    items = []
    for plan in comparison.plans:
        rec = REC if plan.recommended else ""
        price, button = _price_and_button(plan, words, "comparator__card")
        what = (
            f'<span class="comparator__card-label">{_e(words("comparator.total_per_year"))}</span>'
            if with_addons
            else ""
        )
        items.append(
            f'<li class="comparator__card{rec}" data-plan="{_e(plan.plan_id)}">'
            f'<div class="comparator__card-name">{_m(plan.name, words)}{_badge(plan, words)}</div>'
            f'<div class="comparator__card-summary">{_m(plan.summary, words)}</div>'
            f'<div class="comparator__card-offer">{what}{price}</div>{button}</li>'
        )
    return '<ul class="comparator__cards">\n' + "\n".join(items) + "\n</ul>"


def render_result(comparison: Comparison) -> str:
    """The content of ``.comparator__table``: the plan cards, then the table in its scroll box.

    The build puts this into the page and the page script replaces it on every change, so the
    static page and the live one have the same markup. The box is a named region (the table's
    caption) that takes focus, so a keyboard can scroll it when the table is wider than the page.
    """
    return "\n".join(
        [
            render_cards(comparison),
            (
                '<div class="comparator__scroll" role="region" tabindex="0"'
                f' aria-label="{_e(_caption(comparison, comparison.words))}">'
            ),
            render_comparison(comparison),
            "</div>",
        ]
    )


def _value(cell: Cell, words: Words, rec: str = "") -> str:
    """A feature cell; marks get ``role="img"`` and a spoken label, so no CSS is needed."""
    if cell.kind in ("yes", "no", "missing"):
        inner = f'<span role="img" aria-label="{_e(cell.spoken)}">{_e(cell.text)}</span>'
        inner += sample_mark(words) if isinstance(cell.text, Shown) and cell.text.is_sample else ""
    else:
        inner = _m(cell.text, words)
    return f'<td class="comparator__value comparator__value--{cell.kind}{rec}">{inner}</td>'


def _row(header: str, cells: list[str], css: str = "", words: Words | None = None) -> str:
    """A row whose header is escaped (and marked as a sample when it is one, given ``words``)."""
    attr = f' class="{css}"' if css else ""
    head = _m(header, words) if words is not None else _e(header)
    return f'<tr{attr}><th scope="row">{head}</th>{"".join(cells)}</tr>'


def _note_row(text: str, columns: int, css: str) -> str:
    return f'<tr class="{css}"><td colspan="{columns}">{_e(text)}</td></tr>'


def render_comparison(comparison: Comparison) -> str:
    """Render the comparison table.

    Args:
        comparison: From :func:`comparator.comparison.compare`.

    Returns:
        A ``<table>`` with a caption; a head of two rows (plan names, then each plan's yearly
        price, per-month price and "Choose <plan>" button, so they are at the top of the
        column); feature rows (those that differ have class ``differs``) and the price rows
        with the add-ons (only when add-ons are chosen). Cells of the recommended plan's
        column have class ``comparator__rec``.
    """
    words = comparison.words
    plans = comparison.plans
    columns = len(plans) + 1
    recs = [REC if p.recommended else "" for p in plans]
    with_addons = bool(comparison.addons)
    total_key = "comparator.total_per_year" if with_addons else "comparator.price_per_year"
    lines = [
        '<table class="comparator__grid">',
        f"<caption>{_e(_caption(comparison, words))}</caption>",
        "<thead>",
        f'<tr><th scope="col">{_e(words("comparator.feature"))}</th>'
        + "".join(_plan_header(p, words) for p in plans)
        + "</tr>",
        '<tr class="comparator__offers">'
        f'<th scope="row">{_e(words(total_key))}'
        "</th>" + "".join(_offer(p, words) for p in plans) + "</tr>",
        "</thead>",
        '<tbody class="comparator__features">',
        _row(
            words("comparator.summary"),
            [
                f'<td class="comparator__summary{rec}">{_m(p.summary, words)}</td>'
                for p, rec in zip(plans, recs, strict=True)
            ],
            "comparator__summary-row",
        ),
    ]
    for row in comparison.rows:
        lines.append(
            _row(
                row.label,
                [_value(c, words, rec) for c, rec in zip(row.cells, recs, strict=True)],
                "differs" if row.differs else "",
                words,
            )
        )
    if comparison.only_differences and not comparison.rows:
        lines.append(_note_row(words("comparator.no_differences"), columns, "comparator__note"))
    elif comparison.hidden_rows:
        count = comparison.hidden_rows
        text = (
            words("comparator.row_hidden")
            if count == 1
            else words("comparator.rows_hidden", count=count)
        )
        lines.append(_note_row(text, columns, "comparator__note"))
    lines.append("</tbody>")
    if with_addons:
        lines += _price_breakdown(comparison, recs)
    lines.append("</table>")
    return "\n".join(lines)


def _price_breakdown(comparison: Comparison, recs: list[str]) -> list[str]:
    """With add-ons chosen: each plan's price, each add-on's charge, the total and per month.

    Without add-ons these would repeat the head row's figures, so they are left out.
    """
    words = comparison.words
    plans = comparison.plans
    lines = [
        '<tbody class="comparator__prices">',
        _row(
            words("comparator.price_per_year"),
            [
                f'<td class="comparator__price{rec}">{_m(p.yearly_text, words)}</td>'
                for p, rec in zip(plans, recs, strict=True)
            ],
            "comparator__price-row",
        ),
    ]
    for index, (addon_id, name) in enumerate(comparison.addons):
        cells = [
            f'<td class="comparator__addon{"" if p.addons[index].applies else NA}{rec}">'
            f"{_m(p.addons[index].text, words)}</td>"
            for p, rec in zip(plans, recs, strict=True)
        ]
        lines.append(
            f'<tr class="comparator__addon-row" data-addon="{_e(addon_id)}">'
            f'<th scope="row">{_m(name, words)}</th>{"".join(cells)}</tr>'
        )
    lines += [
        _row(
            words("comparator.total_per_year"),
            [
                f'<td class="comparator__total{rec}">{_m(p.total_text, words)}</td>'
                for p, rec in zip(plans, recs, strict=True)
            ],
            "comparator__total-row",
        ),
        _row(
            words("comparator.per_month_billed_yearly"),
            [
                f'<td class="comparator__monthly{rec}">{_m(p.monthly_text, words)}</td>'
                for p, rec in zip(plans, recs, strict=True)
            ],
            "comparator__monthly-row",
        ),
        "</tbody>",
    ]
    return lines


def _checkbox(name: str, value: str, checked: bool, text: str, hint: str = "") -> str:
    mark = " checked" if checked else ""
    extra = f' <span class="comparator__hint">{_e(hint)}</span>' if hint else ""
    return (
        f'<label><input type="checkbox" name="{name}" value="{_e(value)}"{mark}> '
        f"{_e(text)}{extra}</label>"
    )


def render_controls(catalogue: Catalogue, selection: Selection, lang: str) -> str:
    """Render the form that changes the selection.

    Submitting it without JavaScript (GET, to the same page) yields the query format that
    :func:`comparator.selection.parse_query` reads: ``plans=a&plans=b&addons=c&diff=1``.

    Args:
        catalogue: Plans, add-ons and currencies to offer.
        selection: What is checked.
        lang: One of the catalogue's languages.
    """
    words = catalogue.words_for(lang)
    currency = selection.currency or catalogue.default_currency
    spec = catalogue.money_format(words.lang, currency)
    lines = [
        (
            '<form class="comparator__controls" method="get"'
            f' aria-label="{_e(words("comparator.controls"))}">'
        ),
        '<fieldset class="comparator__plan-choice">',
        f"<legend>{_e(words('comparator.plans_legend', min=MIN_PLANS, max=MAX_PLANS))}</legend>",
    ]
    lines += [_checkbox("plans", p.id, p.id in selection.plans, p.name) for p in catalogue.plans]
    lines += ["</fieldset>"]
    if catalogue.addons:
        lines += [
            '<fieldset class="comparator__addon-choice">',
            f"<legend>{_e(words('comparator.addons_legend'))}</legend>",
        ]
        for addon in catalogue.addons:
            if addon.fee_percent is not None:
                price = words(
                    "comparator.fee_per_ticket_plain",
                    percent=format_percent(addon.fee_percent, spec),
                )
            elif addon.price is not None and currency in addon.price:
                price = (
                    f"{format_money(addon.price[currency], spec)} {words('comparator.per_year')}"
                )
            else:
                price = words("comparator.on_request")
            names = [p.name for p in catalogue.plans if addon.applies(p.id)]
            hint = f"{price}, {words('comparator.available_with', plans=words.join(names))}"
            lines.append(
                _checkbox(
                    "addons",
                    addon.id,
                    addon.id in selection.addons,
                    pick(addon.name, words.lang),
                    hint,
                )
            )
        lines.append("</fieldset>")
    lines.append(
        '<div class="comparator__options">'
        + _checkbox("diff", "1", selection.only_differences, words("comparator.only_differences"))
    )
    if len(catalogue.currencies) > 1:
        options = "".join(
            f'<option value="{_e(c)}"{" selected" if c == currency else ""}>{_e(c)}</option>'
            for c in catalogue.currencies
        )
        lines.append(
            f'<label class="comparator__currency">{_e(words("comparator.currency"))} '
            f'<select name="currency">{options}</select></label>'
        )
    lines += ["</div>", "</form>"]
    return "\n".join(lines)


def render_notices(notices: tuple[Notice, ...] | list[Notice], words: Words) -> str:
    """Render the notices as a list, or ``""`` when there are none.

    This is the content of the ``comparator__notices`` element, which carries
    ``role="status"`` and stays in the page so screen readers announce changes politely.
    """
    if not notices:
        return ""
    items = [
        f"<li>{_e(words('comparator.notice_' + n.key, value=n.value, **dict(n.params)))}</li>"
        for n in notices
    ]
    return '<ul class="comparator__notice-list">\n' + "\n".join(items) + "\n</ul>"


def _page_script_data(words: Words, query: str) -> str:
    """The data attributes the page script reads: language, owned query keys and its texts.

    The page script keeps no copy of them, so the words stay in the word tables.
    """
    values = {
        "lang": words.lang,
        "query": query,
        "keys": " ".join(QUERY_KEYS),
        **{
            f"text-{state}": words("comparator.progress_" + state.replace("-", "_"))
            for state in PROGRESS_STATES
        },
    }
    return " ".join(f'data-{name}="{_e(value)}"' for name, value in values.items())


def render_sample_notice(catalogue: Catalogue, lang: str) -> str:
    """A Material admonition when a value the comparator can show is a sample, else ``""``.

    What it can show is every plan with every add-on (any reader may choose them), in every
    currency: the kinds of sample it names come from those values themselves.
    """
    everything = Selection(
        plans=tuple(plan.id for plan in catalogue.plans),
        addons=tuple(addon.id for addon in catalogue.addons),
    )
    comparisons = [
        compare(catalogue, replace(everything, currency=currency), lang)
        for currency in catalogue.currencies
    ]
    kinds = sample_kinds(value for comparison in comparisons for value in comparison.shown())
    if not kinds:
        return ""
    words = catalogue.words_for(lang)
    named = words.join(words(f"sample.kind_{kind}") for kind in kinds)
    text = words("sample.comparator", kinds=named, product=catalogue.product_name)
    return (
        '<div class="admonition warning comparator__sample">'
        f'<p class="admonition-title">{_e(words("sample.title"))}</p>'
        f"<p>{_e(text)}</p></div>"
    )


def render_block(catalogue: Catalogue, selection: Selection, lang: str) -> str:
    """Render the whole comparator: controls, notice area and table, in one wrapper."""
    comparison = compare(catalogue, selection, lang)
    words = comparison.words
    query = to_query(selection, catalogue)
    return "\n".join(
        [
            f'<div class="comparator" {_page_script_data(words, query)}>',
            *filter(None, [render_sample_notice(catalogue, lang)]),
            render_controls(catalogue, selection, lang),
            # The page script's progress line: in the page from the start (shown only when the
            # script runs, decided before the first paint), so its words move nothing.
            '<p class="comparator__progress" role="status"></p>',
            '<div class="comparator__notices" role="status" aria-live="polite">'
            + render_notices(comparison.notices, words)
            + "</div>",
            '<div class="comparator__table">',
            render_result(comparison),
            "</div>",
            "</div>",
        ]
    )
