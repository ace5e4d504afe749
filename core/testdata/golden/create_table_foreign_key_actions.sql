-- Foreign keys with ON DELETE / ON UPDATE actions, one of them a self-reference, one to a TEXT column
-- (VARCHAR(255) on both sides on MySQL, since both are in keys).

-- postgres
CREATE TABLE book (
    id BIGINT NOT NULL,
    shelf_id BIGINT,
    shelf_code TEXT NOT NULL,
    previous_id BIGINT,
    CONSTRAINT pk_book PRIMARY KEY (id),
    CONSTRAINT fk_book_shelf_id FOREIGN KEY (shelf_id) REFERENCES shelf (id) ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT fk_book_shelf_code FOREIGN KEY (shelf_code) REFERENCES shelf (code) ON DELETE CASCADE,
    CONSTRAINT fk_book_previous_id FOREIGN KEY (previous_id) REFERENCES book (id) ON DELETE RESTRICT ON UPDATE NO ACTION
)
-- args: []

-- sqlite
CREATE TABLE book (
    id INTEGER NOT NULL,
    shelf_id INTEGER,
    shelf_code TEXT NOT NULL,
    previous_id INTEGER,
    CONSTRAINT pk_book PRIMARY KEY (id),
    CONSTRAINT fk_book_shelf_id FOREIGN KEY (shelf_id) REFERENCES shelf (id) ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT fk_book_shelf_code FOREIGN KEY (shelf_code) REFERENCES shelf (code) ON DELETE CASCADE,
    CONSTRAINT fk_book_previous_id FOREIGN KEY (previous_id) REFERENCES book (id) ON DELETE RESTRICT ON UPDATE NO ACTION
)
-- args: []

-- mysql
CREATE TABLE book (
    id BIGINT NOT NULL,
    shelf_id BIGINT,
    shelf_code VARCHAR(255) NOT NULL,
    previous_id BIGINT,
    CONSTRAINT pk_book PRIMARY KEY (id),
    CONSTRAINT fk_book_shelf_id FOREIGN KEY (shelf_id) REFERENCES shelf (id) ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT fk_book_shelf_code FOREIGN KEY (shelf_code) REFERENCES shelf (code) ON DELETE CASCADE,
    CONSTRAINT fk_book_previous_id FOREIGN KEY (previous_id) REFERENCES book (id) ON DELETE RESTRICT ON UPDATE NO ACTION
)
-- args: []

-- mariadb
CREATE TABLE book (
    id BIGINT NOT NULL,
    shelf_id BIGINT,
    shelf_code VARCHAR(255) NOT NULL,
    previous_id BIGINT,
    CONSTRAINT pk_book PRIMARY KEY (id),
    CONSTRAINT fk_book_shelf_id FOREIGN KEY (shelf_id) REFERENCES shelf (id) ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT fk_book_shelf_code FOREIGN KEY (shelf_code) REFERENCES shelf (code) ON DELETE CASCADE,
    CONSTRAINT fk_book_previous_id FOREIGN KEY (previous_id) REFERENCES book (id) ON DELETE RESTRICT ON UPDATE NO ACTION
)
-- args: []
