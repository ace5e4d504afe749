package testdb

import (
	"encoding/binary"
	"sync/atomic"
	"testing"
)

// RoundTrips puts a proxy between the tests and the PostgreSQL server of
// dsn (a URL with sslmode=disable) and counts the round trips through it:
// the server ends each exchange the client waits on with one
// ReadyForQuery message, which the proxy counts as it passes. It returns
// the DSN to connect to instead and the count so far. The proxy closes
// when t ends.
func RoundTrips(t testing.TB, dsn string) (string, func() int64) {
	t.Helper()
	p, proxied := ProxyDSN(t, dsn)
	var n atomic.Int64
	p.mu.Lock()
	p.newTap = func() func([]byte) {
		var r readyCounter
		return func(chunk []byte) { n.Add(r.count(chunk)) }
	}
	p.mu.Unlock()
	return proxied, n.Load
}

// readyCounter counts the ReadyForQuery ('Z') messages in one server's
// stream, fed in chunks cut anywhere. Every message the server sends, from
// the first, is a type byte and a length that counts itself.
type readyCounter struct {
	head [5]byte
	have int   // bytes of head seen
	skip int64 // bytes of the current message's body still to come
}

func (r *readyCounter) count(chunk []byte) int64 {
	var n int64
	for len(chunk) > 0 {
		if r.skip > 0 {
			k := min(r.skip, int64(len(chunk)))
			r.skip -= k
			chunk = chunk[k:]
			continue
		}
		k := copy(r.head[r.have:], chunk)
		r.have += k
		chunk = chunk[k:]
		if r.have < len(r.head) {
			break
		}
		r.have = 0
		if r.head[0] == 'Z' {
			n++
		}
		r.skip = int64(binary.BigEndian.Uint32(r.head[1:])) - 4
	}
	return n
}
