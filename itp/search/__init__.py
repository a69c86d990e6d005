"""Site search: ``/search/?q=`` across the programme's public content.

``sources`` says what is searched and who sees what, one entry per type; ``backends`` finds
and ranks the matches (PostgreSQL's full-text search, or a plain fallback on SQLite);
``snippets`` turns matched text into safe HTML with the terms marked; ``views`` shows them.
"""
