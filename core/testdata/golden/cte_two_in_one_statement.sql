-- Two independent CTEs joined together; each is defined once in WITH.

-- postgres
WITH old_albums AS (SELECT album.album_id, album.title FROM album WHERE album.album_id < $1), long_tracks AS (SELECT track.track_id, track.album_id FROM track WHERE track.milliseconds > $2) SELECT old_albums.title, count(*) AS n FROM old_albums JOIN long_tracks ON long_tracks.album_id = old_albums.album_id GROUP BY old_albums.title
-- args: [2, 1]

-- sqlite
WITH old_albums AS (SELECT album.album_id, album.title FROM album WHERE album.album_id < ?), long_tracks AS (SELECT track.track_id, track.album_id FROM track WHERE track.milliseconds > ?) SELECT old_albums.title, count(*) AS n FROM old_albums JOIN long_tracks ON long_tracks.album_id = old_albums.album_id GROUP BY old_albums.title
-- args: [2, 1]

-- mysql
WITH old_albums AS (SELECT album.album_id, album.title FROM album WHERE album.album_id < ?), long_tracks AS (SELECT track.track_id, track.album_id FROM track WHERE track.milliseconds > ?) SELECT old_albums.title, count(*) AS n FROM old_albums JOIN long_tracks ON long_tracks.album_id = old_albums.album_id GROUP BY old_albums.title
-- args: [2, 1]

-- mariadb
WITH old_albums AS (SELECT album.album_id, album.title FROM album WHERE album.album_id < ?), long_tracks AS (SELECT track.track_id, track.album_id FROM track WHERE track.milliseconds > ?) SELECT old_albums.title, count(*) AS n FROM old_albums JOIN long_tracks ON long_tracks.album_id = old_albums.album_id GROUP BY old_albums.title
-- args: [2, 1]
