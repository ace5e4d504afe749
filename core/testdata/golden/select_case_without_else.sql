-- CASE without ELSE (NULL when no branch matches), branch results are columns.

-- postgres
SELECT track.track_id, CASE WHEN track.composer IS NOT NULL THEN track.composer WHEN track.album_id = $1 THEN track.name END AS who FROM track
-- args: [1]

-- sqlite
SELECT track.track_id, CASE WHEN track.composer IS NOT NULL THEN track.composer WHEN track.album_id = ? THEN track.name END AS who FROM track
-- args: [1]

-- mysql
SELECT track.track_id, CASE WHEN track.composer IS NOT NULL THEN track.composer WHEN track.album_id = ? THEN track.name END AS who FROM track
-- args: [1]

-- mariadb
SELECT track.track_id, CASE WHEN track.composer IS NOT NULL THEN track.composer WHEN track.album_id = ? THEN track.name END AS who FROM track
-- args: [1]
