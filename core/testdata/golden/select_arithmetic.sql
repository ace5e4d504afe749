-- Arithmetic with values and with expressions, and negation; each operation is parenthesised.

-- postgres
SELECT (track.milliseconds / $1) AS seconds, (((track.milliseconds + $2) * $3) - $4) AS arith, (track.unit_price * track.unit_price) AS square, (((track.milliseconds + track.bytes) - track.milliseconds) / track.track_id) AS mixed, -(track.milliseconds) AS negated FROM track
-- args: [1000, 1, 2, 1]

-- sqlite
SELECT (track.milliseconds / ?) AS seconds, (((track.milliseconds + ?) * ?) - ?) AS arith, (track.unit_price * track.unit_price) AS square, (((track.milliseconds + track.bytes) - track.milliseconds) / track.track_id) AS mixed, -(track.milliseconds) AS negated FROM track
-- args: [1000, 1, 2, 1]

-- mysql
SELECT (track.milliseconds / ?) AS seconds, (((track.milliseconds + ?) * ?) - ?) AS arith, (track.unit_price * track.unit_price) AS square, (((track.milliseconds + track.bytes) - track.milliseconds) / track.track_id) AS mixed, -(track.milliseconds) AS negated FROM track
-- args: [1000, 1, 2, 1]

-- mariadb
SELECT (track.milliseconds / ?) AS seconds, (((track.milliseconds + ?) * ?) - ?) AS arith, (track.unit_price * track.unit_price) AS square, (((track.milliseconds + track.bytes) - track.milliseconds) / track.track_id) AS mixed, -(track.milliseconds) AS negated FROM track
-- args: [1000, 1, 2, 1]
