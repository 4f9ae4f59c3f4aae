"""The detail pane's rich text for an entry, a section or the film.

Links to other entries use the ``entry:`` scheme so the pane can select them.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import TYPE_CHECKING

from app.core.dossier import Commentary, Dossier, Entry, EntryKind, Section, Source, Track
from app.core.duration import format_duration
from app.ui.theme import PALETTE

if TYPE_CHECKING:  # the playlist's data classes are not needed to show an entry
    from app.core.playlist import PlaylistItem

KIND_LABELS = {
    (Section.FEATURED, EntryKind.TRACK): "Featured track",
    (Section.INFLUENCE, EntryKind.TRACK): "Influence: a track",
    (Section.INFLUENCE, EntryKind.FILM): "Influence: a film",
    (Section.INFLUENCE, EntryKind.ALBUM): "Influence: an album",
}

CSS = f"""
h1 {{ color: {PALETTE["accent"]}; font-size: 20pt; margin: 0 0 2px 0; }}
h2 {{ color: {PALETTE["accent"]}; font-size: 12pt; margin: 14px 0 4px 0; }}
.kind {{ color: {PALETTE["muted"]}; }}
.artists {{ font-size: 13pt; margin-bottom: 0; }}
.quote {{ margin: 8px 0 2px 0; font-size: 11.5pt; }}
.who {{ color: {PALETTE["muted"]}; margin: 0 0 10px 0; }}
.context {{ color: {PALETTE["muted"]}; font-style: italic; }}
.video {{ color: {PALETTE["muted"]}; margin: 0 0 4px 0; }}
.note {{ color: {PALETTE["muted"]}; }}
a {{ color: {PALETTE["link"]}; }}
td.k {{ color: {PALETTE["muted"]}; padding-right: 12px; }}
"""

# A list longer than FOLD_AT + 1 shows its first FOLD_AT items and an "and N more" link
# (QTextBrowser has no <details>); the link's key is added to ``expanded``.
FOLD_AT = 4
MORE_SCHEME = "more"
UNCONFIRMED_ROWS = {  # the row of the facts table each UNCONFIRMABLE field leaves empty
    "year": "Year",
    "original_year": "Year",
    "duration": "Length",
    "album": "Album",
    "label": "Label",
}


def _link(entry: Entry) -> str:
    return f'<a href="entry:{escape(entry.id)}">{escape(entry.title)}</a>'


def _facts(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f'<tr><td class="k">{escape(k)}</td><td>{v}</td></tr>' for k, v in rows if v)
    return f"<table>{cells}</table>" if cells else ""


def _more_link(key: str, hidden: int) -> str:
    return f'<a href="{MORE_SCHEME}:{escape(key)}">and {hidden} more</a>'


def _folded(key: str, items: list[str], expanded: set[str], sep: str = ", ") -> str:
    """The items joined, or the first few and an "and N more" link that shows the rest."""
    if len(items) <= FOLD_AT + 1 or key in expanded:
        return sep.join(items)
    return sep.join(items[:FOLD_AT]) + sep + _more_link(key, len(items) - FOLD_AT)


def _sources_line(ids: tuple[str, ...], dossier: Dossier) -> str:
    cited = [dossier.sources[s] for s in ids if s in dossier.sources]
    if not cited:
        return ""
    # Two pages of one publication (two Wikipedia articles) are told apart by their titles.
    repeated = {p for p, n in Counter(s.publication for s in cited).items() if n > 1}

    def name(s: Source) -> str:
        return f"{s.publication}, “{s.title}”" if s.publication in repeated else s.publication

    return (
        '<p class="note">Sources: '
        + "; ".join(
            f'<a href="{escape(s.url)}">{escape(name(s))}</a>' if s.url else escape(name(s))
            for s in cited
        )
        + "</p>"
    )


def commentary_html(comments: list[Commentary]) -> str:
    parts: list[str] = []
    for c in comments:
        source = escape(c.source.citation())
        if c.source.url:
            source = f'<a href="{escape(c.source.url)}">{source}</a>'
        if c.speaker is None:
            parts.append(
                f'<p class="context">From the article: {escape(c.context or "")}</p>'
                f'<p class="who">{source}</p>'
            )
        else:
            # In the article's order: the narration that breaks a quote stays where it was.
            quoted = " ".join(
                f"“{escape(text)}”" if is_quote else f'<span class="context">{escape(text)}</span>'
                for is_quote, text in c.pieces
            )
            parts.append(f'<p class="quote">{quoted}</p>')
            who = f"{escape(c.speaker.name)}, {escape(c.speaker.role)}"
            parts.append(f'<p class="who">— {who} · {source}</p>')
        if c.video:
            where = escape(c.source.publication)
            parts.append(f'<p class="video">▶ Video {where} shows here: {escape(c.video)}</p>')
    return "".join(parts)


def _track_line(track: Track, dossier: Dossier) -> str:
    text = f"{escape(track.title)} — {escape(track.artist_line)}"
    if track.duration:
        text += f" ({format_duration(track.duration)})"
    if track.default:
        text += " <b>· default pick</b>"
    if track.same_as and (same := dossier.entry(track.same_as)):
        where = (
            f"track {same.number} of the album"
            if same.section == Section.FEATURED and same.number is not None
            else "listed"
        )
        text += f" · also {where}: {_link(same)}"
    text += f' · <a href="add:{escape(track.id)}">add to playlist</a>'
    if track.note:
        text += f'<br/><span class="note">{escape(track.note)}</span>'
    return f"<li>{text}</li>"


def _year_fact(entry: Entry) -> str:
    if entry.original_year and entry.section == Section.FEATURED and entry.year:
        return f"{entry.original_year} · the album: {entry.year}"
    return escape(entry.year_label)


def _connections(entry: Entry, dossier: Dossier, expanded: set[str]) -> list[tuple[str, str]]:
    """Each relation under its own name; an entry appears under one relation only."""
    groups: dict[str, list[Entry]] = {}
    shown: set[str] = set()

    def add(label: str, entries: list[Entry]) -> None:
        for e in entries:
            if e.id not in shown:
                shown.add(e.id)
                groups.setdefault(label, []).append(e)

    add(entry.shaped_label or "Shaped", [e for i in entry.influenced if (e := dossier.entry(i))])
    for influence in dossier.influenced_by(entry.id):
        add(influence.shaped_by_label or "Shaped by", [influence])
    add("See also", [e for i in entry.related if (e := dossier.entry(i))])
    return [
        (label, _folded(f"links{n}", [_link(e) for e in es], expanded))
        for n, (label, es) in enumerate(groups.items())
    ]


def entry_html(entry: Entry, dossier: Dossier, expanded: set[str] | frozenset = frozenset()) -> str:
    """The entry's page: heading, credit, short facts, then the commentary before anything
    long; long lists are folded unless their key is in ``expanded``."""
    expanded = set(expanded)
    kind = KIND_LABELS.get((entry.section, entry.kind), entry.kind.value.title())
    if entry.number is not None and entry.section == Section.FEATURED:
        total = len(dossier.section(Section.FEATURED))
        kind += f" · track {entry.number} of {total}"
    if entry.theme:
        kind += f" · the theme of {dossier.film.title}"
    out = [
        f"<style>{CSS}</style>",
        f'<p class="kind">{escape(kind)}</p>',
        f"<h1>{escape(entry.title)}</h1>",
    ]
    if entry.kind != EntryKind.FILM and entry.artist_line:
        out.append(f'<p class="artists">{escape(entry.artist_line)}</p>')
        if entry.credit_note:
            out.append(f'<p class="note">Credit: {escape(entry.credit_note)}</p>')
    if entry.kind == EntryKind.TRACK:
        out.append(f'<p><a href="add:{escape(entry.id)}">+ Add to playlist</a></p>')
    unconfirmed = '<span class="note">not confirmed by the sources</span>'
    rows = [
        ("Directed by", escape(", ".join(entry.directors))),
        ("Written by", escape(", ".join(entry.writers))),
        ("Music by", escape(", ".join(entry.music_by))),
        ("Album", escape(entry.album or "")),
        ("Label", escape(entry.label or "")),
        ("Year", _year_fact(entry)),
        ("Length", format_duration(entry.duration)),
    ]
    given = {k for k, v in rows if v}
    for name in entry.unconfirmed:
        label = UNCONFIRMED_ROWS.get(name)
        if label and label not in given:
            rows.append((label, unconfirmed))
            given.add(label)
    out.append(_facts(rows))

    out.append("<h2>Commentary</h2>")
    comments = dossier.commentary_about(entry.id)
    out.append(commentary_html(comments) or '<p class="note">No commentary on this entry.</p>')

    if entry.description:
        out.append(f"<p>{escape(entry.description)}</p>")
    if entry.why:
        out.append(f"<h2>Why it is here</h2><p>{escape(entry.why)}</p>")
    if links := _connections(entry, dossier, expanded):
        out.append("<h2>Connections</h2>" + _facts(links))
    if entry.kind != EntryKind.TRACK:
        out.append("<h2>Tracks for a playlist</h2>")
        if entry.tracks:
            lines = [_track_line(t, dossier) for t in entry.tracks]
            if len(lines) > FOLD_AT + 1 and "tracks" not in expanded:
                more = _more_link("tracks", len(lines) - FOLD_AT)
                lines = [*lines[:FOLD_AT], f"<li>{more}</li>"]
            out.append("<ul>" + "".join(lines) + "</ul>")
        else:
            why = " (see the facts below)" if entry.notes else ""
            out.append(f'<p class="note">No track is offered{why}.</p>')

    if entry.notes:
        out.append("<h2>Facts to know</h2><ul>")
        out.extend(f'<li class="note">{escape(n)}</li>' for n in entry.notes)
        out.append("</ul>")
    out.append(_sources_line(entry.sources, dossier))
    return "".join(out)


def section_html(section: Section, dossier: Dossier) -> str:
    film = dossier.film
    out = [f"<style>{CSS}</style>"]
    if section == Section.FEATURED:
        out.append(f'<p class="kind">{escape(film.title)} ({film.year})</p>')
        out.append(f"<h1>{escape(film.album or film.title)}</h1>")
        out.append(
            _facts(
                [
                    ("Film directed by", escape(", ".join(film.directors))),
                    ("Music by", escape(", ".join(film.composers))),
                    ("Label", escape(film.album_label or "")),
                    ("Year", str(film.album_year) if film.album_year else ""),
                ]
            )
        )
        out.append("<h2>Commentary</h2>")
        out.append(commentary_html(dossier.commentary_about(dossier.id)))
        if film.summary:
            out.append(f"<p>{escape(film.summary)}</p>")
        out.append(_sources_line(film.sources, dossier))
    else:
        out.append(f'<p class="kind">{escape(film.title)} ({film.year})</p>')
        out.append("<h1>Influences</h1>")
        out.append(f"<p>The music and films that shaped {escape(film.title)}:</p><ul>")
        for entry in dossier.section(Section.INFLUENCE):
            why = f" — {escape(entry.why)}" if entry.why else ""
            out.append(f"<li>{_link(entry)}{why}</li>")
        out.append("</ul>")
    return "".join(out)


COVER_URL = "cover://current"


def match_html(item: PlaylistItem, has_cover: bool) -> str:
    """The Spotify track an item is matched to, with its cover and Spotify attribution."""
    match = item.match
    if match is None or not match.is_resolved or match.track is None:
        return ""
    track = match.track
    url = escape(track.url or item.spotify_url or "")
    cover = (
        f'<td><a href="{url}"><img src="{COVER_URL}" width="96" height="96"/></a></td>'
        if has_cover
        else ""
    )
    who = (
        "chosen by you"
        if match.chosen_by_user
        else (f"matched {round(match.score * 100)}%" if match.score is not None else "matched")
    )
    album = f"<br/>{escape(track.album)}" if track.album else ""
    return (
        f"<style>{CSS}</style><table><tr>{cover}<td style='padding-left:10px'>"
        f'<span class="kind">On Spotify · {escape(who)}</span><br/>'
        f'<a href="{url}"><b>{escape(track.title)}</b></a><br/>'
        f"{escape(', '.join(track.artists))}{album}<br/>"
        f'<a href="{url}">Play on Spotify</a>'
        f'<br/><span class="note">Track data and artwork from Spotify</span>'
        "</td></tr></table><hr/>"
    )
