-- INSERT into "order" with quoted column names, returning every column.

-- postgres
INSERT INTO "order" (id, "select", "user", rank, "UserName", "say ""hi"" `now`", "prénom", customer_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, "select", "user", rank, "UserName", "say ""hi"" `now`", "prénom", customer_id
-- args: [1, "s", "u", 2, "n", "o", "p", 3]

-- sqlite
INSERT INTO "order" (id, "select", user, rank, "UserName", "say ""hi"" `now`", "prénom", customer_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, "select", user, rank, "UserName", "say ""hi"" `now`", "prénom", customer_id
-- args: [1, "s", "u", 2, "n", "o", "p", 3]

-- mysql
-- error: retort: unsupported by dialect: RETURNING on INSERT is not supported by mysql

-- mariadb
INSERT INTO `order` (id, `select`, user, `rank`, `UserName`, `say "hi" ``now```, `prénom`, customer_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, `select`, user, `rank`, `UserName`, `say "hi" ``now```, `prénom`, customer_id
-- args: [1, "s", "u", 2, "n", "o", "p", 3]
