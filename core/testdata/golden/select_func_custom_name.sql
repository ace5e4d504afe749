-- Func with a name of the program's choosing, written as given (not quoted).

-- postgres
SELECT replace(employee.email, CAST($1 AS TEXT), CAST($2 AS TEXT)) AS spelled FROM employee
-- args: ["@1", " at "]

-- sqlite
SELECT replace(employee.email, ?, ?) AS spelled FROM employee
-- args: ["@1", " at "]

-- mysql
SELECT replace(employee.email, ?, ?) AS spelled FROM employee
-- args: ["@1", " at "]

-- mariadb
SELECT replace(employee.email, ?, ?) AS spelled FROM employee
-- args: ["@1", " at "]
