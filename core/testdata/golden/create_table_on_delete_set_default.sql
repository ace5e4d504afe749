-- ON DELETE SET DEFAULT: InnoDB rejects it (MySQL) or ignores it (MariaDB), so it is refused there.

-- postgres
CREATE TABLE bin (
    id BIGINT NOT NULL,
    shelf_id BIGINT NOT NULL DEFAULT 1,
    CONSTRAINT pk_bin PRIMARY KEY (id),
    CONSTRAINT fk_bin_shelf_id FOREIGN KEY (shelf_id) REFERENCES shelf (id) ON DELETE SET DEFAULT
)
-- args: []

-- sqlite
CREATE TABLE bin (
    id INTEGER NOT NULL,
    shelf_id INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT pk_bin PRIMARY KEY (id),
    CONSTRAINT fk_bin_shelf_id FOREIGN KEY (shelf_id) REFERENCES shelf (id) ON DELETE SET DEFAULT
)
-- args: []

-- mysql
-- error: retort: unsupported by dialect: ON DELETE SET DEFAULT is not supported by mysql

-- mariadb
-- error: retort: unsupported by dialect: ON DELETE SET DEFAULT is not supported by mariadb
