"""The summary as one self-contained HTML file: tables and inline SVG charts, laid out for A4.

No scripts, no fonts or images fetched from anywhere: it opens the same on an offline laptop,
and prints on A4 with the charts kept whole on a page.
"""

from __future__ import annotations

from html import escape

from outpost.i18n import language, t
from outpost.reports.furniture import (
    BLANK,
    date_line,
    meta_line,
    page_counter_css,
    signatures,
    station_only,
    title,
    total_heading,
)
from outpost.reports.rows import (
    COLUMNS,
    Doc,
    banner,
    category_rows,
    coverage_line,
    figure_rows,
    item_rows,
    main_figures,
    previous_heading,
    row_mark,
    show,
    station_table,
    stock_rows,
    value,
)
from outpost.reports.section_rows import section_tables
from outpost.text import width

CSS = """
@page { size: A4; margin: 14mm 12mm 16mm;
        @bottom-center { content: PAGE_COUNTER; font-size: 8.5pt; color: #555; } }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
       "Noto Sans", "Helvetica Neue", Arial, sans-serif;
       color: #1a1a1a; font-size: 10.5pt; line-height: 1.4; margin: 0 auto; max-width: 186mm;
       padding: 6mm 0; }
h1 { font-size: 16pt; margin: 0 0 2pt; }
h2 { font-size: 12.5pt; margin: 14pt 0 5pt; border-bottom: 1.5pt solid #2b5d8a; padding-bottom: 2pt;
     break-after: avoid; }
h3 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; }
.meta { color: #555; font-size: 9pt; margin: 0 0 8pt; }
.banner { border: 1pt solid #b8860b; background: #fff6dc; padding: 5pt 8pt; margin: 6pt 0;
          font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 0 0 6pt; font-size: 9.5pt; }
th, td { border-bottom: 0.5pt solid #c8c8c8; padding: 2.5pt 5pt; text-align: left;
         vertical-align: top; }
th { background: #eef2f6; font-weight: 600; word-break: keep-all; overflow-wrap: normal;
     line-break: strict; }
thead { display: table-header-group; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n, table.figures th { white-space: nowrap; }
td:first-child { min-width: 36mm; }
tr, td, th { break-inside: avoid; page-break-inside: avoid; }
tr.total td { font-weight: bold; border-top: 1pt solid #555; }
.grid { display: flex; flex-wrap: wrap; gap: 0 6mm; }
.grid > div { flex: 1 1 85mm; min-width: 0; }
figure { margin: 4pt 0 8pt; break-inside: avoid; }
figcaption { font-size: 9pt; color: #444; margin-bottom: 2pt; }
.scale { font-size: 8pt; color: #666; margin: 1pt 0 0; }
.signatures { display: flex; gap: 8mm; margin: 16pt 0 4pt; break-inside: avoid; }
.signatures p { flex: 1 1 0; margin: 0; white-space: nowrap; }
.signatures span { display: inline-block; min-width: 26mm; border-bottom: 0.6pt solid #333;
                   padding: 0 2pt; }
.signed-on { margin: 6pt 0 0; break-before: avoid; }
.names { font-size: 8.5pt; color: #444; margin: 0 0 2pt; }
ul.names { padding-left: 14pt; margin: 0 0 6pt; }
svg { display: block; width: 100%; height: auto; }
ul.coverage { padding-left: 14pt; font-size: 9pt; color: #333; }
.legend { font-size: 8.5pt; color: #444; }
.legend i { display: inline-block; width: 9pt; height: 9pt; vertical-align: -1pt;
            margin: 0 3pt 0 8pt; }
"""

NOW = "#2b5d8a"
BEFORE = "#b9c8d8"


def _cells(row: list[str], numeric_from: int = 1, klass: str = "") -> str:
    tag = "td"
    out = []
    for i, cell in enumerate(row):
        extra = ' class="n"' if i >= numeric_from else ""
        out.append(f"<{tag}{extra}>{escape(cell)}</{tag}>")
    return f"<tr{f' class={chr(34)}{klass}{chr(34)}' if klass else ''}>{''.join(out)}</tr>"


def _table(
    header: list[str],
    rows: list[list[str]],
    numeric_from: int = 1,
    total_last: bool = False,
    klass: str = "",
) -> str:
    head = "".join(
        f"<th{' class=' + chr(34) + 'n' + chr(34) if i >= numeric_from else ''}>{escape(h)}</th>"
        for i, h in enumerate(header)
    )
    body = "".join(
        _cells(r, numeric_from, "total" if total_last and i == len(rows) - 1 else "")
        for i, r in enumerate(rows)
    )
    attr = f' class="{klass}"' if klass else ""
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def clip(label: str, columns: int = 20) -> str:
    """A chart label cut to fit its column (a CJK character takes two)."""
    if width(label) <= columns:
        return label
    while width(label) > columns - 1:
        label = label[:-1]
    return label + "…"


def _shared_start(one: str, other: str) -> int:
    """How many characters two names share at their start."""
    n = 0
    while n < min(len(one), len(other)) and one[n] == other[n]:
        n += 1
    return n


def chart_labels(stations: list[tuple[str, str]], columns: int = 20) -> list[str]:
    """A label per (id, name) that tells the stations apart in `columns`: the name cut to fit,
    or where two cuts would read alike, the part after the start they share (`…二号警务室`);
    the station id when even the whole names are alike."""
    names = [name for _, name in stations]
    cut = [clip(name, columns) for name in names]
    labels = list(cut)
    for i, name in enumerate(names):
        alike = [other for j, other in enumerate(names) if j != i and cut[j] == cut[i]]
        if alike:
            shared = max(_shared_start(name, other) for other in alike)
            labels[i] = clip("…" + name[shared:], columns) if name[shared:] else cut[i]
    return [
        clip(sid, columns) if labels.count(label) > 1 else label
        for (sid, _), label in zip(stations, labels, strict=True)
    ]


def _bars(
    rows: list[tuple[str, str, list[tuple[float, str]]]],
    colours: list[str],
    shared: bool = False,
) -> str:
    """Horizontal bars, one group per (label, full name, values) row; the full name is the
    label's tooltip. Each row is scaled to its own largest value, since kilometres and litres
    share no scale; with `shared`, all rows share one scale. The caller notes which."""
    label_w, bar_w, value_w = 124, 186, 62
    per = 12
    gap = 7
    group_h = per * len(colours) + gap
    height = group_h * len(rows) + 4
    width = label_w + bar_w + value_w
    overall = max((v for _, _, values in rows for v, _ in values), default=0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" font-size="11">'
    ]
    for g, (label, full, values) in enumerate(rows):
        y0 = g * group_h + 2
        top = (overall if shared else max((v for v, _ in values), default=0)) or 1
        mid = y0 + per * len(colours) / 2 + 4
        parts.append(
            f'<text x="{label_w - 8}" y="{mid:.1f}" text-anchor="end" fill="#222">'
            f"<title>{escape(full)}</title>{escape(clip(label))}</text>"
        )
        for i, (v, shown) in enumerate(values):
            y = y0 + i * per
            w = max(0.0, v) / top * bar_w
            parts.append(
                f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{per - 3}" '
                f'fill="{colours[i % len(colours)]}"/>'
            )
            parts.append(
                f'<text x="{label_w + w + 4:.1f}" y="{y + per - 4}" fill="#333" '
                f'font-size="10">{escape(shown)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def month_chart(doc: Doc) -> str:
    """This month against the month before, figure by figure."""
    figures = main_figures(doc)
    rows = []
    for key, section, name in COLUMNS:
        now = value(figures, section, name)
        before = value(figures["previous"], section, name)
        rows.append(
            (
                t(key),
                t(key),
                [(now, show(now, section, name)), (before, show(before, section, name))],
            )
        )
    legend = (
        f'<div class="legend"><i style="background:{NOW}"></i>{escape(doc["month"])}'
        f'<i style="background:{BEFORE}"></i>{escape(doc["previous_month"])}</div>'
    )
    scale = f'<p class="scale">{escape(t("report.scale.own"))}</p>'
    return f"<figure>{legend}{_bars(rows, [NOW, BEFORE])}{scale}</figure>"


def station_charts(doc: Doc) -> str:
    """At HQ: one chart per key figure, a bar per station on one scale, and the stations' full
    names under their labels when a label had to be cut."""
    labels = chart_labels([(s["station"], s["name"]) for s in doc["stations"]])
    out = []
    for key, section, name in (
        ("report.patrols.km", "patrols", "km"),
        ("report.water.litres", "water", "litres"),
        ("report.visits.count", "visits", "count"),
        ("report.households_served", "households_served", ""),
    ):
        rows = [
            (
                chart_mark(s["coverage"]) + label,
                s["name"],
                [(value(s, section, name), show(value(s, section, name), section, name))],
            )
            for label, s in zip(labels, doc["stations"], strict=True)
        ]
        top = max((value(s, section, name) for s in doc["stations"]), default=0)
        caption = f"<figcaption>{escape(t(key))}</figcaption>"
        scale = t("report.scale.shared", top=show(top, section, name))
        out.append(
            f"<div><figure>{caption}{_bars(rows, [NOW], shared=True)}"
            f'<p class="scale">{escape(scale)}</p></figure></div>'
        )
    names = ""
    cut = [(label, s["name"]) for label, s in zip(labels, doc["stations"], strict=True)]
    if any(label != name for label, name in cut):
        pairs = "".join(
            f"<li>{escape(t('report.legend.name', label=label, name=name))}</li>"
            for label, name in cut
            if label != name
        )
        names = (
            f'<p class="names">{escape(t("report.legend.names"))}</p><ul class="names">{pairs}</ul>'
        )
    marked = any(chart_mark(s["coverage"]) for s in doc["stations"])
    note = f'<p class="meta">{escape(t("report.chart_mark_note"))}</p>' if marked else ""
    return f'<div class="grid">{"".join(out)}</div>{note}{names}'


def chart_mark(cov: Doc) -> str:
    """The mark in front of a station's chart label when its month is not complete (the row's
    own mark says how: the label has no room for it)."""
    return "⚠ " if row_mark(cov) else ""


def signature_block(doc: Doc) -> str:
    """制表人 / 审核人 / 负责人 on lines to sign, then the date."""
    cells = "".join(
        f"<p>{escape(label)}{escape(t('report.sign.line', label='', name='').strip())}"
        f"<span>{escape(name) if name != BLANK else ''}</span></p>"
        for label, name in signatures(doc)
    )
    return f'<div class="signatures">{cells}</div><p class="signed-on">{escape(date_line(doc))}</p>'


def to_html(doc: Doc) -> str:
    """The whole page."""
    figures = main_figures(doc)
    body: list[str] = [f"<h1>{escape(title(doc))}</h1>"]
    body.append(f'<p class="meta">{escape(meta_line(doc))}</p>')
    note = banner(doc)
    if note:
        body.append(f'<p class="banner">{escape(note)}</p>')
    if doc["scope"] == "hq":
        header, rows = station_table(doc)
        body.append(f"<h2>{escape(t('report.by_station'))}</h2>")
        body.append(_table(header, rows, total_last=not station_only(doc)))
        body.append(station_charts(doc))
        body.append(f"<h2>{escape(total_heading(doc))}</h2>")
    header = [t("report.figure"), doc["month"], previous_heading(doc), t("report.change")]
    body.append(
        '<div class="grid"><div>'
        + _table(header, [list(r) for r in figure_rows(figures)], klass="figures")
        + "</div><div>"
        + f"<h3>{escape(t('report.section.charts'))}</h3>"
        + month_chart(doc)
        + "</div></div>"
    )
    extras: list[str] = []
    sections: list[tuple[str, list[str], list[tuple[str, str, str]]]] = [
        (
            "report.section.items",
            [t("report.medicine"), t("report.quantity"), t("report.unit")],
            item_rows(figures),
        ),
        (
            "report.section.stock",
            [t("report.medicine"), t("report.balance"), t("report.unit")],
            stock_rows(figures),
        ),
        (
            "report.section.assistance",
            [t("report.category"), t("report.cases"), t("report.change")],
            category_rows(figures),
        ),
    ]
    for heading, columns, lines in sections:
        if lines:
            table = _table(columns, [list(r) for r in lines])
            extras.append(f"<div><h3>{escape(t(heading))}</h3>{table}</div>")
    if extras:
        body.append(f'<div class="grid">{"".join(extras)}</div>')
    for section in section_tables(doc):
        table = (
            _table(section.header, section.rows, section.numeric_from)
            if section.rows
            else f'<p class="none">{escape(t("report.none"))}</p>'
        )
        body.append(
            f'<section class="{section.key}"><h3>{escape(section.heading)}</h3>{table}</section>'
        )
    body.append(f"<h2>{escape(t('report.section.coverage'))}</h2>")
    items = []
    for row in doc["stations"]:
        line = coverage_line(row)
        if doc["scope"] == "hq":
            line = t("report.coverage.of_station", name=row["name"], text=line)
        items.append(f"<li>{escape(line)}</li>")
    body.append(f'<ul class="coverage">{"".join(items)}</ul>')
    body.append(signature_block(doc))
    lang = "zh-CN" if language() == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(title(doc))}</title>"
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{CSS.replace('PAGE_COUNTER', page_counter_css())}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
