-- A column of a Go type with no SQL type (a struct) needs SQLType.

-- postgres
-- error: retort: invalid statement: column opaque.payload has no SQL type for its Go type struct { A int; B int }: give it one with SQLType

-- sqlite
-- error: retort: invalid statement: column opaque.payload has no SQL type for its Go type struct { A int; B int }: give it one with SQLType

-- mysql
-- error: retort: invalid statement: column opaque.payload has no SQL type for its Go type struct { A int; B int }: give it one with SQLType

-- mariadb
-- error: retort: invalid statement: column opaque.payload has no SQL type for its Go type struct { A int; B int }: give it one with SQLType
