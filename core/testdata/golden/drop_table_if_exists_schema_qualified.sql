-- DROP TABLE IF EXISTS of a table in a schema.

-- postgres
DROP TABLE IF EXISTS "Billing".ledger
-- args: []

-- sqlite
DROP TABLE IF EXISTS "Billing".ledger
-- args: []

-- mysql
DROP TABLE IF EXISTS `Billing`.ledger
-- args: []

-- mariadb
DROP TABLE IF EXISTS `Billing`.ledger
-- args: []
