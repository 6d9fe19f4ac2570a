"""Mentoring: find a mentor, requests, the shared space, batch matching, the rep directory."""
