"""Drive Playlist: explore a film's music and turn it into a playlist."""

__version__ = "0.1.0"
