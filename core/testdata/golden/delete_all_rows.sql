-- DELETE without WHERE removes every row.

-- postgres
DELETE FROM playlist_track
-- args: []

-- sqlite
DELETE FROM playlist_track
-- args: []

-- mysql
DELETE FROM playlist_track
-- args: []

-- mariadb
DELETE FROM playlist_track
-- args: []
