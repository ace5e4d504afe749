// Package rowdigest checks that a sample database's rows, loaded through
// a set of models and printed, match a digest kept in a file. Two sets of
// models mapping the same tables (hand-written and generated) cannot live
// in one test binary, since both register the same table names; each
// package's test prints the rows through its own models and checks the
// same digest, which shows the two load the same objects on every
// backend.
package rowdigest

import (
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// Sample is one sample database and how to print it.
type Sample struct {
	Name   string                                              // names the print's file when the digest differs
	Tables []*core.Table                                       // the models' tables, created on each backend
	Load   func(testing.TB, *testdb.DB)                        // fills them
	Print  func(context.Context, *orm.Session) (string, error) // the rows as text
	Digest string                                              // the file holding the print's digest
	// Update rewrites Digest from PostgreSQL's print (a test's -update).
	Update bool
}

// Check runs, on PostgreSQL, SQLite and MariaDB, a subtest that creates
// the sample's tables, loads them, prints them in one transaction and
// compares the print's digest with the file's. On a difference the print
// goes to a file of the temporary directory, named in the failure, to be
// compared with another backend's or package's.
func Check(t *testing.T, s Sample) {
	for _, backend := range []string{testdb.Postgres, testdb.SQLite, testdb.MySQL} {
		t.Run(backend, func(t *testing.T) {
			db, dsn := testdb.OpenWithDSN(t, backend)
			eng, err := engine.Open(t.Context(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { eng.Close() })
			if err := orm.CreateAll(t.Context(), eng, s.Tables...); err != nil {
				t.Fatal(err)
			}
			s.Load(t, db)
			var rows string
			err = orm.NewSessionFactory(eng).Transaction(t.Context(), func(sess *orm.Session) error {
				var err error
				rows, err = s.Print(t.Context(), sess)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			checkDigest(t, backend, rows, s)
		})
	}
}

func checkDigest(t *testing.T, backend, rows string, s Sample) {
	t.Helper()
	digest := fmt.Sprintf("sha256 %x\nlines %d\n", sha256.Sum256([]byte(rows)), strings.Count(rows, "\n"))
	if s.Update && backend == testdb.Postgres {
		if err := os.WriteFile(s.Digest, []byte(digest), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(s.Digest)
	if err != nil {
		t.Fatal(err)
	}
	if digest != string(want) {
		path := filepath.Join(os.TempDir(), "retort-"+s.Name+"-rows-"+backend+".txt")
		_ = os.WriteFile(path, []byte(rows), 0o644)
		t.Errorf("the rows (printed to %s) give\n%swant\n%s", path, digest, want)
	}
}

// Sorted returns objs ordered by key: a print must not depend on the
// order a collection loads in, which no query fixes.
func Sorted[T any, K cmp.Ordered](objs []*T, key func(*T) K) []*T {
	return slices.SortedFunc(slices.Values(objs), func(x, y *T) int { return cmp.Compare(key(x), key(y)) })
}

// Str prints a nullable value, or NULL.
func Str[T any](v *T) string {
	if v == nil {
		return "NULL"
	}
	return fmt.Sprint(*v)
}
