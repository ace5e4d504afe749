// internal/objptr/doc.go

// Package objptr is the one door to package unsafe in Retort: untyped
// pointers to mapped objects, fields read and written by a descriptor made
// once, and the few interface tricks the scan path uses. The ORM holds
// objects of many types in one identity map, one unit of work and one set
// of relationship fields, which it could not do with typed pointers
// without reflection on every row.
//
// Two builds implement the same API. The default one works on raw
// addresses and field offsets (unsafe.Pointer, unsafe.Add). The build
// with the tag retort_purego works through package reflect alone and
// imports no unsafe: slower, but it shows that the pointer tricks are an
// optimisation and nothing depends on them, and it serves platforms and
// reviewers that refuse unsafe. CI runs the tests of the packages that
// use objptr under both.
//
// An object whose struct embeds another by value as its first field
// serves as that other too, in both builds: a Ptr to a subtype's object
// (orm.Polymorphic) is read through its base's Fields, and To, As and
// SetPtr give or store it as a pointer to its base. In the default build
// the two have one address; the reflect build walks the first fields.
//
// The descriptors do not check what they are given, in either build: a
// Field is used with objects of the struct type it was made for, and
// Load's type parameter is the field's type or its underlying type. The
// reflect build panics where the default one would read the wrong memory,
// so running the tests under the tag also checks the callers.
package objptr
