// core/quote.go

package core

import (
	"fmt"
	"hash/fnv"
	"strings"
	"unicode/utf8"
)

// checkIdent rejects names that no quoting can make safe.
func checkIdent(name string) error {
	if name == "" {
		return errorf(ErrInvalidIdentifier, "empty name")
	}
	if strings.IndexByte(name, 0) >= 0 {
		return errorf(ErrInvalidIdentifier, "name %q contains a NUL byte", name)
	}
	return nil
}

// checkLength refuses a name longer than the dialect keeps: an alias (of a
// table or subquery, or a select-list name) against MaxAliasLength, any
// other name against MaxIdentifierLength.
func checkLength(d *Dialect, name string, alias bool) error {
	limit, what := d.MaxIdentifierLength, "name"
	if alias {
		what = "alias"
		if d.MaxAliasLength > 0 {
			limit = d.MaxAliasLength
		}
	}
	// A name is never longer in characters than in bytes, so most names
	// pass without counting characters.
	if limit == 0 || len(name) <= limit {
		return nil
	}
	n, unit := len(name), "bytes"
	if d.IdentifierLengthInChars {
		n, unit = utf8.RuneCountInString(name), "characters"
		if n <= limit {
			return nil
		}
	}
	return errorf(ErrIdentifierTooLong, "%s %q is %d %s, over the %d %s allows", what, name, n, unit, limit, d.Name)
}

// maxGeneratedName is the longest name the compiler makes up: 63 bytes,
// PostgreSQL's limit and the smallest of any dialect's, so that a generated
// name is the same on every database.
const maxGeneratedName = 63

// generatedName returns a name the compiler made up (base_2, pk_table,
// uq_table_col) as it is when short enough, else cut to maxGeneratedName
// bytes, at a character boundary, with "_" and eight hex digits of a hash of
// the whole name at the end. The database would have cut it at 63 bytes
// (PostgreSQL) or refused it (MySQL); cut here, it stays the same from one
// compile to the next, and two long names that share their first 63 bytes
// still differ.
func generatedName(name string) string {
	if len(name) <= maxGeneratedName {
		return name
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	suffix := fmt.Sprintf("_%08x", h.Sum32())
	cut := maxGeneratedName - len(suffix)
	for cut > 0 && !utf8.RuneStart(name[cut]) {
		cut--
	}
	return name[:cut] + suffix
}

// needsQuote reports whether name must be quoted to survive as written:
// anything but a lower-case, non-reserved, plain identifier. Databases fold
// or reject the rest (PostgreSQL folds "Users" to users; a space, a quote or
// a keyword ends the identifier).
func needsQuote(d *Dialect, name string) bool {
	for i := 0; i < len(name); i++ {
		ch := name[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch == '_':
		case ch >= '0' && ch <= '9' && i > 0:
		default:
			return true
		}
	}
	return d.Reserved[name]
}

// appendIdent writes name as an identifier, quoted if needed, with the quote
// character doubled inside: the only escape every database agrees on.
func appendIdent(dst []byte, d *Dialect, name string) []byte {
	if !needsQuote(d, name) {
		return append(dst, name...)
	}
	q := d.IdentifierQuote
	dst = append(dst, q)
	for i := 0; i < len(name); i++ {
		if name[i] == q {
			dst = append(dst, q)
		}
		dst = append(dst, name[i])
	}
	return append(dst, q)
}

// QuoteIdentifier returns name as the dialect writes it in SQL: unchanged
// when it is a plain lower-case word, else quoted with embedded quotes
// doubled. Names containing NUL are rejected with ErrInvalidIdentifier.
// It does not check the name's length, whose limit depends on what the name
// is for (Dialect.MaxAliasLength); Compile does.
func (d *Dialect) QuoteIdentifier(name string) (string, error) {
	if err := checkIdent(name); err != nil {
		return "", err
	}
	return string(appendIdent(nil, d, name)), nil
}
