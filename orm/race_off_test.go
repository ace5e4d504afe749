//go:build !race

package orm_test

const raceOn = false
