-- FULL OUTER JOIN: PostgreSQL and SQLite (3.39+); MySQL and MariaDB do not have it.

-- postgres
SELECT employee.last_name, customer.last_name AS last_name_1 FROM employee FULL OUTER JOIN customer ON customer.support_rep_id = employee.employee_id WHERE employee.employee_id < $1
-- args: [1]

-- sqlite
SELECT employee.last_name, customer.last_name AS last_name_1 FROM employee FULL OUTER JOIN customer ON customer.support_rep_id = employee.employee_id WHERE employee.employee_id < ?
-- args: [1]

-- mysql
-- error: retort: unsupported by dialect: FULL OUTER JOIN is not supported by mysql

-- mariadb
-- error: retort: unsupported by dialect: FULL OUTER JOIN is not supported by mariadb
