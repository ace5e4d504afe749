-- DELETE from a schema-qualified table, correlated EXISTS on the deleted table.

-- postgres
DELETE FROM "Billing".ledger WHERE NOT EXISTS (SELECT "order".id FROM "order" WHERE "order".id = "Billing".ledger.order_id AND "order".rank > $1)
-- args: [1]

-- sqlite
DELETE FROM "Billing".ledger WHERE NOT EXISTS (SELECT "order".id FROM "order" WHERE "order".id = "Billing".ledger.order_id AND "order".rank > ?)
-- args: [1]

-- mysql
DELETE FROM `Billing`.ledger WHERE NOT EXISTS (SELECT `order`.id FROM `order` WHERE `order`.id = `Billing`.ledger.order_id AND `order`.`rank` > ?)
-- args: [1]

-- mariadb
DELETE FROM `Billing`.ledger WHERE NOT EXISTS (SELECT `order`.id FROM `order` WHERE `order`.id = `Billing`.ledger.order_id AND `order`.`rank` > ?)
-- args: [1]
