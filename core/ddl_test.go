package core_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/chinook"
	"github.com/retortdb/retort/internal/testdb"
)

// ddlNames lists the tables' names, for messages.
func ddlNames(tables []*core.Table) []string {
	out := make([]string, len(tables))
	for i, t := range tables {
		out[i] = t.Name()
	}
	return out
}

// ddlCreate creates tables, in order, each with its secondary indexes.
func ddlCreate(t *testing.T, db *testdb.DB, tables []*core.Table) {
	t.Helper()
	for _, tb := range tables {
		execStmt(t, db, core.CreateTable(tb))
		for _, ix := range tb.SecondaryIndexes() {
			execStmt(t, db, core.CreateIndex(tb, ix))
		}
	}
}

// ddlCatalog is hand-written SQL that counts the test namespace's tables
// and the indexes named ix_..., read from each database's catalog.
var ddlCatalog = map[string]struct{ tables, indexes string }{
	testdb.Postgres: {
		"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()",
		"SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE 'ix\\_%'",
	},
	testdb.MySQL: {
		"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()",
		"SELECT COUNT(DISTINCT table_name, index_name) FROM information_schema.statistics " +
			"WHERE table_schema = DATABASE() AND index_name LIKE 'ix\\_%'",
	},
	testdb.SQLite: {
		"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
		"SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix\\_%' ESCAPE '\\'",
	},
}

// TestExecCreateChinook creates the eleven Chinook tables from their core
// definitions, with every foreign key and index, loads the dataset's rows
// with the foreign keys enforced, and drops the tables again.
func TestExecCreateChinook(t *testing.T) {
	t.Parallel()
	// Reversed, so that SortTables has work to do: every referenced table
	// comes after the tables that reference it.
	input := slices.Clone(chinook.Tables())
	slices.Reverse(input)
	tables, err := core.SortTables(input)
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != 11 {
		t.Fatalf("SortTables returned %d tables, want 11: %v", len(tables), ddlNames(tables))
	}
	wantIndexes := 0
	for _, tb := range tables {
		wantIndexes += len(tb.SecondaryIndexes())
	}
	al := chinook.Album
	orphan := core.Insert(al.Table).Values(al.AlbumID.Set(100000), al.Title.Set("orphan"), al.ArtistID.Set(999999))

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ddlCreate(t, db, tables)
		cat := ddlCatalog[db.Name]
		if n := execHandInt(t, db, cat.tables); n != 11 {
			t.Errorf("%d tables after CREATE TABLE, want 11", n)
		}
		if n := execHandInt(t, db, cat.indexes); n != int64(wantIndexes) {
			t.Errorf("%d ix_ indexes, want %d", n, wantIndexes)
		}

		testdb.LoadChinookData(t, db)
		for table, want := range map[string]int{
			"track": testdb.ChinookTracks, "invoice": testdb.ChinookInvoices, "invoice_line": testdb.ChinookInvoiceLines,
			"playlist_track": testdb.ChinookPlaylistTracks, "employee": testdb.ChinookEmployees,
			"artist": 275, "album": 347, "genre": 25, "media_type": 5, "playlist": 18, "customer": 59,
		} {
			if n := execHandInt(t, db, "SELECT COUNT(*) FROM "+table); n != int64(want) {
				t.Errorf("%s has %d rows, want %d", table, n, want)
			}
		}

		// The foreign keys are there and enforced.
		c := execCompile(t, db, orphan)
		if _, err := db.Exec(t.Context(), c.SQL, c.Args...); err == nil {
			t.Errorf("an album of a missing artist was inserted: no foreign key\n%s", c.SQL)
		}

		for _, tb := range slices.Backward(tables) {
			execStmt(t, db, core.DropTable(tb))
		}
		if n := execHandInt(t, db, cat.tables); n != 0 {
			t.Errorf("%d tables left after DROP TABLE", n)
		}
		execStmt(t, db, core.DropTable(chinook.Artist.Table).IfExists())
	})
}

// TestExecDDLFeatures runs the golden tests' shelf, book, copy and loan
// tables: auto-increment keys, server defaults, CHECK and unique
// constraints, and foreign key actions, each checked by what the database
// then does.
func TestExecDDLFeatures(t *testing.T) {
	t.Parallel()
	tables, err := core.SortTables([]*core.Table{gLoan.Table, gCopy.Table, gBook.Table, gShelf.Table})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(ddlNames(tables), " "); got != "shelf book copy loan" {
		t.Fatalf("SortTables: %s", got)
	}
	s, b, cp, l := gShelf, gBook, gCopy, gLoan
	shelves := core.Insert(s.Table).
		Values(s.Code.Set("A"), s.Room.Set("north")).
		Values(s.Code.Set("B"), s.Room.Set("south")).
		Values(s.Code.Set("C"), s.Room.Set("east"))
	one, three := int64(1), int64(3)
	books := core.Insert(b.Table).
		Values(b.ID.Set(1), b.ShelfID.Set(&one), b.ShelfCode.Set("C"), b.PreviousID.SetNull()).
		Values(b.ID.Set(2), b.ShelfID.Set(&three), b.ShelfCode.Set("B"), b.PreviousID.Set(&one))
	copies := core.Insert(cp.Table).
		Values(cp.BookID.Set(1), cp.CopyNo.Set(1)).
		Values(cp.BookID.Set(2), cp.CopyNo.Set(1)).
		Values(cp.BookID.Set(2), cp.CopyNo.Set(2))
	loans := core.Insert(l.Table).
		Values(l.BookID.Set(2), l.CopyNo.Set(2)).
		Values(l.BookID.Set(1), l.CopyNo.Set(1))
	mustFail := map[string]core.Statement{
		"CHECK (capacity > 0)":   core.Insert(s.Table).Values(s.Code.Set("D"), s.Room.Set("west"), s.Capacity.Set(0)),
		"UNIQUE (code)":          core.Insert(s.Table).Values(s.Code.Set("A"), s.Room.Set("west")),
		"ON DELETE RESTRICT":     core.Delete(b.Table).Where(b.ID.Eq(1)),
		"composite FOREIGN KEY":  core.Insert(l.Table).Values(l.BookID.Set(1), l.CopyNo.Set(9)),
		"FOREIGN KEY to a TEXT":  core.Insert(b.Table).Values(b.ID.Set(3), b.ShelfID.SetNull(), b.ShelfCode.Set("Z"), b.PreviousID.SetNull()),
		"NOT NULL without value": core.Insert(s.Table).Values(s.Room.Set("west")),
	}

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ddlCreate(t, db, tables)
		// Again, idempotently.
		for _, tb := range tables {
			execStmt(t, db, core.CreateTable(tb).IfNotExists())
			for _, ix := range tb.SecondaryIndexes() {
				stmt := core.CreateIndex(tb, ix).IfNotExists()
				if !db.Dialect().Has(core.FeatureCreateIndexIfNotExists) {
					execUnsupported(t, db, stmt, "CREATE INDEX IF NOT EXISTS")
					continue
				}
				execStmt(t, db, stmt)
			}
		}

		execStmt(t, db, shelves)
		execStmt(t, db, books)
		execStmt(t, db, copies)
		execStmt(t, db, loans)
		// Generated keys, and the server defaults of label and capacity.
		execAssertRows(t, "shelves", execQuery(t, db,
			core.Select(s.ID, s.Code, s.Label, s.Capacity).OrderBy(s.ID)),
			[][]string{{"1", "A", "untitled", "10"}, {"2", "B", "untitled", "10"}, {"3", "C", "untitled", "10"}})
		execAssertRows(t, "loans", execQuery(t, db, core.Select(l.ID, l.BookID).OrderBy(l.ID)),
			[][]string{{"1", "2"}, {"2", "1"}})

		for what, stmt := range mustFail {
			c := execCompile(t, db, stmt)
			if _, err := db.Exec(t.Context(), c.SQL, c.Args...); err == nil {
				t.Errorf("%s not enforced: %s succeeded", what, c.SQL)
			}
		}

		// ON UPDATE CASCADE: book 2 follows its shelf's new id.
		execStmt(t, db, core.Update(s.Table).Set(s.ID.Set(30)).Where(s.ID.Eq(3)))
		// ON DELETE SET NULL: book 1 loses its shelf.
		execStmt(t, db, core.Delete(s.Table).Where(s.ID.Eq(1)))
		execAssertRows(t, "books after updating shelf 3 and deleting shelf 1",
			execQuery(t, db, core.Select(b.ID, b.ShelfID).OrderBy(b.ID)), [][]string{{"1", "NULL"}, {"2", "30"}})
		// ON DELETE CASCADE through three tables: shelf B's book 2, its
		// copies, and the loan of one of them (a composite key).
		execStmt(t, db, core.Delete(s.Table).Where(s.Code.Eq("B")))
		execAssertRows(t, "books after deleting shelf B", execQuery(t, db, core.Select(b.ID).OrderBy(b.ID)), [][]string{{"1"}})
		execAssertRows(t, "copies", execQuery(t, db, core.Select(cp.BookID, cp.CopyNo)), [][]string{{"1", "1"}})
		execAssertRows(t, "loans", execQuery(t, db, core.Select(l.ID)), [][]string{{"2"}})

		for _, tb := range slices.Backward(tables) {
			execStmt(t, db, core.DropTable(tb).IfExists())
		}
		if n := execHandInt(t, db, ddlCatalog[db.Name].tables); n != 0 {
			t.Errorf("%d tables left after DROP TABLE", n)
		}
	})
}

func TestSortTables(t *testing.T) {
	newTable := func(name string) (*core.Table, core.Column[int64]) {
		tb := core.NewTable(name)
		return tb, core.NewColumn[int64](tb, "id", core.PrimaryKey())
	}
	a, aID := newTable("a")
	b, bID := newTable("b")
	c, cID := newTable("c")
	d, _ := newTable("d")
	core.NewColumn[int64](b, "a_id", core.References(aID))
	core.NewColumn[int64](c, "b_id", core.References(bID))
	core.NewColumn[int64](c, "parent_id", core.References(cID)) // a tree: no dependency
	_, outsideID := newTable("outside")
	core.NewColumn[int64](d, "outside_id", core.References(outsideID)) // not in the list: ignored

	for _, tc := range []struct {
		in   []*core.Table
		want string
	}{
		{[]*core.Table{a, b, c, d}, "a b c d"}, // already in order: unchanged
		{[]*core.Table{c, b, a, d}, "a b c d"},
		{[]*core.Table{d, c, b, a}, "d a b c"}, // d depends on nothing listed, so it stays first
		{[]*core.Table{c, d, a, b}, "d a b c"},
		{[]*core.Table{b, core.Alias(a, "x"), b}, "a b"}, // aliases are their tables; duplicates once
		{nil, ""},
	} {
		got, err := core.SortTables(tc.in)
		if err != nil {
			t.Errorf("SortTables(%v): %v", ddlNames(tc.in), err)
			continue
		}
		if g := strings.Join(ddlNames(got), " "); g != tc.want {
			t.Errorf("SortTables(%v) = %s, want %s", ddlNames(tc.in), g, tc.want)
		}
	}

	// A cycle: x -> y -> z -> x, with w beside it.
	x, xID := newTable("x")
	y, yID := newTable("y")
	z, zID := newTable("z")
	w, _ := newTable("w")
	core.NewColumn[int64](x, "y_id", core.References(yID))
	core.NewColumn[int64](y, "z_id", core.References(zID))
	core.NewColumn[int64](z, "x_id", core.Nullable(), core.References(xID))
	_, err := core.SortTables([]*core.Table{w, x, y, z})
	if !errors.Is(err, core.ErrForeignKeyCycle) {
		t.Fatalf("SortTables of a cycle: %v, want ErrForeignKeyCycle", err)
	}
	if !strings.Contains(err.Error(), "x -> y -> z -> x") {
		t.Errorf("the error does not name the cycle: %v", err)
	}
	if _, err := core.SortTables([]*core.Table{a, nil}); !errors.Is(err, core.ErrInvalidStatement) {
		t.Errorf("SortTables with a nil table: %v, want ErrInvalidStatement", err)
	}
}

func TestSecondaryIndexes(t *testing.T) {
	var got []string
	for _, ix := range gShelf.SecondaryIndexes() {
		cols := make([]string, len(ix.Columns))
		for i, c := range ix.Columns {
			cols[i] = c.Name
		}
		got = append(got, ix.Name+"("+strings.Join(cols, ",")+")")
	}
	// Indexed columns first, then AddIndex's non-unique ones; the unique
	// ones are constraints of CREATE TABLE.
	if want := "ix_shelf_room(room) shelf_by_capacity(capacity,room)"; strings.Join(got, " ") != want {
		t.Errorf("SecondaryIndexes = %v, want %s", got, want)
	}

	tb := core.NewTable("dup")
	col := core.NewColumn[int64](tb, "v", core.Indexed())
	tb.AddIndex("", false, col)
	if ixs := tb.SecondaryIndexes(); len(ixs) != 1 || ixs[0].Name != "ix_dup_v" {
		t.Errorf("an Indexed column also declared with AddIndex: %+v, want one ix_dup_v", ixs)
	}
}

func TestForeignKeyOptions(t *testing.T) {
	parent := core.NewTable("parent")
	pID := core.NewColumn[int64](parent, "id", core.PrimaryKey())
	child := core.NewTable("child")
	core.NewColumn[int64](child, "parent_id", core.References(pID, core.OnDelete(core.FKCascade), core.OnUpdate(core.FKRestrict)))
	fk := child.ForeignKeys()[0]
	if fk.Name != "fk_child_parent_id" || fk.OnDelete != core.FKCascade || fk.OnUpdate != core.FKRestrict {
		t.Errorf("foreign key %+v", fk)
	}
	if err := child.Err(); err != nil {
		t.Fatal(err)
	}

	bad := core.NewTable("bad")
	core.NewColumn[int64](bad, "parent_id", core.References(pID, core.OnDelete("DROP TABLE parent")))
	if err := bad.Err(); !errors.Is(err, core.ErrInvalidStatement) || !strings.Contains(err.Error(), "DROP TABLE parent") {
		t.Errorf("an unknown action: %v, want ErrInvalidStatement naming it", err)
	}
	if len(bad.ForeignKeys()) != 0 {
		t.Errorf("the foreign key with an unknown action was kept")
	}
}

// TestExecGoldenTables runs the CREATE TABLE and CREATE INDEX statements of
// the golden DDL cases, so that the golden files hold DDL the servers
// accept. Tables a dialect refuses (ErrUnsupported) are left out there, and
// so are those in the Billing schema, which the test namespace lacks.
func TestExecGoldenTables(t *testing.T) {
	t.Parallel()
	tables, err := core.SortTables([]*core.Table{gShelf.Table, gBook.Table, gCopy.Table, gLoan.Table, gBin.Table,
		gCounter.Table, gTicket.Table, gEvent.Table, gTwoAuto.Table, gTag.Table, gOddTable.Table, gOrder.Table, gStamp.Table, gLongNames.Table,
		chinook.Customer.Table, chinook.Employee.Table})
	if err != nil {
		t.Fatal(err)
	}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		created := 0
		for _, tb := range tables {
			if _, err := db.Dialect().Compile(core.CreateTable(tb)); errors.Is(err, core.ErrUnsupported) {
				t.Logf("%s: %v", tb.Name(), err)
				continue
			}
			ddlCreate(t, db, []*core.Table{tb})
			created++
		}
		if created < 10 {
			t.Errorf("only %d tables created", created)
		}
	})
}

// TestExecDDLLongNames creates tables whose derived constraint and index
// names are longer than 63 bytes and share their first 63: pk_<table>,
// uq_, ix_ and fk_<table>_<column> for two columns whose names differ only
// at their end. PostgreSQL would cut each pair to one name (and refuse the
// second as a duplicate), MariaDB would refuse them as too long; shortened
// with a hash, every constraint is created and enforced on every backend.
func TestExecDDLLongNames(t *testing.T) {
	t.Parallel()
	parentName, childName := strings.Repeat("p", 62), strings.Repeat("c", 62)
	parent := core.NewTable(parentName)
	parentID := core.NewColumn[int64](parent, "id", core.PrimaryKey())
	child := core.NewTable(childName)
	id := core.NewColumn[int64](child, "id", core.PrimaryKey())
	ua := core.NewColumn[int64](child, "unique_column_a", core.Unique())
	ub := core.NewColumn[int64](child, "unique_column_b", core.Unique())
	ia := core.NewColumn[int64](child, "indexed_column_a", core.Indexed())
	ib := core.NewColumn[int64](child, "indexed_column_b", core.Indexed())
	ra := core.NewColumn[int64](child, "reference_column_a", core.References(parentID))
	rb := core.NewColumn[int64](child, "reference_column_b", core.References(parentID))

	var names []string
	for _, fk := range child.ForeignKeys() {
		names = append(names, fk.Name)
	}
	for _, ix := range child.SecondaryIndexes() {
		names = append(names, ix.Name)
	}
	if len(names) != 4 || names[0] == names[1] || names[2] == names[3] {
		t.Fatalf("foreign key and index names %q: want four, all different", names)
	}
	for _, n := range names {
		if len(n) > 63 {
			t.Errorf("derived name %q is %d bytes, over 63", n, len(n))
		}
	}
	row := func(i, a, b int64) core.Statement {
		return core.Insert(child).Values(id.Set(i), ua.Set(a), ub.Set(b), ia.Set(i), ib.Set(i), ra.Set(1), rb.Set(1))
	}

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ddlCreate(t, db, []*core.Table{parent, child})
		if n := execHandInt(t, db, ddlCatalog[db.Name].indexes); n != 2 {
			t.Errorf("%d indexes named ix_..., want 2", n)
		}
		execStmt(t, db, core.Insert(parent).Values(parentID.Set(1)))
		execStmt(t, db, row(1, 1, 1))
		for what, stmt := range map[string]core.Statement{
			"UNIQUE (unique_column_a)": row(2, 1, 2),
			"UNIQUE (unique_column_b)": row(3, 3, 1),
			"FOREIGN KEY (reference_column_b)": core.Insert(child).
				Values(id.Set(4), ua.Set(4), ub.Set(4), ia.Set(4), ib.Set(4), ra.Set(1), rb.Set(9)),
		} {
			c := execCompile(t, db, stmt)
			if _, err := db.Exec(t.Context(), c.SQL, c.Args...); err == nil {
				t.Errorf("%s not enforced: %s succeeded", what, c.SQL)
			}
		}
		execAssertRows(t, "rows", execQuery(t, db, core.Select(id, ua, ub).OrderBy(id)), [][]string{{"1", "1", "1"}})
	})
}
