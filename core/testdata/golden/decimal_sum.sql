-- The sum of a decimal column: sum() where the database adds decimals, SQLite's retort_decimal_sum, which adds its floats as decimals.

-- postgres
SELECT payment.payer, sum(payment.amount) AS paid, avg(payment.amount) AS mean FROM payment GROUP BY payment.payer HAVING sum(payment.amount) > $1
-- args: [decimal.New(1, -2)]

-- sqlite
SELECT payment.payer, retort_decimal_sum(payment.amount) AS paid, avg(payment.amount) AS mean FROM payment GROUP BY payment.payer HAVING retort_decimal_sum(payment.amount) > ?
-- args: [decimal.New(1, -2)]

-- mysql
SELECT payment.payer, sum(payment.amount) AS paid, avg(payment.amount) AS mean FROM payment GROUP BY payment.payer HAVING sum(payment.amount) > ?
-- args: [decimal.New(1, -2)]

-- mariadb
SELECT payment.payer, sum(payment.amount) AS paid, avg(payment.amount) AS mean FROM payment GROUP BY payment.payer HAVING sum(payment.amount) > ?
-- args: [decimal.New(1, -2)]
