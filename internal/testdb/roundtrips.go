package testdb

import (
	"encoding/binary"
	"io"
	"net"
	"net/url"
	"sync"
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
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	target := u.Host
	wg.Go(func() {
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			server, err := net.Dial("tcp", target)
			if err != nil {
				client.Close()
				continue
			}
			mu.Lock()
			conns = append(conns, client, server)
			mu.Unlock()
			wg.Go(func() { io.Copy(server, client); server.Close() })
			wg.Go(func() { countReady(client, server, &n); client.Close() })
		}
	})
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	u.Host = ln.Addr().String()
	return u.String(), n.Load
}

// countReady copies the server's messages to dst, counting each
// ReadyForQuery ('Z'). Every message the server sends, from the first,
// is a type byte and a length that counts itself.
func countReady(dst io.Writer, src io.Reader, n *atomic.Int64) {
	head := make([]byte, 5)
	for {
		if _, err := io.ReadFull(src, head); err != nil {
			return
		}
		if head[0] == 'Z' {
			n.Add(1)
		}
		if _, err := dst.Write(head); err != nil {
			return
		}
		size := int64(binary.BigEndian.Uint32(head[1:])) - 4
		if _, err := io.CopyN(dst, src, size); err != nil {
			return
		}
	}
}
