//go:build !amd64 || purego

package engine

import "runtime"

// callers is runtime.Callers for the function that calls it (see
// callers_amd64.go; other architectures, and the purego build tag, walk
// the stack the runtime's way).
func callers(pcs []uintptr) int { return runtime.Callers(3, pcs) }
