-- Values inside an integer enum are bound as the integers they are; NULL for the nullable one.

-- postgres
INSERT INTO task (id, priority, level) VALUES ($1, $2, $3)
-- args: [1, 2, (*core_test.gLevel)(nil)]

-- sqlite
INSERT INTO task (id, priority, level) VALUES (?, ?, ?)
-- args: [1, 2, (*core_test.gLevel)(nil)]

-- mysql
INSERT INTO task (id, priority, level) VALUES (?, ?, ?)
-- args: [1, 2, (*core_test.gLevel)(nil)]

-- mariadb
INSERT INTO task (id, priority, level) VALUES (?, ?, ?)
-- args: [1, 2, (*core_test.gLevel)(nil)]
