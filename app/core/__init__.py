"""The domain: dossiers, commentary, playlists and matching. No Qt, no network, no I/O."""
