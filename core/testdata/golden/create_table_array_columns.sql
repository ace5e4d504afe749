-- Slice columns: arrays on PostgreSQL, the slice's JSON text elsewhere (JSON on MySQL, TEXT on SQLite).

-- postgres
CREATE TABLE post (
    id BIGINT NOT NULL,
    tags TEXT[] NOT NULL,
    scores BIGINT[] NOT NULL,
    CONSTRAINT pk_post PRIMARY KEY (id)
)
-- args: []

-- sqlite
CREATE TABLE post (
    id INTEGER NOT NULL,
    tags TEXT NOT NULL,
    scores TEXT NOT NULL,
    CONSTRAINT pk_post PRIMARY KEY (id)
)
-- args: []

-- mysql
CREATE TABLE post (
    id BIGINT NOT NULL,
    tags JSON NOT NULL,
    scores JSON NOT NULL,
    CONSTRAINT pk_post PRIMARY KEY (id)
)
-- args: []

-- mariadb
CREATE TABLE post (
    id BIGINT NOT NULL,
    tags JSON NOT NULL,
    scores JSON NOT NULL,
    CONSTRAINT pk_post PRIMARY KEY (id)
)
-- args: []
