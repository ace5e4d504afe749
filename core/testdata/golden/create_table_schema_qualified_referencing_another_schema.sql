-- A table in schema Billing referencing a table without schema. SQLite's schemas are attached databases,
-- and a foreign key cannot cross them.

-- postgres
CREATE TABLE "Billing".ledger (
    id BIGINT NOT NULL,
    order_id BIGINT NOT NULL,
    amount NUMERIC(12, 2) NOT NULL,
    CONSTRAINT pk_ledger PRIMARY KEY (id),
    CONSTRAINT fk_ledger_order_id FOREIGN KEY (order_id) REFERENCES "order" (id)
)
-- args: []

-- sqlite
-- error: retort: unsupported by dialect: foreign key fk_ledger_order_id from Billing.ledger to order, a table of another schema, is not supported by sqlite

-- mysql
CREATE TABLE `Billing`.ledger (
    id BIGINT NOT NULL,
    order_id BIGINT NOT NULL,
    amount DECIMAL(12, 2) NOT NULL,
    CONSTRAINT pk_ledger PRIMARY KEY (id),
    CONSTRAINT fk_ledger_order_id FOREIGN KEY (order_id) REFERENCES `order` (id)
)
-- args: []

-- mariadb
CREATE TABLE `Billing`.ledger (
    id BIGINT NOT NULL,
    order_id BIGINT NOT NULL,
    amount DECIMAL(12, 2) NOT NULL,
    CONSTRAINT pk_ledger PRIMARY KEY (id),
    CONSTRAINT fk_ledger_order_id FOREIGN KEY (order_id) REFERENCES `order` (id)
)
-- args: []
