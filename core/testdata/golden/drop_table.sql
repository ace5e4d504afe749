-- DROP TABLE.

-- postgres
DROP TABLE "order"
-- args: []

-- sqlite
DROP TABLE "order"
-- args: []

-- mysql
DROP TABLE `order`
-- args: []

-- mariadb
DROP TABLE `order`
-- args: []
