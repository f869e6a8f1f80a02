"""Accessible bar charts, generated at build time (no script, no external library).

Labels and numbers are HTML text, so they wrap at the page's own font size on a phone instead of
shrinking with a scaled drawing; only the bars themselves are small inline SVGs (fills print even
without background graphics). The whole chart is one image for screen readers, named by `summary`.
"""

from __future__ import annotations

from collections.abc import Sequence

from .render import text

# Colours with at least 3:1 contrast against white (WCAG 1.4.11) and against each other in grey.
SERIES_COLOURS = ("#283593", "#ad1457", "#00695c", "#e65100")


def _bar(share: float, series: int, framed: bool) -> str:
    """A horizontal bar filled to `share` (0–1); `framed` draws the whole track, as for a target."""
    colour = SERIES_COLOURS[series % len(SERIES_COLOURS)]
    frame = ('<rect class="lis-ram" x="0" y="0" width="100" height="10" fill="#fff" stroke="#555" '
             'stroke-width="1" vector-effect="non-scaling-stroke"/>') if framed else ""
    return (f'<svg class="lis-stapel" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" '
            f'focusable="false" xmlns="http://www.w3.org/2000/svg">{frame}'
            f'<rect class="lis-serie-{series % len(SERIES_COLOURS) + 1}" x="0" y="0" '
            f'width="{100 * max(0.0, min(share, 1.0)):.1f}" height="10" fill="{colour}"/></svg>')


def _row(bar: str, value: str) -> str:
    return f'<span class="lis-stapel-rad">{bar}<span class="lis-stapel-varde">{value}</span></span>'


def _figure(chart_id: str, title: str, summary: str, groups: list[str]) -> str:
    return (f'\n\n<figure class="lis-figur lis-stapelfigur" id="diagram-{text(chart_id)}">'
            f"<figcaption>{text(title)}</figcaption>"
            f'<div class="lis-staplar" role="img" aria-label="{text(title)}: {text(summary)}">'
            f'{"".join(groups)}</div></figure>\n\n')


def bar_chart(chart_id: str, title: str, summary: str, categories: Sequence[str],
              series: Sequence[tuple[str, Sequence[int]]]) -> str:
    """Grouped horizontal bars, one group per category, each bar with its series name and value as text."""
    top = max([1, *(v for _, values in series for v in values)])
    groups = []
    for c, category in enumerate(categories):
        rows = "".join(_row(_bar(values[c] / top, s, framed=False), f"{text(name)}: {values[c]}")
                       for s, (name, values) in enumerate(series))
        groups.append(f'<div class="lis-stapelgrupp"><span class="lis-stapel-etikett">{text(category)}</span>'
                      f"{rows}</div>")
    return _figure(chart_id, title, summary, groups)


def progress_chart(chart_id: str, title: str, items: Sequence[tuple[str, int, int]]) -> str:
    """Bars of achieved against target; every bar says its numbers in text too."""
    summary = "; ".join(f"{label}: {done} av {target}" for label, done, target in items)
    groups = []
    for label, done, target in items:
        share = 1.0 if target == 0 else done / target
        pct = 100 if target == 0 else round(100 * done / target)
        value = f"{done} av {target} ({pct}\u00a0%)"
        groups.append(f'<div class="lis-stapelgrupp"><span class="lis-stapel-etikett">{text(label)}</span>'
                      f"{_row(_bar(share, 0, framed=True), value)}</div>")
    return _figure(chart_id, title, summary, groups)
