"""Public search over proposals (title, summary, group name), Japanese included.

``index`` keeps the database's search structures (SQLite FTS5 trigram table,
PostgreSQL pg_trgm document table) in sync by triggers; ``queries`` answers searches.
"""
