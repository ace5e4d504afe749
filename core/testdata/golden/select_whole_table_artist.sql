-- A whole table selected: every column, in definition order, FROM inferred.

-- postgres
SELECT artist.artist_id, artist.name FROM artist
-- args: []

-- sqlite
SELECT artist.artist_id, artist.name FROM artist
-- args: []

-- mysql
SELECT artist.artist_id, artist.name FROM artist
-- args: []

-- mariadb
SELECT artist.artist_id, artist.name FROM artist
-- args: []
