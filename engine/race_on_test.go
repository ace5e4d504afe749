//go:build race

package engine_test

// raceOn says the tests run under the race detector, which makes the
// big streaming tests several times slower.
const raceOn = true
