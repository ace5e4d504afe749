-- LEFT OUTER JOIN with ON.

-- postgres
SELECT artist.name, album.title FROM artist LEFT OUTER JOIN album ON album.artist_id = artist.artist_id WHERE artist.artist_id < $1
-- args: [1]

-- sqlite
SELECT artist.name, album.title FROM artist LEFT OUTER JOIN album ON album.artist_id = artist.artist_id WHERE artist.artist_id < ?
-- args: [1]

-- mysql
SELECT artist.name, album.title FROM artist LEFT OUTER JOIN album ON album.artist_id = artist.artist_id WHERE artist.artist_id < ?
-- args: [1]

-- mariadb
SELECT artist.name, album.title FROM artist LEFT OUTER JOIN album ON album.artist_id = artist.artist_id WHERE artist.artist_id < ?
-- args: [1]
