-- A named two-column index declared with AddIndex.

-- postgres
CREATE INDEX shelf_by_capacity ON shelf (capacity, room)
-- args: []

-- sqlite
CREATE INDEX shelf_by_capacity ON shelf (capacity, room)
-- args: []

-- mysql
CREATE INDEX shelf_by_capacity ON shelf (capacity, room)
-- args: []

-- mariadb
CREATE INDEX shelf_by_capacity ON shelf (capacity, room)
-- args: []
