// Package core has the name of retort's core, which the generated file
// imports too.
package core

// Cents is an amount of money.
type Cents int64
