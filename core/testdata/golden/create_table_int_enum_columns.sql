-- Integer enum columns: the integer of the Go type's width, with a CHECK of the values named
-- ck_<table>_<column> on every database, before the table's own numbered CHECKs.

-- postgres
CREATE TABLE task (
    id BIGINT NOT NULL,
    priority BIGINT NOT NULL,
    level SMALLINT,
    CONSTRAINT pk_task PRIMARY KEY (id),
    CONSTRAINT ck_task_priority CHECK (priority IN (0, 1, 2)),
    CONSTRAINT ck_task_level CHECK (level IN (1, 2, 3)),
    CONSTRAINT ck_task_1 CHECK (id > 0)
)
-- args: []

-- sqlite
CREATE TABLE task (
    id INTEGER NOT NULL,
    priority INTEGER NOT NULL,
    level INTEGER,
    CONSTRAINT pk_task PRIMARY KEY (id),
    CONSTRAINT ck_task_priority CHECK (priority IN (0, 1, 2)),
    CONSTRAINT ck_task_level CHECK (level IN (1, 2, 3)),
    CONSTRAINT ck_task_1 CHECK (id > 0)
)
-- args: []

-- mysql
CREATE TABLE task (
    id BIGINT NOT NULL,
    priority BIGINT NOT NULL,
    level SMALLINT,
    CONSTRAINT pk_task PRIMARY KEY (id),
    CONSTRAINT ck_task_priority CHECK (priority IN (0, 1, 2)),
    CONSTRAINT ck_task_level CHECK (level IN (1, 2, 3)),
    CONSTRAINT ck_task_1 CHECK (id > 0)
)
-- args: []

-- mariadb
CREATE TABLE task (
    id BIGINT NOT NULL,
    priority BIGINT NOT NULL,
    level SMALLINT,
    CONSTRAINT pk_task PRIMARY KEY (id),
    CONSTRAINT ck_task_priority CHECK (priority IN (0, 1, 2)),
    CONSTRAINT ck_task_level CHECK (level IN (1, 2, 3)),
    CONSTRAINT ck_task_1 CHECK (id > 0)
)
-- args: []
