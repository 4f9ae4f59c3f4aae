"""Spotify: sign-in, the spotipy adapter and the sync engine. No Qt."""
