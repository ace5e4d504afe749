-- EXISTS and NOT EXISTS, each correlated to artist.

-- postgres
SELECT artist.name FROM artist WHERE EXISTS (SELECT album.album_id FROM album WHERE album.artist_id = artist.artist_id AND album.title LIKE $1) AND NOT EXISTS (SELECT track.track_id FROM track JOIN album ON track.album_id = album.album_id WHERE album.artist_id = artist.artist_id AND track.milliseconds < $2)
-- args: ["%1", 1]

-- sqlite
SELECT artist.name FROM artist WHERE EXISTS (SELECT album.album_id FROM album WHERE album.artist_id = artist.artist_id AND album.title LIKE ?) AND NOT EXISTS (SELECT track.track_id FROM track JOIN album ON track.album_id = album.album_id WHERE album.artist_id = artist.artist_id AND track.milliseconds < ?)
-- args: ["%1", 1]

-- mysql
SELECT artist.name FROM artist WHERE EXISTS (SELECT album.album_id FROM album WHERE album.artist_id = artist.artist_id AND album.title LIKE ?) AND NOT EXISTS (SELECT track.track_id FROM track JOIN album ON track.album_id = album.album_id WHERE album.artist_id = artist.artist_id AND track.milliseconds < ?)
-- args: ["%1", 1]

-- mariadb
SELECT artist.name FROM artist WHERE EXISTS (SELECT album.album_id FROM album WHERE album.artist_id = artist.artist_id AND album.title LIKE ?) AND NOT EXISTS (SELECT track.track_id FROM track JOIN album ON track.album_id = album.album_id WHERE album.artist_id = artist.artist_id AND track.milliseconds < ?)
-- args: ["%1", 1]
