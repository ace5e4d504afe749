-- ON CONFLICT (name) DO UPDATE with EXCLUDED: the value the INSERT proposed.

-- postgres
INSERT INTO tag (name, weight, source) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET weight = (tag.weight + EXCLUDED.weight), source = $4
-- args: ["rock1", 1, "manual", "upsert1"]

-- sqlite
INSERT INTO tag (name, weight, source) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET weight = (tag.weight + EXCLUDED.weight), source = ?
-- args: ["rock1", 1, "manual", "upsert1"]

-- mysql
-- error: retort: unsupported by dialect: ON CONFLICT (use OnDuplicateKeyUpdate) is not supported by mysql

-- mariadb
-- error: retort: unsupported by dialect: ON CONFLICT (use OnDuplicateKeyUpdate) is not supported by mariadb
