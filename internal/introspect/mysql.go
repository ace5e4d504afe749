package introspect

import (
	"context"
	"errors"

	"github.com/retortdb/retort/engine"
)

func readMySQL(context.Context, *engine.Tx) (*Schema, error) {
	return nil, errors.New("introspect: MariaDB and MySQL are not read yet")
}
