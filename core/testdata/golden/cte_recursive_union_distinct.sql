-- A recursive CTE with UNION (no duplicates): playlists reachable through shared tracks.

-- postgres
WITH RECURSIVE reach(playlist_id) AS (SELECT playlist_track.playlist_id FROM playlist_track WHERE playlist_track.playlist_id = $1 UNION SELECT pt2.playlist_id FROM reach JOIN playlist_track ON playlist_track.playlist_id = reach.playlist_id JOIN playlist_track AS pt2 ON pt2.track_id = playlist_track.track_id) SELECT playlist.name FROM playlist JOIN reach ON reach.playlist_id = playlist.playlist_id
-- args: [1]

-- sqlite
WITH RECURSIVE reach(playlist_id) AS (SELECT playlist_track.playlist_id FROM playlist_track WHERE playlist_track.playlist_id = ? UNION SELECT pt2.playlist_id FROM reach JOIN playlist_track ON playlist_track.playlist_id = reach.playlist_id JOIN playlist_track AS pt2 ON pt2.track_id = playlist_track.track_id) SELECT playlist.name FROM playlist JOIN reach ON reach.playlist_id = playlist.playlist_id
-- args: [1]

-- mysql
WITH RECURSIVE reach(playlist_id) AS (SELECT playlist_track.playlist_id FROM playlist_track WHERE playlist_track.playlist_id = ? UNION SELECT pt2.playlist_id FROM reach JOIN playlist_track ON playlist_track.playlist_id = reach.playlist_id JOIN playlist_track AS pt2 ON pt2.track_id = playlist_track.track_id) SELECT playlist.name FROM playlist JOIN reach ON reach.playlist_id = playlist.playlist_id
-- args: [1]

-- mariadb
WITH RECURSIVE reach(playlist_id) AS (SELECT playlist_track.playlist_id FROM playlist_track WHERE playlist_track.playlist_id = ? UNION SELECT pt2.playlist_id FROM reach JOIN playlist_track ON playlist_track.playlist_id = reach.playlist_id JOIN playlist_track AS pt2 ON pt2.track_id = playlist_track.track_id) SELECT playlist.name FROM playlist JOIN reach ON reach.playlist_id = playlist.playlist_id
-- args: [1]
