-- A self-join stated with ON: each employee with their manager.

-- postgres
SELECT employee.last_name, boss.last_name AS boss_last_name FROM employee LEFT OUTER JOIN employee AS boss ON employee.reports_to = boss.employee_id WHERE employee.employee_id > $1
-- args: [1]

-- sqlite
SELECT employee.last_name, boss.last_name AS boss_last_name FROM employee LEFT OUTER JOIN employee AS boss ON employee.reports_to = boss.employee_id WHERE employee.employee_id > ?
-- args: [1]

-- mysql
SELECT employee.last_name, boss.last_name AS boss_last_name FROM employee LEFT OUTER JOIN employee AS boss ON employee.reports_to = boss.employee_id WHERE employee.employee_id > ?
-- args: [1]

-- mariadb
SELECT employee.last_name, boss.last_name AS boss_last_name FROM employee LEFT OUTER JOIN employee AS boss ON employee.reports_to = boss.employee_id WHERE employee.employee_id > ?
-- args: [1]
