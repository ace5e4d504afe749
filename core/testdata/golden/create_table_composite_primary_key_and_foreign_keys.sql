-- Chinook's playlist_track: a composite primary key whose two columns each reference another table.

-- postgres
CREATE TABLE playlist_track (
    playlist_id INTEGER NOT NULL,
    track_id INTEGER NOT NULL,
    CONSTRAINT pk_playlist_track PRIMARY KEY (playlist_id, track_id),
    CONSTRAINT fk_playlist_track_playlist_id FOREIGN KEY (playlist_id) REFERENCES playlist (playlist_id),
    CONSTRAINT fk_playlist_track_track_id FOREIGN KEY (track_id) REFERENCES track (track_id)
)
-- args: []

-- sqlite
CREATE TABLE playlist_track (
    playlist_id INTEGER NOT NULL,
    track_id INTEGER NOT NULL,
    CONSTRAINT pk_playlist_track PRIMARY KEY (playlist_id, track_id),
    CONSTRAINT fk_playlist_track_playlist_id FOREIGN KEY (playlist_id) REFERENCES playlist (playlist_id),
    CONSTRAINT fk_playlist_track_track_id FOREIGN KEY (track_id) REFERENCES track (track_id)
)
-- args: []

-- mysql
CREATE TABLE playlist_track (
    playlist_id INT NOT NULL,
    track_id INT NOT NULL,
    CONSTRAINT pk_playlist_track PRIMARY KEY (playlist_id, track_id),
    CONSTRAINT fk_playlist_track_playlist_id FOREIGN KEY (playlist_id) REFERENCES playlist (playlist_id),
    CONSTRAINT fk_playlist_track_track_id FOREIGN KEY (track_id) REFERENCES track (track_id)
)
-- args: []

-- mariadb
CREATE TABLE playlist_track (
    playlist_id INT NOT NULL,
    track_id INT NOT NULL,
    CONSTRAINT pk_playlist_track PRIMARY KEY (playlist_id, track_id),
    CONSTRAINT fk_playlist_track_playlist_id FOREIGN KEY (playlist_id) REFERENCES playlist (playlist_id),
    CONSTRAINT fk_playlist_track_track_id FOREIGN KEY (track_id) REFERENCES track (track_id)
)
-- args: []
