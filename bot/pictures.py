"""Timeline pictures: a `Timeline` drawn as a PNG with matplotlib's Agg backend.

matplotlib is imported on the first drawing, never at start-up. Drawing uses only
matplotlib's object API (a `Figure` and its own Agg canvas, no `pyplot` and no global
figure state), so it may run in any one thread; the bot gives it a thread of its own so
that a picture never delays the answers read from the store.

The picture is 1100 px wide (Discord shows attachments up to 550 px wide: twice that
stays sharp on phones), on an opaque light background that reads the same in Discord's
light and dark themes. One row per bar, so names never overlap; a name too long for its
column is shortened with an ellipsis, measured in the font it is drawn in.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import io
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.timeline import Bar, Timeline

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FILENAME = "timeline.png"
DPI = 200
WIDTH_IN = 5.5  # 1100 px
ROW_IN, TOP_IN, BOTTOM_IN = 0.22, 0.6, 0.4  # 44 px a row, 120 px above, 80 px below
TALL_ROWS = 12  # from this many rows the years are shown above the bars too
SHORT = 0.006  # a bar narrower than this share of the axis also gets a diamond, to be seen
LABEL_COLUMN = 0.40  # of the width, for the names
FADE_STEPS = 6
FONT_SIZE, TITLE_SIZE = 9, 10
ACTING_NOTE = " (acting)"

BACKGROUND, INK, MUTED, GRID = "#f6f5f1", "#1d1d1f", "#5f6368", "#dcdad2"
BAR, ACTING, VACANT = "#2c5f8f", "#9dbad6", "#efe3cf"
TODAY = "#c0392b"
ASKED = "#6c3483"

# Fonts tried in turn for each character: DejaVu Sans (shipped with matplotlib) covers
# Latin with accents, Greek and Cyrillic; the platform's CJK fonts when it has them, else
# WenQuanYi Micro Hei, which Handover ships (bot/fonts/), covers Chinese, Japanese, Korean.
FONT_PREFERENCE = ("DejaVu Sans", "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans CJK KR",
                   "Source Han Sans", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
                   "Droid Sans Fallback", "Noto Sans", "Arial Unicode MS")
SHIPPED_FONTS = Path(__file__).resolve().parent / "fonts"


@dataclass(frozen=True)
class DrawnBar:
    """A bar as read back from the drawn figure: its label, where it starts and ends on
    the time axis, and how it looks."""

    label: str
    start: dt.date
    end: dt.date
    acting: bool
    faded_start: bool
    faded_end: bool


@dataclass(frozen=True)
class Picture:
    """A drawn timeline: the PNG, its size in pixels, and what the figure shows."""

    png: bytes
    width: int
    height: int
    bars: tuple[DrawnBar, ...]
    labels: tuple[Any, ...]  # the label Text artists, for checks on their extents
    figure: Figure


def size(rows: int) -> tuple[int, int]:
    """The picture's size in pixels for `rows` rows."""
    return round(WIDTH_IN * DPI), round((TOP_IN + BOTTOM_IN + ROW_IN * max(rows, 1)) * DPI)


def _unpacked(packed: Path) -> Path:
    """A shipped font (kept gzipped in the repository), unpacked once into a cache (the
    user's, else the temporary directory's)."""
    try:
        return _unpack_into(Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
                            / "handover", packed)
    except OSError:
        return _unpack_into(Path(tempfile.gettempdir()) / "handover", packed)


def _unpack_into(cache: Path, packed: Path) -> Path:
    font = cache / packed.name.removesuffix(".gz")
    with packed.open("rb") as file:  # gzip keeps the unpacked size in its last 4 bytes
        file.seek(-4, os.SEEK_END)
        size = int.from_bytes(file.read(4), "little")
    if not font.exists() or font.stat().st_size != size:
        cache.mkdir(parents=True, exist_ok=True)
        partial = font.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(gzip.decompress(packed.read_bytes()))
        partial.replace(font)  # whole or not at all, even with two processes at it
    return font


@functools.cache
def fonts() -> tuple[str, ...]:
    """The preferred font families this machine has, DejaVu Sans first."""
    from matplotlib import font_manager

    for shipped in sorted(SHIPPED_FONTS.glob("*.tt[cf].gz")):
        font_manager.fontManager.addfont(str(_unpacked(shipped)))
    # a bold title falls back to the regular CJK face, as it should: not worth a warning
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    present = {entry.name for entry in font_manager.fontManager.ttflist}
    return tuple(name for name in FONT_PREFERENCE if name in present) or ("DejaVu Sans",)


def draw(timeline: Timeline) -> Picture:
    """Draw `timeline`; the same timeline always gives the same PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    width, height = size(timeline.rows)
    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor=BACKGROUND)
    canvas = FigureCanvasAgg(figure)
    top, bottom = 1 - TOP_IN * DPI / height, BOTTOM_IN * DPI / height
    axes = figure.add_axes((LABEL_COLUMN, bottom, 0.97 - LABEL_COLUMN, top - bottom))
    rows = _layout(timeline)
    _frame(axes, timeline, len(rows))
    labels = []
    for row, item in enumerate(rows):
        if isinstance(item, Bar):
            _draw_bar(axes, item, row, len(labels), timeline.today)
            labels.append(_label(figure, axes, item.label + (ACTING_NOTE if item.acting else ""),
                                 row, bold=False))
        elif item:
            _label(figure, axes, item, row, bold=True)
    _vacancies(axes, timeline, rows)
    _today(axes, timeline, len(rows))
    if timeline.marked:
        _asked(axes, timeline.marked, len(rows))
    figure.text(0.02, 1 - 0.2 * DPI / height, timeline.title, fontsize=TITLE_SIZE,
                fontweight="bold", color=INK, family=list(fonts()), va="center",
                parse_math=False)
    _fit(figure, canvas, labels)
    canvas.draw()
    png = _png(canvas)
    _release(figure)
    return Picture(png, width, height, read_bars(figure), tuple(labels), figure)


def _release(figure: Figure) -> None:
    """Let the renderer and its 8 MB of pixels go as soon as the picture is encoded.

    A figure is full of reference cycles, so it waits for the garbage collector, and its
    canvas and every text it drew keep the renderer: ten pictures between two collections
    held 80 MB more. A plain canvas in place of the Agg one, and texts that forget their
    renderer (`Text._renderer`, private: were it renamed, this would only free less),
    leave nothing but the figure's small objects to the collector."""
    from matplotlib.backend_bases import FigureCanvasBase
    from matplotlib.text import Text

    FigureCanvasBase(figure)
    for text in figure.findobj(Text):
        text._renderer = None


def _png(canvas: Any) -> bytes:
    """The drawn canvas as an opaque RGB PNG with no metadata (so no timestamp), fast
    compression: Discord recompresses for display anyway."""
    from PIL import Image

    pixels = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(),
                              "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    pixels.convert("RGB").save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def _layout(timeline: Timeline) -> list[Bar | str]:
    """Rows from the top: the folded note, then each group's heading and bars."""
    rows: list[Bar | str] = [f"… and {timeline.folded} before"] if timeline.folded else []
    for group in timeline.groups:
        if len(timeline.groups) > 1:
            rows.append(group.heading)
        rows.extend(group.bars)
    return rows


def _frame(axes: Axes, timeline: Timeline, rows: int) -> None:
    import matplotlib.dates as mdates

    bars = timeline.bars
    first = min((bar.begins[0] for bar in bars), default=timeline.today)
    last = max([timeline.today, *(bar.ends[1] for bar in bars)])
    pad = max((last - first) * 0.03, dt.timedelta(days=30))
    axes.set_xlim(mdates.date2num(first - pad), mdates.date2num(last + pad))
    axes.set_ylim(rows - 0.5, -0.5)
    axes.set_facecolor(BACKGROUND)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
    axes.tick_params(axis="x", labelsize=FONT_SIZE - 1, colors=MUTED, length=0,
                     labeltop=rows >= TALL_ROWS)
    axes.set_yticks([])
    axes.grid(axis="x", color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)
    for spine in axes.spines.values():
        spine.set_visible(False)


def _draw_bar(axes: Axes, bar: Bar, row: int, index: int, today: dt.date) -> None:
    """A solid middle (lighter after today) and, for an end known only to the month or
    year, a fading end."""
    import matplotlib.dates as mdates
    from matplotlib.patches import Rectangle

    colour = ACTING if bar.acting else BAR
    hatch = "////" if bar.acting else None
    start, end = mdates.date2num(bar.begins[0]), mdates.date2num(bar.ends[1])
    solid_from, solid_to = mdates.date2num(bar.begins[1]), mdates.date2num(bar.ends[0])
    if solid_from > solid_to:  # starts and ends within the same imprecise span
        solid_from = solid_to = (solid_from + solid_to) / 2
    height = 0.62

    def piece(left: float, right: float, alpha: float, part: str) -> None:
        # add_artist, not add_patch: the limits are set, so no autoscaling work per piece
        axes.add_artist(Rectangle((left, row - height / 2), max(right - left, 0.0), height,
                                 facecolor=colour, edgecolor="white" if hatch else "none",
                                 linewidth=0, hatch=hatch, alpha=alpha,
                                 gid=f"bar:{index}:{part}"))

    now = mdates.date2num(today)
    if solid_to > solid_from or (start == solid_from and end == solid_to):
        piece(solid_from, min(solid_to, max(now, solid_from)), 1.0, "solid")
    if solid_to > max(now, solid_from):  # a term scheduled to end later: lighter ahead
        piece(max(now, solid_from), solid_to, 0.45, "scheduled")
    left, right = axes.get_xlim()
    if end - start < SHORT * (right - left):
        axes.plot([(start + end) / 2], [row], marker="D", markersize=4.5, color=colour,
                  markeredgecolor=BAR, markeredgewidth=0.8, gid=f"short:{index}")
    for step in range(FADE_STEPS):
        alpha = (step + 1) / (FADE_STEPS + 1)
        if solid_from > start:
            width = (solid_from - start) / FADE_STEPS
            piece(start + step * width, start + (step + 1) * width, alpha, "fade-in")
        if end > solid_to:
            width = (end - solid_to) / FADE_STEPS
            piece(end - (step + 1) * width, end - step * width, alpha, "fade-out")


def _label(figure: Figure, axes: Axes, text: str, row: int, *, bold: bool) -> Any:
    """The name of a row, left-aligned in the column to the left of the axes."""
    from matplotlib.transforms import blended_transform_factory

    where = blended_transform_factory(figure.transFigure, axes.transData)
    return figure.text(0.02, row, text, transform=where, va="center", ha="left",
                       fontsize=FONT_SIZE, family=list(fonts()), color=MUTED if bold else INK,
                       fontweight="bold" if bold else "normal", parse_math=False,
                       gid="label" if not bold else "heading")


def _fit(figure: Figure, canvas: Any, labels: list[Any]) -> None:
    """Shorten labels that would run into the bars, measured as drawn."""
    renderer = canvas.get_renderer()
    room = (LABEL_COLUMN - 0.035) * figure.bbox.width
    for label in labels:
        text = label.get_text()
        note = ACTING_NOTE if text.endswith(ACTING_NOTE) else ""
        name = text.removesuffix(note)
        while len(name) > 1 and label.get_window_extent(renderer).width > room:
            name = name[:-1].rstrip()
            label.set_text(f"{name}…{note}")


def _vacancies(axes: Axes, timeline: Timeline, rows: list[Bar | str]) -> None:
    """A pale band behind the rows of an office, where nobody held it."""
    import matplotlib.dates as mdates
    from matplotlib.patches import Rectangle

    for group in timeline.groups:
        shown = [rows.index(bar) for bar in group.bars]
        if not shown:
            continue
        top, bottom = min(shown) - 0.5, max(shown) + 0.5
        first = group.bars[0].begins[0]
        for start, end in group.vacancies:
            if end <= first:
                continue
            left, right = mdates.date2num(max(start, first)), mdates.date2num(end)
            axes.add_artist(Rectangle((left, top), right - left, bottom - top, color=VACANT,
                                     linewidth=0, zorder=0.5, gid="vacancy"))


def _today(axes: Axes, timeline: Timeline, rows: int) -> None:
    """A dashed line on today, labelled above the bars (above the years on tall pictures)."""
    import matplotlib.dates as mdates

    x = mdates.date2num(timeline.today)
    axes.axvline(x, color=TODAY, linewidth=1.2, linestyle=(0, (3, 2)), gid="today")
    axes.annotate("today", (x, 1.0), xycoords=("data", "axes fraction"),
                  xytext=(0, 15 if rows >= TALL_ROWS else 3), textcoords="offset points",
                  ha="center", va="bottom", fontsize=FONT_SIZE - 1, color=TODAY,
                  annotation_clip=False, parse_math=False)


def _asked(axes: Axes, day: dt.date, rows: int) -> None:
    """A solid line on the day a question asked about, labelled with the day below."""
    import matplotlib.dates as mdates

    x = mdates.date2num(day)
    axes.axvline(x, color=ASKED, linewidth=1.6, gid="asked")
    axes.annotate(f"{day.day} {day:%b %Y}", (x, 0.0), xycoords=("data", "axes fraction"),
                  xytext=(0, -3), textcoords="offset points", ha="center", va="top",
                  fontsize=FONT_SIZE - 1, color=ASKED, fontweight="bold",
                  annotation_clip=False, parse_math=False,
                  bbox={"facecolor": BACKGROUND, "edgecolor": "none", "pad": 1})


def read_marked(figure: Figure) -> dt.date | None:
    """The day marked as asked about, as the figure draws it."""
    import matplotlib.dates as mdates

    (axes, *_) = figure.axes
    for line in axes.lines:
        if line.get_gid() == "asked":
            return mdates.num2date(line.get_xdata()[0]).date()
    return None


def read_bars(figure: Figure) -> tuple[DrawnBar, ...]:
    """The bars as the figure holds them, from its patches and label texts."""
    import matplotlib.dates as mdates

    (axes, *_) = figure.axes
    pieces: dict[int, list[Any]] = {}
    for patch in axes.patches:
        gid = patch.get_gid() or ""
        if gid.startswith("bar:"):
            pieces.setdefault(int(gid.split(":")[1]), []).append(patch)
    names = [text.get_text() for text in figure.texts if text.get_gid() == "label"]
    drawn = []
    for index in sorted(pieces):
        parts = pieces[index]
        left = min(p.get_x() for p in parts)
        right = max(p.get_x() + p.get_width() for p in parts)
        kinds = {p.get_gid().split(":")[2] for p in parts}
        drawn.append(DrawnBar(names[index], mdates.num2date(left).date(),
                              mdates.num2date(right).date(), bool(parts[0].get_hatch()),
                              "fade-in" in kinds, "fade-out" in kinds))
    return tuple(drawn)
