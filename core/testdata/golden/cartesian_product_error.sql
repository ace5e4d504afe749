-- Two tables that nothing links: refused with ErrCartesianProduct.

-- postgres
-- error: retort: cartesian product: SELECT has a cartesian product between FROM element(s) "artist" and "album"; join them, link them in WHERE, or use CrossJoin

-- sqlite
-- error: retort: cartesian product: SELECT has a cartesian product between FROM element(s) "artist" and "album"; join them, link them in WHERE, or use CrossJoin

-- mysql
-- error: retort: cartesian product: SELECT has a cartesian product between FROM element(s) "artist" and "album"; join them, link them in WHERE, or use CrossJoin

-- mariadb
-- error: retort: cartesian product: SELECT has a cartesian product between FROM element(s) "artist" and "album"; join them, link them in WHERE, or use CrossJoin
