-- A table name with a quote, a backtick and a space, inside the derived constraint name too.

-- postgres
CREATE TABLE "Line ""Items` 2" (
    id BIGINT NOT NULL,
    "名前" TEXT NOT NULL,
    CONSTRAINT "pk_Line ""Items` 2" PRIMARY KEY (id)
)
-- args: []

-- sqlite
CREATE TABLE "Line ""Items` 2" (
    id INTEGER NOT NULL,
    "名前" TEXT NOT NULL,
    CONSTRAINT "pk_Line ""Items` 2" PRIMARY KEY (id)
)
-- args: []

-- mysql
CREATE TABLE `Line "Items`` 2` (
    id BIGINT NOT NULL,
    `名前` LONGTEXT NOT NULL,
    CONSTRAINT `pk_Line "Items`` 2` PRIMARY KEY (id)
)
-- args: []

-- mariadb
CREATE TABLE `Line "Items`` 2` (
    id BIGINT NOT NULL,
    `名前` LONGTEXT NOT NULL,
    CONSTRAINT `pk_Line "Items`` 2` PRIMARY KEY (id)
)
-- args: []
