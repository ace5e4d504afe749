-- Coalesce of columns and a typed value.

-- postgres
SELECT coalesce(track.composer, track.name, CAST($1 AS TEXT)) AS credit FROM track
-- args: ["unknown1"]

-- sqlite
SELECT coalesce(track.composer, track.name, ?) AS credit FROM track
-- args: ["unknown1"]

-- mysql
SELECT coalesce(track.composer, track.name, ?) AS credit FROM track
-- args: ["unknown1"]

-- mariadb
SELECT coalesce(track.composer, track.name, ?) AS credit FROM track
-- args: ["unknown1"]
