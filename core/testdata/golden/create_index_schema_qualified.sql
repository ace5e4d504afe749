-- An index of a table in a schema: on SQLite the schema qualifies the index's name, not the table's.

-- postgres
CREATE INDEX ix_account_ledger_id ON "Billing".account (ledger_id)
-- args: []

-- sqlite
CREATE INDEX "Billing".ix_account_ledger_id ON account (ledger_id)
-- args: []

-- mysql
CREATE INDEX ix_account_ledger_id ON `Billing`.account (ledger_id)
-- args: []

-- mariadb
CREATE INDEX ix_account_ledger_id ON `Billing`.account (ledger_id)
-- args: []
