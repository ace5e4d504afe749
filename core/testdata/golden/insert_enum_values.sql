-- Values inside the enum are bound as any string; NULL for the nullable one.

-- postgres
INSERT INTO signal (id, colour, last) VALUES ($1, $2, $3)
-- args: [1, "it's \\ odd", (*string)(nil)]

-- sqlite
INSERT INTO signal (id, colour, "last") VALUES (?, ?, ?)
-- args: [1, "it's \\ odd", (*string)(nil)]

-- mysql
INSERT INTO `signal` (id, colour, last) VALUES (?, ?, ?)
-- args: [1, "it's \\ odd", (*string)(nil)]

-- mariadb
INSERT INTO `signal` (id, colour, last) VALUES (?, ?, ?)
-- args: [1, "it's \\ odd", (*string)(nil)]
