package orm_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// The tenancy tests' models: customers, their invoices and a tree of
// folders, each row with its tenant. The data crosses tenants on
// purpose, as a bug or an attack would: customer 1 (tenant 1) has an
// invoice of tenant 2, and folder 1 (tenant 1) a child of tenant 2, so
// that a load by key alone would bring another tenant's rows.
type tenCustomer struct {
	ID       int64
	TenantID int64
	Name     string
	Invoices []*tenInvoice
}

type tenInvoice struct {
	ID         int64
	TenantID   int64
	CustomerID int64
	Total      int64
	Customer   *tenCustomer
}

type tenFolder struct {
	ID       int64
	TenantID int64
	ParentID *int64
	Name     string
	Children []*tenFolder
}

var tenCustomers = func() (t struct {
	*core.Table
	ID, TenantID core.Column[int64]
	Name         core.Column[string]
}) {
	t.Table = core.NewTable("ten_customer")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.TenantID = core.NewColumn[int64](t.Table, "tenant_id")
	t.Name = core.NewColumn[string](t.Table, "name")
	return t
}()

var tenInvoices = func() (t struct {
	*core.Table
	ID, TenantID, CustomerID, Total core.Column[int64]
}) {
	t.Table = core.NewTable("ten_invoice")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.TenantID = core.NewColumn[int64](t.Table, "tenant_id")
	t.CustomerID = core.NewColumn[int64](t.Table, "customer_id", core.References(tenCustomers.ID))
	t.Total = core.NewColumn[int64](t.Table, "total")
	return t
}()

var tenFolders = func() (t struct {
	*core.Table
	ID, TenantID, ParentID core.Column[int64]
	Name                   core.Column[string]
}) {
	t.Table = core.NewTable("ten_folder")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.TenantID = core.NewColumn[int64](t.Table, "tenant_id")
	t.ParentID = core.NewColumn[int64](t.Table, "parent_id", core.Nullable(), core.References(t.ID))
	t.Name = core.NewColumn[string](t.Table, "name")
	return t
}()

var (
	tenCustomerInvoices = orm.NewRelationship[tenCustomer, tenInvoice]("Invoices", "back:Customer")
	tenInvoiceCustomer  = orm.NewRelationship[tenInvoice, tenCustomer]("Customer", "back:Invoices")
	tenFolderChildren   = orm.NewRelationship[tenFolder, tenFolder]("Children", "lazy:selectin; order_by:id")
)

func init() {
	orm.Map[tenCustomer](tenCustomers.Table, tenCustomerInvoices)
	orm.Map[tenInvoice](tenInvoices.Table, tenInvoiceCustomer)
	orm.Map[tenFolder](tenFolders.Table, tenFolderChildren)
}

// tenancyWorld creates the tables and their rows: customers 1 (tenant
// 1) and 2 (tenant 2); invoices 1 (tenant 1, customer 1), 2 (tenant 2,
// customer 1) and 3 (tenant 2, customer 2); folders 1 (tenant 1, a
// root), 2 (tenant 1) and 3 (tenant 2) under 1, 4 (tenant 1) under 2.
func tenancyWorld(t *testing.T, w *world) {
	t.Helper()
	ctx := t.Context()
	if err := orm.CreateAll(ctx, w.eng, tenCustomers.Table, tenInvoices.Table, tenFolders.Table); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		"INSERT INTO ten_customer (id, tenant_id, name) VALUES (1, 1, 'ann'), (2, 2, 'bob')",
		"INSERT INTO ten_invoice (id, tenant_id, customer_id, total) VALUES (1, 1, 1, 10), (2, 2, 1, 20), (3, 2, 2, 30)",
		"INSERT INTO ten_folder (id, tenant_id, parent_id, name) VALUES (1, 1, NULL, 'root'), (2, 1, 1, 'a'), (3, 2, 1, 'b'), (4, 1, 2, 'c')",
	} {
		if _, err := w.db.Exec(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	w.rec.Reset()
}

// tenant returns the options that make a session tenant's.
func tenant(id int64) []orm.SessionOption {
	return []orm.SessionOption{
		orm.WithGlobalCriteria[tenCustomer](tenCustomers.TenantID.Eq(id)),
		orm.WithGlobalCriteria[tenInvoice](tenInvoices.TenantID.Eq(id)),
		orm.WithGlobalCriteria[tenFolder](tenFolders.TenantID.Eq(id)),
	}
}

// ids lists the ids of objects, for comparison.
func ids[T any](objs []*T, id func(*T) int64) string {
	out := make([]string, len(objs))
	for i, o := range objs {
		out[i] = fmt.Sprint(id(o))
	}
	return strings.Join(out, " ")
}

func invoiceID(i *tenInvoice) int64   { return i.ID }
func customerID(c *tenCustomer) int64 { return c.ID }
func folderID(f *tenFolder) int64     { return f.ID }

// sqlHas fails the test unless one of the statements recorded since the
// last reset contains each of parts.
func sqlHas(t *testing.T, w *world, what string, parts ...string) {
	t.Helper()
	for _, sql := range w.rec.SQL() {
		if !slices.ContainsFunc(parts, func(p string) bool { return !strings.Contains(sql, p) }) {
			return
		}
	}
	t.Errorf("%s: no statement has %q:\n%s", what, parts, strings.Join(w.rec.SQL(), "\n"))
}

// TestGlobalCriteriaQueries: a session's global criteria filter every
// query of the entity and every load of a relationship to it: its own
// rows (WHERE), explicit joins (ON, an outer join keeping its parents),
// select-in, joined, ContainsEager, recursive and default loads, Load,
// Stream and Partitions, Get by another tenant's key.
func TestGlobalCriteriaQueries(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		tenancyWorld(t, w)
		// Read-only sessions: on SQLite, a second writing session in one
		// goroutine would wait for the first.
		reader := append(tenant(1), orm.WithReadOnly(true))
		s := w.f.New(reader...)
		defer s.Close()
		byID := orm.Select[tenInvoice]().OrderBy(tenInvoices.ID.Asc())

		invoices, err := orm.All(ctx, s, byID)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(invoices, invoiceID); got != "1" {
			t.Errorf("invoices %s, want 1", got)
		}
		sqlHas(t, w, "query", "FROM ten_invoice WHERE ten_invoice.tenant_id = ")

		// Explicit joins of the table: the criteria in ON.
		w.rec.Reset()
		customers, err := orm.All(ctx, s, orm.Select[tenCustomer]().Join(tenInvoices, tenInvoices.CustomerID.EqCol(tenCustomers.ID)).Unique().OrderBy(tenCustomers.ID.Asc()))
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(customers, customerID); got != "1" {
			t.Errorf("joined customers %s, want 1", got)
		}
		sqlHas(t, w, "join", "JOIN ten_invoice ON (ten_invoice.customer_id = ten_customer.id AND ten_invoice.tenant_id = ", "WHERE ten_customer.tenant_id = ")
		w.rec.Reset()
		rows, err := orm.All(ctx, s, orm.Select2[*tenCustomer, *tenInvoice](tenCustomers, tenInvoices).
			OuterJoin(tenInvoices, tenInvoices.CustomerID.EqCol(tenCustomers.ID)).Where(tenCustomers.ID.Le(2)).OrderBy(tenCustomers.ID.Asc(), tenInvoices.ID.Asc()))
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0].V1.ID != 1 || rows[0].V2 == nil || rows[0].V2.ID != 1 {
			t.Errorf("outer join rows %+v, want customer 1 with invoice 1", rows)
		}
		sqlHas(t, w, "outer join", "LEFT OUTER JOIN ten_invoice ON (ten_invoice.customer_id = ten_customer.id AND ten_invoice.tenant_id = ")

		// Every loader strategy, in a new session each.
		loaded := func(name string, opts ...orm.QueryOption) {
			t.Helper()
			s := w.f.New(reader...)
			defer s.Close()
			w.rec.Reset()
			customers, err := orm.All(ctx, s, orm.Select[tenCustomer]().OrderBy(tenCustomers.ID.Asc()).Options(opts...))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if len(customers) != 1 || ids(customers[0].Invoices, invoiceID) != "1" {
				t.Errorf("%s: customers %s, invoices %v, want customer 1 with invoice 1", name, ids(customers, customerID), customers)
			}
		}
		loaded("select-in", orm.SelectInLoad(tenCustomerInvoices))
		sqlHas(t, w, "select-in", "FROM ten_invoice WHERE ", "ten_invoice.tenant_id = ")
		loaded("joined", orm.JoinedLoad(tenCustomerInvoices))
		sqlHas(t, w, "joined", "LEFT OUTER JOIN ten_invoice AS ten_invoice_1 ON (ten_invoice_1.customer_id = ten_customer.id AND ten_invoice_1.tenant_id = ")
		s2 := w.f.New(reader...)
		defer s2.Close()
		w.rec.Reset()
		customers, err = orm.All(ctx, s2, orm.Select[tenCustomer]().OuterJoin(tenCustomerInvoices).OrderBy(tenCustomers.ID.Asc()).Options(orm.ContainsEager(tenCustomerInvoices)))
		if err != nil {
			t.Fatal(err)
		}
		if len(customers) != 1 || ids(customers[0].Invoices, invoiceID) != "1" {
			t.Errorf("contains-eager: customers %s, want customer 1 with invoice 1", ids(customers, customerID))
		}
		sqlHas(t, w, "contains-eager", "LEFT OUTER JOIN ten_invoice ON (ten_invoice.customer_id = ten_customer.id AND ten_invoice.tenant_id = ")

		// Load, explicitly, and a many-to-one's target.
		s3 := w.f.New(reader...)
		defer s3.Close()
		customers, err = orm.All(ctx, s3, orm.Select[tenCustomer]())
		if err != nil {
			t.Fatal(err)
		}
		if err := orm.Load(ctx, s3, customers, tenCustomerInvoices); err != nil {
			t.Fatal(err)
		}
		if len(customers) != 1 || ids(customers[0].Invoices, invoiceID) != "1" {
			t.Errorf("Load: customers %s, want customer 1 with invoice 1", ids(customers, customerID))
		}

		// The folders' default (lazy:selectin) and RecursiveLoad: folder
		// 3, another tenant's child of 1, is never loaded.
		for _, opts := range [][]orm.QueryOption{nil, {orm.RecursiveLoad(tenFolderChildren, orm.ToLeaves)}} {
			s := w.f.New(reader...)
			w.rec.Reset()
			roots, err := orm.All(ctx, s, orm.Select[tenFolder]().Where(tenFolders.ParentID.IsNull()).Options(opts...))
			s.Close()
			if err != nil {
				t.Fatal(err)
			}
			// The default stops below the first level, which leads
			// back to its own table; RecursiveLoad goes on.
			if len(roots) != 1 || ids(roots[0].Children, folderID) != "2" || opts != nil && ids(roots[0].Children[0].Children, folderID) != "4" {
				t.Errorf("folders %v: %s, want root 1 > 2 > 4", opts, ids(roots, folderID))
			}
			sqlHas(t, w, "folders", "ten_folder.tenant_id = ")
		}

		// Stream and Partitions.
		var streamed []*tenInvoice
		for inv, err := range orm.Stream(ctx, s, byID.YieldPer(1)) {
			if err != nil {
				t.Fatal(err)
			}
			streamed = append(streamed, inv)
		}
		if got := ids(streamed, invoiceID); got != "1" {
			t.Errorf("streamed %s, want 1", got)
		}
		n := 0
		for part, err := range orm.Partitions(ctx, s, byID, 1) {
			if err != nil {
				t.Fatal(err)
			}
			n += len(part)
		}
		if n != 1 {
			t.Errorf("partitions held %d invoices, want 1", n)
		}

		// Get: another tenant's key is not found; the tenant's is.
		if _, err := orm.Get[tenInvoice](ctx, s, int64(3)); !errors.Is(err, orm.ErrNoRows) {
			t.Errorf("Get of another tenant's invoice: %v, want ErrNoRows", err)
		}
		if inv, err := orm.Get[tenInvoice](ctx, s, int64(1)); err != nil || inv.ID != 1 {
			t.Errorf("Get of the tenant's invoice: %v, %v", inv, err)
		}
		if w.backend == testdb.Postgres {
			sqlHas(t, w, "Get", "WHERE ten_invoice.id = $1 AND ten_invoice.tenant_id = $2")
		}
	})
}

// TestGlobalCriteriaWrites: a flush that would insert or update an object
// outside the criteria, or update or delete a row outside them, fails
// with a *CriteriaError naming the entity, the key and the criteria,
// before anything is sent; a row moved outside behind the session's back
// is not touched, and the flush fails. Inside, writes go through, the
// UPDATE and DELETE guarded by the criteria.
func TestGlobalCriteriaWrites(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		tenancyWorld(t, w)
		refused := func(what string, err error, op string, key ...any) {
			t.Helper()
			var ce *orm.CriteriaError
			if !errors.As(err, &ce) || !errors.Is(err, orm.ErrOutsideCriteria) {
				t.Fatalf("%s: %v, want a *CriteriaError", what, err)
			}
			if ce.Entity != "tenInvoice" || ce.Op != op || fmt.Sprint(ce.Key...) != fmt.Sprint(key...) || !strings.Contains(ce.Criteria, "ten_invoice.tenant_id = ") || !strings.Contains(ce.Criteria, "[1]") {
				t.Errorf("%s: %+v", what, ce)
			}
		}
		invoiceRows := func() string {
			t.Helper()
			rows, err := w.db.QueryStrings(ctx, "SELECT id, tenant_id, total FROM ten_invoice ORDER BY id")
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprint(rows)
		}
		const before = "[[1 1 10] [2 2 20] [3 2 30]]"

		// INSERT of another tenant's row: refused, nothing sent.
		s := w.f.New(tenant(1)...)
		if err := s.Add(&tenInvoice{ID: 9, TenantID: 2, CustomerID: 1, Total: 90}); err != nil {
			t.Fatal(err)
		}
		w.rec.Reset()
		refused("insert", s.Flush(ctx), "INSERT", 9)
		if n := w.rec.Count(); n != 0 {
			t.Errorf("insert: %d statements sent: %q", n, w.rec.SQL())
		}
		s.Close()

		// UPDATE moving the tenant's row to another tenant: refused.
		s = w.f.New(tenant(1)...)
		inv, err := orm.Get[tenInvoice](ctx, s, int64(1))
		if err != nil {
			t.Fatal(err)
		}
		inv.TenantID = 2
		w.rec.Reset()
		refused("update", s.Commit(ctx), "UPDATE", 1)
		if n := w.rec.Count(); n != 0 {
			t.Errorf("update: %d statements sent: %q", n, w.rec.SQL())
		}
		s.Close()

		// Another tenant's row, loaded with the escape hatch: its UPDATE
		// and its DELETE are refused.
		s = w.f.New(tenant(1)...)
		all, err := orm.All(ctx, s, orm.Select[tenInvoice]().Where(tenInvoices.ID.Eq(2)).Options(orm.WithoutGlobalCriteria[tenInvoice]()))
		if err != nil || len(all) != 1 {
			t.Fatalf("escape hatch: %v, %v", all, err)
		}
		all[0].Total = 21
		refused("update outside", s.Flush(ctx), "UPDATE", 2)
		all[0].Total = 20
		// Get does not return it, though the session holds it.
		w.rec.Reset()
		if _, err := orm.Get[tenInvoice](ctx, s, int64(2)); !errors.Is(err, orm.ErrNoRows) {
			t.Errorf("Get of a held object outside the criteria: %v, want ErrNoRows", err)
		}
		if n := w.rec.Count(); n != 0 {
			t.Errorf("Get of a held object: %d statements sent: %q", n, w.rec.SQL())
		}
		if err := s.Delete(all[0]); err != nil {
			t.Fatal(err)
		}
		refused("delete outside", s.Flush(ctx), "DELETE", 2)
		s.Close()
		if got := invoiceRows(); got != before {
			t.Fatalf("rows after refused writes %s, want %s", got, before)
		}

		// A row moved outside behind the session's back: the guarded
		// UPDATE matches nothing, and the flush fails.
		s = w.f.New(tenant(1)...)
		inv, err = orm.Get[tenInvoice](ctx, s, int64(1))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := w.db.Exec(ctx, "UPDATE ten_invoice SET tenant_id = 2 WHERE id = 1"); err != nil {
			t.Fatal(err)
		}
		inv.Total = 11
		w.rec.Reset()
		refused("update of a moved row", s.Commit(ctx), "UPDATE", 1)
		sqlHas(t, w, "guarded update", "UPDATE ten_invoice SET total = ", "ten_invoice.tenant_id = ")
		s.Close()
		if _, err := w.db.Exec(ctx, "UPDATE ten_invoice SET tenant_id = 1 WHERE id = 1"); err != nil {
			t.Fatal(err)
		}
		if got := invoiceRows(); got != before {
			t.Fatalf("rows after the moved row %s, want %s", got, before)
		}

		// Inside: insert, update and delete go through, guarded.
		err = w.f.Transaction(ctx, func(s *orm.Session) error {
			return s.Add(&tenInvoice{ID: 4, TenantID: 1, CustomerID: 1, Total: 40})
		})
		if err != nil {
			t.Fatal(err)
		}
		s = w.f.New(tenant(1)...)
		defer s.Close()
		inv, err = orm.Get[tenInvoice](ctx, s, int64(1))
		if err != nil {
			t.Fatal(err)
		}
		inv.Total = 12
		four, err := orm.Get[tenInvoice](ctx, s, int64(4))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(four); err != nil {
			t.Fatal(err)
		}
		if err := s.Add(&tenInvoice{ID: 5, TenantID: 1, CustomerID: 1, Total: 50}); err != nil {
			t.Fatal(err)
		}
		w.rec.Reset()
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		sqlHas(t, w, "delete", "DELETE FROM ten_invoice WHERE ", "ten_invoice.tenant_id = ")
		if got, want := invoiceRows(), "[[1 1 12] [2 2 20] [3 2 30] [5 1 50]]"; got != want {
			t.Errorf("rows %s, want %s", got, want)
		}
	})
}

// TestGlobalCriteriaOptions: criteria of a factory and of a session are
// ANDed, and with a query's WithLoaderCriteria; WithoutGlobalCriteria
// lifts the global ones from one query only; a FromStatement query of
// the entity must lift them; a criterion naming another table's column,
// or an unmapped type, fails the session's first statement, saying so.
func TestGlobalCriteriaOptions(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		tenancyWorld(t, w)
		f := orm.NewSessionFactory(w.eng, orm.WithGlobalCriteria[tenInvoice](tenInvoices.Total.Lt(25)), orm.WithReadOnly(true))
		s := f.New(orm.WithGlobalCriteria[tenInvoice](tenInvoices.TenantID.Eq(2)))
		defer s.Close()
		all := func(q *orm.SelectStmt[*tenInvoice]) string {
			t.Helper()
			objs, err := orm.All(ctx, s, q.OrderBy(tenInvoices.ID.Asc()))
			if err != nil {
				t.Fatal(err)
			}
			return ids(objs, invoiceID)
		}
		if got := all(orm.Select[tenInvoice]()); got != "2" {
			t.Errorf("factory and session criteria: %s, want 2", got)
		}
		if got := all(orm.Select[tenInvoice]().Options(orm.WithLoaderCriteria[tenInvoice](tenInvoices.CustomerID.Eq(2)))); got != "" {
			t.Errorf("with WithLoaderCriteria too: %s, want none", got)
		}
		w.rec.Reset()
		if got := all(orm.Select[tenInvoice]().Options(orm.WithoutGlobalCriteria[tenInvoice](), orm.WithLoaderCriteria[tenInvoice](tenInvoices.CustomerID.Eq(1)))); got != "1 2" {
			t.Errorf("lifted, with WithLoaderCriteria: %s, want 1 2", got)
		}
		sqlHas(t, w, "lifted", "FROM ten_invoice WHERE ten_invoice.customer_id = ")
		if got := all(orm.Select[tenInvoice]()); got != "2" {
			t.Errorf("the next query: %s, want 2", got)
		}
		// A session of the factory alone.
		s2 := f.New()
		objs, err := orm.All(ctx, s2, orm.Select[tenInvoice]().OrderBy(tenInvoices.ID.Asc()))
		s2.Close()
		if err != nil || ids(objs, invoiceID) != "1 2" {
			t.Errorf("factory's criteria alone: %s, %v; want 1 2", ids(objs, invoiceID), err)
		}

		stmt := core.Select(tenInvoices.Table).Where(tenInvoices.ID.Eq(3))
		if _, err := orm.All(ctx, s, orm.FromStatement[tenInvoice](stmt)); err == nil || !strings.Contains(err.Error(), "WithoutGlobalCriteria[tenInvoice]") {
			t.Errorf("FromStatement under global criteria: %v", err)
		}
		objs, err = orm.All(ctx, s, orm.FromStatement[tenInvoice](stmt).Options(orm.WithoutGlobalCriteria[tenInvoice]()))
		if err != nil || ids(objs, invoiceID) != "3" {
			t.Errorf("FromStatement, lifted: %s, %v", ids(objs, invoiceID), err)
		}

		// Mistakes.
		for _, tc := range []struct {
			opt  orm.SessionOption
			want string
		}{
			{orm.WithGlobalCriteria[tenInvoice](tenCustomers.TenantID.Eq(1)), "WithGlobalCriteria[tenInvoice]: the criteria name ten_customer.tenant_id, not a column of tenInvoice's table ten_invoice"},
			{orm.WithGlobalCriteria[tenInvoice](core.Aliased(tenInvoices, "i").TenantID.Eq(1)), "the criteria name i.tenant_id"},
			{orm.WithGlobalCriteria[tenInvoice](nil), "a criterion is nil"},
			{orm.WithGlobalCriteria[struct{ ID int64 }](), "is not mapped"},
		} {
			s := w.f.New(tc.opt)
			_, err := orm.All(ctx, s, orm.Select[tenCustomer]())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%v, want %q", err, tc.want)
			}
			s.Close()
		}
	})
}

// TestGlobalCriteriaAliases: global criteria go onto an alias of the
// entity's table, moved onto it: in the ON clause of its join (a
// self-referential one, which must join an alias), in the WHERE of a
// query that reads the entity from an alias, in the query's own join of
// an alias that ContainsEager reads. A query of columns alone of the
// table is filtered too, and Refresh finds no row moved outside.
func TestGlobalCriteriaAliases(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		tenancyWorld(t, w)
		s := w.f.New(append(tenant(1), orm.WithReadOnly(true))...)
		defer s.Close()
		parent := core.Aliased(tenFolders, "p")
		folders, err := orm.All(ctx, s, orm.Select[tenFolder]().Join(parent, parent.ID.EqCol(tenFolders.ParentID)).OrderBy(tenFolders.ID.Asc()))
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(folders, folderID); got != "2 4" {
			t.Errorf("folders with a parent: %s, want 2 4", got)
		}
		sqlHas(t, w, "alias join", "JOIN ten_folder AS p ON (p.id = ten_folder.parent_id AND p.tenant_id = ", "WHERE ten_folder.tenant_id = ")

		w.rec.Reset()
		folders, err = orm.All(ctx, s, orm.SelectFrom[tenFolder](parent).OrderBy(parent.ID.Asc()))
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(folders, folderID); got != "1 2 4" {
			t.Errorf("folders read from an alias: %s, want 1 2 4", got)
		}
		sqlHas(t, w, "alias FROM", "FROM ten_folder AS p WHERE p.tenant_id = ")

		child := core.Aliased(tenFolders, "c")
		s2 := w.f.New(append(tenant(1), orm.WithReadOnly(true))...)
		defer s2.Close()
		w.rec.Reset()
		roots, err := orm.All(ctx, s2, orm.Select[tenFolder]().OuterJoin(tenFolderChildren.Of(child)).Where(tenFolders.ParentID.IsNull()).
			Options(orm.ContainsEager(tenFolderChildren.Of(child))))
		if err != nil {
			t.Fatal(err)
		}
		if len(roots) != 1 || ids(roots[0].Children, folderID) != "2" {
			t.Errorf("contains-eager from an alias: %s, want root 1 with child 2", ids(roots, folderID))
		}
		sqlHas(t, w, "contains-eager alias", "LEFT OUTER JOIN ten_folder AS c ON (c.parent_id = ten_folder.id AND c.tenant_id = ")

		// WithLoaderCriteria on an alias is still refused.
		_, err = orm.All(ctx, s, orm.Select[tenFolder]().Join(parent, parent.ID.EqCol(tenFolders.ParentID)).Options(orm.WithLoaderCriteria[tenFolder](tenFolders.Name.Ne("x"))))
		if err == nil || !strings.Contains(err.Error(), "joins an alias of ten_folder") {
			t.Errorf("WithLoaderCriteria with an alias join: %v, want it refused", err)
		}

		// Columns alone.
		w.rec.Reset()
		totals, err := orm.All(ctx, s, orm.Columns2(tenInvoices.ID, tenInvoices.Total).OrderBy(tenInvoices.ID.Asc()))
		if err != nil {
			t.Fatal(err)
		}
		if len(totals) != 1 || totals[0].V1 != 1 {
			t.Errorf("columns of invoices: %v, want invoice 1's", totals)
		}
	})
}
