-- ON CONFLICT (name) DO NOTHING: PostgreSQL and SQLite.

-- postgres
INSERT INTO tag (name, source, weight) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING
-- args: ["rock1", "manual", 1]

-- sqlite
INSERT INTO tag (name, source, weight) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING
-- args: ["rock1", "manual", 1]

-- mysql
-- error: retort: unsupported by dialect: ON CONFLICT (use OnDuplicateKeyUpdate) is not supported by mysql

-- mariadb
-- error: retort: unsupported by dialect: ON CONFLICT (use OnDuplicateKeyUpdate) is not supported by mariadb
