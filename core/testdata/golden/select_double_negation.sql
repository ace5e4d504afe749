-- Neg of Neg: the two minus signs must not run together into a -- comment.

-- postgres
SELECT -(-(track.milliseconds)) AS same, -((track.milliseconds - $1)) AS diff FROM track
-- args: [1]

-- sqlite
SELECT -(-(track.milliseconds)) AS same, -((track.milliseconds - ?)) AS diff FROM track
-- args: [1]

-- mysql
SELECT -(-(track.milliseconds)) AS same, -((track.milliseconds - ?)) AS diff FROM track
-- args: [1]

-- mariadb
SELECT -(-(track.milliseconds)) AS same, -((track.milliseconds - ?)) AS diff FROM track
-- args: [1]
