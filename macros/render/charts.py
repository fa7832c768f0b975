"""Charts for the monthly review, drawn by pygal at build time as self-contained SVG.

The SVG holds no script and loads nothing: pygal's tooltip JavaScript is switched off (``js=[]``) and the inline
configuration script it always writes is removed, with its comments, by an XML filter. Text (tier names, labels)
goes through the XML serialiser, which escapes it. Colours come from the policy, where they are validated as
``#rrggbb``. Fonts are set in pixels for an 800 × 360 drawing shown at 100 % on a 1280 px screen and at about
85 % on A4 paper.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import pygal
from pygal.style import Style

from ..analysis.monthly import MonthReview
from ..policy.model import Policy
from .formats import short_money

WIDTH, HEIGHT = 800, 360
TRAILING_MONTHS = 12
FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
LINE_COLOUR = "#3f51b5"  # Material indigo, the site's primary colour

# pygal appends a legacy import finder to sys.meta_path for its map plugins (unused here). It has no find_spec, so
# every later import that no other finder resolves (zoneinfo trying `tzdata`, for one) raises an ImportWarning on
# Python 3.11, an error under `-W error`. Take it out again.
sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, pygal.PluginImportFixer)]


def _style(colours: Sequence[str]) -> Style:
    return Style(
        font_family=FONT,
        background="#ffffff",
        plot_background="#ffffff",
        foreground="rgba(0, 0, 0, 0.87)",
        foreground_strong="rgba(0, 0, 0, 0.87)",
        foreground_subtle="rgba(0, 0, 0, 0.2)",
        colors=tuple(colours),
        opacity="0.9",
        opacity_hover="0.9",
        stroke_width="3",
        stroke_width_hover="3",
        transition="0ms",
        title_font_size=17,
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=14,
        value_font_size=13,
        value_label_font_size=13,
        tooltip_font_size=13,
        no_data_font_size=18,
    )


def _no_script(root):
    """Drop every <script> element and comment: the file must run nothing and say nothing but the chart."""
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag.rsplit("}", 1)[-1] == "script" or not isinstance(child.tag, str):
                parent.remove(child)
    root.set("id", "chart")
    return root


def _chart(kind, colours: Sequence[str], title: str, months: Sequence[MonthReview], **options):
    chart = kind(
        style=_style(colours),
        width=WIDTH,
        height=HEIGHT,
        explicit_size=True,
        disable_xml_declaration=True,
        js=[],
        no_prefix=True,
        title=title,
        legend_at_bottom=True,
        legend_at_bottom_columns=max(len(colours), 1),
        truncate_legend=-1,
        truncate_label=-1,
        x_labels=[m.key for m in months],
        margin=12,
        spacing=10,
        **options,
    )
    chart.add_xml_filter(_no_script)
    return chart


def _render(chart) -> str:
    return chart.render(is_unicode=True)


def trailing(months: Sequence[MonthReview], key: str, count: int = TRAILING_MONTHS) -> list[MonthReview]:
    """The ``count`` months ending with the month ``key``."""
    index = next(i for i, m in enumerate(months) if m.key == key)
    return list(months[max(0, index - count + 1) : index + 1])


def opened_by_tier_chart(policy: Policy, months: Sequence[MonthReview]) -> str:
    """Stacked bars: escalations opened each month, one colour per tier; the legend lists the tiers most severe
    first, as every page does, and the most severe tier is the bottom of each bar."""
    tiers = policy.tiers_by_severity
    chart = _chart(
        pygal.StackedBar,
        [t.color for t in tiers],
        "Escalations opened, by tier",
        months,
        value_formatter=lambda v: f"{v:,.0f}",
        min_scale=1,
        max_scale=6,
        order_min=0,
        y_labels_major_every=None,
        print_values=False,
    )
    for tier in tiers:
        chart.add(tier.name, [m.opened_by_tier.get(tier.id, 0) for m in months])
    return _render(chart)


def arr_at_risk_chart(months: Sequence[MonthReview], currency: str) -> str:
    """A line: ARR at risk on escalations open at each month end."""
    chart = _chart(
        pygal.Line,
        [LINE_COLOUR],
        "ARR at risk at month end",
        months,
        value_formatter=lambda v: short_money(v, currency),
        show_legend=False,
        dots_size=4,
        include_x_axis=True,
        max_scale=6,
    )
    chart.add("ARR at risk", [m.arr_at_risk for m in months])
    return _render(chart)


def compliance_chart(months: Sequence[MonthReview]) -> str:
    """A line: the percentage of response targets met, of those that fell due each month (gaps where none did)."""
    chart = _chart(
        pygal.Line,
        [LINE_COLOUR],
        "Response targets met",
        months,
        value_formatter=lambda v: f"{v:.0f}%",
        show_legend=False,
        dots_size=4,
        range=(0, 100),
        y_labels=[0, 25, 50, 75, 100],
        allow_interruptions=True,
        no_data_text="No response targets fell due",
    )
    chart.add("Met", [m.compliance for m in months])
    return _render(chart)
