package testdb

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// FaultProxy is a TCP proxy on 127.0.0.1 in front of a database server, for
// tests of how code copes with a network or server that misbehaves: it can
// stall, swallow or reset connections, refuse new ones, delay every chunk,
// and drop the reply to one chosen statement. Make one with [NewFaultProxy]
// or [ProxyDSN] and connect through [FaultProxy.DSN]. Until a fault is
// applied it forwards bytes unchanged; it closes when the test ends,
// leaving no goroutine behind.
//
// The proxy sees bytes, not messages: it forwards what each read returns
// (a "chunk") as one write, so faults apply at chunk boundaries. A fault
// applied while a chunk is being written applies from the next chunk on.
//
// The methods are safe for concurrent use. [FaultProxy.Resume] undoes
// Stall, Blackhole and Refuse; a connection that has lost bytes to a
// fault is reset then, because its two streams can never be in step
// again.
type FaultProxy struct {
	t      testing.TB
	target string
	addr   string // where the proxy listens, kept across Refuse and Resume
	ctx    context.Context
	cancel context.CancelFunc // stops dials in progress at Close
	wg     sync.WaitGroup     // the accept loops, connections and pumps

	mu       sync.Mutex
	ln       net.Listener // nil while refusing or closed
	mode     proxyMode
	latency  time.Duration
	rule     *dropRule // armed by DropReplyAfter, nil once fired
	dropped  int
	accepted int
	conns    []*ProxyConn // open connections, in accept order
	closed   bool
	// changed is closed and replaced whenever the state above changes,
	// waking every pump that waits for its connection to flow again.
	changed chan struct{}
	// tap, if set, sees every chunk a server sends a client, before any
	// fault applies to it; newTap makes one per connection.
	newTap func() func(chunk []byte)
}

type proxyMode int

const (
	forwarding proxyMode = iota
	stalled
	blackholed
)

// Then says what a connection does after [FaultProxy.DropReplyAfter] has
// dropped a reply.
type Then int

const (
	// ThenReset resets the client's side of the connection (a TCP RST),
	// as when the network fails right after the server answered; the
	// server's side is closed normally.
	ThenReset Then = iota + 1
	// ThenStall stalls the connection, as [ProxyConn.Stall] does, so the
	// client waits for a reply that never comes.
	ThenStall
)

type dropRule struct {
	match []byte // lower case
	then  Then
}

// NewFaultProxy starts a proxy on 127.0.0.1 (a free port) in front of the
// server at target (host:port). It forwards every connection unchanged
// until a fault is applied, and closes when t ends.
func NewFaultProxy(t testing.TB, target string) *FaultProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("testdb: fault proxy: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &FaultProxy{
		t:       t,
		target:  target,
		addr:    ln.Addr().String(),
		ctx:     ctx,
		cancel:  cancel,
		ln:      ln,
		changed: make(chan struct{}),
	}
	p.wg.Go(func() { p.serve(ln) })
	t.Cleanup(p.Close)
	return p
}

// ProxyDSN starts a [FaultProxy] in front of the server that dsn names and
// returns it with dsn rewritten to go through it. dsn is in any form that
// [FaultProxy.DSN] takes.
func ProxyDSN(t testing.TB, dsn string) (*FaultProxy, string) {
	t.Helper()
	addr, _, err := dsnAddr(dsn)
	if err != nil {
		t.Fatalf("testdb: fault proxy: %v", err)
	}
	p := NewFaultProxy(t, addr)
	return p, p.DSN(dsn)
}

// Addr returns the address the proxy listens on, host:port. It stays the
// same across [FaultProxy.Refuse] and [FaultProxy.Resume].
func (p *FaultProxy) Addr() string { return p.addr }

// DSN returns dsn with its server's address replaced by the proxy's. It
// takes the engine's URLs (postgres://, postgresql://, mysql://) and
// go-sql-driver/mysql's DSNs (user@tcp(host:port)/db); other forms fail
// the test. The rest of the DSN is kept.
func (p *FaultProxy) DSN(dsn string) string {
	p.t.Helper()
	_, with, err := dsnAddr(dsn)
	if err != nil {
		p.t.Fatalf("testdb: fault proxy: %v", err)
	}
	return with(p.addr)
}

// dsnAddr returns the server address of dsn, with a default port where it
// has none, and a function that returns dsn with another address.
func dsnAddr(dsn string) (string, func(addr string) string, error) {
	scheme, _, _ := strings.Cut(dsn, "://")
	defaultPort := map[string]string{"postgres": "5432", "postgresql": "5432", "mysql": "3306"}[strings.ToLower(scheme)]
	if defaultPort != "" {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", nil, fmt.Errorf("malformed %s URL", scheme)
		}
		if u.Hostname() == "" || strings.Contains(u.Host, ",") {
			return "", nil, fmt.Errorf("%s URL must name one TCP host", scheme)
		}
		addr := u.Host
		if u.Port() == "" {
			addr = net.JoinHostPort(u.Hostname(), defaultPort)
		}
		return addr, func(a string) string { v := *u; v.Host = a; return v.String() }, nil
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return "", nil, fmt.Errorf("DSN is neither a postgres://, postgresql:// or mysql:// URL nor a go-sql-driver/mysql DSN: %v", err)
	}
	if cfg.Net != "tcp" {
		return "", nil, fmt.Errorf("go-sql-driver/mysql DSN must use tcp, not %q", cfg.Net)
	}
	return cfg.Addr, func(a string) string { c := cfg.Clone(); c.Addr = a; return c.FormatDSN() }, nil
}

// Stall stops every connection, open or yet to come, from forwarding in
// either direction until [FaultProxy.Resume]: bytes are held, not lost,
// and the sockets stay open, as on a network that stopped delivering.
// So is a close: a client that gives up during a stall does not end its
// server session until the stall ends. A new connection is accepted and
// connected to the server, and then waits.
func (p *FaultProxy) Stall() { p.setMode(stalled) }

// Blackhole makes the proxy read and discard whatever either side of any
// connection sends, forwarding nothing and closing nothing, as a network
// that swallows every packet. New connections are accepted into the
// blackhole without reaching the server, so a connection attempt hangs in
// its handshake. [FaultProxy.Resume] resets every connection that lost
// bytes, and every connection accepted meanwhile.
func (p *FaultProxy) Blackhole() { p.setMode(blackholed) }

func (p *FaultProxy) setMode(m proxyMode) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mode = m
	p.broadcast()
}

// Refuse closes the proxy's listener, so that new connections are refused
// (connection refused, as from a host whose server is down) until
// [FaultProxy.Resume]. Open connections are not touched: add
// [FaultProxy.Reset] for a server that went down under them.
func (p *FaultProxy) Refuse() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
}

// Resume ends [FaultProxy.Stall], [FaultProxy.Blackhole], [FaultProxy.Refuse]
// and the stalls of single connections ([ProxyConn.Stall], [ThenStall]):
// held bytes flow again and new connections are accepted, on the same
// address. Connections that lost bytes to a fault are reset instead, and
// so are those accepted into the blackhole. Latency and an armed
// [FaultProxy.DropReplyAfter] stay. Call it from the test's goroutine: if
// the address cannot be listened on again, it fails the test.
func (p *FaultProxy) Resume() {
	p.t.Helper()
	p.mu.Lock()
	p.mode = forwarding
	var lost []*ProxyConn
	for _, c := range p.conns {
		c.stalled = false
		if c.lost {
			lost = append(lost, c)
		}
	}
	// Detached before the pumps wake, so none of their held bytes gets
	// through before the reset.
	for _, c := range lost {
		p.detach(c)
	}
	p.broadcast()
	relisten := p.ln == nil && !p.closed
	p.mu.Unlock()
	for _, c := range lost {
		c.shut(true, true)
	}
	if !relisten {
		return
	}
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("testdb: fault proxy: listen again on %s: %v", p.addr, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || p.ln != nil {
		ln.Close()
		return
	}
	p.ln = ln
	p.wg.Go(func() { p.serve(ln) })
}

// Reset resets every open connection on both sides with a TCP RST, as a
// crashed server or a middlebox that lost its state would. Clients see
// "connection reset by peer" at their next read or write; new connections
// are accepted as before.
func (p *FaultProxy) Reset() {
	for _, c := range p.Conns() {
		c.Reset()
	}
}

// Latency delays every chunk by d in each direction before it is
// forwarded, so a round trip takes at least 2d longer. Chunks of one
// direction stay in order and each waits its own d, so a reply of many
// chunks arrives more slowly still. Latency(0) removes the delay.
func (p *FaultProxy) Latency(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.latency = d
}

// DropReplyAfter arms a fault that fires once, on the first chunk any
// client sends that contains match (ASCII case ignored: "COMMIT" matches
// pgx's "commit" too). The chunk is forwarded, so the server runs the
// statement; the proxy then waits for the server's first chunk after it
// (so the server has processed the statement), discards that chunk, and
// does what then says. The client never learns the outcome: this is how a
// test makes a COMMIT whose result is unknown.
//
// The match must lie within one chunk, which holds for a statement's text
// in PostgreSQL's Query or Parse message and MySQL's COM_QUERY as sent by
// pgx and go-sql-driver/mysql, since each writes a message whole. Calling
// DropReplyAfter again replaces a rule that has not fired.
// [FaultProxy.Dropped] tells whether it has fired.
func (p *FaultProxy) DropReplyAfter(match string, then Then) {
	p.t.Helper()
	if match == "" || (then != ThenReset && then != ThenStall) {
		p.t.Fatalf("testdb: fault proxy: DropReplyAfter(%q, %d): want a non-empty match and ThenReset or ThenStall", match, then)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rule = &dropRule{match: bytes.ToLower([]byte(match)), then: then}
}

// Dropped returns how many replies [FaultProxy.DropReplyAfter] has dropped.
// A test asserts it to be sure the fault it set up really happened.
func (p *FaultProxy) Dropped() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.dropped
}

// Accepted returns how many connections the proxy has accepted so far,
// including those closed since and those accepted into the blackhole.
func (p *FaultProxy) Accepted() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.accepted
}

// Conns returns the proxy's open connections, oldest first.
func (p *FaultProxy) Conns() []*ProxyConn {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]*ProxyConn(nil), p.conns...)
}

// Close stops the proxy: it closes the listener and every connection, and
// returns when all its goroutines have ended. It runs when the test ends;
// calling it earlier (to check for leaked goroutines, say) is fine, and so
// is calling it twice.
func (p *FaultProxy) Close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	conns := append([]*ProxyConn(nil), p.conns...)
	for _, c := range conns {
		p.detach(c)
	}
	p.broadcast()
	p.mu.Unlock()
	p.cancel()
	for _, c := range conns {
		c.shut(false, false)
	}
	p.wg.Wait()
}

// broadcast wakes every pump waiting in pass. p.mu must be held.
func (p *FaultProxy) broadcast() {
	close(p.changed)
	p.changed = make(chan struct{})
}

// detach marks c closed and removes it from p.conns, reporting whether it
// was open. p.mu must be held; the caller then shuts c's sockets, outside
// the lock.
func (p *FaultProxy) detach(c *ProxyConn) bool {
	if c.closed {
		return false
	}
	c.closed = true
	close(c.done)
	for i, o := range p.conns {
		if o == c {
			p.conns = append(p.conns[:i], p.conns[i+1:]...)
			break
		}
	}
	p.broadcast()
	return true
}

func (p *FaultProxy) serve(ln net.Listener) {
	for {
		client, err := ln.Accept()
		if err != nil {
			return // closed by Refuse or Close
		}
		p.wg.Go(func() { p.handle(client) })
	}
}

// handle connects an accepted client to the server (unless it arrived in
// the blackhole) and runs the client-to-server pump; the other direction
// gets a goroutine of its own.
func (p *FaultProxy) handle(client net.Conn) {
	c := &ProxyConn{p: p, client: client, done: make(chan struct{})}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		client.Close()
		return
	}
	p.accepted++
	p.conns = append(p.conns, c)
	// A connection the blackhole took never reaches the server: the
	// client's first bytes are gone, or, on MySQL, where the server
	// speaks first, the greeting would come late.
	c.lost = p.mode == blackholed
	var tap func([]byte)
	if p.newTap != nil {
		tap = p.newTap()
	}
	p.mu.Unlock()
	if !c.lost {
		var d net.Dialer
		server, err := d.DialContext(p.ctx, "tcp", p.target)
		if err != nil {
			// The server is down: pass its refusal on as a reset.
			c.Reset()
			return
		}
		p.mu.Lock()
		if c.closed {
			p.mu.Unlock()
			server.Close()
			return
		}
		c.server = server
		p.mu.Unlock()
		p.wg.Go(func() { c.pump(server, false, tap) })
	}
	c.pump(client, true, nil)
}

// ProxyConn is one connection through a [FaultProxy], for faults that hit
// one connection and spare the others. Get them from [FaultProxy.Conns].
// Its methods do nothing once the connection is closed.
type ProxyConn struct {
	p      *FaultProxy
	client net.Conn
	done   chan struct{} // closed when the connection is

	// Guarded by p.mu.
	server  net.Conn // nil until dialed, or for ever if blackholed
	stalled bool
	lost    bool // a fault discarded bytes or a close: reset on Resume
	drop    Then // a matched chunk went to the server: drop its reply
	closed  bool
}

// Stall stops this connection from forwarding in either direction until
// [ProxyConn.Resume] or [FaultProxy.Resume], as [FaultProxy.Stall] does
// for all of them.
func (c *ProxyConn) Stall() {
	c.p.mu.Lock()
	defer c.p.mu.Unlock()
	c.stalled = true
	c.p.broadcast()
}

// Resume ends this connection's own stall (not the proxy's); if the
// connection lost bytes to a fault, it is reset instead.
func (c *ProxyConn) Resume() {
	c.p.mu.Lock()
	c.stalled = false
	lost := c.lost && c.p.detach(c)
	c.p.broadcast()
	c.p.mu.Unlock()
	if lost {
		c.shut(true, true)
	}
}

// Reset resets both sides of this connection with a TCP RST.
func (c *ProxyConn) Reset() { c.close(true, true) }

// Close closes both sides of this connection normally (a FIN), as a server
// or a middlebox closing an idle connection would.
func (c *ProxyConn) Close() { c.close(false, false) }

func (c *ProxyConn) close(rstClient, rstServer bool) {
	c.p.mu.Lock()
	open := c.p.detach(c)
	c.p.mu.Unlock()
	if open {
		c.shut(rstClient, rstServer)
	}
}

// shut closes c's sockets, with a TCP RST rather than a FIN where asked:
// a zero linger makes close send RST and discard unsent data. c must have
// been detached, so that no one else touches c.server any more.
func (c *ProxyConn) shut(rstClient, rstServer bool) {
	for _, s := range []struct {
		conn net.Conn
		rst  bool
	}{{c.client, rstClient}, {c.server, rstServer}} {
		if s.conn == nil {
			continue
		}
		if tc, ok := s.conn.(*net.TCPConn); ok && s.rst {
			tc.SetLinger(0)
		}
		s.conn.Close()
	}
}

// pump copies src to the other side, chunk by chunk, each through pass.
// tap, if not nil, sees each chunk as it is read.
func (c *ProxyConn) pump(src net.Conn, toServer bool, tap func([]byte)) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if tap != nil {
				tap(buf[:n])
			}
			if !c.pass(buf[:n], toServer) {
				return
			}
		}
		if err != nil {
			// The peer closed or reset its side: pass that on.
			c.pass(nil, toServer)
			return
		}
	}
}

// pass forwards one chunk, or the end of its stream when chunk is nil,
// applying the faults in force. It reports whether the pump should go on.
func (c *ProxyConn) pass(chunk []byte, toServer bool) bool {
	p := c.p
	p.mu.Lock()
	d := p.latency
	p.mu.Unlock()
	if d > 0 {
		select {
		case <-time.After(d):
		case <-c.done:
			return false
		}
	}

	p.mu.Lock()
	for p.mode == stalled || c.stalled {
		if c.closed {
			p.mu.Unlock()
			return false
		}
		changed := p.changed
		p.mu.Unlock()
		<-changed
		p.mu.Lock()
	}
	if c.closed {
		p.mu.Unlock()
		return false
	}
	if p.mode == blackholed || c.server == nil {
		c.lost = true
		p.mu.Unlock()
		return chunk != nil
	}
	if chunk == nil {
		open := p.detach(c)
		p.mu.Unlock()
		if open {
			c.shut(false, false)
		}
		return false
	}
	dst := c.client
	if toServer {
		dst = c.server
		// Armed before the chunk goes out, so that no reply can
		// overtake the rule.
		if p.rule != nil && bytes.Contains(bytes.ToLower(chunk), p.rule.match) {
			c.drop = p.rule.then
			p.rule = nil
		}
	} else if c.drop != 0 {
		then := c.drop
		c.drop = 0
		c.lost = true
		p.dropped++
		if then == ThenStall {
			c.stalled = true
			p.broadcast()
			p.mu.Unlock()
			return true
		}
		open := p.detach(c)
		p.mu.Unlock()
		if open {
			c.shut(true, false)
		}
		return false
	}
	p.mu.Unlock()
	if _, err := dst.Write(chunk); err != nil {
		c.close(false, false)
		return false
	}
	return true
}
