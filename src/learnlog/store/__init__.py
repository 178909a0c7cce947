"""Storage: the engine, sessions, models, queries and migrations. The only place SQL is built."""
