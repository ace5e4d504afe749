// internal/codegen/tables.go

package codegen

import (
	"fmt"
	"go/types"
	"strconv"

	"github.com/retortdb/retort/core"
)

// CoreTables builds the package's tables with core, in the package's
// order, from the analysis alone: what retort schema compiles. The
// generated descriptors define the same tables, with typed columns.
func (p *Package) CoreTables() ([]*core.Table, error) {
	byName := map[string]*core.Table{}
	cols := map[*core.Table]map[string]core.Expression{}
	var out []*core.Table
	for _, s := range p.Structs {
		var opts []core.TableOption
		if s.Schema != "" {
			opts = append(opts, core.Schema(s.Schema))
		}
		t := core.NewTable(s.Table, opts...)
		cols[t] = map[string]core.Expression{}
		for _, c := range s.Columns {
			o := []core.ColumnOption{core.SQLType(c.SQLType)}
			if c.Nullable {
				o = append(o, core.Nullable())
			}
			if c.Tag.PK {
				o = append(o, core.PrimaryKey())
			}
			if c.AutoInc {
				o = append(o, core.AutoIncrement())
			}
			if c.Tag.Unique {
				o = append(o, core.Unique())
			}
			if c.Tag.Index {
				o = append(o, core.Indexed())
			}
			if c.Tag.ServerDefault != "" {
				o = append(o, core.ServerDefault(c.Tag.ServerDefault))
			}
			cols[t][c.Name] = core.NewColumn[any](t, c.Name, o...)
		}
		byName[s.Table] = t
		out = append(out, t)
	}
	// Foreign keys once every table exists, in column order, as the
	// descriptors' References options add them.
	for i, s := range p.Structs {
		t := out[i]
		for _, c := range s.Columns {
			ref := c.Tag.References
			if ref == nil {
				continue
			}
			rt := byName[ref.Table]
			if rt == nil || cols[rt][ref.Column] == nil {
				return nil, fmt.Errorf("%s.%s references unknown column %s.%s", s.Name, c.Field, ref.Table, ref.Column)
			}
			t.AddForeignKey([]core.Expression{cols[t][c.Name]}, []core.Expression{cols[rt][ref.Column]}, fkOptions(c)...)
		}
		for _, ix := range s.Indexes {
			var ics []core.Expression
			for _, name := range ix.Columns {
				ics = append(ics, cols[t][name])
			}
			t.AddIndex(ix.Name, ix.Unique, ics...)
		}
		for _, ck := range s.Checks {
			t.AddCheck(ck)
		}
		if err := t.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", s.Name, err)
		}
	}
	return out, nil
}

func fkOptions(c *Column) []core.FKOption {
	var o []core.FKOption
	if c.Tag.OnDelete != "" {
		o = append(o, core.OnDelete(c.Tag.OnDelete))
	}
	if c.Tag.OnUpdate != "" {
		o = append(o, core.OnUpdate(c.Tag.OnUpdate))
	}
	return o
}

// defaultLiteral returns the Go expression of a column's default: value,
// checked against the column's type.
func defaultLiteral(c *Column) (string, error) {
	v := c.Tag.Default
	b, ok := c.Type.Underlying().(*types.Basic)
	if !ok {
		return "", fmt.Errorf("default: takes a number, a string or a boolean; this column is %s", c.Type)
	}
	var lit string
	var err error
	switch {
	case b.Info()&types.IsString != 0:
		lit = strconv.Quote(v)
	case b.Info()&types.IsBoolean != 0:
		_, err = strconv.ParseBool(v)
		lit = v
	case b.Info()&types.IsInteger != 0:
		_, err = strconv.ParseInt(v, 10, 64)
		lit = v
	case b.Info()&types.IsFloat != 0:
		_, err = strconv.ParseFloat(v, 64)
		lit = v
	default:
		return "", fmt.Errorf("default: takes a number, a string or a boolean; this column is %s", c.Type)
	}
	if err != nil {
		return "", fmt.Errorf("default:%s is not a %s", v, c.Type)
	}
	return lit, nil
}
