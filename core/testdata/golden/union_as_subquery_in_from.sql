-- A UNION used as a named subquery.

-- postgres
SELECT people.country, count(*) AS n FROM (SELECT employee.email, employee.country FROM employee WHERE employee.employee_id > $1 UNION SELECT customer.email, customer.country FROM customer) AS people GROUP BY people.country
-- args: [1]

-- sqlite
SELECT people.country, count(*) AS n FROM (SELECT employee.email, employee.country FROM employee WHERE employee.employee_id > ? UNION SELECT customer.email, customer.country FROM customer) AS people GROUP BY people.country
-- args: [1]

-- mysql
SELECT people.country, count(*) AS n FROM (SELECT employee.email, employee.country FROM employee WHERE employee.employee_id > ? UNION SELECT customer.email, customer.country FROM customer) AS people GROUP BY people.country
-- args: [1]

-- mariadb
SELECT people.country, count(*) AS n FROM (SELECT employee.email, employee.country FROM employee WHERE employee.employee_id > ? UNION SELECT customer.email, customer.country FROM customer) AS people GROUP BY people.country
-- args: [1]
