-- Lower, Upper, Length (char_length on MySQL, whose length counts bytes), Abs, Round.

-- postgres
SELECT lower(track.name) AS lower_name, upper(track.name) AS upper_name, length(track.name) AS name_length, abs((track.milliseconds - $1)) AS distance, round(CAST(track.unit_price AS NUMERIC), $2) AS rounded FROM track
-- args: [1, int(1)]

-- sqlite
SELECT lower(track.name) AS lower_name, upper(track.name) AS upper_name, length(track.name) AS name_length, abs((track.milliseconds - ?)) AS distance, round(track.unit_price, ?) AS rounded FROM track
-- args: [1, int(1)]

-- mysql
SELECT lower(track.name) AS lower_name, upper(track.name) AS upper_name, char_length(track.name) AS name_length, abs((track.milliseconds - ?)) AS distance, round(track.unit_price, ?) AS rounded FROM track
-- args: [1, int(1)]

-- mariadb
SELECT lower(track.name) AS lower_name, upper(track.name) AS upper_name, char_length(track.name) AS name_length, abs((track.milliseconds - ?)) AS distance, round(track.unit_price, ?) AS rounded FROM track
-- args: [1, int(1)]
