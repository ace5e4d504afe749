-- No foreign key links genre and artist: the error names both.

-- postgres
-- error: retort: cannot infer join condition: no foreign key links genre to artist; give an ON condition

-- sqlite
-- error: retort: cannot infer join condition: no foreign key links genre to artist; give an ON condition

-- mysql
-- error: retort: cannot infer join condition: no foreign key links genre to artist; give an ON condition

-- mariadb
-- error: retort: cannot infer join condition: no foreign key links genre to artist; give an ON condition
