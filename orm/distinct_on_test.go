package orm_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// TestDistinctOn: each customer's latest invoice by DISTINCT ON, alone
// and with its lines joined, where the query is wrapped so that DISTINCT
// ON picks invoices, not invoice lines; the rows match a GROUP BY's, and
// the lines are all of each invoice's. SQLite and MariaDB, which have no
// DISTINCT ON, refuse it before sending anything.
func TestDistinctOn(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		latest := orm.Select[chinook.Invoice]().DistinctOn(chinook.Invoices.CustomerID).
			OrderBy(chinook.Invoices.CustomerID, chinook.Invoices.InvoiceDate.Desc(), chinook.Invoices.InvoiceID.Desc())
		w.rec.Reset()
		plain, err := orm.All(ctx, s, latest)
		if w.backend != "postgres" {
			if !errors.Is(err, core.ErrUnsupported) || w.rec.Count() != 0 {
				t.Errorf("DISTINCT ON on %s: %v after %d statements, want ErrUnsupported before any", w.backend, err, w.rec.Count())
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if sql := w.rec.SQL(); len(sql) != 1 || !strings.HasPrefix(sql[0], "SELECT DISTINCT ON (invoice.customer_id) invoice.invoice_id,") {
			t.Errorf("SQL %q", sql)
		}
		// The same invoices by GROUP BY: the latest date, then the
		// highest id on it.
		want, err := w.db.QueryStrings(ctx, `SELECT max(i.invoice_id) FROM invoice i
			JOIN (SELECT customer_id, max(invoice_date) AS d FROM invoice GROUP BY customer_id) m
			ON m.customer_id = i.customer_id AND m.d = i.invoice_date GROUP BY i.customer_id ORDER BY i.customer_id`)
		if err != nil {
			t.Fatal(err)
		}
		if len(plain) != 59 || len(want) != 59 {
			t.Fatalf("%d latest invoices, %d by GROUP BY; want 59", len(plain), len(want))
		}
		for i, inv := range plain {
			if got := strings.TrimSpace(want[i][0]); strconv.Itoa(int(inv.InvoiceID)) != got {
				t.Fatalf("customer %d's latest invoice: %d, want %s", inv.CustomerID, inv.InvoiceID, got)
			}
		}

		s2 := w.f.New()
		defer s2.Close()
		w.rec.Reset()
		joined, err := orm.All(ctx, s2, latest.Options(orm.JoinedLoad(chinook.Invoices.Lines)))
		if err != nil {
			t.Fatal(err)
		}
		if sql := w.rec.SQL(); len(sql) != 1 || !strings.Contains(sql[0], "FROM (SELECT DISTINCT ON (invoice.customer_id)") {
			t.Errorf("joined SQL %q, want DISTINCT ON inside a subquery", sql)
		}
		lines, err := w.db.QueryStrings(ctx, "SELECT invoice_id, count(*) FROM invoice_line GROUP BY invoice_id")
		if err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for _, l := range lines {
			n, err := strconv.Atoi(l[1])
			if err != nil {
				t.Fatal(err)
			}
			count[l[0]] = n
		}
		if len(joined) != 59 {
			t.Fatalf("%d invoices with lines joined, want 59", len(joined))
		}
		for i, inv := range joined {
			if inv.InvoiceID != plain[i].InvoiceID || len(inv.Lines) != count[strconv.Itoa(int(inv.InvoiceID))] || len(inv.Lines) == 0 {
				t.Fatalf("invoice %d with %d lines, want invoice %d with %d", inv.InvoiceID, len(inv.Lines), plain[i].InvoiceID, count[strconv.Itoa(int(inv.InvoiceID))])
			}
		}
	})
}

// Each user's latest order, on PostgreSQL: DISTINCT ON keeps the first
// row of each user in the query's order, and the orders' items come by
// select-in as with any query. (Compiled, not run: it needs a PostgreSQL
// server, and SQLite, the examples' database, refuses DISTINCT ON.)
func ExampleSelectStmt_DistinctOn() {
	ctx := context.Background()
	eng, err := engine.Open(ctx, "postgres://postgres@127.0.0.1:5432/test")
	if err != nil {
		log.Fatal(err)
	}
	defer eng.Close()
	s := orm.NewSessionFactory(eng, orm.WithReadOnly(true)).New()
	defer s.Close()
	latest, err := orm.All(ctx, s, orm.Select[shop.Order]().
		DistinctOn(shop.Orders.UserID).
		OrderBy(shop.Orders.UserID, shop.Orders.CreatedAt.Desc()).
		Options(orm.SelectInLoad(shop.Orders.Items)))
	if err != nil {
		log.Fatal(err)
	}
	for _, o := range latest {
		fmt.Println(o.UserID, o.CreatedAt.Format(time.DateOnly), len(o.Items), "items")
	}
}
