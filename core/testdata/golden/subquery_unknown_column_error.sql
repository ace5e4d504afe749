-- ColumnOf a name the subquery does not select: the error lists the columns it has.

-- postgres
-- error: retort: invalid statement: per_album has no column "n_tracks" (it has [album_id n])

-- sqlite
-- error: retort: invalid statement: per_album has no column "n_tracks" (it has [album_id n])

-- mysql
-- error: retort: invalid statement: per_album has no column "n_tracks" (it has [album_id n])

-- mariadb
-- error: retort: invalid statement: per_album has no column "n_tracks" (it has [album_id n])
