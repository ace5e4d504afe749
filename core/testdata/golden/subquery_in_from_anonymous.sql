-- Anonymous subqueries are named anon_1, anon_2 in order of appearance.

-- postgres
SELECT anon_1.album_id, count(*) AS n FROM (SELECT track.track_id, track.album_id FROM track WHERE track.milliseconds > $1) AS anon_1 JOIN (SELECT track.track_id FROM track WHERE track.unit_price < $2) AS anon_2 ON anon_2.track_id = anon_1.track_id GROUP BY anon_1.album_id
-- args: [1, 1]

-- sqlite
SELECT anon_1.album_id, count(*) AS n FROM (SELECT track.track_id, track.album_id FROM track WHERE track.milliseconds > ?) AS anon_1 JOIN (SELECT track.track_id FROM track WHERE track.unit_price < ?) AS anon_2 ON anon_2.track_id = anon_1.track_id GROUP BY anon_1.album_id
-- args: [1, 1]

-- mysql
SELECT anon_1.album_id, count(*) AS n FROM (SELECT track.track_id, track.album_id FROM track WHERE track.milliseconds > ?) AS anon_1 JOIN (SELECT track.track_id FROM track WHERE track.unit_price < ?) AS anon_2 ON anon_2.track_id = anon_1.track_id GROUP BY anon_1.album_id
-- args: [1, 1]

-- mariadb
SELECT anon_1.album_id, count(*) AS n FROM (SELECT track.track_id, track.album_id FROM track WHERE track.milliseconds > ?) AS anon_1 JOIN (SELECT track.track_id FROM track WHERE track.unit_price < ?) AS anon_2 ON anon_2.track_id = anon_1.track_id GROUP BY anon_1.album_id
-- args: [1, 1]
