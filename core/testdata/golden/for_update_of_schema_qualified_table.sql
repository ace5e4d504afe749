-- FOR UPDATE OF names a table without its schema: PostgreSQL refuses qualified names there.

-- postgres
SELECT "Billing".ledger.amount FROM "Billing".ledger WHERE "Billing".ledger.id = $1 FOR UPDATE OF ledger
-- args: [1]

-- sqlite
-- error: retort: unsupported by dialect: FOR UPDATE / FOR SHARE is not supported by sqlite

-- mysql
SELECT `Billing`.ledger.amount FROM `Billing`.ledger WHERE `Billing`.ledger.id = ? FOR UPDATE OF ledger
-- args: [1]

-- mariadb
-- error: retort: unsupported by dialect: FOR UPDATE OF is not supported by mariadb
