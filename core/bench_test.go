package core_test

import (
	"reflect"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/dialect/sqlite"
	"github.com/retortdb/retort/internal/chinook"
)

// Compile benchmarks. The statement is a realistic report query: album JOIN
// artist JOIN track JOIN genre, each track's three longest siblings (a
// LATERAL subquery on PostgreSQL; SQLite has no LATERAL, so there the same
// top-3 is a correlated IN (SELECT ... LIMIT) subquery), row_number() OVER
// (PARTITION BY ... ORDER BY ...), and 10 bound parameters in all.
//
//	go test -run XXX -bench Compile -benchmem -count 5 ./core/

// benchParams are the statement's 10 bound values.
type benchParams struct {
	minMillis     int64   // 1: lateral subquery WHERE
	topN          int64   // 2: lateral subquery LIMIT
	artistPattern string  // 3
	notTitle      string  // 4
	genreLo       int64   // 5
	genreHi       int64   // 6
	maxPrice      float64 // 7
	notMediaType  int64   // 8
	limit         int64   // 9
	offset        int64   // 10
}

var artistPatterns = []string{"A%", "B%", "C%", "D%", "E%", "F%", "G%", "M%", "P%", "R%", "S%", "T%"}

// paramsFor gives the i-th request's values.
func paramsFor(i int) benchParams {
	return benchParams{
		minMillis:     int64(60000 + i%1000),
		topN:          3,
		artistPattern: artistPatterns[i%len(artistPatterns)],
		notTitle:      "Greatest Hits",
		genreLo:       int64(1 + i%5),
		genreHi:       int64(10 + i%5),
		maxPrice:      0.99 + float64(i%2),
		notMediaType:  int64(1 + i%5),
		limit:         50,
		offset:        int64(i % 7 * 50),
	}
}

// siblings is the track table again, for the subquery: the outer query has
// track in its FROM, and an unaliased track would be correlated to it.
// Aliases are defined once, like tables.
var siblings = core.Aliased(chinook.Track, "sib")

func buildBenchStmt(p benchParams, lateral bool) *core.SelectStmt {
	tr, al, ar, ge, sib := chinook.Track, chinook.Album, chinook.Artist, chinook.Genre, siblings

	// The three longest tracks of the album, longer than minMillis.
	top := func(items ...core.Projection) *core.SelectStmt {
		return core.Select(items...).
			Where(sib.AlbumID.EqCol(al.AlbumID), sib.Milliseconds.Gt(p.minMillis)).
			OrderBy(sib.Milliseconds.Desc(), sib.TrackID.Asc()).
			Limit(p.topN)
	}
	rn := core.RowNumber().
		Over(core.PartitionBy(ar.ArtistID), core.OrderBy(tr.Milliseconds.Desc(), tr.TrackID.Asc())).
		Label("rn")

	where := []core.Condition{
		ar.Name.Like(p.artistPattern),
		al.Title.Ne(p.notTitle),
		tr.GenreID.Between(p.genreLo, p.genreHi),
		tr.UnitPrice.Le(p.maxPrice),
		tr.MediaTypeID.Ne(p.notMediaType),
	}
	var s *core.SelectStmt
	if lateral {
		t3 := top(sib.TrackID, sib.Name, sib.Milliseconds).Lateral("top3")
		s = core.Select(ar.Name, al.Title, tr.Name, ge.Name, sib.Name.Of(t3), sib.Milliseconds.Of(t3), rn).
			From(al.Table).Join(ar.Table).Join(tr.Table).Join(ge.Table).
			From(t3)
	} else {
		s = core.Select(ar.Name, al.Title, tr.Name, ge.Name, rn).
			From(al.Table).Join(ar.Table).Join(tr.Table).Join(ge.Table)
		where = append(where, tr.TrackID.InSelect(top(sib.TrackID)))
	}
	return s.Where(where...).
		OrderBy(ar.Name, al.Title, rn).
		Limit(p.limit).
		Offset(p.offset)
}

var benchDialects = []struct {
	name    string
	d       *core.Dialect
	lateral bool
}{
	{"postgres", postgres.Dialect, true},
	{"sqlite", sqlite.Dialect, false},
}

// freshDialect is a copy of d's settings with an empty statement cache
// (Dialect holds its cache, so it cannot be copied as a whole).
func freshDialect(d *core.Dialect) *core.Dialect {
	return &core.Dialect{
		Name:                    d.Name,
		Placeholder:             d.Placeholder,
		IdentifierQuote:         d.IdentifierQuote,
		Reserved:                d.Reserved,
		Features:                d.Features,
		TypeName:                d.TypeName,
		OffsetWithoutLimit:      d.OffsetWithoutLimit,
		FuncNames:               d.FuncNames,
		KeyTextType:             d.KeyTextType,
		MaxIdentifierLength:     d.MaxIdentifierLength,
		MaxAliasLength:          d.MaxAliasLength,
		IdentifierLengthInChars: d.IdentifierLengthInChars,
		MaxParameters:           d.MaxParameters,
		CacheSize:               d.CacheSize,
	}
}

// TestFreshDialect checks that freshDialect copies every setting: a field
// added to Dialect, and set by postgres or sqlite, fails here until
// freshDialect copies it too.
func TestFreshDialect(t *testing.T) {
	for _, bd := range benchDialects {
		got, want := reflect.ValueOf(freshDialect(bd.d)).Elem(), reflect.ValueOf(bd.d).Elem()
		for i := range want.NumField() {
			if !want.Type().Field(i).IsExported() {
				continue
			}
			g, w := got.Field(i), want.Field(i)
			var same bool
			switch w.Kind() {
			case reflect.Func, reflect.Map:
				same = g.Pointer() == w.Pointer()
			default:
				same = reflect.DeepEqual(g.Interface(), w.Interface())
			}
			if !same {
				t.Errorf("%s: freshDialect does not copy %s", bd.name, want.Type().Field(i).Name)
			}
		}
	}
}

// TestBenchStatement checks what the benchmarks measure: the statement
// compiles, with 10 arguments in placeholder order, the same cold and
// cached, and a cache hit gives the new values.
func TestBenchStatement(t *testing.T) {
	for _, bd := range benchDialects {
		t.Run(bd.name, func(t *testing.T) {
			p0, p1 := paramsFor(0), paramsFor(1)
			cold, err := freshDialect(bd.d).Compile(buildBenchStmt(p1, bd.lateral))
			if err != nil {
				t.Fatal(err)
			}
			d := freshDialect(bd.d)
			if _, err := d.Compile(buildBenchStmt(p0, bd.lateral)); err != nil {
				t.Fatal(err)
			}
			hit, err := d.Compile(buildBenchStmt(p1, bd.lateral))
			if err != nil {
				t.Fatal(err)
			}
			if n := d.CacheLen(); n != 1 {
				t.Errorf("CacheLen = %d after two compiles of one shape, want 1", n)
			}
			if hit.SQL != cold.SQL || !reflect.DeepEqual(hit.Args, cold.Args) {
				t.Errorf("cache hit differs from a cold compile:\n hit:  %s %v\n cold: %s %v", hit.SQL, hit.Args, cold.SQL, cold.Args)
			}
			shared, err := bd.d.Compile(buildBenchStmt(p1, bd.lateral))
			if err != nil || shared.SQL != cold.SQL {
				t.Errorf("%s.Dialect gives other SQL than its copy (%v):\n %s\n %s", bd.name, err, shared.SQL, cold.SQL)
			}
			// Placeholder order, which differs from the order of building:
			// the subquery's values come first on PostgreSQL, where it sits
			// in FROM, and after the outer conditions on SQLite.
			outer := []any{p1.artistPattern, p1.notTitle, p1.genreLo, p1.genreHi, p1.maxPrice, p1.notMediaType}
			sub := []any{p1.minMillis, p1.topN}
			var want []any
			if bd.lateral {
				want = append(append(sub, outer...), p1.limit, p1.offset)
			} else {
				want = append(append(outer, sub...), p1.limit, p1.offset)
			}
			if !reflect.DeepEqual(hit.Args, want) {
				t.Errorf("args = %#v, want %#v\nSQL: %s", hit.Args, want, hit.SQL)
			}
		})
	}
}

// BenchmarkCompileCold renders every time: each iteration compiles with a
// new Dialect (same settings, empty cache), so the cost includes creating
// that dialect's cache.
func BenchmarkCompileCold(b *testing.B) {
	for _, bd := range benchDialects {
		b.Run(bd.name, func(b *testing.B) {
			stmt := buildBenchStmt(paramsFor(0), bd.lateral)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := freshDialect(bd.d).Compile(stmt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCompileCached measures a cache hit, as an application sees it per
// request: the shape is compiled once before timing, then
//   - build: building the statement with new values (for reference);
//   - build+compile: building it and compiling it;
//   - compile: compiling statements built beforehand, each with other values.
//
// compile cycles through 64 statements: enough that no two consecutive
// compiles see the same values, few enough (0.5 MB) that, like a statement
// an application has just built, they are in the CPU cache. With 1024 (7 MB)
// the walk also pays cache misses and the GC marks them on every cycle.
// Both check that every compile was a cache hit.
func BenchmarkCompileCached(b *testing.B) {
	const prebuilt = 64
	for _, bd := range benchDialects {
		b.Run(bd.name, func(b *testing.B) {
			if _, err := bd.d.Compile(buildBenchStmt(paramsFor(0), bd.lateral)); err != nil {
				b.Fatal(err)
			}
			b.Run("build", func(b *testing.B) {
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					i++
					if buildBenchStmt(paramsFor(i), bd.lateral) == nil {
						b.Fatal("nil statement")
					}
				}
			})
			b.Run("build+compile", func(b *testing.B) {
				shapes := bd.d.CacheLen()
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					i++
					if _, err := bd.d.Compile(buildBenchStmt(paramsFor(i), bd.lateral)); err != nil {
						b.Fatal(err)
					}
				}
				if n := bd.d.CacheLen(); n != shapes {
					b.Fatalf("the cache grew from %d to %d shapes: not every compile was a hit", shapes, n)
				}
			})
			b.Run("compile", func(b *testing.B) {
				stmts := make([]*core.SelectStmt, prebuilt)
				for i := range stmts {
					stmts[i] = buildBenchStmt(paramsFor(i), bd.lateral)
				}
				shapes := bd.d.CacheLen()
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					i++
					if _, err := bd.d.Compile(stmts[i%prebuilt]); err != nil {
						b.Fatal(err)
					}
				}
				if n := bd.d.CacheLen(); n != shapes {
					b.Fatalf("the cache grew from %d to %d shapes: not every compile was a hit", shapes, n)
				}
			})
		})
	}
}
