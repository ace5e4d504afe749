-- The index of an Indexed column, from SecondaryIndexes, named ix_<table>_<column>.

-- postgres
CREATE INDEX ix_shelf_room ON shelf (room)
-- args: []

-- sqlite
CREATE INDEX ix_shelf_room ON shelf (room)
-- args: []

-- mysql
CREATE INDEX ix_shelf_room ON shelf (room)
-- args: []

-- mariadb
CREATE INDEX ix_shelf_room ON shelf (room)
-- args: []
