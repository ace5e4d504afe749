-- A table in schema "Billing" (quoted, mixed case), joined to "order" through its foreign key.

-- postgres
SELECT "Billing".ledger.id, "Billing".ledger.amount, "order"."UserName" FROM "Billing".ledger JOIN "order" ON "Billing".ledger.order_id = "order".id WHERE "Billing".ledger.amount > $1
-- args: [1.5]

-- sqlite
SELECT "Billing".ledger.id, "Billing".ledger.amount, "order"."UserName" FROM "Billing".ledger JOIN "order" ON "Billing".ledger.order_id = "order".id WHERE "Billing".ledger.amount > ?
-- args: [1.5]

-- mysql
SELECT `Billing`.ledger.id, `Billing`.ledger.amount, `order`.`UserName` FROM `Billing`.ledger JOIN `order` ON `Billing`.ledger.order_id = `order`.id WHERE `Billing`.ledger.amount > ?
-- args: [1.5]

-- mariadb
SELECT `Billing`.ledger.id, `Billing`.ledger.amount, `order`.`UserName` FROM `Billing`.ledger JOIN `order` ON `Billing`.ledger.order_id = `order`.id WHERE `Billing`.ledger.amount > ?
-- args: [1.5]
