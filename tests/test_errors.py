"""The located report a writer reads: every problem once, in file order, with a count."""

from __future__ import annotations

from helpcenter.errors import LocatedError, Problem


def test_the_report_lists_each_problem_once_in_file_order() -> None:
    late = Problem("plans.yaml", 12, 5, "plans[1].price", "expected an amount")
    early = Problem("plans.yaml", 3, 1, "", "invalid YAML")
    page = Problem("docs/faq.en.md", 40, 2, "", "unknown catalogue key")
    error = LocatedError([late, early, page, late])
    assert error.problems == [page, early, late]
    assert (
        str(error)
        == error.report()
        == (
            "3 problems found; nothing was built:\n"
            "  docs/faq.en.md:40:2: unknown catalogue key\n"
            "  plans.yaml:3:1: invalid YAML\n"
            "  plans.yaml:12:5: plans[1].price: expected an amount"
        )
    )


def test_one_problem_is_counted_in_the_singular() -> None:
    error = LocatedError([Problem("site-texts.yaml", 1, 1, "footer", "missing the en text")])
    assert error.report() == (
        "1 problem found; nothing was built:\n  site-texts.yaml:1:1: footer: missing the en text"
    )
