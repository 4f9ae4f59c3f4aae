"""A fake Spotify (Web API and accounts service) for tests and benchmarks; test data only."""

from tests.fakespotify.faults import Fault
from tests.fakespotify.server import FakeSpotify, RecordedRequest

__all__ = ["FakeSpotify", "Fault", "RecordedRequest"]
