// core/raw.go

package core

import (
	"fmt"
	"strings"
)

// rawSplit cuts the text of a Raw at its placeholders and returns the
// pieces between them: one more piece than placeholders. A placeholder is a
// "?" outside string literals, quoted identifiers and comments, which are
// found as the dialect's own lexer finds them (see rawSkip); "??" is a
// literal "?" and comes back as one, for PostgreSQL's jsonb operators (?,
// ?| and ?& are written ??, ??| and ??&).
//
// It refuses, with ErrInvalidStatement, text the database would read
// otherwise than Raw does: an unterminated literal or comment, which would
// swallow the rest of the statement; "?" followed by a digit, which SQLite
// reads as a numbered parameter and which on PostgreSQL would run into the
// digits ("$1" then "2" is "$12"); and on PostgreSQL a "$1" of the text's
// own, which would name the statement's first parameter, not an argument of
// this Raw.
func rawSplit(d *Dialect, sql string) ([]string, error) {
	var parts []string
	var cur []byte // the piece being built, when "??" made it differ from sql
	start := 0     // sql[start:i] is still to be added to the piece
	word := false  // sql[i-1] is part of a word, not the end of a literal
	for i := 0; i < len(sql); {
		end, what := rawSkip(d, sql, i, word)
		afterWord := word
		word = false
		switch {
		case what != "" && end < 0:
			return nil, rawError(sql, "unterminated %s starting at byte %d", what, i)
		case what != "":
			i = end
		case sql[i] == '?' && i+1 < len(sql) && sql[i+1] == '?':
			cur = append(cur, sql[start:i+1]...)
			i += 2
			start = i
		case sql[i] == '?' && i+1 < len(sql) && isDigit(sql[i+1]):
			return nil, rawError(sql, "%q at byte %d: a placeholder is a bare ?, numbered by the compiler", sql[i:i+2], i)
		case sql[i] == '?':
			parts = append(parts, string(append(cur, sql[start:i]...)))
			cur = cur[:0]
			i++
			start = i
		case sql[i] == '$' && d.Placeholder == Dollar && i+1 < len(sql) && isDigit(sql[i+1]) && !afterWord:
			return nil, rawError(sql, "%q at byte %d: write ? for each argument, which the compiler numbers", sql[i:i+2], i)
		default:
			word = isWordStart(sql[i]) || isDigit(sql[i]) || sql[i] == '$'
			i++
		}
	}
	return append(parts, string(append(cur, sql[start:]...))), nil
}

func rawError(sql, format string, args ...any) error {
	return errorf(ErrInvalidStatement, "Raw(%q): %s", sql, fmt.Sprintf(format, args...))
}

// rawSkip reports whether a string literal, quoted identifier or comment
// starts at sql[i]: it returns the offset just past it (-1 if it does not
// end) and what it is, or "" when none starts there. word says sql[i]
// continues a word (a name, a keyword or a number), where an E or a $
// starts no literal: the E of "SOME'x'" makes no E'...' string, nor does
// "$b$" in "a$b$" open a dollar quote.
//
// The lexing is that of each database: '...' strings and "..." names (a
// string on MySQL) end at a quote that is not doubled, and on MySQL a
// backslash escapes the next character; E'...' strings take backslash
// escapes everywhere (PostgreSQL's, and harmless elsewhere, where E'...' is no
// SQL); `...` names are MySQL's and SQLite's, and no SQL elsewhere; -- and
// /* comments everywhere, nested on PostgreSQL; # comments on MySQL; and on
// PostgreSQL, $$...$$ and $tag$...$tag$ strings.
func rawSkip(d *Dialect, sql string, i int, word bool) (int, string) {
	switch c := sql[i]; {
	case c == '\'':
		return closeQuote(sql, i+1, '\'', d.Has(FeatureBackslashEscapes)), "string literal"
	case (c == 'E' || c == 'e') && i+1 < len(sql) && sql[i+1] == '\'' && !word:
		return closeQuote(sql, i+2, '\'', true), "string literal"
	case c == '"':
		return closeQuote(sql, i+1, '"', d.Has(FeatureBackslashEscapes)), "quoted name"
	case c == '`':
		return closeQuote(sql, i+1, '`', false), "quoted name"
	case c == '-' && strings.HasPrefix(sql[i:], "--"), c == '#' && d.Has(FeatureHashComments):
		if n := strings.IndexByte(sql[i:], '\n'); n >= 0 {
			return i + n + 1, "comment"
		}
		return len(sql), "comment"
	case c == '/' && strings.HasPrefix(sql[i:], "/*"):
		return closeComment(sql, i+2, d.Has(FeatureNestedComments)), "comment"
	case c == '$' && d.Has(FeatureDollarQuotes) && !word:
		if tag := dollarTag(sql[i:]); tag != "" {
			n := strings.Index(sql[i+len(tag):], tag)
			if n < 0 {
				return -1, "dollar-quoted string"
			}
			return i + len(tag) + n + len(tag), "dollar-quoted string"
		}
	}
	return i, ""
}

// closeQuote returns the offset just past the quote q that ends a quoted
// token whose text starts at sql[j], or -1. A doubled q stands for itself;
// with backslash, so does any character after a backslash.
func closeQuote(sql string, j int, q byte, backslash bool) int {
	for j < len(sql) {
		switch sql[j] {
		case '\\':
			if backslash {
				j++
			}
		case q:
			if j+1 < len(sql) && sql[j+1] == q {
				j++
				break
			}
			return j + 1
		}
		j++
	}
	return -1
}

// closeComment returns the offset just past the */ that ends a comment
// whose text starts at sql[j], or -1; nested, a /* inside needs its own */.
func closeComment(sql string, j int, nested bool) int {
	depth := 1
	for j+1 < len(sql) {
		switch {
		case sql[j] == '*' && sql[j+1] == '/':
			depth--
			j += 2
			if depth == 0 {
				return j
			}
		case nested && sql[j] == '/' && sql[j+1] == '*':
			depth++
			j += 2
		default:
			j++
		}
	}
	return -1
}

// dollarTag returns the opening delimiter of a dollar-quoted string at the
// start of s, "$$" or "$tag$", or "" if s does not start with one: a tag
// is a name that does not start with a digit, so "$1" is a parameter.
func dollarTag(s string) string {
	for j := 1; j < len(s); j++ {
		c := s[j]
		switch {
		case c == '$':
			return s[:j+1]
		case isDigit(c) && j > 1, isWordStart(c):
		default:
			return ""
		}
	}
	return ""
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isWordStart reports whether c may start a name: a letter, _, or a byte of
// a non-ASCII character, which every database here takes as a letter.
func isWordStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}
