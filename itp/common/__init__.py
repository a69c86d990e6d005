"""Machinery shared by every app: modules named for what they do, importing no app."""
