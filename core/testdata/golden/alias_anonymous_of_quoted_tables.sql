-- Anonymous aliases of "order" and of "Billing".ledger: the generated names are quoted as needed.

-- postgres
SELECT order_1."UserName", ledger_1.amount FROM "Billing".ledger AS ledger_1 JOIN "order" AS order_1 ON ledger_1.order_id = order_1.id WHERE order_1.id = $1
-- args: [1]

-- sqlite
SELECT order_1."UserName", ledger_1.amount FROM "Billing".ledger AS ledger_1 JOIN "order" AS order_1 ON ledger_1.order_id = order_1.id WHERE order_1.id = ?
-- args: [1]

-- mysql
SELECT order_1.`UserName`, ledger_1.amount FROM `Billing`.ledger AS ledger_1 JOIN `order` AS order_1 ON ledger_1.order_id = order_1.id WHERE order_1.id = ?
-- args: [1]

-- mariadb
SELECT order_1.`UserName`, ledger_1.amount FROM `Billing`.ledger AS ledger_1 JOIN `order` AS order_1 ON ledger_1.order_id = order_1.id WHERE order_1.id = ?
-- args: [1]
