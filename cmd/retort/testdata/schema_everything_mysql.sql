CREATE TABLE billing.accounts (
    id BIGINT NOT NULL AUTO_INCREMENT,
    owner VARCHAR(80) NOT NULL,
    nickname VARCHAR(255),
    status ENUM('new', 'active', 'closed') NOT NULL,
    priority BIGINT NOT NULL,
    level SMALLINT,
    perms SMALLINT NOT NULL,
    quota BIGINT NOT NULL,
    timeout BIGINT NOT NULL,
    balance DECIMAL(12, 2) NOT NULL,
    active BOOLEAN NOT NULL,
    created DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    photo LONGBLOB NOT NULL,
    rev INT NOT NULL,
    closed DATETIME(6),
    note LONGTEXT,
    token CHAR(36) NOT NULL,
    settings JSON NOT NULL,
    limits JSON,
    CONSTRAINT pk_accounts PRIMARY KEY (id),
    CONSTRAINT uq_accounts_token UNIQUE (token),
    CONSTRAINT uq_owner_nick UNIQUE (owner, nickname),
    CONSTRAINT ck_accounts_priority CHECK (priority IN (0, 1, 2)),
    CONSTRAINT ck_accounts_level CHECK (level IN (1, 2, 3)),
    CONSTRAINT ck_accounts_1 CHECK (balance >= 0)
);
CREATE INDEX ix_accounts_owner ON billing.accounts (owner);
CREATE INDEX ix_accounts_owner_status ON billing.accounts (owner, status);
CREATE TABLE counter (
    id INT NOT NULL,
    value BIGINT NOT NULL,
    CONSTRAINT pk_counter PRIMARY KEY (id)
);
CREATE TABLE billing.entries (
    account_id BIGINT NOT NULL,
    id INT NOT NULL,
    posted DATETIME(6) NOT NULL,
    cleared DATETIME(6),
    amount BIGINT NOT NULL,
    fee DECIMAL(65, 30) NOT NULL,
    rate DECIMAL(8, 4),
    tax DECIMAL(65, 30),
    parent_id INT,
    CONSTRAINT pk_entries PRIMARY KEY (account_id, id),
    CONSTRAINT fk_entries_account_id FOREIGN KEY (account_id) REFERENCES billing.accounts (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT fk_entries_parent_id FOREIGN KEY (parent_id) REFERENCES counter (id) ON DELETE SET NULL
);
CREATE TABLE transfer (
    id BIGINT NOT NULL AUTO_INCREMENT,
    from_id BIGINT NOT NULL,
    to_id BIGINT NOT NULL,
    CONSTRAINT pk_transfer PRIMARY KEY (id),
    CONSTRAINT fk_transfer_from_id FOREIGN KEY (from_id) REFERENCES billing.accounts (id),
    CONSTRAINT fk_transfer_to_id FOREIGN KEY (to_id) REFERENCES billing.accounts (id)
);
