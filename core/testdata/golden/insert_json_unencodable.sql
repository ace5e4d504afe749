-- A document encoding/json cannot encode fails Compile, naming the column, before anything is sent.

-- postgres
-- error: retort: invalid statement: column doc.data: json: unsupported type: chan int

-- sqlite
-- error: retort: invalid statement: column doc.data: json: unsupported type: chan int

-- mysql
-- error: retort: invalid statement: column doc.data: json: unsupported type: chan int

-- mariadb
-- error: retort: invalid statement: column doc.data: json: unsupported type: chan int
