-- UNION ALL of three SELECTs.

-- postgres
SELECT employee.email FROM employee WHERE employee.employee_id = $1 UNION ALL SELECT customer.email FROM customer WHERE customer.customer_id = $2 UNION ALL SELECT customer.email FROM customer WHERE customer.customer_id = $3
-- args: [1, 2, 3]

-- sqlite
SELECT employee.email FROM employee WHERE employee.employee_id = ? UNION ALL SELECT customer.email FROM customer WHERE customer.customer_id = ? UNION ALL SELECT customer.email FROM customer WHERE customer.customer_id = ?
-- args: [1, 2, 3]

-- mysql
SELECT employee.email FROM employee WHERE employee.employee_id = ? UNION ALL SELECT customer.email FROM customer WHERE customer.customer_id = ? UNION ALL SELECT customer.email FROM customer WHERE customer.customer_id = ?
-- args: [1, 2, 3]

-- mariadb
SELECT employee.email FROM employee WHERE employee.employee_id = ? UNION ALL SELECT customer.email FROM customer WHERE customer.customer_id = ? UNION ALL SELECT customer.email FROM customer WHERE customer.customer_id = ?
-- args: [1, 2, 3]
