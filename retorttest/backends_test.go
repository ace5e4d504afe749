package retorttest_test

// The tests run on every backend.
import (
	_ "github.com/retortdb/retort/engine/mysql"
	_ "github.com/retortdb/retort/engine/pgx"
	_ "github.com/retortdb/retort/engine/sqlite"
)
