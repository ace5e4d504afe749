-- Names that need quoting: reserved words (order, select; user on PostgreSQL only; rank on MySQL only),
-- mixed case, a double quote and backticks (doubled inside the quotes), unicode.

-- postgres
SELECT "order".id, "order"."select", "order"."user", "order".rank, "order"."UserName", "order"."say ""hi"" `now`", "order"."prénom", "order".customer_id FROM "order" WHERE "order"."select" = $1 AND "order"."UserName" LIKE $2 AND "order"."say ""hi"" `now`" IS NOT NULL ORDER BY "order".rank DESC, "order"."prénom" ASC
-- args: ["s1", "A%"]

-- sqlite
SELECT "order".id, "order"."select", "order".user, "order".rank, "order"."UserName", "order"."say ""hi"" `now`", "order"."prénom", "order".customer_id FROM "order" WHERE "order"."select" = ? AND "order"."UserName" LIKE ? AND "order"."say ""hi"" `now`" IS NOT NULL ORDER BY "order".rank DESC, "order"."prénom" ASC
-- args: ["s1", "A%"]

-- mysql
SELECT `order`.id, `order`.`select`, `order`.user, `order`.`rank`, `order`.`UserName`, `order`.`say "hi" ``now```, `order`.`prénom`, `order`.customer_id FROM `order` WHERE `order`.`select` = ? AND `order`.`UserName` LIKE ? AND `order`.`say "hi" ``now``` IS NOT NULL ORDER BY `order`.`rank` DESC, `order`.`prénom` ASC
-- args: ["s1", "A%"]

-- mariadb
SELECT `order`.id, `order`.`select`, `order`.user, `order`.`rank`, `order`.`UserName`, `order`.`say "hi" ``now```, `order`.`prénom`, `order`.customer_id FROM `order` WHERE `order`.`select` = ? AND `order`.`UserName` LIKE ? AND `order`.`say "hi" ``now``` IS NOT NULL ORDER BY `order`.`rank` DESC, `order`.`prénom` ASC
-- args: ["s1", "A%"]
