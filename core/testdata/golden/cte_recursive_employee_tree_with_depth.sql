-- WITH RECURSIVE over the employee tree: the anchor is the top manager, each step goes one level down.

-- postgres
WITH RECURSIVE tree(employee_id, last_name, depth) AS (SELECT employee.employee_id, employee.last_name, CAST($1 AS BIGINT) AS depth FROM employee WHERE employee.reports_to IS NULL UNION ALL SELECT employee.employee_id, employee.last_name, (tree.depth + $2) AS depth FROM employee JOIN tree ON employee.reports_to = tree.employee_id) SELECT tree.employee_id, tree.last_name, tree.depth FROM tree WHERE tree.depth <= $3 ORDER BY tree.depth ASC, tree.last_name ASC
-- args: [1, 1, 6]

-- sqlite
WITH RECURSIVE tree(employee_id, last_name, depth) AS (SELECT employee.employee_id, employee.last_name, ? AS depth FROM employee WHERE employee.reports_to IS NULL UNION ALL SELECT employee.employee_id, employee.last_name, (tree.depth + ?) AS depth FROM employee JOIN tree ON employee.reports_to = tree.employee_id) SELECT tree.employee_id, tree.last_name, tree.depth FROM tree WHERE tree.depth <= ? ORDER BY tree.depth ASC, tree.last_name ASC
-- args: [1, 1, 6]

-- mysql
WITH RECURSIVE tree(employee_id, last_name, depth) AS (SELECT employee.employee_id, employee.last_name, ? AS depth FROM employee WHERE employee.reports_to IS NULL UNION ALL SELECT employee.employee_id, employee.last_name, (tree.depth + ?) AS depth FROM employee JOIN tree ON employee.reports_to = tree.employee_id) SELECT tree.employee_id, tree.last_name, tree.depth FROM tree WHERE tree.depth <= ? ORDER BY tree.depth ASC, tree.last_name ASC
-- args: [1, 1, 6]

-- mariadb
WITH RECURSIVE tree(employee_id, last_name, depth) AS (SELECT employee.employee_id, employee.last_name, ? AS depth FROM employee WHERE employee.reports_to IS NULL UNION ALL SELECT employee.employee_id, employee.last_name, (tree.depth + ?) AS depth FROM employee JOIN tree ON employee.reports_to = tree.employee_id) SELECT tree.employee_id, tree.last_name, tree.depth FROM tree WHERE tree.depth <= ? ORDER BY tree.depth ASC, tree.last_name ASC
-- args: [1, 1, 6]
