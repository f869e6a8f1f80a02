"""Accessible bar charts as inline SVG, generated at build time (no script, no external library)."""

from __future__ import annotations

from collections.abc import Sequence

from .render import text

# Colours with at least 3:1 contrast against white (WCAG 1.4.11) and against each other in grey.
SERIES_COLOURS = ("#283593", "#ad1457", "#00695c", "#e65100")
WIDTH, HEIGHT, MARGIN, LEGEND = 640, 260, 36, 28


def bar_chart(chart_id: str, title: str, summary: str, categories: Sequence[str],
              series: Sequence[tuple[str, Sequence[int]]]) -> str:
    """Grouped bars with value labels; `summary` is the text alternative read by screen readers."""
    top = max([1, *(v for _, values in series for v in values)])
    plot_h = HEIGHT - 2 * MARGIN - LEGEND
    group_w = (WIDTH - 2 * MARGIN) / max(len(categories), 1)
    bar_w = group_w * 0.7 / max(len(series), 1)
    parts = [
        f'<svg class="lis-diagram" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-titel {chart_id}-beskrivning" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-titel">{text(title)}</title>',
        f'<desc id="{chart_id}-beskrivning">{text(summary)}</desc>',
        f'<line x1="{MARGIN}" y1="{MARGIN + plot_h}" x2="{WIDTH - MARGIN}" y2="{MARGIN + plot_h}" '
        'stroke="#555" stroke-width="1"/>',
    ]
    for c, category in enumerate(categories):
        x0 = MARGIN + c * group_w + group_w * 0.15
        for s, (_, values) in enumerate(series):
            value = values[c]
            h = plot_h * value / top
            x = x0 + s * bar_w
            y = MARGIN + plot_h - h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w * 0.9:.1f}" height="{h:.1f}" '
                         f'fill="{SERIES_COLOURS[s % len(SERIES_COLOURS)]}"/>')
            parts.append(f'<text x="{x + bar_w * 0.45:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                         f'font-size="13" fill="#222">{value}</text>')
        parts.append(f'<text x="{MARGIN + (c + 0.5) * group_w:.1f}" y="{MARGIN + plot_h + 18}" '
                     f'text-anchor="middle" font-size="13" fill="#222">{text(category)}</text>')
    for s, (name, _) in enumerate(series):
        x = MARGIN + s * 220
        y = HEIGHT - 14
        parts.append(f'<rect x="{x}" y="{y - 11}" width="12" height="12" '
                     f'fill="{SERIES_COLOURS[s % len(SERIES_COLOURS)]}"/>')
        parts.append(f'<text x="{x + 18}" y="{y}" font-size="13" fill="#222">{text(name)}</text>')
    parts.append("</svg>")
    svg = "".join(parts)
    return f'\n\n<figure class="lis-figur">{svg}<figcaption>{text(title)}</figcaption></figure>\n\n'


def progress_chart(chart_id: str, title: str, items: Sequence[tuple[str, int, int]]) -> str:
    """Horizontal bars of achieved against target; every bar says its numbers in text too."""
    row_h, label_w, bar_w = 46, 300, 260
    height = row_h * len(items) + 10
    summary = "; ".join(f"{label}: {done} av {target}" for label, done, target in items)
    parts = [
        f'<svg class="lis-diagram" viewBox="0 0 {label_w + bar_w + 130} {height}" role="img" '
        f'aria-labelledby="{chart_id}-titel {chart_id}-beskrivning" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-titel">{text(title)}</title>',
        f'<desc id="{chart_id}-beskrivning">{text(summary)}</desc>',
    ]
    for i, (label, done, target) in enumerate(items):
        y = 10 + i * row_h
        share = 1.0 if target == 0 else min(done / target, 1.0)
        pct = 100 if target == 0 else round(100 * done / target)
        parts += [
            f'<text x="0" y="{y + 17}" font-size="14" fill="#222">{text(label)}</text>',
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="20" fill="#fff" stroke="#555"/>',
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w * share:.1f}" height="20" fill="{SERIES_COLOURS[0]}"/>',
            f'<text x="{label_w + bar_w + 8}" y="{y + 18}" font-size="14" fill="#222">'
            f"{done} av {target} ({pct}\u00a0%)</text>",
        ]
    parts.append("</svg>")
    return f'\n\n<figure class="lis-figur">{"".join(parts)}<figcaption>{text(title)}</figcaption></figure>\n\n'
