package testdb_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/retortdb/retort/internal/testdb"
)

// The tests in this file check the harness's own failures and skips. A test
// cannot observe its own failure, so each re-runs this test binary for one
// child test, selected by name and enabled by envChild, and reads its output.
const envChild = "RETORT_TESTDB_CHILD"

func runChild(t *testing.T, test string, env ...string) (string, bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.v", "-test.count=1")
	// Later entries win, so these override the parent's CI and DSNs.
	cmd.Env = append(os.Environ(), append([]string{envChild + "=1"}, env...)...)
	out, err := cmd.CombinedOutput()
	if _, exited := err.(*exec.ExitError); err != nil && !exited {
		t.Fatalf("running %s: %v", test, err)
	}
	return string(out), err == nil
}

func requireChild(t *testing.T) {
	if os.Getenv(envChild) == "" {
		t.Skip("run as a child process by the tests in harness_test.go")
	}
}

// TestChildLeak leaks one connection per backend.
func TestChildLeak(t *testing.T) {
	requireChild(t)
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		var err error
		if p := db.Pool(); p != nil {
			_, err = p.Acquire(t.Context())
		} else {
			_, err = db.SQL().Conn(t.Context())
		}
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestLeakIsReported(t *testing.T) {
	out, ok := runChild(t, "TestChildLeak")
	if ok {
		t.Fatalf("child passed despite leaked connections:\n%s", out)
	}
	for _, backend := range []string{testdb.SQLite, testdb.Postgres, testdb.MySQL} {
		// A backend without a server skips before it can leak.
		if strings.Contains(out, "--- SKIP: TestChildLeak/"+backend) {
			continue
		}
		if !strings.Contains(out, "--- FAIL: TestChildLeak/"+backend) ||
			!strings.Contains(out, "testdb: "+backend+": 1 connection(s) still in use") {
			t.Errorf("no leak reported for %s:\n%s", backend, out)
		}
	}
}

// TestChildEach is an ordinary harness user.
func TestChildEach(t *testing.T) {
	requireChild(t)
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {})
}

const (
	closedPostgres = "postgres://postgres@127.0.0.1:1/test?sslmode=disable"
	closedMySQL    = "root@tcp(127.0.0.1:1)/test"
)

func TestUnreachableSkipsOutsideCI(t *testing.T) {
	out, ok := runChild(t, "TestChildEach", "CI=",
		testdb.EnvPostgres+"="+closedPostgres, testdb.EnvMySQL+"="+closedMySQL)
	if !ok {
		t.Fatalf("child failed; want skips:\n%s", out)
	}
	for _, want := range []string{
		"--- PASS: TestChildEach/sqlite",
		"--- SKIP: TestChildEach/postgres",
		"--- SKIP: TestChildEach/mysql",
		// Say which server was tried and how to point at another.
		"cannot reach " + closedPostgres,
		"set RETORT_TEST_POSTGRES to a DSN of the form postgres://",
		"cannot reach root@tcp(127.0.0.1:1)/test",
		"set RETORT_TEST_MYSQL to a DSN of the form user[:password]@tcp(",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestUnreachableFailsInCI(t *testing.T) {
	out, ok := runChild(t, "TestChildEach", "CI=true",
		testdb.EnvPostgres+"="+closedPostgres, testdb.EnvMySQL+"="+closedMySQL)
	if ok {
		t.Fatalf("child passed; want failures under CI=true:\n%s", out)
	}
	for _, want := range []string{
		"--- PASS: TestChildEach/sqlite",
		"--- FAIL: TestChildEach/postgres",
		"--- FAIL: TestChildEach/mysql",
		"cannot reach " + closedPostgres,
		"set RETORT_TEST_POSTGRES to one",
		"set RETORT_TEST_MYSQL to one",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestMalformedDSNFailsOutsideCI(t *testing.T) {
	out, ok := runChild(t, "TestChildEach", "CI=",
		testdb.EnvPostgres+"="+closedPostgres, testdb.EnvMySQL+"=root:secret@tcp(127.0.0.1:1/test")
	if ok {
		t.Fatalf("child passed; want a failure for the malformed DSN:\n%s", out)
	}
	for _, want := range []string{"--- SKIP: TestChildEach/postgres", "--- FAIL: TestChildEach/mysql", "RETORT_TEST_MYSQL"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "secret") {
		t.Errorf("output shows the password:\n%s", out)
	}
}
