"""Render the help articles of both languages from the catalogue, through Jinja2 templates.

Templates live in ``helpcenter/templates/articles``; a site overrides any of them (or the shared
``_sections.md.j2``) by putting a file of the same name in ``overrides/helpcenter/articles``.
Every list an article shows (self-service plans, add-ons, channels) is computed from the catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from helpcenter.catalogue import Catalogue
from helpcenter.errors import LocatedError, Problem
from helpcenter.formatting import money, per_month, percent
from helpcenter.markdown_safety import href, html_link, md_text
from helpcenter.wording import LANGUAGES, Wording


@dataclass(frozen=True)
class Article:
    """One generated article: its path (the URL, the same in both languages) and template."""

    path: str
    template: str

    @property
    def slug(self) -> str:
        """The last part of the path, used by templates to link between articles."""
        return self.path.rsplit("/", 1)[-1]

    def src_uri(self, lang: str) -> str:
        """The virtual source path, in mkdocs-static-i18n's suffix form."""
        return f"{self.path}.{lang}.md"


ARTICLES = (
    Article("account/manage-subscription", "manage-subscription.md.j2"),
    Article("account/plans", "plans.md.j2"),
    Article("account/compare-plans", "compare-plans.md.j2"),
    Article("account/upgrade", "upgrade.md.j2"),
    Article("account/upgrade-without-meeting", "upgrade-without-meeting.md.j2"),
    Article("account/add-ons", "add-ons.md.j2"),
    Article("account/cancel", "cancel.md.j2"),
    Article("support/links", "support-links.md.j2"),
)
ARTICLE_BY_SLUG = {article.slug: article for article in ARTICLES}

#: The marker a page uses to embed the plan comparator; replaced after Markdown by the plugin.
COMPARATOR_MARKER = "{{ comparator }}"
#: The marker of the support page's link table, filled once every page has been read.
SUPPORT_LINKS_MARKER = "{{ support_links }}"


def template_environment(
    override_dir: Path | None, cache_dir: Path | None = None
) -> jinja2.Environment:
    """Jinja2 environment: site overrides first, then the packaged templates.

    ``finalize`` escapes every value that is not already markup, so catalogue text can never
    inject HTML or Markdown into an article.
    """
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None and (override_dir / "articles").is_dir():
        loaders.append(jinja2.FileSystemLoader(override_dir / "articles"))
    loaders.append(jinja2.PackageLoader("helpcenter", "templates/articles"))
    bytecode_cache = None
    if cache_dir is not None:
        # Compiled templates are kept between builds (keyed by template source by Jinja itself):
        # compiling them is most of the generator's cost in a build.
        cache_dir.mkdir(parents=True, exist_ok=True)
        bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache_dir))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        bytecode_cache=bytecode_cache,
        undefined=jinja2.StrictUndefined,
        finalize=md_text,
        keep_trailing_newline=True,
        # Autoescape makes macros return Markup, so finalize does not escape a section twice.
        autoescape=True,
        # "{#id}" is Markdown's heading-id syntax here, so Jinja comments are "{%# ... #%}".
        comment_start_string="{%#",
        comment_end_string="#%}",
    )


def render_articles(
    catalogue: Catalogue, wording: Wording, env: jinja2.Environment
) -> dict[str, str]:
    """Every generated article in every language, keyed by its virtual source path."""
    return {
        article.src_uri(lang): render_article(article, lang, catalogue, wording, env)
        for article in ARTICLES
        for lang in LANGUAGES
    }


def render_article(
    article: Article, lang: str, catalogue: Catalogue, wording: Wording, env: jinja2.Environment
) -> str:
    """One article as Markdown, with normalised blank lines (stable output for golden files)."""
    context = ArticleContext(catalogue.data, wording, lang, article).as_dict()
    try:
        text = env.get_template(article.template).render(context)
    except (KeyError, jinja2.UndefinedError) as error:
        # A site's own template may ask for a value this catalogue does not have.
        line, column = catalogue.document.position(())
        missing = error.args[0] if error.args else error
        message = f"the article template {article.template} needs {missing!r}, which is missing"
        raise LocatedError([Problem(catalogue.file, line, column, "", message)]) from None
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


class ArticleContext:
    """The functions templates call, bound to one language."""

    def __init__(self, data: dict[str, Any], wording: Wording, lang: str, article: Article) -> None:
        self.data = data
        self.wording = wording
        self.lang = lang
        self.article = article
        self.currency = data["product"]["currencies"][0]
        plans = data["plans"]
        self.self_service = [plan["name"] for plan in plans if plan["self_service"]]
        self.meeting_only = [plan["name"] for plan in plans if not plan["self_service"]]

    def as_dict(self) -> dict[str, Any]:
        functions: dict[str, Callable[..., Any]] = {
            "w": self.word,
            "t": self.text,
            "label": self.label,
            "link": html_link,
            "link_url": self.link_url,
            "mailto": self.mailto,
            "page_url": self.page_url,
            "plan_names": self.plan_names,
            "yearly": self.yearly,
            "monthly": self.monthly,
            "addon_price": self.addon_price,
            "anchor": anchor,
            "h": lambda level: Markup("#" * level),
        }
        return {
            **functions,
            "catalogue": self.data,
            "lang": self.lang,
            "product": self.data["product"]["name"],
            "self_service_plans": self.join(self.self_service),
            "meeting_plans": self.join(self.meeting_only),
            "comparator": Markup(COMPARATOR_MARKER),
            "support_links": Markup(SUPPORT_LINKS_MARKER),
        }

    def word(self, key: str, **values: Any) -> Markup:
        """Wording text with its ``{placeholders}`` filled by escaped values."""
        template = self.wording.get(key, self.lang)
        return Markup(template.format(**{name: md_text(v) for name, v in values.items()}))

    def text(self, texts: dict[str, str]) -> Markup:
        """A catalogue text in this language, escaped, with ``{label:ID}`` shown as a UI label."""
        escaped = str(md_text(texts[self.lang]))
        # md_text escaped the braces; match the escaped form of {label:ID}.
        return Markup(
            re.sub(
                r"\\\{label:([a-z0-9\\_-]+)\\\}",
                lambda m: self.label(m[1].replace("\\", "")),
                escaped,
            )
        )

    def label(self, label_id: str) -> Markup:
        """An on-screen label of the product, shown in bold as the customer sees it."""
        return Markup(f"**{md_text(self.data['labels'][label_id][self.lang])}**")

    def link_url(self, name: str) -> Markup:
        """A catalogue link for this language, safe as a Markdown link target."""
        value = self.data["links"][name]
        return Markup(href(value[self.lang] if isinstance(value, dict) else value))

    def mailto(self, addresses: dict[str, str]) -> Markup:
        address = addresses[self.lang]
        return html_link(
            self.wording.get("cancel_email_link", self.lang).format(address=address),
            f"mailto:{address}",
        )

    def page_url(self, slug: str) -> Markup:
        """A relative link to another generated article (MkDocs checks and resolves it)."""
        if slug not in ARTICLE_BY_SLUG:
            raise KeyError(f"no generated article '{slug}'")
        return Markup(f"../{slug}/")

    def join(self, names: Iterable[str]) -> Markup:
        """``Lite, Starter en Pro`` / ``Lite, Starter and Pro``."""
        items = [str(md_text(name)) for name in names]
        if len(items) <= 1:
            return Markup("".join(items))
        word = self.wording.get("list_and", self.lang)
        return Markup(f"{', '.join(items[:-1])} {word} {items[-1]}")

    def plan_names(self, plan_ids: list[str]) -> Markup:
        names = {plan["id"]: plan["name"] for plan in self.data["plans"]}
        return self.join(names[plan_id] for plan_id in plan_ids)

    def yearly(self, plan: dict[str, Any]) -> Markup:
        if plan["price"] is None:
            return md_text(self.wording.get("plans_on_request", self.lang))
        return md_text(money(plan["price"][self.currency], self.currency, self.lang))

    def monthly(self, plan: dict[str, Any]) -> Markup:
        if plan["price"] is None:
            return md_text(self.wording.get("plans_on_request", self.lang))
        amount = per_month(plan["price"][self.currency])
        return md_text(money(amount, self.currency, self.lang))

    def addon_price(self, addon: dict[str, Any]) -> Markup:
        if "fee_percent" in addon:
            fee = percent(addon["fee_percent"], self.lang)
            return self.word("addon_fee", fee=fee)
        price = money(addon["price"][self.currency], self.currency, self.lang)
        return self.word("addon_price", price=price)


def anchor(identifier: str) -> str:
    """A catalogue id as a URL fragment: ``extra_calendar`` → ``extra-calendar``."""
    return identifier.replace("_", "-")
