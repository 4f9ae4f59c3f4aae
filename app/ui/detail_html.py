"""The detail pane's rich text for an entry, a section or the film.

Links to other entries use the ``entry:`` scheme so the pane can select them.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from app.core.dossier import Commentary, Dossier, Entry, EntryKind, Section, Track
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
.artists {{ font-size: 13pt; }}
.quote {{ margin: 8px 0 2px 0; font-size: 11.5pt; }}
.who {{ color: {PALETTE["muted"]}; margin: 0 0 10px 0; }}
.context {{ color: {PALETTE["muted"]}; font-style: italic; }}
.note {{ color: {PALETTE["muted"]}; }}
a {{ color: {PALETTE["link"]}; }}
td.k {{ color: {PALETTE["muted"]}; padding-right: 12px; }}
"""


def _link(entry: Entry) -> str:
    return f'<a href="entry:{escape(entry.id)}">{escape(entry.title)}</a>'


def _facts(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f'<tr><td class="k">{escape(k)}</td><td>{v}</td></tr>' for k, v in rows if v)
    return f"<table>{cells}</table>" if cells else ""


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
            continue
        quoted = "<br/>".join(f"“{escape(s)}”" for s in c.segments)
        parts.append(f'<p class="quote">{quoted}</p>')
        if c.context:
            parts.append(f'<p class="context">The article adds: …{escape(c.context)}…</p>')
        parts.append(
            f'<p class="who">— {escape(c.speaker.name)}, {escape(c.speaker.role)} · {source}</p>'
        )
    return "".join(parts)


def _track_line(track: Track, dossier: Dossier) -> str:
    text = f"{escape(track.title)} — {escape(track.artist_line)}"
    if track.duration:
        text += f" ({format_duration(track.duration)})"
    if track.default:
        text += " <b>· default pick</b>"
    if track.same_as and (same := dossier.entry(track.same_as)):
        text += f" · same recording as {_link(same)}"
    text += f' · <a href="add:{escape(track.id)}">add to playlist</a>'
    if track.note:
        text += f'<br/><span class="note">{escape(track.note)}</span>'
    return f"<li>{text}</li>"


def entry_html(entry: Entry, dossier: Dossier) -> str:
    kind = KIND_LABELS.get((entry.section, entry.kind), entry.kind.value.title())
    if entry.number is not None and entry.section == Section.FEATURED:
        total = len(dossier.section(Section.FEATURED))
        kind += f" · track {entry.number} of {total}"
    if entry.theme:
        kind += f" · the theme of {escape(dossier.film.title)}"
    out = [
        f"<style>{CSS}</style>",
        f'<p class="kind">{escape(kind)}</p>',
        f"<h1>{escape(entry.title)}</h1>",
    ]
    if entry.kind != EntryKind.FILM and entry.artist_line:
        out.append(f'<p class="artists">{escape(entry.artist_line)}</p>')
    if entry.kind == EntryKind.TRACK:
        out.append(f'<p><a href="add:{escape(entry.id)}">+ Add to playlist</a></p>')
    out.append(
        _facts(
            [
                ("Directed by", escape(", ".join(entry.directors))),
                ("Written by", escape(", ".join(entry.writers))),
                ("Music by", escape(", ".join(entry.music_by))),
                ("Album", escape(entry.album or "")),
                ("Label", escape(entry.label or "")),
                ("Year", str(entry.year) if entry.year else ""),
                ("Length", format_duration(entry.duration)),
            ]
        )
    )
    if entry.description:
        out.append(f"<p>{escape(entry.description)}</p>")
    if entry.why:
        out.append(f"<h2>Why it is here</h2><p>{escape(entry.why)}</p>")

    shaped = [e for i in entry.influenced if (e := dossier.entry(i))]
    shaped_by = dossier.influenced_by(entry.id)
    related = [e for i in entry.related if (e := dossier.entry(i))]
    links = []
    if shaped:
        links.append(("Shaped", shaped))
    if shaped_by:
        links.append(("Shaped by", shaped_by))
    if related:
        links.append(("See also", related))
    if links:
        rows = [(label, ", ".join(_link(e) for e in es)) for label, es in links]
        out.append("<h2>Connections</h2>" + _facts(rows))

    comments = dossier.commentary_about(entry.id)
    out.append("<h2>Commentary</h2>")
    out.append(commentary_html(comments) or '<p class="note">No commentary on this entry.</p>')
    if entry.kind != EntryKind.TRACK:
        out.append("<h2>Tracks for a playlist</h2>")
        if entry.tracks:
            out.append("<ul>" + "".join(_track_line(t, dossier) for t in entry.tracks) + "</ul>")
        else:
            why = " (see the facts below)" if entry.notes else ""
            out.append(f'<p class="note">No track is offered{why}.</p>')

    if entry.notes:
        out.append("<h2>Facts to know</h2><ul>")
        out.extend(f'<li class="note">{escape(n)}</li>' for n in entry.notes)
        out.append("</ul>")
    if entry.sources:
        cited = [dossier.sources[s] for s in entry.sources if s in dossier.sources]
        out.append(
            '<p class="note">Sources: '
            + "; ".join(
                f'<a href="{escape(s.url)}">{escape(s.publication)}</a>'
                if s.url
                else escape(s.publication)
                for s in cited
            )
            + "</p>"
        )
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
                ]
            )
        )
        if film.summary:
            out.append(f"<p>{escape(film.summary)}</p>")
        out.append("<h2>Commentary</h2>")
        out.append(commentary_html(dossier.commentary_about(dossier.id)))
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
