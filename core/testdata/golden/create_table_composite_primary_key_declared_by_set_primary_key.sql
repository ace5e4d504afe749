-- SetPrimaryKey: a composite key over columns declared without PrimaryKey.

-- postgres
CREATE TABLE copy (
    book_id BIGINT NOT NULL,
    copy_no INTEGER NOT NULL,
    CONSTRAINT pk_copy PRIMARY KEY (book_id, copy_no),
    CONSTRAINT fk_copy_book_id FOREIGN KEY (book_id) REFERENCES book (id) ON DELETE CASCADE
)
-- args: []

-- sqlite
CREATE TABLE copy (
    book_id INTEGER NOT NULL,
    copy_no INTEGER NOT NULL,
    CONSTRAINT pk_copy PRIMARY KEY (book_id, copy_no),
    CONSTRAINT fk_copy_book_id FOREIGN KEY (book_id) REFERENCES book (id) ON DELETE CASCADE
)
-- args: []

-- mysql
CREATE TABLE copy (
    book_id BIGINT NOT NULL,
    copy_no INT NOT NULL,
    CONSTRAINT pk_copy PRIMARY KEY (book_id, copy_no),
    CONSTRAINT fk_copy_book_id FOREIGN KEY (book_id) REFERENCES book (id) ON DELETE CASCADE
)
-- args: []

-- mariadb
CREATE TABLE copy (
    book_id BIGINT NOT NULL,
    copy_no INT NOT NULL,
    CONSTRAINT pk_copy PRIMARY KEY (book_id, copy_no),
    CONSTRAINT fk_copy_book_id FOREIGN KEY (book_id) REFERENCES book (id) ON DELETE CASCADE
)
-- args: []
