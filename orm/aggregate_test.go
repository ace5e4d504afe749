package orm_test

import (
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/testdb"
)

// TestAggregateTypes: aggregates are typed as the databases return them.
// The bytes of a genre's tracks, an int32 column, add up past what an
// int32 holds (Rock's to 11.8 GB): SumInt is an int64, which a HAVING
// compares with 5,000,000,000 and a read scans whole, on every backend;
// Avg of the int32 milliseconds reads as a float64, Sum of the float64
// prices as a float64, Count as an int64.
func TestAggregateTypes(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		testdb.LoadChinookData(t, w.db)
		ctx := t.Context()
		tr := chinook.Tracks
		bytes := core.SumInt(tr.Bytes)
		stmt := core.Select(tr.GenreID, bytes.Label("bytes"), core.Avg(tr.Milliseconds).Label("ms"),
			core.Sum(tr.UnitPrice).Label("price"), core.Count(tr.TrackID).Label("n")).
			GroupBy(tr.GenreID).
			Having(bytes.Gt(5_000_000_000)).
			OrderBy(tr.GenreID)
		s := w.f.New()
		defer s.Close()
		tx, err := s.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		res, err := tx.Query(ctx, stmt)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for res.Next() {
			var genre *int32
			var sum int64
			var avg, price float64
			var n int64
			if err := res.Scan(&genre, &sum, &avg, &price, &n); err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprintf("%d %d %.3f %.2f %d", *genre, sum, avg, price, n))
		}
		if err := res.Close(); err != nil {
			t.Fatal(err)
		}
		// The same from hand-written SQL, read untyped.
		hand, err := w.db.Query(ctx, "SELECT genre_id, SUM(bytes), AVG(milliseconds), SUM(unit_price), COUNT(track_id) "+
			"FROM track GROUP BY genre_id HAVING SUM(bytes) > 5000000000 ORDER BY genre_id")
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		past32 := 0
		for _, r := range hand {
			sum := num(t, r[1])
			if sum > math.MaxInt32 {
				past32++
			}
			want = append(want, fmt.Sprintf("%.0f %.0f %.3f %.2f %.0f", num(t, r[0]), sum, num(t, r[2]), num(t, r[3]), num(t, r[4])))
		}
		if past32 < 2 {
			t.Fatalf("%d genres' bytes past an int32, want several: %v", past32, hand)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("got  %q\nwant %q", got, want)
		}
	})
}

// num reads a number the drivers return untyped: an integer, a float, or
// (MySQL's DECIMAL) its text.
func num(t *testing.T, v any) float64 {
	t.Helper()
	switch v := v.(type) {
	case int64:
		return float64(v)
	case float64:
		return v
	case []byte:
		f, err := strconv.ParseFloat(string(v), 64)
		if err == nil {
			return f
		}
	case string:
		f, err := strconv.ParseFloat(v, 64)
		if err == nil {
			return f
		}
	}
	t.Fatalf("%#v is not a number", v)
	return 0
}
