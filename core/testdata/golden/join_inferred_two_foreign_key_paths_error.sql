-- employee joined to an alias of employee: reports_to links them both ways, and the error lists both.

-- postgres
-- error: retort: cannot infer join condition: 2 foreign-key paths link employee to boss (employee.reports_to -> boss.employee_id; boss.reports_to -> employee.employee_id); give an ON condition

-- sqlite
-- error: retort: cannot infer join condition: 2 foreign-key paths link employee to boss (employee.reports_to -> boss.employee_id; boss.reports_to -> employee.employee_id); give an ON condition

-- mysql
-- error: retort: cannot infer join condition: 2 foreign-key paths link employee to boss (employee.reports_to -> boss.employee_id; boss.reports_to -> employee.employee_id); give an ON condition

-- mariadb
-- error: retort: cannot infer join condition: 2 foreign-key paths link employee to boss (employee.reports_to -> boss.employee_id; boss.reports_to -> employee.employee_id); give an ON condition
