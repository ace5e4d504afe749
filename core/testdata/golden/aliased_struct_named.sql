-- core.Aliased copies a table struct onto an alias: c.Email is c.email.

-- postgres
SELECT c.email, rep.last_name FROM customer AS c JOIN employee AS rep ON c.support_rep_id = rep.employee_id WHERE c.country = $1
-- args: ["Brazil1"]

-- sqlite
SELECT c.email, rep.last_name FROM customer AS c JOIN employee AS rep ON c.support_rep_id = rep.employee_id WHERE c.country = ?
-- args: ["Brazil1"]

-- mysql
SELECT c.email, rep.last_name FROM customer AS c JOIN employee AS rep ON c.support_rep_id = rep.employee_id WHERE c.country = ?
-- args: ["Brazil1"]

-- mariadb
SELECT c.email, rep.last_name FROM customer AS c JOIN employee AS rep ON c.support_rep_id = rep.employee_id WHERE c.country = ?
-- args: ["Brazil1"]
