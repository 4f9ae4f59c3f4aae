"""Files: dossiers, playlists, settings, caches. No Qt, no network."""
