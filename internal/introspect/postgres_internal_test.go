package introspect

import "testing"

// TestPlainLiterals: the casts PostgreSQL prints on literals in a CHECK go,
// and no other text.
func TestPlainLiterals(t *testing.T) {
	for check, want := range map[string]string{
		"(price >= (0)::numeric)":                              "(price >= 0)",
		"(x > '-1'::integer)":                                  "(x > -1)",
		"(n > (1.5)::double precision)":                        "(n > 1.5)",
		"(a <> 'x'::character varying(5))":                     "(a <> 'x')",
		"((status = ANY (ARRAY['new'::text, 'it''s'::text])))": "((status = ANY (ARRAY['new', 'it''s'])))",
		"(abs(0)::numeric > 1)":                                "(abs(0)::numeric > 1)",    // a function's result
		"(d > '2024-01-01'::date)":                             "(d > '2024-01-01'::date)", // other types keep their cast
		"(code = '12'::text)":                                  "(code = '12')",            // a string stays one
	} {
		if got := plainLiterals(check); got != want {
			t.Errorf("plainLiterals(%q) = %q, want %q", check, got, want)
		}
	}
}
