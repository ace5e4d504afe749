-- A composite foreign key gives an ON with one equality per column, joined with AND.

-- postgres
SELECT playlist_track_note.body, playlist_track.track_id FROM playlist_track_note JOIN playlist_track ON (playlist_track_note.playlist_id = playlist_track.playlist_id AND playlist_track_note.track_id = playlist_track.track_id) WHERE playlist_track_note.note_id = $1
-- args: [1]

-- sqlite
SELECT playlist_track_note.body, playlist_track.track_id FROM playlist_track_note JOIN playlist_track ON (playlist_track_note.playlist_id = playlist_track.playlist_id AND playlist_track_note.track_id = playlist_track.track_id) WHERE playlist_track_note.note_id = ?
-- args: [1]

-- mysql
SELECT playlist_track_note.body, playlist_track.track_id FROM playlist_track_note JOIN playlist_track ON (playlist_track_note.playlist_id = playlist_track.playlist_id AND playlist_track_note.track_id = playlist_track.track_id) WHERE playlist_track_note.note_id = ?
-- args: [1]

-- mariadb
SELECT playlist_track_note.body, playlist_track.track_id FROM playlist_track_note JOIN playlist_track ON (playlist_track_note.playlist_id = playlist_track.playlist_id AND playlist_track_note.track_id = playlist_track.track_id) WHERE playlist_track_note.note_id = ?
-- args: [1]
