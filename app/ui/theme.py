"""The one style sheet, filled from a small palette whose contrast a test checks."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from app.storage.home import resource_path

# Dark like the film's night drives; the accent is the neon pink of its titles.
PALETTE = {
    "bg": "#0f0d13",
    "panel": "#17131d",
    "field": "#141118",
    "field_alt": "#1a1620",
    "line": "#3a3046",
    "text": "#ece8f1",
    "muted": "#b4abc0",
    "accent": "#ff4fa3",
    "accent_bg": "#ff4fa3",
    "on_accent": "#14060d",
    "selection": "#5a1f45",
    "banner": "#2a1224",
    "link": "#ff7dbb",
}

# The influence map: each kind of node and the relations drawn in colour.  Fills and lines
# against "bg" reach 3:1, the contrast graphics need (a test checks); labels use "text".
MAP_COLOURS = {
    "album": PALETTE["accent"],
    "track": "#c9a7ff",  # the album's tracks: lavender, near the accent
    "film": "#4fc8ff",  # films: the cold blue of the film's night streets
    "influence track": "#ffb454",  # recordings that shaped it: sodium-lamp amber
    "person": PALETTE["muted"],
    "edge": "#6e5f80",
    "edge_shaped": "#8fd6ff",
    "edge_quote": PALETTE["link"],
    "glow": "#fff1a8",
}

# Text/background pairs that must reach WCAG AA (4.5:1) for body text.
CONTRAST_PAIRS = [
    ("text", "bg"),
    ("text", "field"),
    ("text", "field_alt"),
    ("text", "panel"),
    ("text", "selection"),
    ("text", "banner"),
    ("muted", "bg"),
    ("muted", "panel"),
    ("muted", "field"),
    ("accent", "bg"),
    ("accent", "field"),
    ("link", "field"),
    ("on_accent", "accent_bg"),
]


def style_sheet() -> str:
    qss = resource_path("style.qss").read_text(encoding="utf-8")
    qss = qss.replace("@icons@", resource_path("icons").as_posix())
    for name, value in PALETTE.items():
        qss = qss.replace(f"@{name}@", value)
    return qss


def apply(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "bg",
        QPalette.ColorRole.WindowText: "text",
        QPalette.ColorRole.Base: "field",
        QPalette.ColorRole.AlternateBase: "field_alt",
        QPalette.ColorRole.Text: "text",
        QPalette.ColorRole.Button: "panel",
        QPalette.ColorRole.ButtonText: "text",
        QPalette.ColorRole.Highlight: "selection",
        QPalette.ColorRole.HighlightedText: "text",
        QPalette.ColorRole.Link: "link",
        QPalette.ColorRole.ToolTipBase: "panel",
        QPalette.ColorRole.ToolTipText: "text",
        QPalette.ColorRole.PlaceholderText: "muted",
    }
    for role, name in roles.items():
        palette.setColor(role, QColor(PALETTE[name]))
    app.setPalette(palette)
    app.setStyleSheet(style_sheet())


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast(fg: str, bg: str) -> float:
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
