// core/quote.go

package core

import "strings"

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
func (d *Dialect) QuoteIdentifier(name string) (string, error) {
	if err := checkIdent(name); err != nil {
		return "", err
	}
	return string(appendIdent(nil, d, name)), nil
}
