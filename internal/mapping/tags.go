// internal/mapping/tags.go

package mapping

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/retortdb/retort/core"
)

// The `retort:"..."` tag holds options separated by semicolons, each a key
// or key:value. Semicolons, not commas, separate them because values are
// lists and SQL ("order_by:created_at desc, id", "check:price > 0").

// option is one key or key:value of a tag.
type option struct{ key, value string }

// splitTag splits a tag into its options. A key other than those in
// repeatable may appear once.
func splitTag(tag string, repeatable ...string) ([]option, error) {
	var opts []option
	seen := map[string]bool{}
	for part := range strings.SplitSeq(tag, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, ":")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if seen[k] && !slices.Contains(repeatable, k) {
			return nil, fmt.Errorf("option %q given twice", k)
		}
		seen[k] = true
		opts = append(opts, option{k, v})
	}
	return opts, nil
}

// ColumnTag is what a column field's tag says.
type ColumnTag struct {
	Skip          bool   // "-": the field is not mapped
	Computed      bool   // "computed": a field filled from a SQL expression, not a column (Skip is set too)
	Column        string // "column:name"; empty for the snake_case default
	PK            bool   // "pk"
	AutoIncrement *bool  // "autoincrement" or "autoincrement:false"; nil for the default
	Unique        bool   // "unique"
	Index         bool   // "index"
	Version       bool   // "version": the optimistic-locking counter
	Deferred      bool   // "deferred": left out of queries unless they Undefer it
	SoftDelete    bool   // "soft_delete": a delete sets it, and queries leave out the rows it marks
	Default       string // "default:v": a literal bound at INSERT
	ServerDefault string // "server_default:now()": DDL text
	Type          *core.Type
	References    *Ref // "references:table.column"
	OnDelete      core.FKAction
	OnUpdate      core.FKAction
}

// Ref names a referenced column.
type Ref struct{ Table, Column string }

// ParseColumnTag parses the tag of a field mapped to a column.
func ParseColumnTag(tag string) (ColumnTag, error) {
	var t ColumnTag
	if strings.TrimSpace(tag) == "-" {
		t.Skip = true
		return t, nil
	}
	opts, err := splitTag(tag)
	if err != nil {
		return t, err
	}
	for _, o := range opts {
		noValue := func() error {
			if o.value != "" {
				return fmt.Errorf("option %q takes no value", o.key)
			}
			return nil
		}
		needValue := func() error {
			if o.value == "" {
				return fmt.Errorf("option %q needs a value (%s:...)", o.key, o.key)
			}
			return nil
		}
		var err error
		switch o.key {
		case "column":
			err = needValue()
			t.Column = o.value
		case "pk":
			err = noValue()
			t.PK = true
		case "autoincrement":
			on := true
			if o.value != "" {
				on, err = strconv.ParseBool(o.value)
				if err != nil {
					err = fmt.Errorf("autoincrement:%s: want true or false", o.value)
				}
			}
			t.AutoIncrement = &on
		case "unique":
			err = noValue()
			t.Unique = true
		case "index":
			err = noValue()
			t.Index = true
		case "version":
			err = noValue()
			t.Version = true
		case "deferred":
			err = noValue()
			t.Deferred = true
		case "soft_delete":
			err = noValue()
			t.SoftDelete = true
		case "computed":
			err = noValue()
			if err == nil && len(opts) > 1 {
				err = fmt.Errorf("option \"computed\" stands alone: a computed field is not a column")
			}
			t.Computed, t.Skip = true, true
		case "default":
			err = needValue()
			t.Default = o.value
		case "server_default":
			err = needValue()
			t.ServerDefault = o.value
		case "type":
			var typ core.Type
			typ, err = ParseSQLType(o.value)
			t.Type = &typ
		case "references":
			tbl, col, ok := strings.Cut(o.value, ".")
			if !ok || tbl == "" || col == "" || strings.Contains(col, ".") {
				err = fmt.Errorf("references:%s: want table.column", o.value)
			}
			t.References = &Ref{tbl, col}
		case "ondelete":
			t.OnDelete, err = parseAction(o)
		case "onupdate":
			t.OnUpdate, err = parseAction(o)
		default:
			err = fmt.Errorf("unknown option %q for a column%s", o.key, suggest(o.key, columnKeys))
		}
		if err != nil {
			return t, err
		}
	}
	if (t.OnDelete != "" || t.OnUpdate != "") && t.References == nil {
		return t, fmt.Errorf("ondelete and onupdate need references:table.column")
	}
	return t, nil
}

var columnKeys = []string{"column", "pk", "autoincrement", "unique", "index", "version", "deferred", "soft_delete",
	"computed", "default", "server_default", "type", "references", "ondelete", "onupdate"}

func parseAction(o option) (core.FKAction, error) {
	a := core.FKAction(strings.ToUpper(o.value))
	switch a {
	case core.FKCascade, core.FKSetNull, core.FKSetDefault, core.FKRestrict, core.FKNoAction:
		return a, nil
	}
	return "", fmt.Errorf("%s:%s: want cascade, set null, set default, restrict or no action", o.key, o.value)
}

// RelTag is what a relationship field's tag says.
type RelTag struct {
	FK             []string // "fk:col, col": the foreign key's columns, when several link the tables
	Secondary      string   // "secondary:table": the association table of a many-to-many
	OrderBy        []Order  // "order_by:col desc, col"
	Back           string   // "back:Field": the target's relationship that mirrors this one
	Cascade        Cascade  // "cascade:all, delete-orphan"
	PassiveDeletes bool     // "passive_deletes"
	Lazy           string   // "lazy:selectin": the default loading strategy
}

// Order is one term of a relationship's order_by.
type Order struct {
	Column string
	Desc   bool
}

// Cascade is a set of cascade options, as in SQLAlchemy.
type Cascade uint8

// The cascades. SaveUpdate is the default; "all" is SaveUpdate|Merge|Delete.
const (
	SaveUpdate Cascade = 1 << iota
	Delete
	DeleteOrphan
	Merge
)

// Strategies are the values of lazy:.
var Strategies = []string{"selectin", "joined", "raise", "noload"}

// ParseRelTag parses the tag of a field mapped to a relationship.
func ParseRelTag(tag string) (RelTag, error) {
	t := RelTag{Cascade: SaveUpdate}
	opts, err := splitTag(tag)
	if err != nil {
		return t, err
	}
	for _, o := range opts {
		var err error
		if o.value == "" && o.key != "passive_deletes" && slices.Contains(relKeys, o.key) {
			return t, fmt.Errorf("option %q needs a value (%s:...)", o.key, o.key)
		}
		switch o.key {
		case "fk":
			t.FK = splitList(o.value)
		case "secondary":
			t.Secondary = o.value
		case "order_by":
			t.OrderBy, err = parseOrderBy(o.value)
		case "back":
			t.Back = o.value
		case "cascade":
			t.Cascade, err = parseCascade(o.value)
		case "passive_deletes":
			if o.value != "" {
				err = fmt.Errorf("option %q takes no value", o.key)
			}
			t.PassiveDeletes = true
		case "lazy":
			if !slices.Contains(Strategies, o.value) {
				err = fmt.Errorf("lazy:%s: want one of %s", o.value, strings.Join(Strategies, ", "))
			}
			t.Lazy = o.value
		default:
			err = fmt.Errorf("unknown option %q for a relationship%s", o.key, suggest(o.key, relKeys))
		}
		if err != nil {
			return t, err
		}
	}
	if t.Cascade&DeleteOrphan != 0 && t.Cascade&Delete == 0 {
		// SQLAlchemy asks the same: an orphan is deleted only by
		// a cascade that deletes.
		return t, fmt.Errorf("cascade delete-orphan needs delete too (cascade:all, delete-orphan)")
	}
	return t, nil
}

var relKeys = []string{"fk", "secondary", "order_by", "back", "cascade", "passive_deletes", "lazy"}

func splitList(s string) []string {
	var out []string
	for part := range strings.SplitSeq(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func parseOrderBy(s string) ([]Order, error) {
	var out []Order
	for _, term := range splitList(s) {
		f := strings.Fields(term)
		o := Order{Column: f[0]}
		switch {
		case len(f) == 1:
		case len(f) == 2 && strings.EqualFold(f[1], "desc"):
			o.Desc = true
		case len(f) == 2 && strings.EqualFold(f[1], "asc"):
		default:
			return nil, fmt.Errorf("order_by term %q: want column [asc|desc]", term)
		}
		out = append(out, o)
	}
	return out, nil
}

func parseCascade(s string) (Cascade, error) {
	var c Cascade
	for _, name := range splitList(s) {
		switch strings.ToLower(name) {
		case "all":
			c |= SaveUpdate | Merge | Delete
		case "save-update":
			c |= SaveUpdate
		case "merge":
			c |= Merge
		case "delete":
			c |= Delete
		case "delete-orphan":
			c |= DeleteOrphan
		case "none":
		default:
			return 0, fmt.Errorf("cascade %q: want save-update, merge, delete, delete-orphan, all or none", name)
		}
	}
	return c, nil
}

// TableTag is what the tag of a struct's blank field (`_ struct{}`) says
// about its table.
type TableTag struct {
	Name       string   // "table:users"
	Descriptor string   // "descriptor:People": the generated descriptor's name
	Schema     string   // "schema:sales"
	Indexes    []Index  // "index:name(col, col)", "unique:(col, col)"
	Checks     []string // "check:price > 0"
}

// Index is a composite index or unique constraint of a table tag.
type Index struct {
	Name    string
	Columns []string
	Unique  bool
}

// ParseTableTag parses the tag of a struct's blank field.
func ParseTableTag(tag string) (TableTag, error) {
	var t TableTag
	opts, err := splitTag(tag, "index", "unique", "check")
	if err != nil {
		return t, err
	}
	for _, o := range opts {
		if o.value == "" {
			return t, fmt.Errorf("option %q needs a value (%s:...)", o.key, o.key)
		}
		switch o.key {
		case "table":
			t.Name = o.value
		case "descriptor":
			t.Descriptor = o.value
		case "schema":
			t.Schema = o.value
		case "index", "unique":
			name, rest, ok := strings.Cut(o.value, "(")
			cols := splitList(strings.TrimSuffix(rest, ")"))
			if !ok || !strings.HasSuffix(rest, ")") || len(cols) == 0 {
				return t, fmt.Errorf("%s:%s: want %s:[name](col, col)", o.key, o.value, o.key)
			}
			t.Indexes = append(t.Indexes, Index{Name: strings.TrimSpace(name), Columns: cols, Unique: o.key == "unique"})
		case "check":
			t.Checks = append(t.Checks, o.value)
		default:
			return t, fmt.Errorf("unknown option %q for a table%s", o.key, suggest(o.key, tableKeys))
		}
	}
	return t, nil
}

var tableKeys = []string{"table", "descriptor", "schema", "index", "unique", "check"}

// suggest returns ", did you mean x?" when key is one edit from a known key
// or differs only in case or underscores.
func suggest(key string, known []string) string {
	norm := func(s string) string { return strings.ReplaceAll(strings.ToLower(s), "_", "") }
	for _, k := range known {
		if norm(k) == norm(key) {
			return fmt.Sprintf(" (did you mean %q?)", k)
		}
	}
	return fmt.Sprintf(" (known: %s)", strings.Join(known, ", "))
}

// ParseSQLType parses a type: override: bigint, integer, smallint, boolean,
// real, double, numeric(p, s), text, varchar(n), bytes, date, timestamp,
// timestamptz, json or uuid, in any case, or an array of one of them
// (text[], bigint[]), or sql(name) for a type Retort does not know,
// spelt as name (core.Custom: sql(citext), sql(vector(3))).
func ParseSQLType(s string) (core.Type, error) {
	if name, ok := strings.CutPrefix(strings.TrimSpace(s), "sql("); ok && strings.HasSuffix(name, ")") {
		return core.Custom(strings.TrimSuffix(name, ")")), nil // checked where it compiles
	}
	if elem, ok := strings.CutSuffix(strings.TrimSpace(s), "[]"); ok {
		t, err := ParseSQLType(elem)
		if err != nil || t.Kind() == core.KindArray || t.Kind() == core.KindJSON {
			return core.Type{}, fmt.Errorf("type:%s: an array's element must be one of the other types", s)
		}
		return core.Array(t), nil
	}
	name, args, hasArgs := strings.Cut(strings.ToLower(strings.TrimSpace(s)), "(")
	name = strings.TrimSpace(name)
	var nums []int
	if hasArgs {
		if !strings.HasSuffix(args, ")") {
			return core.Type{}, fmt.Errorf("type:%s: unbalanced parenthesis", s)
		}
		for _, a := range splitList(strings.TrimSuffix(args, ")")) {
			n, err := strconv.Atoi(a)
			if err != nil || n < 0 {
				return core.Type{}, fmt.Errorf("type:%s: %q is not a length", s, a)
			}
			nums = append(nums, n)
		}
	}
	simple := map[string]core.Type{
		"bigint": core.BigInt, "integer": core.Integer, "int": core.Integer, "smallint": core.SmallInt,
		"boolean": core.Boolean, "bool": core.Boolean, "real": core.Real, "double": core.Double,
		"text": core.Text, "bytes": core.Bytes, "date": core.Date, "timestamp": core.Timestamp,
		"timestamptz": core.TimestampTZ, "json": core.JSON, "uuid": core.UUID,
	}
	switch {
	case name == "varchar" && len(nums) == 1 && nums[0] > 0:
		return core.Varchar(nums[0]), nil
	case name == "numeric" && len(nums) <= 2:
		nums = append(nums, 0, 0)
		return core.Numeric(nums[0], nums[1]), nil
	case !hasArgs && simple[name] != core.Type{}:
		return simple[name], nil
	}
	return core.Type{}, fmt.Errorf("type:%s: want bigint, integer, smallint, boolean, real, double, numeric(p, s), text, varchar(n), bytes, date, timestamp, timestamptz, json, uuid, an array of one (text[]), or sql(name) for another", s)
}
