package orm_test

import (
	"testing"
	"time"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// TestTimes: an object's time, set in any zone, loads back as the same
// instant, in UTC, and a query by equality finds the object with the value
// in another zone, on every backend. Invoice.InvoiceDate is a time.Time of
// the default type: TIMESTAMP WITH TIME ZONE on PostgreSQL as CreateAll
// makes it; Chinook's own script declares it TIMESTAMP, which holds the UTC
// wall clock.
func TestTimes(t *testing.T) {
	t.Run("default", func(t *testing.T) {
		eachWorld(t, func(t *testing.T, w *world) { checkTimes(t, w.f) })
	})
	t.Run("timestamp", func(t *testing.T) {
		for _, backend := range []string{testdb.SQLite, testdb.Postgres, testdb.MySQL} {
			t.Run(backend, func(t *testing.T) {
				db, dsn := testdb.OpenWithDSN(t, backend)
				testdb.LoadChinook(t, db)
				eng, err := engine.Open(t.Context(), dsn)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { eng.Close() })
				checkTimes(t, orm.NewSessionFactory(eng))
			})
		}
	})
}

func checkTimes(t *testing.T, f *orm.SessionFactory) {
	t.Helper()
	ctx := t.Context()
	// Whole seconds: the script's columns on MariaDB are DATETIME, without
	// fractions.
	v := time.Date(2024, 3, 1, 12, 0, 0, 0, time.FixedZone("+05:30", 5*3600+1800))
	err := f.Transaction(ctx, func(s *orm.Session) error {
		return s.Add(&chinook.Customer{CustomerID: 9001, FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com",
			Invoices: []*chinook.Invoice{{InvoiceID: 9001, InvoiceDate: v, Total: 1}}})
	})
	if err != nil {
		t.Fatal(err)
	}
	s := f.New()
	defer s.Close()
	inv, err := orm.Get[chinook.Invoice](ctx, s, int32(9001))
	if err != nil {
		t.Fatal(err)
	}
	if !inv.InvoiceDate.Equal(v) || inv.InvoiceDate.Location() != time.UTC {
		t.Errorf("InvoiceDate loaded as %v, want the instant %v in UTC", inv.InvoiceDate, v)
	}
	for _, at := range []time.Time{v.UTC(), v.In(time.FixedZone("-07:00", -7*3600))} {
		got, err := orm.All(ctx, s, orm.Select[chinook.Invoice]().Where(chinook.Invoices.InvoiceDate.Eq(at)))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].InvoiceID != 9001 {
			t.Errorf("invoice_date = %v found %d invoices, want invoice 9001", at, len(got))
		}
	}
}
