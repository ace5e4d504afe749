//go:build !amd64

package engine

import "runtime"

// callers is runtime.Callers for the function that calls it (see
// callers_amd64.go; other architectures walk the stack the runtime's way).
func callers(pcs []uintptr) int { return runtime.Callers(3, pcs) }
