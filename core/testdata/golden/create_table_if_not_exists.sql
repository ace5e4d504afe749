-- CREATE TABLE IF NOT EXISTS, on every database.

-- postgres
CREATE TABLE IF NOT EXISTS artist (
    artist_id INTEGER NOT NULL,
    name VARCHAR(120),
    CONSTRAINT pk_artist PRIMARY KEY (artist_id)
)
-- args: []

-- sqlite
CREATE TABLE IF NOT EXISTS artist (
    artist_id INTEGER NOT NULL,
    name VARCHAR(120),
    CONSTRAINT pk_artist PRIMARY KEY (artist_id)
)
-- args: []

-- mysql
CREATE TABLE IF NOT EXISTS artist (
    artist_id INT NOT NULL,
    name VARCHAR(120),
    CONSTRAINT pk_artist PRIMARY KEY (artist_id)
)
-- args: []

-- mariadb
CREATE TABLE IF NOT EXISTS artist (
    artist_id INT NOT NULL,
    name VARCHAR(120),
    CONSTRAINT pk_artist PRIMARY KEY (artist_id)
)
-- args: []
