-- A subquery whose only table is correlated away would have no FROM: refused.

-- postgres
-- error: retort: invalid statement: a subquery has no FROM item left once correlated to the enclosing query; From states its own

-- sqlite
-- error: retort: invalid statement: a subquery has no FROM item left once correlated to the enclosing query; From states its own

-- mysql
-- error: retort: invalid statement: a subquery has no FROM item left once correlated to the enclosing query; From states its own

-- mariadb
-- error: retort: invalid statement: a subquery has no FROM item left once correlated to the enclosing query; From states its own
