// internal/naming/naming.go

// Package naming holds the one rule that turns Go names into SQL names, so
// that engine.ScanAll's column labels and the ORM's column and table names
// agree.
package naming

import (
	"strings"
	"unicode"
)

// Snake turns a Go name into its column name: UserID → user_id,
// HTTPStatus → http_status, Address2 → address2.
func Snake(name string) string {
	rs := []rune(name)
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 {
				prev := rs[i-1]
				nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
				if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
					b.WriteByte('_')
				}
			}
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Plural names a collection of a Go name: User → Users, Category →
// Categories, Address → Addresses. Simple rules, no dictionary: retort gen
// names descriptors with it, and the introspector collections.
func Plural(name string) string {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, "s"), strings.HasSuffix(lower, "x"), strings.HasSuffix(lower, "z"),
		strings.HasSuffix(lower, "ch"), strings.HasSuffix(lower, "sh"):
		return name + "es"
	case strings.HasSuffix(lower, "y") && len(lower) > 1 && !strings.ContainsRune("aeiou", rune(lower[len(lower)-2])):
		return name[:len(name)-1] + "ies"
	}
	return name + "s"
}

// Singular undoes Plural on a table's name, for the struct that maps it:
// categories → category, addresses → address, users → user, and a name
// that is not plural (artist, status) as it is.
func Singular(name string) string {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, "ies") && len(lower) > 3:
		return name[:len(name)-3] + "y"
	case strings.HasSuffix(lower, "sses"), strings.HasSuffix(lower, "xes"), strings.HasSuffix(lower, "zes"),
		strings.HasSuffix(lower, "ches"), strings.HasSuffix(lower, "shes"):
		return name[:len(name)-2]
	case strings.HasSuffix(lower, "ss"), strings.HasSuffix(lower, "us"), strings.HasSuffix(lower, "is"):
		return name
	case strings.HasSuffix(lower, "s") && len(lower) > 1:
		return name[:len(name)-1]
	}
	return name
}

// initialisms are the words Camel writes in capitals, as Go's style does
// (golint's list).
var initialisms = map[string]bool{
	"acl": true, "api": true, "ascii": true, "cpu": true, "css": true, "dns": true, "eof": true, "guid": true,
	"html": true, "http": true, "https": true, "id": true, "ip": true, "json": true, "lhs": true, "qps": true,
	"ram": true, "rhs": true, "rpc": true, "sla": true, "smtp": true, "sql": true, "ssh": true, "tcp": true,
	"tls": true, "ttl": true, "udp": true, "ui": true, "uid": true, "uuid": true, "uri": true, "url": true,
	"utf8": true, "vm": true, "xml": true, "xmpp": true, "xsrf": true, "xss": true,
}

// Camel turns a SQL name into an exported Go name, the inverse of Snake
// where Snake's rule allows: artist_id → ArtistID, avatar_url → AvatarURL,
// media_type → MediaType. Characters that cannot be in a Go name separate
// words, like underscores; a name that would start with a digit gets an
// X in front.
func Camel(name string) string {
	var b strings.Builder
	words := strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, w := range words {
		lower := strings.ToLower(w)
		if initialisms[lower] {
			b.WriteString(strings.ToUpper(lower))
			continue
		}
		rs := []rune(w)
		b.WriteRune(unicode.ToUpper(rs[0]))
		b.WriteString(string(rs[1:]))
	}
	s := b.String()
	if s == "" || unicode.IsDigit([]rune(s)[0]) {
		s = "X" + s
	}
	return s
}
