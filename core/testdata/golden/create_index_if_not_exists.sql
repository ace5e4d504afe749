-- CREATE INDEX IF NOT EXISTS: MariaDB has it, MySQL does not.

-- postgres
CREATE INDEX IF NOT EXISTS ix_track_album_id ON track (album_id)
-- args: []

-- sqlite
CREATE INDEX IF NOT EXISTS ix_track_album_id ON track (album_id)
-- args: []

-- mysql
-- error: retort: unsupported by dialect: CREATE INDEX IF NOT EXISTS is not supported by mysql

-- mariadb
CREATE INDEX IF NOT EXISTS ix_track_album_id ON track (album_id)
-- args: []
