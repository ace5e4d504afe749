package orm_test

import (
	"database/sql"
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/orm"
)

// ledgerLine holds money as shopspring decimals, exact on every backend,
// in the three nullable forms, beside a NUMERIC column mapped to a
// float64, which stays available when the mapping asks for it.
type ledgerLine struct {
	ID      int64
	Account string
	Amount  decimal.Decimal
	Fee     *decimal.Decimal
	Tax     decimal.NullDecimal
	Credit  sql.Null[decimal.Decimal]
	Rate    float64
}

var ledgerLines = func() (t struct {
	*core.Table
	ID      core.Column[int64]
	Account core.Column[string]
	Amount  core.Column[decimal.Decimal]
	Fee     core.Column[decimal.Decimal]
	Tax     core.Column[decimal.Decimal]
	Credit  core.Column[decimal.Decimal]
	Rate    core.Column[float64]
}) {
	t.Table = core.NewTable("ledger_line")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Account = core.NewColumn[string](t.Table, "account", core.SQLType(core.Varchar(20)))
	t.Amount = core.NewColumn[decimal.Decimal](t.Table, "amount")
	t.Fee = core.NewColumn[decimal.Decimal](t.Table, "fee", core.Nullable(), core.SQLType(core.Numeric(12, 2)))
	t.Tax = core.NewColumn[decimal.Decimal](t.Table, "tax", core.Nullable())
	t.Credit = core.NewColumn[decimal.Decimal](t.Table, "credit", core.Nullable())
	t.Rate = core.NewColumn[float64](t.Table, "rate", core.SQLType(core.Numeric(12, 4)))
	return t
}()

func init() { orm.Map[ledgerLine](ledgerLines.Table) }

// TestDecimal: a decimal.Decimal column keeps every amount exactly (money,
// 15 significant digits, tiny and large magnitudes), and NULL in a
// *decimal.Decimal and a NullDecimal; compares and sorts as numbers; sums
// exactly (0.1 + 0.2 is 0.3, on SQLite too, where sum() adds floats);
// updates through the unit of work; and a NUMERIC column still reads into
// a float64. SQLite refuses a decimal of 16 significant digits, which its
// float would change, and stores nothing; the others keep it.
func TestDecimal(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, ledgerLines.Table); err != nil {
			t.Fatal(err)
		}
		d := decimal.RequireFromString
		fee := d("0.35")
		amounts := []string{"0.1", "0.2", "37.62", "-99999999.99", "123456789012345", "0.000000000000001",
			"12345678901234.5", "1000000000000000000000000000000", "-0.000123456789012345", "0"}
		var lines []*ledgerLine
		for i, a := range amounts {
			l := &ledgerLine{ID: int64(i + 1), Account: "a", Amount: d(a), Rate: 0.0725}
			if i%2 == 0 {
				l.Fee, l.Tax, l.Account = &fee, decimal.NewNullDecimal(d("1.15")), "b"
				l.Credit = sql.Null[decimal.Decimal]{V: d("-2.5"), Valid: true}
			}
			lines = append(lines, l)
		}
		err := w.f.Transaction(ctx, func(s *orm.Session) error {
			for _, l := range lines {
				if err := s.Add(l); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		s := w.f.New()
		defer s.Close()
		got, err := orm.All(ctx, s, orm.Select[ledgerLine]().OrderBy(ledgerLines.ID))
		if err != nil || len(got) != len(lines) {
			t.Fatalf("%d lines, %v", len(got), err)
		}
		for i, l := range got {
			want := lines[i]
			if !l.Amount.Equal(want.Amount) || (l.Fee == nil) != (want.Fee == nil) || l.Tax.Valid != want.Tax.Valid || l.Rate != 0.0725 {
				t.Errorf("line %d: %v fee %v tax %v rate %v, want %v fee %v tax %v", l.ID, l.Amount, l.Fee, l.Tax, l.Rate, want.Amount, want.Fee, want.Tax)
			}
			if l.Fee != nil && (!l.Fee.Equal(fee) || !l.Tax.Decimal.Equal(d("1.15")) || !l.Credit.Valid || !l.Credit.V.Equal(d("-2.5"))) {
				t.Errorf("line %d: fee %v tax %v credit %v, want 0.35, 1.15 and -2.5", l.ID, l.Fee, l.Tax.Decimal, l.Credit)
			}
			if l.Fee == nil && l.Credit.Valid {
				t.Errorf("line %d: credit %v, want NULL", l.ID, l.Credit)
			}
		}

		// Compared and sorted as numbers, not text.
		big, err := orm.All(ctx, s, orm.Select[ledgerLine]().Where(ledgerLines.Amount.Gt(d("9.5"))).OrderBy(ledgerLines.Amount.Desc()))
		if err != nil || len(big) != 4 || big[0].ID != 8 || big[3].ID != 3 {
			t.Errorf("amounts over 9.5, largest first: %v", idsOf(big))
		}

		// An update through the unit of work.
		got[2].Amount = got[2].Amount.Add(d("0.01"))
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		var amount string
		row, err := w.db.QueryStrings(ctx, "SELECT amount FROM ledger_line WHERE id = 3")
		if err == nil && len(row) == 1 {
			amount = row[0][0]
		}
		if !d(amount).Equal(d("37.63")) {
			t.Errorf("amount after adding 0.01: %q, %v", amount, err)
		}
		got[2].Amount = got[2].Amount.Sub(d("0.01"))
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}

		// Sums are exact decimals, as aggregates, with HAVING, and on SQLite
		// over a window, where the aggregate must also take values away.
		tx, err := s.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sum := func(stmt core.Statement) []decimal.Decimal {
			t.Helper()
			res, err := tx.Query(ctx, stmt)
			if err != nil {
				t.Fatal(err)
			}
			sums, err := engine.Scalars[decimal.Decimal](res)
			if err != nil {
				t.Fatal(err)
			}
			return sums
		}
		small := core.Select(core.Sum(ledgerLines.Amount)).From(ledgerLines.Table).Where(ledgerLines.ID.In(1, 2))
		if got := sum(small); len(got) != 1 || !got[0].Equal(d("0.3")) {
			t.Errorf("0.1 + 0.2 = %v, want 0.3", got)
		}
		// Lines 1 to 4: a sums 0.2 and -99999999.99, b 0.1 and 37.62 (over
		// 9.5 as a number, under it as text) with two fees.
		byAccount := core.Select(core.Sum(ledgerLines.Fee)).From(ledgerLines.Table).Where(ledgerLines.ID.Le(4)).
			GroupBy(ledgerLines.Account).Having(core.Sum(ledgerLines.Amount).Gt(d("9.5")))
		if got := sum(byAccount); len(got) != 1 || !got[0].Equal(d("0.7")) {
			t.Errorf("fees of the account whose amounts sum over 9.5: %v, want 0.7", got)
		}
		window := core.Select(core.Sum(ledgerLines.Amount).Over(core.OrderBy(ledgerLines.ID), core.Rows(core.Preceding(1), core.CurrentRow))).
			From(ledgerLines.Table).Where(ledgerLines.ID.Le(3)).OrderBy(ledgerLines.ID)
		if got := sum(window); len(got) != 3 || !got[1].Equal(d("0.3")) || !got[2].Equal(d("37.82")) {
			t.Errorf("running sums of two: %v, want [0.1 0.3 37.82]", got)
		}
		if err := s.Rollback(ctx); err != nil {
			t.Fatal(err)
		}

		// 16 significant digits: SQLite's float would keep another number.
		long := &ledgerLine{ID: 100, Account: "c", Amount: d("1234567890.123456")}
		err = w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(long) })
		if w.backend == "sqlite" {
			if !errors.Is(err, engine.ErrUnsupportedValue) {
				t.Errorf("a 16-digit decimal on SQLite: %v, want ErrUnsupportedValue", err)
			}
			if n := w.count(t, "ledger_line"); n != len(lines) {
				t.Errorf("%d lines after the refused one, want %d", n, len(lines))
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		s2 := w.f.New()
		defer s2.Close()
		back, err := orm.Get[ledgerLine](ctx, s2, int64(100))
		if err != nil || !back.Amount.Equal(long.Amount) {
			t.Errorf("16 digits back: %v, %v", back, err)
		}
	})
}

func idsOf(lines []*ledgerLine) []int64 {
	ids := make([]int64, len(lines))
	for i, l := range lines {
		ids[i] = l.ID
	}
	return ids
}
