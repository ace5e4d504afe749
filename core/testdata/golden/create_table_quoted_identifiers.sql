-- Reserved and odd names are quoted in the table, the columns, the constraints and the referenced table.

-- postgres
CREATE TABLE "order" (
    id BIGINT NOT NULL,
    "select" TEXT NOT NULL,
    "user" TEXT NOT NULL,
    rank BIGINT NOT NULL,
    "UserName" TEXT NOT NULL,
    "say ""hi"" `now`" TEXT NOT NULL,
    "prénom" TEXT NOT NULL,
    customer_id INTEGER NOT NULL,
    CONSTRAINT pk_order PRIMARY KEY (id),
    CONSTRAINT fk_order_customer_id FOREIGN KEY (customer_id) REFERENCES customer (customer_id)
)
-- args: []

-- sqlite
CREATE TABLE "order" (
    id INTEGER NOT NULL,
    "select" TEXT NOT NULL,
    user TEXT NOT NULL,
    rank INTEGER NOT NULL,
    "UserName" TEXT NOT NULL,
    "say ""hi"" `now`" TEXT NOT NULL,
    "prénom" TEXT NOT NULL,
    customer_id INTEGER NOT NULL,
    CONSTRAINT pk_order PRIMARY KEY (id),
    CONSTRAINT fk_order_customer_id FOREIGN KEY (customer_id) REFERENCES customer (customer_id)
)
-- args: []

-- mysql
CREATE TABLE `order` (
    id BIGINT NOT NULL,
    `select` LONGTEXT NOT NULL,
    user LONGTEXT NOT NULL,
    `rank` BIGINT NOT NULL,
    `UserName` LONGTEXT NOT NULL,
    `say "hi" ``now``` LONGTEXT NOT NULL,
    `prénom` LONGTEXT NOT NULL,
    customer_id INT NOT NULL,
    CONSTRAINT pk_order PRIMARY KEY (id),
    CONSTRAINT fk_order_customer_id FOREIGN KEY (customer_id) REFERENCES customer (customer_id)
)
-- args: []

-- mariadb
CREATE TABLE `order` (
    id BIGINT NOT NULL,
    `select` LONGTEXT NOT NULL,
    user LONGTEXT NOT NULL,
    `rank` BIGINT NOT NULL,
    `UserName` LONGTEXT NOT NULL,
    `say "hi" ``now``` LONGTEXT NOT NULL,
    `prénom` LONGTEXT NOT NULL,
    customer_id INT NOT NULL,
    CONSTRAINT pk_order PRIMARY KEY (id),
    CONSTRAINT fk_order_customer_id FOREIGN KEY (customer_id) REFERENCES customer (customer_id)
)
-- args: []
