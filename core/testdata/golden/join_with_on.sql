-- Join with an explicit ON condition (several ON conditions are joined with AND).

-- postgres
SELECT album.title, artist.name FROM album JOIN artist ON (artist.artist_id = album.artist_id AND artist.name <> $1)
-- args: ["x1"]

-- sqlite
SELECT album.title, artist.name FROM album JOIN artist ON (artist.artist_id = album.artist_id AND artist.name <> ?)
-- args: ["x1"]

-- mysql
SELECT album.title, artist.name FROM album JOIN artist ON (artist.artist_id = album.artist_id AND artist.name <> ?)
-- args: ["x1"]

-- mariadb
SELECT album.title, artist.name FROM album JOIN artist ON (artist.artist_id = album.artist_id AND artist.name <> ?)
-- args: ["x1"]
