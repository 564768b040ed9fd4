-- Lead search uses trigram indexes (available in PostgreSQL contrib and in PGlite).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
