-- INTERSECT: cities with both customers and employees.

-- postgres
SELECT customer.city FROM customer WHERE customer.customer_id > $1 INTERSECT SELECT employee.city FROM employee ORDER BY city ASC
-- args: [1]

-- sqlite
SELECT customer.city FROM customer WHERE customer.customer_id > ? INTERSECT SELECT employee.city FROM employee ORDER BY city ASC
-- args: [1]

-- mysql
SELECT customer.city FROM customer WHERE customer.customer_id > ? INTERSECT SELECT employee.city FROM employee ORDER BY city ASC
-- args: [1]

-- mariadb
SELECT customer.city FROM customer WHERE customer.customer_id > ? INTERSECT SELECT employee.city FROM employee ORDER BY city ASC
-- args: [1]
