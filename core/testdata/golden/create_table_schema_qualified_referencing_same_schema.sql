-- A foreign key within one schema: SQLite writes the referenced table without it, as it must.

-- postgres
CREATE TABLE "Billing".account (
    id BIGINT NOT NULL,
    ledger_id BIGINT NOT NULL,
    CONSTRAINT pk_account PRIMARY KEY (id),
    CONSTRAINT fk_account_ledger_id FOREIGN KEY (ledger_id) REFERENCES "Billing".ledger (id)
)
-- args: []

-- sqlite
CREATE TABLE "Billing".account (
    id INTEGER NOT NULL,
    ledger_id INTEGER NOT NULL,
    CONSTRAINT pk_account PRIMARY KEY (id),
    CONSTRAINT fk_account_ledger_id FOREIGN KEY (ledger_id) REFERENCES ledger (id)
)
-- args: []

-- mysql
CREATE TABLE `Billing`.account (
    id BIGINT NOT NULL,
    ledger_id BIGINT NOT NULL,
    CONSTRAINT pk_account PRIMARY KEY (id),
    CONSTRAINT fk_account_ledger_id FOREIGN KEY (ledger_id) REFERENCES `Billing`.ledger (id)
)
-- args: []

-- mariadb
CREATE TABLE `Billing`.account (
    id BIGINT NOT NULL,
    ledger_id BIGINT NOT NULL,
    CONSTRAINT pk_account PRIMARY KEY (id),
    CONSTRAINT fk_account_ledger_id FOREIGN KEY (ledger_id) REFERENCES `Billing`.ledger (id)
)
-- args: []
