-- A table named `Line "Items` 2` with a unicode column, and an anonymous alias of it.

-- postgres
SELECT "Line ""Items` 2"."名前", "Line ""Items` 2_1"."名前" AS "名前_1" FROM "Line ""Items` 2" JOIN "Line ""Items` 2" AS "Line ""Items` 2_1" ON "Line ""Items` 2".id < "Line ""Items` 2_1".id WHERE "Line ""Items` 2".id = $1
-- args: [1]

-- sqlite
SELECT "Line ""Items` 2"."名前", "Line ""Items` 2_1"."名前" AS "名前_1" FROM "Line ""Items` 2" JOIN "Line ""Items` 2" AS "Line ""Items` 2_1" ON "Line ""Items` 2".id < "Line ""Items` 2_1".id WHERE "Line ""Items` 2".id = ?
-- args: [1]

-- mysql
SELECT `Line "Items`` 2`.`名前`, `Line "Items`` 2_1`.`名前` AS `名前_1` FROM `Line "Items`` 2` JOIN `Line "Items`` 2` AS `Line "Items`` 2_1` ON `Line "Items`` 2`.id < `Line "Items`` 2_1`.id WHERE `Line "Items`` 2`.id = ?
-- args: [1]

-- mariadb
SELECT `Line "Items`` 2`.`名前`, `Line "Items`` 2_1`.`名前` AS `名前_1` FROM `Line "Items`` 2` JOIN `Line "Items`` 2` AS `Line "Items`` 2_1` ON `Line "Items`` 2`.id < `Line "Items`` 2_1`.id WHERE `Line "Items`` 2`.id = ?
-- args: [1]
