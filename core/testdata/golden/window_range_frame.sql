-- RANGE frames: by value of the ORDER BY column, and unbounded on both sides.

-- postgres
SELECT track.track_id, count(*) OVER (ORDER BY track.milliseconds ASC RANGE BETWEEN 1000 PRECEDING AND 1000 FOLLOWING) AS similar_length, max(track.milliseconds) OVER (PARTITION BY track.album_id ORDER BY track.milliseconds ASC RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS album_longest FROM track WHERE track.album_id < $1
-- args: [1]

-- sqlite
SELECT track.track_id, count(*) OVER (ORDER BY track.milliseconds ASC RANGE BETWEEN 1000 PRECEDING AND 1000 FOLLOWING) AS similar_length, max(track.milliseconds) OVER (PARTITION BY track.album_id ORDER BY track.milliseconds ASC RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS album_longest FROM track WHERE track.album_id < ?
-- args: [1]

-- mysql
SELECT track.track_id, count(*) OVER (ORDER BY track.milliseconds ASC RANGE BETWEEN 1000 PRECEDING AND 1000 FOLLOWING) AS similar_length, max(track.milliseconds) OVER (PARTITION BY track.album_id ORDER BY track.milliseconds ASC RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS album_longest FROM track WHERE track.album_id < ?
-- args: [1]

-- mariadb
SELECT track.track_id, count(*) OVER (ORDER BY track.milliseconds ASC RANGE BETWEEN 1000 PRECEDING AND 1000 FOLLOWING) AS similar_length, max(track.milliseconds) OVER (PARTITION BY track.album_id ORDER BY track.milliseconds ASC RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS album_longest FROM track WHERE track.album_id < ?
-- args: [1]
